"""Outputs are swapped in whole: the new folder takes the target's place, and the old one goes away."""
import time

from build_scripts.atomic import swap_in


def folder(path, text):
    path.mkdir()
    (path / "page.html").write_text(text, encoding="utf-8")
    return path


def leftovers(root):
    return sorted(p.name for p in root.glob(".site.old-*"))


def test_the_new_folder_takes_the_place_of_the_old_and_the_old_is_gone(tmp_path):
    target = folder(tmp_path / "site", "old")
    swap_in(folder(tmp_path / "new", "new"), target)
    assert (target / "page.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_detached_swap_returns_at_once_and_the_old_folder_is_deleted_by_a_process_of_its_own(tmp_path):
    target = folder(tmp_path / "site", "old")
    for n in range(300):  # a folder that takes a moment to delete
        (target / f"{n}.txt").write_text("x", encoding="utf-8")
    swap_in(folder(tmp_path / "new", "new"), target, detach=True)
    assert (target / "page.html").read_text(encoding="utf-8") == "new"
    deadline = time.monotonic() + 30
    while leftovers(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_old_folder_left_by_a_build_that_stopped_is_deleted_by_the_next_swap(tmp_path):
    folder(tmp_path / ".site.old-4242", "left by a stopped build")
    target = folder(tmp_path / "site", "old")
    swap_in(folder(tmp_path / "new", "new"), target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_first_swap_needs_no_old_folder(tmp_path):
    swap_in(folder(tmp_path / "new", "new"), tmp_path / "site", detach=True)
    assert (tmp_path / "site" / "page.html").read_text(encoding="utf-8") == "new"
