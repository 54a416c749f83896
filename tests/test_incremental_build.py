"""An incremental build gives exactly what a build on an empty cache gives.

A small archive (the seed page, one national report, the glossary) is built on an empty cache; then a page
changes and the site is built again on that cache, reusing what did not change; then the changed archive is built
on another, empty cache. The two sites must be the same, file for file and byte for byte.
"""
from __future__ import annotations

import os
import shutil
import time
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


def test_a_site_rebuilt_over_the_previous_one_links_its_unchanged_files_and_never_writes_into_them(
        source, tmp_path, monkeypatch):
    """duizhao build replaces the site whole; the files the previous site holds byte for byte are linked from it
    (linked_output.py), the others written anew, and the previous site's files keep their bytes meanwhile."""
    out = OUTPUT / "incremental-linked"
    shutil.rmtree(out, ignore_errors=True)
    use_cache(monkeypatch, tmp_path / "cache-warm")
    site = build_site(out / "site", source)
    before = {p.relative_to(site).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in site.rglob("*") if p.is_file()}
    kept = tmp_path / "kept"  # a second name for each file of the previous site, to see its bytes afterwards
    for name in before:
        (kept / name).parent.mkdir(parents=True, exist_ok=True)
        os.link(site / name, kept / name)

    page = source / "national-gwr" / "gwr-2024.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("。\n", f"。{NEW_PARAGRAPH}\n", 1), encoding="utf-8")
    build_site(out / "site", source, over_previous=True)
    after = {p.relative_to(site).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in site.rglob("*") if p.is_file()}
    use_cache(monkeypatch, tmp_path / "cache-cold")
    cold = build_site(out / "cold", source)

    assert differences(site, cold) == []
    same = sorted(n for n in after if n in before and after[n][1] == before[n][1])
    changed = [n for n in after if n not in same]
    assert "documents/gwr-2024.html" in changed and len(same) > len(changed)
    # every unchanged file linked, but the gzipped sitemap, which MkDocs writes with gzip itself
    assert [n for n in same if after[n][0] != before[n][0]] == ["en/sitemap.xml.gz", "sitemap.xml.gz"]
    assert [n for n in changed if n in before and after[n][0] == before[n][0]] == []  # every other one written anew
    assert [n for n in before if (kept / n).read_bytes() != before[n][1]] == []  # the previous files untouched


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


def test_an_index_that_fails_stops_the_build_with_one_line_and_keeps_the_previous_index(tmp_path, monkeypatch):
    from build_scripts.build import start_index
    from build_scripts.errors import BuildFailure, UserError
    from build_scripts.progress import Progress
    from build_scripts.search import index as index_module

    monkeypatch.chdir(tmp_path)
    previous = tmp_path / "search_index" / "blocks.sqlite"
    previous.parent.mkdir()
    previous.write_bytes(b"the previous index")

    def fail(*args, **kwargs):
        raise UserError("no space left on the disk")

    monkeypatch.setattr(index_module, "build_search_index", fail)  # the forked child inherits it
    with pytest.raises(BuildFailure, match=r"^search index: UserError: no space left on the disk$"):
        start_index([], None, {}, "inputs", Progress(None)).finish()
    assert previous.read_bytes() == b"the previous index"
    assert not (tmp_path / "search_index" / "built-from.txt").exists()


def test_an_index_made_from_the_same_inputs_is_kept_without_starting_a_process(tmp_path, monkeypatch):
    from build_scripts.build import start_index
    from build_scripts.progress import Progress

    monkeypatch.chdir(tmp_path)
    (tmp_path / "search_index").mkdir()
    (tmp_path / "search_index" / "built-from.txt").write_text("inputs", encoding="utf-8")
    said = []
    index = start_index([], None, {}, "inputs", Progress(said.append))
    index.finish()
    assert index.process is None
    assert said == ["index  search_index/ unchanged: made from these very documents"]


class _Doc:
    def __init__(self, doc_id):
        self.id, self.blocks = doc_id, []

    def paragraphs(self):
        return []


PAGE = '<html><head><link rel="stylesheet" href="../assets/{}.css"></head><body>{}</body></html>'


def small_site(site: Path) -> list[_Doc]:
    """A site of two reading pages, a and b, each loading one stylesheet; the data files the aids load."""
    (site / "documents").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "theme.css").write_text("body { color: black }\n" * 50, encoding="utf-8")
    (site / "assets" / "other.css").write_text("body { color: green }\n" * 90, encoding="utf-8")
    data = site / "assets" / "duizhao" / "data"
    for name in ("glossary.js", "a.reading.js", "a.source.js", "b.reading.js", "b.source.js", "cedict.js",
                 "search/manifest.js"):  # what the aids load on demand (report.ON_DEMAND)
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(f"// {name}\n", encoding="utf-8")
    for doc_id in ("a", "b"):
        (site / "documents" / f"{doc_id}.html").write_text(PAGE.format("theme", doc_id * 100), encoding="utf-8")
    return [_Doc("a"), _Doc("b")]


def settle(site: Path) -> None:
    """Every file of the site last changed a minute ago, as the previous build's files are."""
    minute_ago = time.time_ns() - 60 * 10**9
    for path in site.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(minute_ago, minute_ago))


def test_the_build_report_measures_again_only_the_pages_that_changed(tmp_path, monkeypatch):
    import builtins

    from build_scripts.site import report

    use_cache(monkeypatch, tmp_path / "cache")
    site = tmp_path / "site"
    docs = small_site(site)
    first = report.site_report(site, docs, 0)

    parsed, opened = [], []
    real = report._references
    monkeypatch.setattr(report, "_references", lambda data: parsed.append(data) or real(data))
    monkeypatch.setattr(report, "open", lambda path, *a: opened.append(path) or builtins.open(path, *a),
                        raising=False)
    (site / "documents" / "b.html").write_text(PAGE.format("theme", "changed " * 100), encoding="utf-8")
    second = report.site_report(site, docs, 0)

    assert len(parsed) == 1 and b"changed" in parsed[0]  # a.html was not parsed again
    assert opened.count(str(site / "documents" / "b.html")) == 1  # read once, then parsed and gzipped
    assert second["reading_pages"]["a"] == first["reading_pages"]["a"]
    assert second["reading_pages"]["b"]["on_open_files"] == ["documents/b.html", "assets/theme.css"]
    assert second["reading_pages"]["b"]["on_open"] != first["reading_pages"]["b"]["on_open"]


def test_the_report_reads_no_settled_file_again_and_measures_linked_and_written_files_alike(tmp_path, monkeypatch):
    """The previous site's files linked into the next one (linked_output.py) are known by their identity on disk,
    not read again; a site of the same files written afresh measures the same."""
    import builtins

    from build_scripts.site import report

    use_cache(monkeypatch, tmp_path / "cache")
    previous = tmp_path / "previous"
    docs = small_site(previous)
    settle(previous)
    measured = report.site_report(previous, docs, 0)
    linked, written = tmp_path / "linked", tmp_path / "written"
    for path in previous.rglob("*"):
        if path.is_file():
            for site in (linked, written):
                (site / path.relative_to(previous)).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, linked / path.relative_to(previous))
            (written / path.relative_to(previous)).write_bytes(path.read_bytes())

    opened = []
    monkeypatch.setattr(report, "open", lambda path, *a: opened.append(path) or builtins.open(path, *a),
                        raising=False)
    assert report.site_report(linked, docs, 0) == measured
    assert opened == []
    assert report.site_report(written, docs, 0) == measured
    assert sorted(Path(p).name for p in opened) == sorted(p.name for p in written.rglob("*") if p.is_file()
                                                          and p.name != "other.css")  # what the pages load


@pytest.mark.parametrize("settled", [True, False], ids=["settled", "changed-within-the-same-clock-tick"])
def test_a_page_changed_in_place_to_the_same_size_is_measured_again(tmp_path, monkeypatch, settled):
    """Same inode, same size: only its modification time tells the file changed. A file changed just now may keep
    the time of a change just before (a clock tick), so a recent file's identity is never trusted."""
    from build_scripts.site import report

    use_cache(monkeypatch, tmp_path / "cache")
    site = tmp_path / "site"
    docs = small_site(site)
    if settled:
        settle(site)
    page = site / "documents" / "b.html"
    before = os.stat(page)
    first = report.site_report(site, docs, 0)
    with open(page, "r+b") as f:  # the same bytes' count, another stylesheet
        f.write(PAGE.format("other", "b" * 100).encode("utf-8"))
    if not settled:
        os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(page)
    assert (after.st_ino, after.st_size) == (before.st_ino, before.st_size)
    second = report.site_report(site, docs, 0)

    assert second["reading_pages"]["b"]["on_open_files"] == ["documents/b.html", "assets/other.css"]
    assert second["reading_pages"]["b"]["on_open"]["bytes"] == \
        first["reading_pages"]["b"]["on_open"]["bytes"] + (site / "assets" / "other.css").stat().st_size - \
        (site / "assets" / "theme.css").stat().st_size
    assert second["reading_pages"]["a"] == first["reading_pages"]["a"]


def test_documents_annotated_from_the_cache_have_the_keys_of_freshly_annotated_ones(source, tmp_path, monkeypatch):
    """Everything made from a document is cached under a hash of its pickle: a document whose terms were read back
    from the cache must hash as one annotated afresh, or a one-page change would make every document again."""
    from build_scripts.archive import _load_archive
    from build_scripts.cache import document_key

    folder = use_cache(monkeypatch, tmp_path / "cache")
    fresh = _load_archive(source, None)
    made = cache_entries(folder)
    again = _load_archive(source, None)
    assert cache_entries(folder) == made  # nothing annotated again
    assert [len(b.occurrences) for d in again.docs for b in d.blocks] == \
        [len(b.occurrences) for d in fresh.docs for b in d.blocks]
    assert sum(len(b.occurrences) for d in fresh.docs for b in d.blocks) > 0
    assert [document_key(d, "any") for d in again.docs] == [document_key(d, "any") for d in fresh.docs]


def duizhao_build(project: Path, cache: Path) -> str:
    """`duizhao build` run in `project` (a copy of this one's configs, docs and sources) on the cache `cache`."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "build_scripts", "build"], cwd=project, capture_output=True,
                         text=True, env={**os.environ, "DUIZHAO_CACHE": str(cache)})
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return run.stdout + run.stderr


def test_duizhao_build_writes_the_data_files_beside_the_mkdocs_builds_and_gives_mkdocs_own_site(
        source, tmp_path, monkeypatch):
    """`duizhao build` starts the MkDocs builds before the documents' data is made and writes the archive's data
    files into their sites itself (linked from the previous site where the same); MkDocs alone writes them in
    its on_post_build hook. After a one-page change the two give the same site, file for file."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(ROOT / "docs", project / "docs")
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(source, project / "source_texts")
    (project / "build_scripts").symlink_to(ROOT / "build_scripts")
    lock = (ROOT / "anchors.lock").read_text(encoding="utf-8").splitlines(keepends=True)
    (project / "anchors.lock").write_text("".join(line for line in lock if line.startswith(
        ("#", "lvliang-2020-gwr", *REPORTS))), encoding="utf-8")
    duizhao_build(project, tmp_path / "cache")
    site = project / "site"
    data = site / "assets" / "duizhao" / "data"
    before = {p.relative_to(site).as_posix(): p.stat().st_ino for p in data.rglob("*.js")}

    page = project / "source_texts" / "national-gwr" / "gwr-2024.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("。\n", f"。{NEW_PARAGRAPH}\n", 1), encoding="utf-8")
    said = duizhao_build(project, tmp_path / "cache")
    monkeypatch.chdir(project)  # its anchors.lock and sources
    use_cache(monkeypatch, tmp_path / "cache-cold")
    by_mkdocs = build_site(tmp_path / "by-mkdocs")  # from source_texts/, as duizhao build reads it

    assert differences(site, by_mkdocs) == [], differences(site, by_mkdocs)[:10]
    assert NEW_PARAGRAPH in (site / "documents" / "gwr-2024.html").read_text(encoding="utf-8")
    after = {p.relative_to(site).as_posix(): p.stat().st_ino for p in data.rglob("*.js")}
    # the unchanged document's data is the previous site's file, the changed one's is new
    seed = "assets/duizhao/data/lvliang-2020-gwr.reading.js"
    assert after[seed] == before[seed] and after["assets/duizhao/data/gwr-2024.reading.js"] != \
        before["assets/duizhao/data/gwr-2024.reading.js"]
    # both interfaces share one copy of the files they have in common
    assert (site / "en" / seed).stat().st_ino == (site / seed).stat().st_ino
    # the build's summary counts every file of each interface, the data files with MkDocs' own, but the gzipped
    # sitemap, which MkDocs writes with gzip itself
    import re

    counted = re.search(r"mkdocs\.yml: [\d.]+ s CPU, ([\d,]+) of ([\d,]+) files linked", said)
    in_site = [p for p in site.rglob("*") if p.is_file() and p.relative_to(site).parts[0] != "en"]
    assert counted is not None and int(counted[2].replace(",", "")) == len(in_site) - 1


def test_data_files_are_moved_into_the_site_mkdocs_built_and_never_replace_a_file_of_it(tmp_path):
    from build_scripts.build import moved_into
    from build_scripts.errors import BuildFailure

    site, data = tmp_path / "site", tmp_path / "data"
    (site / "assets" / "duizhao" / "data").mkdir(parents=True)
    (site / "assets" / "duizhao" / "data" / "timelines.js").write_text("by MkDocs", encoding="utf-8")
    (data / "assets" / "duizhao" / "data" / "search").mkdir(parents=True)
    (data / "assets" / "duizhao" / "data" / "search" / "manifest.js").write_text("by the build", encoding="utf-8")
    (data / "documents").mkdir()
    (data / "documents" / "a-p1.ocr.txt").write_text("raw", encoding="utf-8")
    moved_into(data, site)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        "assets/duizhao/data/search/manifest.js", "assets/duizhao/data/timelines.js", "documents/a-p1.ocr.txt"]
    assert [p for p in data.rglob("*") if p.is_file()] == []

    (data / "assets" / "duizhao" / "data" / "timelines.js").write_text("by the build", encoding="utf-8")
    with pytest.raises(BuildFailure, match="timelines.js: written both by MkDocs and as a data file$"):
        moved_into(data, site)
    assert (site / "assets" / "duizhao" / "data" / "timelines.js").read_text(encoding="utf-8") == "by MkDocs"


def test_the_archive_is_put_together_from_its_parts_entries_or_taken_as_the_building_process_handed_it_down(
        source, tmp_path, monkeypatch):
    """No entry holds the whole archive (storing it again after every change of a page cost more than reading its
    parts): a second load makes and stores nothing, and gives documents with the same keys. A process the build
    forked takes the archive it was handed, as it is."""
    from build_scripts import cache
    from build_scripts.archive import archive_cache_key, load_archive

    folder = use_cache(monkeypatch, tmp_path / "cache")
    monkeypatch.setattr(cache, "_handed_down", {})
    first = load_archive(source)
    made = cache_entries(folder)
    again = load_archive(source)
    assert cache_entries(folder) == made
    assert cache.lookup(archive_cache_key(source)) is None
    assert again is not first and again.key == first.key == archive_cache_key(source)
    assert [cache.document_key(d, "any") for d in again.docs] == [cache.document_key(d, "any") for d in first.docs]
    cache.preload({first.key: first})
    assert load_archive(source) is first


def test_the_cedict_export_is_made_again_only_when_the_subset_changes(tmp_path, monkeypatch):
    """Its JSON is cached under the subset itself: the same subset (however it was made) is not dumped again, and
    a changed one is."""
    import json

    from build_scripts import build

    use_cache(monkeypatch, tmp_path / "cache")
    monkeypatch.chdir(tmp_path)
    dumped = []
    real = json.dumps
    monkeypatch.setattr(build.json, "dumps", lambda value, **kw: dumped.append(value) or real(value, **kw))
    subset = {"中国": [["Zhong1 guo2", ["China"]]], "人民": [["ren2 min2", ["the people"]]]}
    exported = tmp_path / "build" / "exports" / "cedict-subset.json"

    build.write_exports([], subset)
    build.write_exports([], json.loads(real(subset)))  # an equal subset, another object
    assert len(dumped) == 1 and json.loads(exported.read_text(encoding="utf-8")) == subset
    changed = {**subset, "人民": [["ren2 min2", ["people"]]]}
    build.write_exports([], changed)
    assert len(dumped) == 2 and json.loads(exported.read_text(encoding="utf-8")) == changed


def test_an_export_left_as_the_last_build_placed_it_is_linked_unread_and_one_changed_since_is_made_again(
        tmp_path, monkeypatch):
    """The previous exports' file is linked without reading the cache or the file while it has the identity on
    disk (inode, size, modification time) it had when placed, and that only once it had settled: a file changed in
    place to the same size, whether later or within the same clock tick as its last change, is made again."""
    import json

    from build_scripts import build, cache

    use_cache(monkeypatch, tmp_path / "cache")
    monkeypatch.chdir(tmp_path)
    subset = {"中国": [["Zhong1 guo2", ["China"]]]}
    exported = tmp_path / "build" / "exports" / "cedict-subset.json"
    read = []
    real = cache.cached
    monkeypatch.setattr(cache, "cached", lambda key, make, *a: read.append(key) or real(key, make, *a))

    def tamper(same_tick: bool) -> None:
        before = os.stat(exported)
        exported.write_bytes(exported.read_bytes().replace(b"China", b"Japan"))
        if same_tick:
            os.utime(exported, ns=(before.st_atime_ns, before.st_mtime_ns))

    build.write_exports([], subset)
    tamper(same_tick=True)  # written just now: never taken on its identity
    build.write_exports([], subset)
    assert json.loads(exported.read_text(encoding="utf-8")) == subset
    settle(exported.parent)
    build.write_exports([], subset)  # linked after a comparison, and its identity kept
    inode, read[:] = os.stat(exported).st_ino, []
    build.write_exports([], subset)
    assert read == [] and os.stat(exported).st_ino == inode
    tamper(same_tick=False)
    build.write_exports([], subset)
    assert json.loads(exported.read_text(encoding="utf-8")) == subset and read != []


def test_a_documents_data_files_left_as_the_last_build_placed_them_are_linked_unread(tmp_path, monkeypatch):
    """A document's data files are linked from the previous site without its files being read from the cache while
    each has the identity on disk the last build recorded for the document's key, and only once settled; a file
    changed in place to the same size since is placed again from the cache. The files both interfaces share are
    linked from the interface placed first."""
    from build_scripts import build
    from build_scripts.site import data_files
    from build_scripts.site.linked_output import LinkedOutput

    made = {"files": {"assets/duizhao/data/a.reading.js": "reading of a", "documents/a.ocr.txt": "the page"},
            "by_language": {"zh": {"documents/a.ocr.html": "<p>原文</p>"}, "en": {"documents/a.ocr.html": "<p>OCR</p>"}}}
    read = []
    monkeypatch.setattr(data_files, "document_files", lambda doc: read.append(doc) or made)

    def place(previous: Path, out: Path, known, lang="zh", first=None) -> dict:
        return build._document_data(LinkedOutput(previous, out), str(out), first, "doc a", lang, known,
                                    time.time_ns())

    def content(folder: Path) -> dict:
        return {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}

    expected = {**made["files"], **made["by_language"]["zh"]}
    assert place(tmp_path / "none", tmp_path / "1", None) == {}  # written just now: no identity yet
    settle(tmp_path / "1")
    known = place(tmp_path / "1", tmp_path / "2", None)  # compared, linked, and now known by identity
    assert set(known) == set(expected) and content(tmp_path / "2") == expected
    read[:] = []
    assert place(tmp_path / "2", tmp_path / "3", known) == known
    assert read == [] and content(tmp_path / "3") == expected
    assert all(os.stat(tmp_path / "3" / p).st_ino == os.stat(tmp_path / "1" / p).st_ino for p in expected)

    page = tmp_path / "3" / "documents" / "a.ocr.html"
    page.write_text("<p>改过</p>", encoding="utf-8")  # the same size, changed in place since
    assert place(tmp_path / "3", tmp_path / "4", known) == {}
    assert read == ["doc a"] and content(tmp_path / "4") == expected

    place(tmp_path / "4", tmp_path / "en", None, lang="en", first=str(tmp_path / "4"))
    assert content(tmp_path / "en") == {**made["files"], **made["by_language"]["en"]}
    shared = "documents/a.ocr.txt"
    assert os.stat(tmp_path / "en" / shared).st_ino == os.stat(tmp_path / "4" / shared).st_ino


def test_the_sites_cedict_script_and_the_export_share_one_json_of_the_subset(tmp_path, monkeypatch):
    import json

    from build_scripts import build
    from build_scripts.site.data_files import cedict_json
    from build_scripts.site.reading_data import script, script_of_json

    use_cache(monkeypatch, tmp_path / "cache")
    monkeypatch.chdir(tmp_path)
    dumped = []
    real = json.dumps
    monkeypatch.setattr(json, "dumps", lambda value, **kw: dumped.append(value) or real(value, **kw))
    subset = {"中国": [["Zhong1 guo2", ["China"]]], "人民": [["ren2 min2", ["the people"]]]}

    site_script = script_of_json("cedict", "words", cedict_json(subset))
    build.write_exports([], subset)
    assert [value for value in dumped if value != "words"] == [subset]  # made once, for both
    assert site_script == script("cedict", "words", subset)  # what the site's script loaded before
    assert (tmp_path / "build" / "exports" / "cedict-subset.json").read_text(encoding="utf-8") == \
        real(subset, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
