"""A progress bar on stderr for runs longer than a second; silent in CI and off a terminal.

The bar appears only once a run has taken `DELAY` seconds, so a quick
`briefings generate` prints nothing more than before, and it is transient:
it disappears when the run ends, leaving only the usual report.
"""

from __future__ import annotations

import os
import sys
import time
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

DELAY = 1.0
"""Seconds before the bar shows."""


def wanted(stream: TextIO) -> bool:
    """A bar only for a person watching: a terminal, and not CI (which sets `CI`)."""
    return stream.isatty() and not os.environ.get("CI")


class Progress:
    """Stages of a run (`stage`), each with an optional count of steps (`advance`)."""

    def __init__(self, enabled: bool | None = None, stream: TextIO | None = None, delay: float = DELAY):
        self._stream = stream or sys.stderr
        self.enabled = wanted(self._stream) if enabled is None else enabled
        self._delay = delay
        self._start = time.monotonic()
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None
        self._stage: tuple[str, int | None] = ("", None)
        self._done = 0

    def stage(self, name: str, total: int | None = None) -> None:
        """Begin the next stage, e.g. `stage("Loading", 1000)`."""
        self._stage, self._done = (name, total), 0
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, description=name, total=total, completed=0)
        self._maybe_show()

    def advance(self, steps: int = 1) -> None:
        """Count steps of the current stage."""
        self._done += steps
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=self._done)
        else:
            self._maybe_show()

    def _maybe_show(self) -> None:
        if not self.enabled or self._bar is not None or time.monotonic() - self._start < self._delay:
            return
        self._bar = RichProgress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=self._stream),
            transient=True,
        )
        self._bar.start()
        name, total = self._stage
        self._task = self._bar.add_task(name, total=total, completed=self._done)

    @property
    def shown(self) -> bool:
        """Whether the bar has appeared."""
        return self._bar is not None

    def close(self) -> None:
        """Remove the bar."""
        if self._bar is not None:
            self._bar.stop()

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
