"""What a long-lived process (the preview) keeps between runs, so a save costs what it changed.

A one-off run reads every content file, and finds each file's parse and checks in
the cache store by the hash of its text.  The preview runs `generate` on every
save; a `Session` lets it keep, in memory, from one run to the next:

* each content file as loaded, with the `stat` stamp it had (size, modification
  and change times, inode): a file whose stamp is unchanged is not read again.
  Touching a file's modification time back still moves its change time, which no
  program can set; a file changed within `RACY_NS` of being read is read again
  next time (the same clock tick could hold a second change: git's "racy clean");
* the memos of the cache store, loaded once instead of once per run;
* each file's validated model, by the key of its verdict (`check/validate.py`):
  a file not saved is neither parsed nor validated again.

Without a session (every command but `serve`) nothing is kept in memory.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.cache import DiskMemo, Store

RACY_NS = 2_000_000_000
"""A file changed this recently may change again within the same clock tick unnoticed."""

Stamp = tuple[int, int, int, int]


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
        memo.store = store  # this run's: its notes are this run's
        return memo


def stamp_of(path: str) -> Stamp | None:
    """What `stat` says of a file, as compared between runs; None if it cannot say."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def reread(
    files: dict[str, tuple[Stamp, Any]], seen: dict[str, tuple[Stamp, Any]]
) -> Callable[[str, Callable[[], Any]], Any]:
    """`load(path, read)`: the file as kept in `files` when its stamp is unchanged, else
    `read()`; what it returns is noted in `seen`, the files of this run."""

    def load(name: str, read: Callable[[], Any]) -> Any:
        stamp = stamp_of(name)  # before the read: a change during it shows next time
        kept = files.get(name)
        if stamp is not None and kept is not None and kept[0] == stamp:
            seen[name] = kept
            return kept[1]
        loaded = read()
        if stamp is not None and time.time_ns() - max(stamp[1], stamp[2]) > RACY_NS:
            seen[name] = (stamp, loaded)
        return loaded

    return load
