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


def swap_in(new: Path, target: Path, removing: list | None = None) -> None:
    """Put the finished folder `new` where `target` is, with the old one gone only once the new one is there.
    With a list `removing`, the old one is deleted in a thread put in that list (the caller joins it): deleting a
    whole site takes seconds, and the new one is already in place."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if removing is None:
        shutil.rmtree(old, ignore_errors=True)
    else:
        import threading

        thread = threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True})
        thread.start()
        removing.append(thread)
