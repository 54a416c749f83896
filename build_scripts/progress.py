"""Progress of long work: a bar with counts and time left on a terminal (tqdm), one plain line per stage when the
output is not a terminal (CI logs), and nothing at all where the caller wants quiet."""
from __future__ import annotations

import sys
import time
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")


class Progress:
    def __init__(self, say: Callable[[str], None] | None = print, stream=None):
        self.say = say
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()
        self.stages: dict[str, float] = {}  # stage → seconds, for the build report

    @property
    def interactive(self) -> bool:
        return self.say is not None and hasattr(self.stream, "isatty") and self.stream.isatty()

    def line(self, message: str) -> None:
        if self.say is not None:
            self.say(message)

    def each(self, stage: str, items: Iterable[T], total: int, unit: str = "item", line: bool = True) -> Iterator[T]:
        """Yield the items; a bar while it runs on a terminal, then (unless `line` is false) one line:
        `stage  N unit(s) in S s`."""
        started = time.perf_counter()
        if self.interactive and total > 1:
            from tqdm import tqdm

            items = tqdm(items, total=total, desc=f"{stage:<6}", unit=unit, file=self.stream, leave=False,
                         bar_format="{desc} {bar:30} {n_fmt}/{total_fmt} {unit}s · {elapsed} elapsed, {remaining} left")
        yield from items
        if line:
            self.done(stage, f"{total} {unit}(s)", started)

    def done(self, stage: str, what: str, started: float) -> None:
        seconds = time.perf_counter() - started
        self.stages[stage] = round(self.stages.get(stage, 0) + seconds, 2)
        self.line(f"{stage:<6} {what} in {seconds:.1f} s")

    def timed(self, stage: str, what: str):
        """A stage without counts: `with progress.timed("site", "mkdocs build"): …` prints its line at the end."""
        progress = self

        class _Timed:
            def __enter__(self):
                self.started = time.perf_counter()
                if progress.interactive:
                    progress.stream.write(f"{stage:<6} {what} …\r")
                    progress.stream.flush()
                return self

            def __exit__(self, exc_type, exc, tb):
                if exc_type is None:
                    progress.done(stage, what, self.started)
                return False

        return _Timed()
