"""`duizhao build`: source_texts/ → exports and site/, atomically.

Everything is built into a fresh temporary folder beside the target and swapped in only when the whole
build succeeded, so a failed build leaves the previous output intact.
"""
from __future__ import annotations

import gc
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from build_scripts.atomic import replacing, swap_in
from build_scripts.errors import BuildFailure
from build_scripts.anchors import LOCK_FILE, read_lock, resolve
from build_scripts.archive import checked_key, load_archive
from build_scripts.pipeline import page_files
from build_scripts.progress import Progress
from build_scripts.writers import write

EXPORTS_DIR = Path("build/exports")
SITE_DIR = Path("site")


def build_all(site: bool = True, progress: Progress | None = None) -> dict:
    """Everything from source_texts/: check the anchors, then exports, search index and site, each swapped in
    whole. Parsed pages and the annotated archive come from the build cache when their inputs are unchanged."""
    from build_scripts import cache

    progress = progress or Progress()
    started, started_at = time.perf_counter(), time.time()
    cache_limit = cache.configured_limit()  # a bad value stops the build before it starts
    if not page_files():
        raise BuildFailure("no pages found under source_texts/")
    archive = load_archive(progress=progress)
    collecting = gc.isenabled()
    # The garbage collector's full passes traversed the archive just loaded again and again, for nothing (measured:
    # 0.5 s of CPU of a one-page rebuild); what a build does with it next allocates mostly acyclic objects (strings,
    # tuples, dicts of them). So no collection here unless the data of many documents is made (_build), and in
    # the MkDocs builds forked from here, as usual (_run_mkdocs_child).
    gc.disable()
    try:
        return _build(archive, site, progress, started, started_at, cache_limit)
    finally:
        if collecting:
            gc.enable()


def _build(archive, site: bool, progress: Progress, started: float, started_at: float, cache_limit) -> dict:
    from build_scripts import cache

    docs, glossary = archive.docs, archive.glossary
    with progress.timed("anchor", "anchors checked against anchors.lock"):
        resolution = resolve(docs, read_lock())
        if resolution.problems:
            raise resolution.problems[0]  # a published anchor would break: nothing is written
    from build_scripts.site import data_files
    from build_scripts.translation.translations import coverage_report, coverage_summary, translations_for

    built_from = data_files.archive_key(archive)  # the documents, glossary, translations and code
    # an invalid translation file stops the build here; segments follow moved anchors
    translations = translations_for(resolution=resolution)
    progress.line(coverage_summary(coverage_report(docs, glossary, translations, row=cached_coverage_row)))
    # The MkDocs builds, each in a process of its own, start with the archive as this process has it: no page depends
    # on the data files made next, which this process puts into their sites once made. While the data stage runs in
    # this process alone (a few documents changed), they start now and fill the core it leaves idle, at a lower
    # priority so as not to slow it; when it runs on every core, they start after it and the archive's data (made
    # beside the index), as before, since they would only compete (measured: a cold build 3-6 s slower).
    handed = {archive.key: archive, checked_key(archive=archive): (resolution, translations),
              data_files.DATA_WRITTEN_BY_PARENT: True}
    missing = data_files.missing_documents(docs, glossary, translations)
    early = site and data_files.workers_for(missing) <= 1
    mkdocs = start_mkdocs(SITE_DIR, handed, niceness=MKDOCS_NICENESS) if early else None
    index = None
    if len(missing) > 1:
        gc.enable()  # the data of many documents is made (in workers forked from here): collected as usual
    try:
        # the costly site data and search records, once, on every core, for both interface builds and the index
        data_files.prepare(docs, progress, glossary, translations, missing=missing)
        # The index is written in a process of its own meanwhile (it needs only the records just made), beside the
        # archive's data files and the exports.
        index = start_index(docs, glossary, translations, built_from, progress)
        with progress.timed("data", "the archive's search data, glossary popups and CC-CEDICT subset"):
            data = data_files.archive_files(archive, translations)
            if site and mkdocs is None:  # after a data stage on every core, and the archive's data beside the index
                mkdocs = start_mkdocs(SITE_DIR, handed)
            if mkdocs:
                mkdocs.add_data(data)
        with progress.timed("export", f"{len(docs)} document(s) → {EXPORTS_DIR}/, with the CC-CEDICT subset"):
            write_exports(docs, data["cedict_subset"])
        index.finish()
        if mkdocs:
            mkdocs.finish()
            progress.done("site", f"mkdocs build, both interface languages → {SITE_DIR}/", mkdocs.started)
            progress.line(mkdocs.summary())
    finally:
        if index:
            index.abandon()
        if mkdocs:
            mkdocs.abandon()
    report = {"documents": len(docs), "stages": progress.stages}
    if site:
        from build_scripts.site.report import report_lines, site_report

        report["site"] = site_report(SITE_DIR, docs, 0)
        report["site"]["build_seconds"] = round(time.perf_counter() - started, 1)  # with the report's own time
        for line in report_lines(report["site"]):
            progress.line(line)
    report["seconds"] = round(time.perf_counter() - started, 2)
    if site:
        (EXPORTS_DIR.parent / "build-report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    deleted, freed = cache.prune(started_at, limit=cache_limit)
    if deleted:
        progress.line(f"cache  {deleted} entries not used lately deleted ({freed / 1024 / 1024:,.0f} MB)")
    progress.line(f"done   {report['documents']} document(s) in {report['seconds']} s")
    return report


def cached_coverage_row(doc, glossary, translation):
    """A document's translation coverage (translations.coverage_row), cached under the document, its translation
    and the glossary: a one-page change checks one document again."""
    import pickle

    from build_scripts.cache import cached, document_key
    from build_scripts.terms.glossary import glossary_key
    from build_scripts.translation.translations import coverage_row

    key = document_key(doc, "translation-coverage", glossary_key(str(glossary.folder)),
                       pickle.dumps(translation, protocol=5).hex())
    return cached(key, lambda: coverage_row(doc, glossary, translation))


def write_exports(docs, subset: dict) -> None:
    """build/exports/, replaced whole; each document's JSON comes from the cache while the document is unchanged,
    and so does the CC-CEDICT subset's while the subset is; the files the previous exports hold byte for byte are
    linked from them (linked_output.py). A file the last build placed for the same key, and that still has the
    identity on disk it had then (linked_output.settled_identity), is linked without its JSON being read from the
    cache or compared (0.1 s of a one-page build)."""
    from build_scripts.cache import LastBuild, cached, document_key, lookup, store_value, value_key
    from build_scripts.site.data_files import cedict_json
    from build_scripts.site.linked_output import LinkedOutput, settled_identity

    entry = LastBuild.key_of(b"exports")  # the last build's key → the identity of the file it placed for it
    known = lookup(entry, default=None)
    known = known if isinstance(known, dict) else {}
    placed: dict[str, tuple] = {}
    now = time.time_ns()

    def place(key: str | None, make, path: str) -> None:
        if not output.link_unchanged(path, known.get(key)):
            output.place((make() if key is None else cached(key, make)).encode("utf-8"), path)
        identity = settled_identity(os.stat(path), now) if key is not None else None
        if identity:
            placed[key] = identity

    with replacing(EXPORTS_DIR) as out:
        output = LinkedOutput(EXPORTS_DIR, out)
        for doc in docs:
            place(document_key(doc, "export-json"), lambda: write("json", doc), str(out / f"{doc.id}.json"))
        # the data of the site's tap dictionary (CC BY-SA 4.0), for the command line too
        place(value_key("cedict-export", subset), lambda: cedict_json(subset) + "\n", str(out / "cedict-subset.json"))
    if placed != known:
        store_value(entry, placed)


class start_index:
    """search_index/ written in a forked process (it shares the parent's documents without pickling them); kept
    as it is when its stamp says it was made from these very inputs. `finish` waits and reports, or raises the
    child's one-line error; the index itself is swapped in whole by the child (atomic), or not at all."""

    def __init__(self, docs, glossary, translations, built_from: str, progress: Progress):
        import multiprocessing

        from build_scripts.search.index import INDEX_DIR

        self.progress, self.what = progress, f"{len(docs)} document(s) → {INDEX_DIR}/"
        self.process = None
        stamp = INDEX_DIR / "built-from.txt"
        if stamp.is_file() and stamp.read_text(encoding="utf-8") == built_from:
            progress.line(f"index  {INDEX_DIR}/ unchanged: made from these very documents")
            return
        self.started = time.perf_counter()
        context = multiprocessing.get_context("fork")
        self.answer, child_end = context.Pipe(duplex=False)
        self.process = context.Process(target=_write_index, daemon=True,
                                       args=(docs, glossary, translations, built_from, child_end))
        self.process.start()
        child_end.close()

    def finish(self) -> None:
        if self.process is None:
            return
        try:
            error = self.answer.recv()
        except EOFError:
            error = "the index process stopped without an answer"
        self.process.join()
        self.process = None
        if error:
            raise BuildFailure(f"search index: {error}")
        self.progress.done("index", self.what, self.started)

    def abandon(self) -> None:
        """Wait for a running index (it is complete and correct on its own, or leaves the old one), never kill it
        half-way: its temporary folder would be left behind."""
        if self.process is not None:
            self.process.join()
            self.process = None


def _write_index(docs, glossary, translations, built_from: str, answer) -> None:
    from build_scripts.search.index import INDEX_DIR, build_search_index

    gc.disable()  # a process of seconds making rows, tuples and bytes, no cycles: a collection every 700 of them
    #               was CPU spent for nothing
    try:
        build_search_index(docs, glossary=glossary, translations=translations, target=INDEX_DIR, annotated=True,
                           progress=lambda message: None)  # load_archive annotated them; atomic: a failure keeps the old index
        (INDEX_DIR / "built-from.txt").write_text(built_from, encoding="utf-8")
        answer.send("")
    except BaseException as err:  # noqa: BLE001 — one line to the parent, never a traceback from a child
        answer.send(f"{type(err).__name__}: {err}")


# The site in its two interface languages: Chinese at the root, English in en/ (mkdocs.en.yml).
SITE_CONFIGS = (("mkdocs.yml", ".", "zh"), ("mkdocs.en.yml", "en", "en"))
# How much lower the priority of MkDocs builds started before the documents' data is made is than the build's own
# (os.nice): they fill the core the data stage leaves idle, without slowing what the rest of the build waits for.
MKDOCS_NICENESS = 10


class start_mkdocs:
    """Both interface languages at once (one process each), each into a folder of its own beside the target (a
    build cleans its folder, so they must not share one); `finish` waits, puts en/ inside and swaps the whole
    site in, `abandon` stops whatever still runs and leaves the previous site as it was.

    Each build is MkDocs' own command line, run in a process forked from this one: it starts with MkDocs, the theme
    and the hooks' modules already imported, and `preload` (build cache key → value, e.g. the annotated archive) in
    memory, instead of reading them again (measured: 3-4 s of each build's start). With
    data_files.DATA_WRITTEN_BY_PARENT in `preload`, the builds leave the archive's data files out, and `add_data`
    puts them in: they are written into folders of their own (a build empties its folder as it starts) and moved
    into the sites by `finish`."""

    def __init__(self, target: Path, preload: dict | None = None, niceness: int = 0):
        self.target = Path(target)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.scratch = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.new-", dir=self.target.parent))
        self.started = time.perf_counter()
        _import_mkdocs()
        self.runs = []
        self.data_output: dict = {}  # config → LinkedOutput of the data files add_data wrote for it
        for config, folder, _ in SITE_CONFIGS:
            # never --dirty: it writes incomplete output
            args = ["build", "--strict", "--clean", "-f", config, "--site-dir", str(self._folder(folder).resolve())]
            log = (self.scratch / f"{config}.log").open("w+", encoding="utf-8")
            previous = self._previous(folder)  # its files are linked where the same
            self.runs.append((config, log, ForkedMkdocs(args, log, preload or {}, (previous, self._folder(folder)),
                                                        self.scratch / f"{config}.stats.json", niceness)))

    def add_data(self, data: dict) -> None:
        """The archive's data files (data_files.archive_files) for each interface, linked from the previous site
        where the same: the archive-wide ones written once and linked into the other interface; a document's
        files linked without being read while they have the identity on disk they had when the last build placed
        them for the same document key (as the exports are: write_exports), else placed from the cache."""
        from build_scripts.cache import LastBuild, lookup, store_value
        from build_scripts.site.linked_output import LinkedOutput

        entry = LastBuild.key_of(b"site-data-files")  # (interface, document key) → {path: identity of its file}
        known = lookup(entry, default=None)
        known = known if isinstance(known, dict) else {}
        placed: dict[tuple, dict] = {}
        now = time.time_ns()
        first = None
        for config, folder, lang in SITE_CONFIGS:
            out = str(self._data_folder(folder))
            output = self.data_output[config] = LinkedOutput(self._previous(folder), out)
            for path, content in data["common"].items():
                if first is None:
                    output.place(content.encode("utf-8"), os.path.join(out, path))
                else:
                    output.link_same(os.path.join(first, path), os.path.join(out, path))
            for key, doc in data["documents"]:
                identities = _document_data(output, out, first, doc, lang, known.get((lang, key)), now)
                if identities:
                    placed[(lang, key)] = identities
            first = first or out
        if placed != known:
            store_value(entry, placed)

    def finish(self) -> None:
        """The previous site is deleted by a process nobody waits for (atomic.swap_in)."""
        for config, log, run in self.runs:
            if run.wait() != 0:
                log.seek(0)
                tail = log.read().strip().splitlines()[-5:]
                raise BuildFailure(f"mkdocs build ({config}) failed: " + " | ".join(tail))
        for _, folder, _ in SITE_CONFIGS:
            moved_into(self._data_folder(folder), self._folder(folder))
        for _, folder, _ in SITE_CONFIGS:
            if folder != ".":
                os.replace(self._folder(folder), self._folder(".") / folder)
        swap_in(self._folder("."), self.target, detach=True)

    def summary(self) -> str:
        """Each build's CPU time and how many of its files were linked, not written: from the previous site where
        they are the same, and the data files both interfaces share from the other's (after finish)."""
        parts = []
        for config, _, run in self.runs:
            stats = run.stats()
            if stats:
                linked, written = stats["linked"], stats["written"]
                data = self.data_output.get(config)
                if data is not None:  # with the data files this process wrote
                    linked, written = linked + data.linked, written + data.written
                parts.append(f"{config}: {stats['cpu']:.1f} s CPU, {linked:,} of {linked + written:,} files "
                             f"linked, not written")
        return "site   " + "; ".join(parts)

    def _folder(self, folder: str) -> Path:
        return self.scratch / ("site" if folder == "." else folder)

    def _data_folder(self, folder: str) -> Path:
        return self.scratch / ("data" if folder == "." else f"data-{folder}")

    def _previous(self, folder: str) -> Path:
        return self.target if folder == "." else self.target / folder

    def abandon(self) -> None:
        for _, log, run in self.runs:
            run.stop()
            log.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


def _document_data(output, out: str, first: str | None, doc, lang: str, known: dict | None, now: int) -> dict:
    """The document's data files for interface `lang` under `out`: each linked from the previous site, unread,
    while it still has the identity `known` gives it (what the last build recorded for this document key); if one
    has not, the others are placed from the cache, those both interfaces share linked from `first` (the folder of
    the interface placed first), if any. Returns their settled identities (linked_output.settled_identity), or {}
    while any is too new to have one."""
    from build_scripts.site.data_files import document_files, site_files
    from build_scripts.site.linked_output import settled_identity

    targets = {path: os.path.join(out, path) for path in known or ()}
    if not known or not all(output.link_unchanged(targets[p], identity) for p, identity in known.items()):
        made = document_files(doc)
        targets = {}
        for path, content in site_files(made, lang).items():
            target = targets[path] = os.path.join(out, path)
            if os.path.exists(target):
                continue  # linked above, unchanged
            if first is not None and path in made["files"]:
                output.link_same(os.path.join(first, path), target)
            else:
                output.place(content.encode("utf-8"), target)
    identities = {path: settled_identity(os.stat(target), now) for path, target in targets.items()}
    return identities if all(identities.values()) else {}


def _import_mkdocs() -> None:
    """What every MkDocs build imports, imported once here, before the builds are forked."""
    import mkdocs.__main__  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import material  # noqa: F401
    import build_scripts.site.hooks  # noqa: F401  (the modules the hooks file imports)


class ForkedMkdocs:
    """`mkdocs <args>` in a forked child, its output into `log`; wait() gives its exit code (0: built)."""

    def __init__(self, args: list[str], log, preload: dict, linked: tuple[Path, Path] | None = None,
                 stats: Path | None = None, niceness: int = 0):
        sys.stdout.flush()
        sys.stderr.flush()
        self.stats_file = stats
        self.pid = os.fork()
        if self.pid == 0:
            if niceness:
                os.nice(niceness)
            _run_mkdocs_child(args, log, preload, linked, stats)  # never returns
        self.code = None

    def stats(self) -> dict | None:
        """What the finished build wrote to `stats`: its CPU time, files linked and written."""
        if self.stats_file is None:
            return None
        try:
            return json.loads(self.stats_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def wait(self) -> int:
        if self.code is None:
            _, status = os.waitpid(self.pid, 0)
            self.code = os.waitstatus_to_exitcode(status)
        return self.code

    def stop(self) -> None:
        if self.code is None:
            try:
                os.kill(self.pid, 9)
            except ProcessLookupError:
                pass
            self.wait()


def _run_mkdocs_child(args: list[str], log, preload: dict, linked: tuple[Path, Path] | None,
                      stats: Path | None) -> None:
    # Collected as usual, but never the heap inherited from the build's process: it lives as long as this process,
    # and the collections its uncollected young objects started traversed all of it (measured 0.2-0.5 s)
    gc.freeze()
    gc.enable()
    code = 1
    try:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        sys.stdout = sys.__stdout__ = open(1, "w", encoding="utf-8", closefd=False)
        sys.stderr = sys.__stderr__ = open(2, "w", encoding="utf-8", closefd=False)
        os.environ["NO_MKDOCS_2_WARNING"] = "1"  # Material's notice about MkDocs 2 is not ours to act on
        from build_scripts import cache
        from mkdocs.__main__ import cli

        cache.preload(preload)
        output = None
        if linked is not None:  # (the previous site, this build's folder)
            from build_scripts.site.linked_output import install

            output = install(*linked)
        try:
            cli.main(args=args, prog_name="mkdocs", standalone_mode=True)
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if stats is not None and output is not None:
            times = os.times()
            stats.write_text(json.dumps({"cpu": times.user + times.system, "linked": output.linked,
                                         "written": output.written}), encoding="utf-8")
    except BaseException:  # noqa: BLE001 — into the log, which the parent shows; never past this frame
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def moved_into(source: Path, target: Path) -> None:
    """Every file under `source` moved to the same path under `target`, whose files stay (a folder `target`
    lacks is moved whole): a path in both is a BuildFailure (two writers of one file)."""
    for folder, subfolders, names in os.walk(source):
        into = target / Path(folder).relative_to(source)
        into.mkdir(parents=True, exist_ok=True)
        for name in names:
            if (into / name).exists():
                raise BuildFailure(f"{into / name}: written both by MkDocs and as a data file")
            os.rename(os.path.join(folder, name), into / name)
        for name in list(subfolders):
            if not (into / name).exists():
                os.rename(os.path.join(folder, name), into / name)
                subfolders.remove(name)  # moved with everything in it


def run_mkdocs(out: Path) -> None:
    """The site into `out` (which is replaced whole), both interface languages."""
    build = start_mkdocs(out)
    try:
        build.finish()
    finally:
        build.abandon()
