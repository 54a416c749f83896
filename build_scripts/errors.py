"""One exception type for a user's mistake, printed once at the CLI edge as `duizhao: file:line: problem`."""
from __future__ import annotations


class UserError(Exception):
    """Bad input: a file, query or argument the user can fix. Exit code 2."""

    exit_code = 2

    def __init__(self, problem: str, path: str | None = None, line: int | None = None):
        super().__init__(problem)
        self.problem = problem
        self.path = path
        self.line = line

    def __reduce__(self):  # keeps file and line when it crosses from a build worker process
        return self.__class__, (self.problem, self.path, self.line)

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.problem}"


class BuildFailure(UserError):
    """A build step failed for a reason other than bad input. Exit code 1."""

    exit_code = 1
