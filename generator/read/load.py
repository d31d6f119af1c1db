"""Load YAML content safely, keeping the way back to line and column.

Each file is read through `files.read_bytes` (regular files inside the
project only, at most `MAX_BYTES`) and decoded as UTF-8 here, then parsed by
`safe_yaml.parse` (standard tags only, duplicate keys reported, depth and
alias expansion bounded).  Links out of the project, special files, files over
`MAX_BYTES` and non-UTF-8 bytes are refused with a message.

Positions are not kept on the fast path.  When a later check finds a problem,
`Positions.of()` parses the file once more, this time recording where each
value and key starts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gc
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import BriefingsError, FieldPath, Problem
from generator.read import files
from generator.read.safe_yaml import Builder, LoadError, Mark, ParseResult, parse

__all__ = [
    "MAX_BYTES",
    "REGISTRIES",
    "Content",
    "LoadError",
    "LoadedFile",
    "Positions",
    "describe",
    "load_content",
    "parse",
    "read_file",
]

MAX_BYTES = 1_000_000
"""Largest content file accepted; a brief is typically 5-20 KB."""


@dataclass
class LoadedFile:
    """One content file: its text, its data (None if unreadable) and its problems."""

    path: Path
    display: str
    """The path as shown in diagnostics, relative to the project."""
    text: str | None
    data: Any
    problems: list[tuple[Problem, Mark]] = field(default_factory=list)
    """Problems found while loading, each with its own place."""
    foreign_tags: bool = False
    """Parsed with other programs' tags read as null (an engine's configuration)."""
    _positions: Positions | None = None

    def positions(self) -> Positions:
        """Where each value starts (parsed again on first use)."""
        if self._positions is None:
            self._positions = Positions.of(self.text or "", self.foreign_tags)
        return self._positions


@dataclass
class Positions:
    """Start marks of values and keys, by field path."""

    values: dict[FieldPath, Mark]
    keys: dict[FieldPath, Mark]

    @classmethod
    def of(cls, text: str, foreign_tags: bool = False) -> Positions:
        """Parse `text` again, recording every position (slow path, errors only)."""
        builder = Builder(text, record=True, foreign_tags=foreign_tags)
        # A LoadError was already reported on the fast path; keep what was recorded.
        with contextlib.suppress(LoadError):
            builder.run()
        return cls(builder.value_marks, builder.key_marks)

    def find(self, path: FieldPath, at_key: bool = False) -> Mark:
        """The mark of `path`, or of its nearest recorded ancestor."""
        table = self.keys if at_key else self.values
        if path in table:
            return table[path]
        for cut in range(len(path) - 1, -1, -1):
            prefix = path[:cut]
            if prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return (0, 0)


def read_file(
    path: Path,
    display: str,
    parse_text: Callable[[str], ParseResult] | None = None,
    foreign_tags: bool = False,
    root: Path | None = None,
    folders: dict[str, str] | None = None,
) -> LoadedFile:
    """Read and parse one content file; never raises for bad content.

    `parse_text` replaces `parse`, e.g. by a cache of its results keyed by the text.
    With `foreign_tags`, other programs' tags read as null (for `mkdocs.yml`).
    `root` is the project the file must lie in (default: the file's own folder);
    a link out of it, or a special file, is refused unread (`read/files.py`).
    `folders`: the real paths of the folders resolved so far in this read of many files.
    """
    loaded = LoadedFile(path=path, display=display, text=None, data=None, foreign_tags=foreign_tags)
    try:
        raw = files.read_bytes(path, root or path.parent, MAX_BYTES, folders)
        loaded.text = files.decode(raw, display)
        loaded.data, problems = (
            (parse_text or parse)(loaded.text) if not foreign_tags else parse(loaded.text, True)
        )
        loaded.problems = list(problems)
    except LoadError as err:
        loaded.data = None
        loaded.problems.append((Problem(err.where, err.message, err.hint, code=err.code), err.mark))
    except BriefingsError as err:  # refused unread, too large, or not UTF-8
        hint = _TOO_LARGE_HINT if err.code == "too-large" else err.hint
        mark = (err.line - 1, err.column - 1)
        loaded.problems.append((Problem((), err.message, hint, code=err.code), mark))
    except OSError as err:
        msg = f"cannot read the file: {err.strerror or err}"
        hint = _UNREADABLE_HINTS.get(err.errno or 0, "check that the file exists and can be read")
        loaded.problems.append((Problem((), msg, hint, code="unreadable"), (0, 0)))
    return loaded


_UNREADABLE_HINTS = {
    errno.ENOENT: "the file is missing: create it (`briefings init` writes every file a site needs)",
    errno.EACCES: "the file may not be read by you: give read permission (e.g. `chmod a+r`)",
    errno.EISDIR: "this is a folder: a content file is one YAML file",
}
_TOO_LARGE_HINT = "split the content into several briefs, or remove pasted data"


def describe(value: Any) -> str:
    """Name a value's type in words a contributor knows, not Python's."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, dt.datetime):
        return f"a date and time ({value.isoformat()})"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f'text ("{short}")'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a value of another kind"


REGISTRIES = ("sources", "actors", "areas", "parties")
"""Registry files under `content/`, each a mapping with one list."""
OPTIONAL_REGISTRIES = frozenset({"parties"})
"""Registries a site may leave out: a missing file is an empty list."""


@dataclass
class Content:
    """Every content file of a project, loaded but not yet validated."""

    root: Path
    briefs: list[LoadedFile]
    registries: dict[str, LoadedFile]
    events: list[LoadedFile] = field(default_factory=list)
    """`events/<year>/<id>.yaml`: one event per file."""


def event_paths(root: Path) -> list[Path]:
    """The event files under `root/events/`, at any depth (the rules ask for `<year>/`), sorted."""
    return [root / "events" / rel for rel in event_files(root)]


def event_files(root: Path) -> list[str]:
    """The event files, relative to `root/events/`, sorted.

    Listed with `os.walk` and handled as text: a site may hold tens of thousands of events,
    and `Path.rglob`, `Path` comparisons and `relative_to` cost seconds there."""
    found = []
    top = os.path.join(root, "events")
    for folder, _, names in os.walk(top):  # links to folders are not followed
        rel = os.path.relpath(folder, top)
        found += [name if rel == "." else f"{rel}/{name}" for name in names if name.endswith(".yaml")]
    return sorted(found)


Reuse = Callable[[str, Callable[[], LoadedFile]], LoadedFile]
"""`reuse(path, read)`: the file as loaded before when it is unchanged, else `read()`
(a long-lived process's, `session.reread`)."""


def load_content(
    root: Path, parse_text: Callable[[str], ParseResult] | None = None, reuse: Reuse | None = None
) -> Content:
    """Read `root/briefs/*.yaml`, `root/events/<year>/*.yaml` and the registries; problems stay on each file.

    Diagnostics name files relative to the project (the folder holding `root`),
    as a repository host and an editor both expect.
    """
    base = root.parent
    folders: dict[str, str] = {}  # each folder resolved once in this read, not once per file

    def display(path: Path) -> str:
        return path.relative_to(base).as_posix()

    def read(path: str, shown: str) -> LoadedFile:
        def fresh() -> LoadedFile:
            return read_file(Path(path), shown, parse_text, root=base, folders=folders)

        return fresh() if reuse is None else reuse(path, fresh)

    with _collector_paused():
        briefs = [read(str(p), display(p)) for p in brief_files(root / "briefs")]
        briefs += [_misnamed(p, display(p)) for p in misnamed_briefs(root / "briefs")]
        registries = {name: _registry(root, name, display, read) for name in REGISTRIES}
        # Tens of thousands of events: their paths stay text until a file must be read.
        shown, top = display(root / "events"), str(root / "events")
        events = [read(f"{top}/{rel}", f"{shown}/{rel}") for rel in event_files(root)]
    return Content(root=root, briefs=briefs, registries=registries, events=events)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep Python's cyclic garbage collector from scanning the content again and again as
    it is read (a sixth of the time of reading 21,000 files), then set it aside.

    The content lives until the end of the run and holds no cycles (plain values, trees), so
    the collector has nothing to find in it: it is read with the collector off, then frozen
    (`gc.freeze`), as rendering freezes what it keeps (`pipeline`, which unfreezes it all at
    the end of the run)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()


def brief_files(folder: Path) -> list[Path]:
    """The briefs of `folder`: every `*.yaml` in it, sorted."""
    return sorted(folder.glob("*.yaml"))


def misnamed_briefs(folder: Path) -> list[Path]:
    """Files of `folder` that look like briefs but would not be read: `.yml`, `.YAML` and the like."""
    return sorted(
        p for p in folder.glob("*") if p.suffix.lower() in (".yaml", ".yml") and p.suffix != ".yaml"
    )


def _misnamed(path: Path, display: str) -> LoadedFile:
    wanted = path.with_suffix(".yaml")
    hint = (
        f"`{wanted.name}` exists too: merge the two, then remove this one"
        if wanted.exists()
        else f"rename it to `{wanted.name}`"
    )
    problem = Problem(
        (),
        f"this file is not read: a brief's file name ends in `.yaml`, not `{path.suffix}`",
        hint,
        code="not-yaml-extension",
    )
    return LoadedFile(path=path, display=display, text=None, data=None, problems=[(problem, (0, 0))])


def _registry(
    root: Path, name: str, display: Callable[[Path], str], read: Callable[[str, str], LoadedFile]
) -> LoadedFile:
    path = root / f"{name}.yaml"
    if name in OPTIONAL_REGISTRIES and not os.path.lexists(path):
        return LoadedFile(path=path, display=display(path), text="", data={name: []})
    return read(str(path), display(path))
