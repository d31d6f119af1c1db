"""What is known of each content file between runs, so a run costs what changed.

Every run reads the list of content files, and asks `lstat` of each (`files.stamp`:
size, modification and change times, inode, device; a regular file in a folder
inside the project, else nothing is known of it).  A file whose stamp is the one
recorded is not read again:

* the stat index (`files` in the cache store, like git's index) keeps, for each
  path, the stamp it had when read and the SHA-256 of its text; the file's parse
  is then the parse memo's entry of that hash (`KnownFile`), and its text is read
  only when a diagnostic quotes it;
* a long-lived process (the preview) also keeps a `Session` in memory: each file
  as loaded, the memos of the store, each file's validated model (by the key of
  its verdict, `check/verdicts.py`) and the rendered bodies.

A stamp is recorded only for a file last changed more than `RACY_NS` before it
was read: a change within the same clock tick as the read could leave the stamp as
it was (git's "racy clean"), so such a file is read again next time.  Putting a
file's modification time back still moves its change time, which no program can
set.  A link, a special file or a file out of the project has no stamp: it is
read through `read/files.py`, which refuses it.

Without a session (every command but `serve`) only the stat index is kept.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.cache import DiskMemo, Store, text_key
from generator.read import files
from generator.read.files import Stamp
from generator.read.load import LoadedFile
from generator.read.safe_yaml import ParseResult

RACY_NS = 2_000_000_000
"""A file changed this recently may change again within the same clock tick unnoticed."""

INDEX = "files"
"""The stat index's namespace: path -> (its stamp when read, the SHA-256 of its text: `text_key`)."""


@dataclass
class Session:
    """The loaded files, memos and models one process keeps from run to run."""

    files: dict[str, tuple[Stamp, Any]] = field(default_factory=dict)
    """Path -> (stamp when read, the file as loaded)."""
    memos: dict[str, DiskMemo[Any]] = field(default_factory=dict)
    models: dict[str, Any] = field(default_factory=dict)
    """Verdict key -> the validated model of that text."""
    bodies: dict[str, Any] = field(default_factory=dict)
    """The rendered bodies of the briefs (`render/site.py`'s `BodyCache`), as last kept, by
    its namespace (one per language)."""

    def memo(self, store: Store, namespace: str) -> DiskMemo[Any]:
        """The memo of a namespace, kept for the next run."""
        memo = self.memos.get(namespace)
        if memo is None or memo.store.folder != store.folder:
            memo = self.memos[namespace] = DiskMemo(store, namespace)
        store.carry(memo.store, namespace)
        memo.store = store  # this run's: its notes are this run's
        return memo


class KnownFile(LoadedFile):
    """A content file the stat index vouches for: parsed as the parse memo keeps its text's
    hash (`digest`), its text read only when asked for (a diagnostic quoting its line)."""

    def __init__(self, path: str, display: str, digest: str, parsed: ParseResult, root: str) -> None:
        self.digest = digest
        self._root = root
        self._text: str | None = None
        data, problems = parsed
        super().__init__(Path(path), display, None, data, list(problems))

    @property
    def text(self) -> str | None:
        if self._text is None:
            try:  # the same guard as any read; a file changed since shows its new lines
                self._text = files.read_text(self.path, Path(self._root))
            except Exception:  # gone or refused since: nothing to quote
                return None
        return self._text

    @text.setter
    def text(self, value: str | None) -> None:
        self._text = value


def digest_of(file: LoadedFile) -> str | None:
    """The SHA-256 of a file's text (`text_key`), None when it could not be read."""
    if isinstance(file, KnownFile):
        return file.digest
    return text_key(file.text) if file.text is not None else None


class Known:
    """`load_content`'s `reuse`: each content file as known from an earlier run when its stamp
    is the one recorded (the session's copy, else the stat index's), else read."""

    def __init__(
        self,
        root: Path,
        index: DiskMemo[tuple[Stamp, str]],
        parses: DiskMemo[ParseResult],
        session: Session | None = None,
    ) -> None:
        self.root = os.path.abspath(root)
        self._prefix = os.path.join(root, "")
        self.index, self.parses = index, parses
        self.kept = session.files if session is not None else {}
        self.seen: dict[str, tuple[Stamp, Any]] = {}
        """The files of this run, for a session's next run."""
        self._folders: dict[str, str] = {}

    def __call__(self, path: str, read: Callable[[], LoadedFile]) -> LoadedFile:
        stamp = files.stamp(path, self.root, self._folders)  # before any read: a later change shows
        if stamp is None:
            return read()
        kept = self.kept.get(path)
        if kept is not None and kept[0] == stamp:
            self.seen[path] = kept
            return kept[1]  # type: ignore[no-any-return]
        entry = self.index.known(path)
        parsed = self.parses.known(entry[1]) if entry is not None and entry[0] == stamp else None
        if entry is not None and parsed is not None:
            loaded: LoadedFile = KnownFile(path, self._display(path), entry[1], parsed, self.root)
        else:
            loaded = read()
            if loaded.text is None or time.time_ns() - max(stamp[1], stamp[2]) <= RACY_NS:
                return loaded
            self.index.keep(path, (stamp, text_key(loaded.text)))
        self.seen[path] = (stamp, loaded)
        return loaded

    def _display(self, path: str) -> str:
        """As `load_content` shows it: relative to the project (the folder holding `content/`)."""
        if path.startswith(self._prefix):  # tens of thousands: no `relpath` each
            return path[len(self._prefix) :].replace(os.sep, "/")
        return os.path.relpath(path, self.root).replace(os.sep, "/")

    def save(self, session: Session | None) -> None:
        """Keep the index (and the parses it names) for the next run; the files for a session's."""
        self.index.save(prune=session is None)
        if session is not None:
            session.files = self.seen
