"""An incremental build gives exactly what a build on an empty cache gives.

A small archive (the seed page, one national report, the glossary) is built on an empty cache; then a page
changes and the site is built again on that cache, reusing what did not change; then the changed archive is built
on another, empty cache. The two sites must be the same, file for file and byte for byte.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.site_support import OUTPUT, build_site

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ("gwr-2024",)
NEW_PARAGRAPH = "新增一段用于测量增量构建。"


@pytest.fixture
def source(tmp_path) -> Path:
    """A source folder: the glossary, the translations, the seed page and a report of the national collection."""
    root = tmp_path / "source_texts"
    for folder in ("glossary", "translations", "lvliang-2020-gwr"):
        shutil.copytree(ROOT / "source_texts" / folder, root / folder)
    collection = root / "national-gwr"
    collection.mkdir()
    shutil.copy(ROOT / "source_texts" / "national-gwr" / "collection.yml", collection)
    for name in REPORTS:
        for suffix in (".txt", ".yml"):
            shutil.copy(ROOT / "source_texts" / "national-gwr" / f"{name}{suffix}", collection)
    return root


def use_cache(monkeypatch, folder: Path) -> Path:
    """The build cache at `folder`, for this process and the MkDocs processes it starts."""
    from build_scripts import cache

    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    monkeypatch.setattr(cache, "CACHE_DIR", folder)
    return folder


def cache_entries(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*.pickle")}


def differences(a: Path, b: Path) -> list[str]:
    """Every file present in one site only, or with other bytes."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    out = [f"only in {a.name}: {f}" for f in sorted(files_a - files_b)]
    out += [f"only in {b.name}: {f}" for f in sorted(files_b - files_a)]
    out += [f"differs: {f}" for f in sorted(files_a & files_b) if (a / f).read_bytes() != (b / f).read_bytes()]
    return out


def test_a_site_rebuilt_after_one_page_changed_is_the_site_an_empty_cache_gives(source, tmp_path, monkeypatch):
    out = OUTPUT / "incremental"
    shutil.rmtree(out, ignore_errors=True)
    warm_cache = use_cache(monkeypatch, tmp_path / "cache-warm")
    first = build_site(out / "first", source)
    stored = cache_entries(warm_cache)
    html_pages = [p for p in first.rglob("*.html")]

    page = source / "national-gwr" / "gwr-2024.txt"
    opening = "现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。"
    page.write_text(page.read_text(encoding="utf-8").replace(opening, f"{opening}\n\n{NEW_PARAGRAPH}", 1),
                    encoding="utf-8")
    incremental = build_site(out / "incremental", source)
    made_again = cache_entries(warm_cache) - stored

    use_cache(monkeypatch, tmp_path / "cache-cold")
    cold = build_site(out / "cold", source)

    assert NEW_PARAGRAPH in (cold / "documents" / "gwr-2024.html").read_text(encoding="utf-8")
    assert differences(incremental, cold) == []
    assert differences(first, cold) != []  # the change shows: the comparison above could fail
    # the pages that did not change were reused, not rendered again (each rendered page is stored anew)
    assert len(made_again) < len(html_pages) // 4, (len(made_again), len(html_pages))


def test_a_changed_title_reaches_every_page_that_shows_it_in_an_incremental_build(source, tmp_path, monkeypatch):
    out = OUTPUT / "incremental-title"
    shutil.rmtree(out, ignore_errors=True)
    use_cache(monkeypatch, tmp_path / "cache-warm")
    build_site(out / "first", source)
    sidecar = source / "national-gwr" / "gwr-2024.yml"
    text = sidecar.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.strip().startswith("zh:"))
    sidecar.write_text(text.replace(title, title.split("zh:")[0] + "zh: 二〇二四年政府工作报告（改题）", 1),
                       encoding="utf-8")
    incremental = build_site(out / "incremental", source)
    use_cache(monkeypatch, tmp_path / "cache-cold")
    cold = build_site(out / "cold", source)

    assert "二〇二四年政府工作报告（改题）" in (cold / "documents" / "index.html").read_text(encoding="utf-8")
    assert differences(incremental, cold) == []
