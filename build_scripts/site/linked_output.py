"""An MkDocs build that links, instead of writing, every output file the previous site already holds byte for
byte, as `rsync --link-dest` does.

A build writes the whole site into a fresh folder (build.start_mkdocs), about 60 MB per interface language, and
after a one-page change nearly all of it is what the previous site holds: writing it again was a third of each
MkDocs build's time. A file is linked only when the previous site's file has the same bytes (compared, not
assumed), and the previous site is never written to afterwards: it is deleted whole when the new one is swapped
in, so the two sharing a file until then changes nothing. Where a link cannot be made (another file system, no
previous site), the file is written as MkDocs would.
"""
from __future__ import annotations

import os
import time
from pathlib import Path


# A file whose last change is older than this (ns) is known by its identity on disk (settled_identity).
SETTLED_NS = 2_000_000_000


def settled_identity(stat: os.stat_result, now_ns: int) -> tuple | None:
    """A file's identity on disk (device, inode, size, modification time), or None while it changed too recently
    to be told apart by it. Output that is linked, never written to, keeps its identity, and any write changes the
    modification time; but a file changed again within a clock tick of its last change keeps the same time (as
    git's "racily clean" entries), so only one whose last change was SETTLED_NS before `now_ns` counts."""
    if stat.st_mtime_ns >= now_ns - SETTLED_NS:
        return None
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


class LinkedOutput:
    """Output under `out` that is linked from the same path under `previous` when the bytes are the same."""

    def __init__(self, previous: Path, out: Path):
        # as strings: MkDocs gives each output's absolute path under the site folder, which it got resolved
        self.previous, self.out = str(Path(previous).resolve()), os.path.join(Path(out).resolve(), "")
        self.linked = self.written = 0
        self._folders: set[str] = set()  # made already: not asked of the file system again for each file

    def _make_folder(self, output_path: str) -> None:
        folder = os.path.dirname(output_path)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)

    def place(self, content: bytes, output_path: str) -> None:
        """`content` at `output_path`: a link to the previous site's file when it holds these bytes."""
        self._make_folder(output_path)
        old = self._previous_of(output_path)
        if old is not None and _holds(old, content):
            try:
                os.link(old, output_path)
                self.linked += 1
                return
            except OSError:
                pass  # another file system, or the name is taken: written below
        with open(output_path, "wb") as f:
            f.write(content)
        self.written += 1

    def link_same(self, source: str, output_path: str) -> None:
        """`output_path` as a link to `source`, a file this build just placed with the same bytes (written if
        the link cannot be made)."""
        self._make_folder(output_path)
        try:
            os.link(source, output_path)
            self.linked += 1
        except OSError:
            with open(source, "rb") as f:
                self.place(f.read(), output_path)

    def link_unchanged(self, output_path: str, identity: tuple | None) -> bool:
        """Link the previous output's file at `output_path` if it still has this settled_identity (which the caller
        knows holds the content it wants there), without reading it; False if not."""
        old = self._previous_of(output_path)
        if old is None or identity is None:
            return False
        try:
            if settled_identity(os.stat(old), time.time_ns()) != identity:
                return False
            self._make_folder(output_path)
            os.link(old, output_path)
        except OSError:
            return False
        self.linked += 1
        return True

    def _previous_of(self, output_path: str) -> str | None:
        output_path = os.path.abspath(output_path)  # the exports give it relative to the working folder
        if not output_path.startswith(self.out):
            return None  # outside the site folder: not ours to link
        return os.path.join(self.previous, output_path[len(self.out):])


def _holds(path: str, content: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(content):
            return False
        with open(path, "rb") as f:
            return f.read() == content
    except OSError:
        return False


def install(previous: Path, out: Path) -> LinkedOutput:
    """Route MkDocs' writes of pages and copies of static and generated files through a LinkedOutput (in the
    forked build's own process: nothing else runs MkDocs there)."""
    from mkdocs import utils
    from mkdocs.structure.files import File

    output = LinkedOutput(previous, out)

    def write_file(content: bytes, output_path: str) -> None:
        output.place(content, output_path)

    def copy_file(self: File, dirty: bool = False) -> None:
        content = self._content
        if content is None:
            with open(self.abs_src_path, "rb") as f:
                content = f.read()
        elif isinstance(content, str):
            content = content.encode("utf-8")
        output.place(content, self.abs_dest_path)

    utils.write_file = write_file
    File.copy_file = copy_file
    return output
