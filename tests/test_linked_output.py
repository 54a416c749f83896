"""The site's files that the previous site holds byte for byte are linked from it, never written into."""
from __future__ import annotations

import os

from build_scripts.site.linked_output import LinkedOutput


def previous_and_new(tmp_path, files: dict[str, bytes]):
    previous, out = tmp_path / "site", tmp_path / ".site.new" / "site"
    for name, content in files.items():
        (previous / name).parent.mkdir(parents=True, exist_ok=True)
        (previous / name).write_bytes(content)
    out.mkdir(parents=True)
    return previous, out, LinkedOutput(previous, out)


def test_a_file_with_the_previous_sites_bytes_is_a_link_to_it(tmp_path):
    previous, out, output = previous_and_new(tmp_path, {"assets/a.js": b"same"})
    output.place(b"same", str(out / "assets" / "a.js"))
    assert os.path.samefile(out / "assets" / "a.js", previous / "assets" / "a.js")
    assert (output.linked, output.written) == (1, 0)


def test_a_file_with_other_bytes_is_written_and_the_previous_one_keeps_its_own(tmp_path):
    previous, out, output = previous_and_new(tmp_path, {"page.html": b"old text", "same-size.html": b"abcd"})
    output.place(b"new text, longer", str(out / "page.html"))
    output.place(b"abce", str(out / "same-size.html"))
    assert (out / "page.html").read_bytes() == b"new text, longer"
    assert (out / "same-size.html").read_bytes() == b"abce"
    assert (previous / "page.html").read_bytes() == b"old text"
    assert (previous / "same-size.html").read_bytes() == b"abcd"
    assert not os.path.samefile(out / "page.html", previous / "page.html")
    assert (output.linked, output.written) == (0, 2)


def test_without_a_previous_site_or_outside_the_site_every_file_is_written(tmp_path):
    previous, out, output = previous_and_new(tmp_path, {})
    output.place(b"x", str(out / "new" / "file.txt"))
    elsewhere = tmp_path / "elsewhere.txt"
    (previous / "elsewhere.txt").parent.mkdir(parents=True, exist_ok=True)
    (previous / "elsewhere.txt").write_bytes(b"y")
    output.place(b"y", str(elsewhere))
    assert (out / "new" / "file.txt").read_bytes() == b"x" and elsewhere.read_bytes() == b"y"
    assert not os.path.samefile(elsewhere, previous / "elsewhere.txt")
    assert (output.linked, output.written) == (0, 2)


def test_a_file_the_other_interface_shares_is_a_link_to_the_one_just_placed(tmp_path):
    first = LinkedOutput(tmp_path / "previous", tmp_path / "new")
    first.place(b"shared data", str(tmp_path / "new" / "data" / "a.js"))
    other = LinkedOutput(tmp_path / "previous" / "en", tmp_path / "new-en")
    other.link_same(str(tmp_path / "new" / "data" / "a.js"), str(tmp_path / "new-en" / "data" / "a.js"))
    assert (tmp_path / "new-en" / "data" / "a.js").stat().st_ino == (tmp_path / "new" / "data" / "a.js").stat().st_ino
    assert (other.linked, other.written) == (1, 0)
