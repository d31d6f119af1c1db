"""Diagnostics: every problem found in content, as data.

A leaf check yields a `Problem` (a field path and a message; it does not
know where in which file it is).  The walker that runs the checks turns each
problem into a `Diagnostic` by adding the file, line and column.
"""

from __future__ import annotations

import difflib
import re
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


def did_you_mean(value: object, choices: Iterable[str], words: bool = False) -> str | None:
    """A 'did you mean `x`?' hint for a near miss, or None: the same word but for case and
    `-`/`_`/spaces; else a typo of it (`_typo_of`).  With `words` (the choices are a closed
    list of words, like a scale's), also a choice with the same last word: `highly_unlikely`
    suggests `very_unlikely`.

    Look-alikes are no hint: `northland` shares `land` with `thailand` and is no misspelling
    of it, and `northland-mfa` is no misspelling of `thailand-mfa`."""
    if not isinstance(value, str):
        return None
    options = list(choices)
    folded = {_fold(c): c for c in options}
    if _fold(value) in folded:
        return f"did you mean `{folded[_fold(value)]}`?"
    # difflib's ratio narrows a long list quickly (best first); the edits decide.
    near = difflib.get_close_matches(value, options, n=5, cutoff=0.6)
    typos = sorted((_distance(value, c), i, c) for i, c in enumerate(near) if _typo_of(value, c))
    if typos:
        return f"did you mean `{typos[0][2]}`?"
    if words:
        head = _last_word(value)
        same = [c for c in near if _last_word(c) == head and head.isalpha()]
        return f"did you mean `{same[0]}`?" if same else None
    return None


def _fold(text: str) -> str:
    return text.lower().replace("-", "").replace("_", "").replace(" ", "")


def _last_word(text: str) -> str:
    return re.split(r"[-_\s]+", text.lower().strip("-_ "))[-1]


def _typo_of(value: str, choice: str) -> bool:
    """One edit; or at most one in four letters of the word that also leaves half of the part
    that differs (what is left once the common start and end are set aside) as it was:
    `goverment-staement` is a typo of `government-statement` and `key_judgement` of
    `key_judgments`; `northland-mfa` (`north` for `thai`) is not one of `thailand-mfa`."""
    edits = _distance(value, choice)
    if edits <= 1:
        return True
    start = len(_common_prefix(value, choice))
    end = len(_common_prefix(value[start:][::-1], choice[start:][::-1]))
    differing = max(len(value), len(choice)) - start - end
    return edits <= max(len(value), len(choice)) // 4 and edits <= differing // 2


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _distance(a: str, b: str) -> int:
    """Edits from `a` to `b`: a letter changed, added or removed, or two neighbours swapped."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        before, previous = previous, current
    return previous[len(b)]


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
