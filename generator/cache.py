"""Everything kept between runs: one versioned store, one namespace per kind of entry.

`Store` keeps each namespace (`parse`, `checked`, `files`, `markdown`, `templates`,
`briefs-json`, `bodies`, `outputs`) in one file, `.cache/briefings/<namespace>.pickle`,
written atomically (`fsio.atomic_write`) under the format and the hash of the
generator's code and of the libraries whose output is cached: a changed
generator starts every namespace afresh.  A run that adds a few entries to a large
namespace (one file edited among 21,000) writes them beside it, in
`<namespace>.more.pickle`, which names the file it extends; the namespace is written
whole again once those grow past an eighth of it.  Entries are found by a key that
names what they were made from:

* the SHA-256 of the input text, for pure functions of a text (`DiskMemo`);
* a name (a brief's id, an output's path) with the fingerprint of the inputs
  the entry was made from, checked on every use (`BodyCache`, the write's
  records): a changed input never matches the stored fingerprint.

So no entry can be stale.  The store is an optimisation: a project whose
cache cannot be written runs without it, with one note.  Unpickling runs code,
so only files this machine wrote are read: a cache file committed to the
repository (a pull request could add one) or a link is never opened, and the
run goes on without the cache, with one note.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
import pickle
import stat
import subprocess
import sys
from collections.abc import Callable
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar

from generator.fsio import atomic_write

T = TypeVar("T")

FORMAT = 3
"""The layout of a namespace's file: (FORMAT, code_version(), token, entries); of the entries
added beside it: (FORMAT, code_version(), the token of the file they extend, entries)."""


@cache
def code_version() -> str:
    """A hash of the generator's code and the libraries whose output it caches."""
    digest = hashlib.sha256(sys.version.encode())
    here = Path(__file__).parent
    for path in sorted(here.rglob("*.py")):
        digest.update(path.relative_to(here).as_posix().encode() + path.read_bytes())
    # pyromark and nh3: the Markdown fields; Markdown: headings' anchors (check/records.py);
    # babel: CLDR dates
    for package in ("PyYAML", "pydantic", "Markdown", "pyromark", "nh3", "Jinja2", "babel"):
        digest.update(f"{package}={importlib.metadata.version(package)}".encode())
    return digest.hexdigest()


class Store:
    """The cache folder of one project: `load` and `save` a namespace's entries."""

    def __init__(self, folder: Path, shown: str = "") -> None:
        self.folder = folder
        self.shown = shown or str(folder)
        """The folder as the user's messages name it."""
        self.notes: list[str] = []
        """What went wrong saving (at most one line): the run went on without the cache."""
        self._added: dict[str, tuple[str, dict[Any, Any]]] = {}
        """Namespace -> (the token of its file as loaded or saved, the entries added beside it)."""

    def path(self, namespace: str, added: bool = False) -> Path:
        """The file of a namespace (`added`: of the entries added beside it)."""
        return self.folder / f"{namespace}{'.more' if added else ''}.pickle"

    @cached_property
    def trusted(self) -> bool:
        """Whether the folder holds only what runs on this machine wrote: nothing in it is
        tracked by git (a committed cache file would run its code when unpickled)."""
        try:
            proc = subprocess.run(
                ["git", "ls-files", "-z", "--", "."], cwd=self.folder, capture_output=True, check=False
            )
        except OSError:  # no git, or no folder yet: nothing committed can be in it
            return True
        if proc.returncode == 0 and proc.stdout:
            self.notes.append(
                f"note: ran without a cache: {self.shown}/ holds files committed to the repository, "
                "which are never read (remove them with `git rm -r --cached`)"
            )
            return False
        return True

    def load(self, namespace: str) -> dict[Any, Any]:
        """A namespace's entries, or none if missing, damaged, written by other code, or untrusted."""
        token, entries = self._read(self.path(namespace))
        if token is None:
            return {}
        more_token, more = self._read(self.path(namespace, added=True))
        more = more if more_token == token else {}  # else added to a file since replaced
        self._added[namespace] = (token, more)
        return {**entries, **more} if more else entries

    def _read(self, path: Path) -> tuple[str | None, dict[Any, Any]]:
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode) or not self.trusted:
                return None, {}
            with path.open("rb") as file:
                layout, version, token, entries = pickle.load(file)  # our own file, under the project
        except Exception:  # a missing, truncated or foreign file is an empty namespace
            return None, {}
        current = layout == FORMAT and version == code_version() and isinstance(entries, dict)
        return (token, entries) if current and isinstance(token, str) else (None, {})

    def save(self, namespace: str, entries: dict[Any, Any]) -> None:
        """Keep a namespace's entries for the next run; an unwritable cache is a note, not an error."""
        token = os.urandom(8).hex()
        if self._write(self.path(namespace), (FORMAT, code_version(), token, entries)):
            self._added[namespace] = (token, {})
            with contextlib.suppress(OSError):  # else it names the file replaced: never read
                os.unlink(self.path(namespace, added=True))

    def carry(self, earlier: Store, namespace: str) -> None:
        """Know a namespace's file as `earlier` (a store of the same folder) left it: a
        long-lived process's memo goes on adding to the file its last run wrote."""
        if earlier is not self and namespace in earlier._added:
            self._added.setdefault(namespace, earlier._added[namespace])

    def added(self, namespace: str) -> int | None:
        """How many entries were added beside the namespace's file; None if this run has not
        loaded or saved it (nothing can be added to it then)."""
        found = self._added.get(namespace)
        return None if found is None else len(found[1])

    def add(self, namespace: str, entries: dict[Any, Any]) -> None:
        """Keep `entries` with the namespace (loaded or saved by this run) without writing it whole."""
        token, more = self._added[namespace]
        more = {**more, **entries}
        if self._write(self.path(namespace, added=True), (FORMAT, code_version(), token, more)):
            self._added[namespace] = (token, more)

    def _write(self, path: Path, content: tuple[Any, ...]) -> bool:
        try:
            atomic_write(path, pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as err:
            if not self.notes:
                reason = err.strerror or err
                self.notes.append(f"note: ran without a cache: cannot write {self.shown}/ ({reason})")
            return False
        return True


def text_key(*parts: str) -> str:
    """The key of what is made from these texts alone: the SHA-256 of them, each length-prefixed."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


class DiskMemo(Generic[T]):
    """Results of a pure function of a text, kept in a namespace of the store.

    Keyed by the SHA-256 of the text (`wrap`), or by a key made with `text_key` from
    everything an entry depends on (`known`, `keep`).  Read when first needed; entries
    not used in a run that rendered everything are dropped when it is saved.
    """

    def __init__(self, store: Store, namespace: str):
        self.store = store
        self.namespace = namespace
        self._loaded: dict[str, T] | None = None
        self._new: dict[str, T] = {}

    @property
    def _old(self) -> dict[str, T]:
        if self._loaded is None:
            self._loaded = self.store.load(self.namespace)
        return self._loaded

    def wrap(self, function: Callable[[str], T]) -> Callable[[str], T]:
        """`function`, answered from the memo when it has seen the text before."""

        def cached(text: str) -> T:
            key = text_key(text)
            found = self.known(key)
            if found is None:
                found = self.keep(key, function(text))
            return found

        return cached

    def known(self, key: str) -> T | None:
        """The entry kept under `key` (by this run or an earlier one), or None."""
        if key in self._new:
            return self._new[key]
        old = self._old
        if key not in old:
            return None
        self._new[key] = old[key]
        return old[key]

    def keep(self, key: str, value: T) -> T:
        """Keep `value` under `key`, a digest of everything it was made from."""
        self._new[key] = value
        return value

    def save(self, prune: bool = True) -> None:
        """Keep this run's entries for the next run; with `prune`, only those:
        otherwise the earlier runs' entries too.  A memo kept by a long-lived process
        (`session.Session`) then starts its next run from what was kept.

        A few new entries are added beside the namespace's file, and the entries this run
        did not use are dropped only when it is written whole (an eighth of it added, or a
        quarter unused): one file edited does not rewrite what 21,000 files made."""
        if not self._new:
            return
        old = self._old
        added = {k: v for k, v in self._new.items() if old.get(k, _NONE) is not v}
        unused = len(old.keys() - self._new.keys()) if prune else 0
        if not added and not unused:
            self._new = {}
            return
        pending = self.store.added(self.namespace)
        if pending is not None and pending + len(added) <= len(old) // 8 and unused <= len(old) // 4:
            self.store.add(self.namespace, added)
            self._loaded = {**old, **added}
        else:
            self._loaded = self._new if prune else {**old, **self._new}
            self.store.save(self.namespace, self._loaded)
        self._new = {}


_NONE = object()
"""No entry (`None` may be one)."""
