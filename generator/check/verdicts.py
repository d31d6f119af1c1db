"""Each content file's own verdict, kept between runs (see `Verdicts`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from generator.cache import DiskMemo
from generator.errors import Diagnostic
from generator.read.load import LoadedFile


class Verdicts:
    """Each file's own checks, kept between runs: whether its model is valid, and the
    diagnostics of its load, its characters, its schema and the rules of that file alone.

    Keyed by the file's text, its name, its kind and what the rules read of the site (its
    words, the page's anchors), under the generator's code version (`cache.Store`), so a
    changed text, rule or schema is checked afresh.  A file found again is neither parsed
    (the `parse` memo) nor checked again: its model is built from its parsed data by
    pydantic's compiled validator, which costs less than unpickling a kept model (measured
    at 1,000 briefs and 20,000 events); a long-lived process keeps the models themselves
    (`models`, from the last run)."""

    def __init__(self, memo: DiskMemo[tuple[bool, list[Diagnostic]]], models: dict[str, Any] | None = None):
        self.memo = memo
        self.kept = models or {}
        self.models: dict[str, Any] = {}
        """This run's models, by key: what a long-lived process keeps for its next run."""
        self.digests: dict[str, str] = {}
        """The SHA-256 of each file's text, by the file as shown: what each model is made of."""

    def found(
        self, key: str, file: LoadedFile, model: type[BaseModel]
    ) -> tuple[Any, list[Diagnostic]] | None:
        """(the file's model or None, its diagnostics) if this key was checked before."""
        known = self.memo.known(key)
        if known is None:
            return None
        valid, placed = known
        if not valid:
            return None, placed
        if key not in self.kept:
            self.kept[key] = model.model_validate(file.data)
        self.models[key] = self.kept[key]
        return self.models[key], placed

    def keep(self, key: str, instance: Any, placed: list[Diagnostic]) -> None:
        """Keep a file's verdict, just made."""
        self.memo.keep(key, (instance is not None, placed))
        if instance is not None:
            self.models[key] = instance
