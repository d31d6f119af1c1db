"""The live preview at scale: seconds from saving a brief to `briefings serve` serving the changed page.

For bench/run.py (which owns the report).

    preview_seconds(root, runs=1, port=None, start_timeout=1800.0) -> PreviewTimes
        `root` is a corpus project (bench/corpus.py's `write_project`).  Starts
        `briefings serve` on a free 127.0.0.1 port in its own process group,
        waits until it serves the first brief's page, then `runs` times: edits
        that brief's status note (a new word, as bench/run.py's `edit_brief`
        does) and polls the page every 20 ms until the new word is in it.
        `.seconds` holds one figure per run (save -> changed page served),
        `.startup` the seconds until the first page was served.  Stops the
        server, and restores the brief, before returning.

    python -m bench.measure_serve bench/out/n1000 [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.corpus import TODAY, brief_id

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class PreviewTimes:
    """What the preview took."""

    startup: float = 0.0
    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return float(statistics.median(self.seconds))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError):
        return ""


def _set_status_note(path: Path, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("status_note:"):
            lines[i] = f"status_note: {text}\n"
    path.write_text("".join(lines), encoding="utf-8")


def preview_seconds(
    root: Path, runs: int = 1, port: int | None = None, start_timeout: float = 1800.0
) -> PreviewTimes:
    """Save one brief `runs` times under a running `briefings serve`; how long each took to show."""
    from generator.commands.serve import preview_url
    from generator.project import Project

    port = port or _free_port()
    page = preview_url(Project(root), port, TODAY) + f"briefs/{brief_id(0)}/"
    brief = root / "content" / "briefs" / f"{brief_id(0)}.yaml"
    original = brief.read_bytes()
    times = PreviewTimes()
    argv = ["--project", str(root), "--today", TODAY.isoformat(), "serve", "--port", str(port)]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", *argv],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as one
        )
        try:
            start = time.perf_counter()
            while "Brief 0" not in _fetch(page):
                if proc.poll() is not None or time.perf_counter() - start > start_timeout:
                    log.seek(0)
                    raise RuntimeError(f"the preview did not start:\n{log.read().decode()[-3000:]}")
                time.sleep(0.5)
            times.startup = time.perf_counter() - start
            for run in range(runs):
                word = f"previewmark{run}x{time.time_ns()}"
                _set_status_note(brief, f"Edited for the preview benchmark, {word}.")
                saved = time.perf_counter()
                while word not in _fetch(page):
                    if time.perf_counter() - saved > 300:
                        log.seek(0)
                        raise RuntimeError(f"the edit did not show:\n{log.read().decode()[-3000:]}")
                    time.sleep(0.02)
                times.seconds.append(time.perf_counter() - saved)
                time.sleep(1.0)  # let the aggregates finish before the next save
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            brief.write_bytes(original)
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Seconds from a save to the changed page in the preview.")
    parser.add_argument("root", type=Path, help="a corpus project (bench/out/nN)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    times = preview_seconds(args.root, args.runs)
    each = ", ".join(f"{s:.2f}" for s in times.seconds)
    print(f"preview: startup {times.startup:.1f}s; save -> page {times.median:.2f}s median ({each})")


if __name__ == "__main__":
    main()
