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
        old = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")
        if self.target.exists():
            os.replace(self.target, old)
        os.replace(self.tmp, self.target)
        shutil.rmtree(old, ignore_errors=True)
        return False
