"""Results kept between runs, keyed by content hash: they can never be stale.

The key of every entry is the SHA-256 of its input text, and the file records
a hash of the generator's code and of the libraries whose output is cached:
a changed input is a new key, a changed generator starts the cache afresh.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import pickle
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@cache
def code_version() -> str:
    """A hash of the generator's code and the libraries whose output it caches."""
    digest = hashlib.sha256(sys.version.encode())
    here = Path(__file__).parent
    for path in sorted(here.rglob("*.py")):
        digest.update(path.relative_to(here).as_posix().encode() + path.read_bytes())
    for package in ("PyYAML", "pydantic", "Markdown", "nh3", "Jinja2", "babel"):  # babel: CLDR dates
        digest.update(f"{package}={importlib.metadata.version(package)}".encode())
    return digest.hexdigest()


def load_entries(path: Path) -> dict[Any, Any]:
    """The entries a cache file holds, or none if it is missing, damaged, or written by other code."""
    try:
        with path.open("rb") as file:
            version, entries = pickle.load(file)  # our own file, under the project
    except Exception:  # a missing, truncated or foreign file is an empty cache
        return {}
    return entries if version == code_version() and isinstance(entries, dict) else {}


def save_entries(path: Path, entries: dict[Any, Any]) -> None:
    """Write a cache file under the code version, atomically (staged, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    stage = path.with_name(path.name + ".tmp")
    with stage.open("wb") as file:
        pickle.dump((code_version(), entries), file, protocol=pickle.HIGHEST_PROTOCOL)
    stage.replace(path)


class DiskMemo(Generic[T]):
    """Results of a pure function of a text, kept on disk between runs.

    Keyed by the SHA-256 of the text, in a file that also records the code
    version: any change to the generator or its libraries starts it afresh, so
    it can never return what the current code would not compute.  The file is
    read when first needed; entries not used in a run that rendered everything
    are dropped when it is saved.
    """

    def __init__(self, path: Path):
        self.path = path
        self._loaded: dict[str, T] | None = None
        self._new: dict[str, T] = {}

    @property
    def _old(self) -> dict[str, T]:
        if self._loaded is None:
            self._loaded = load_entries(self.path)
        return self._loaded

    def wrap(self, function: Callable[[str], T]) -> Callable[[str], T]:
        """`function`, answered from the memo when it has seen the text before."""

        def cached(text: str) -> T:
            key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
            if key in self._new:
                return self._new[key]
            old = self._old
            value = old[key] if key in old else function(text)
            self._new[key] = value
            return value

        return cached

    def save(self, prune: bool = True) -> None:
        """Keep this run's entries for the next run (written atomically); with `prune`,
        only those: otherwise the earlier runs' entries too."""
        if not self._new or (not prune and self._new.keys() <= self._old.keys()):
            return
        if not prune:
            self._new = {**self._old, **self._new}
        elif self._new.keys() == self._old.keys():
            return
        save_entries(self.path, self._new)
