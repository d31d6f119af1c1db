"""Diagnostics: every problem found in content, as data.

A leaf check yields a `Problem` (a field path and a message; it does not
know where in which file it is).  The walker that runs the checks turns each
problem into a `Diagnostic` by adding the file, line and column.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


class BriefingsError(Exception):
    """Base of every error the generator reports to its user as a diagnostic, never as a traceback.

    Each stage raises its own subclass (`LoadError`, `RenderError`, `BuildError`,
    `ConfigError`, `ScaffoldError`, `InitError`) with the place it knows of: the
    file (and line) a user would open to fix it, and the setting or field concerned.
    The pipeline turns it into a `Diagnostic`, so it reaches every reporter.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str = "",
        line: int = 1,
        column: int = 1,
        path: str = "",
        hint: str | None = None,
        code: str = "error",
    ):
        super().__init__(message)
        self.message = message
        self.file, self.line, self.column, self.path = file, line, column, path
        self.hint = hint
        self.code = code

    def diagnostic(self) -> Diagnostic:
        """The error as a diagnostic, for the same reporters as content problems."""
        return Diagnostic(
            self.file or "briefings",
            self.line,
            self.column,
            self.path,
            self.message,
            self.hint,
            "error",
            self.code,
        )


PathPart = str | int
FieldPath = tuple[PathPart, ...]


@dataclass(frozen=True)
class Problem:
    """A problem found by a leaf check, relative to the value it checked."""

    path: FieldPath
    """Where in the file's data, e.g. `("timeline", 3, "sources", 0)`."""
    message: str
    hint: str | None = None
    severity: Severity = "error"
    code: str = "invalid"
    """A stable short name of the check, e.g. `unknown-key`."""
    at_key: bool = False
    """Point at the key of `path` rather than at its value."""


@dataclass(frozen=True)
class Diagnostic:
    """A problem with its place: file, line, column and field path."""

    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str | None = None
    severity: Severity = "error"
    code: str = "invalid"
    source_line: str | None = field(default=None, compare=False)
    """The text of the offending line, quoted by the human reporter."""

    def sort_key(self) -> tuple[int, str, int, int, str]:
        """Errors before warnings, then by place."""
        return (0 if self.severity == "error" else 1, self.file, self.line, self.column, self.path)

    def location(self) -> str:
        """`file:line:col` as editors and terminals understand it."""
        return f"{self.file}:{self.line}:{self.column}"


def format_path(path: Sequence[PathPart]) -> str:
    """Render `("timeline", 3, "sources", 0)` as `timeline[3].sources[0]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def did_you_mean(value: object, choices: Iterable[str]) -> str | None:
    """A 'did you mean `x`?' hint for a near miss (case and `-`/`_` aside, then by spelling), or None."""
    if not isinstance(value, str):
        return None
    options = list(choices)
    folded = {_fold(c): c for c in options}
    if _fold(value) in folded:
        return f"did you mean `{folded[_fold(value)]}`?"
    matches = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    return f"did you mean `{matches[0]}`?" if matches else None


def _fold(text: str) -> str:
    return text.lower().replace("-", "").replace("_", "").replace(" ", "")


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Most important first, without duplicates."""
    unique = {(d.file, d.line, d.column, d.path, d.message): d for d in diagnostics}
    return sorted(unique.values(), key=Diagnostic.sort_key)


def count(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """Number of (errors, warnings)."""
    errors = warnings = 0
    for d in diagnostics:
        if d.severity == "error":
            errors += 1
        else:
            warnings += 1
    return errors, warnings
