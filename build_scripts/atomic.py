"""Outputs replaced whole or not at all: a failed build or import leaves the previous state intact."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class replacing:
    """Build into a temporary sibling of `target`; on success swap it in, on failure delete it."""

    def __init__(self, target: Path):
        self.target = Path(target)

    def __enter__(self) -> Path:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.new-", dir=self.target.parent))
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return False
        swap_in(self.tmp, self.target)
        return False


def swap_in(new: Path, target: Path, detach: bool = False) -> None:
    """Put the finished folder `new` where `target` is, with the old one gone only once the new one is there.
    With `detach`, the old one is deleted by a process of its own that nobody waits for: deleting a whole site
    takes a second or more (in a thread, it also competed with the build's last steps for the interpreter), and the
    new one is already in place; a leftover (the machine stopped meanwhile) is named `.<target>.old-*` and
    deleted by the next swap."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    leftovers = sorted(target.parent.glob(f".{target.name}.old-*"))
    if not detach:
        for folder in leftovers:
            shutil.rmtree(folder, ignore_errors=True)
        return
    import subprocess

    if leftovers:
        # sh puts rm in the background and ends at once: rm goes on alone, and no child is left for us to reap
        subprocess.run(["sh", "-c", 'rm -rf -- "$@" &', "sh", *map(str, leftovers)], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, check=False)
