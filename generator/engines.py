"""Site engines: run MkDocs (or a compatible engine) on the generated folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


class BuildError(Exception):
    """The site engine failed; the previous site is untouched."""


def engine_env(root: Path | None = None) -> dict[str, str]:
    """Environment for the engine: reproducible times, no end-of-life banner."""
    env = dict(os.environ)
    # Engines stamp the build time into the sitemap: use the time of the commit being built.
    env.setdefault("SOURCE_DATE_EPOCH", commit_time(root) if root else "0")
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def commit_time(root: Path) -> str:
    """The time of the HEAD commit of the repository holding `root`, in epoch seconds; "0" outside git."""
    try:
        proc = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True)
    except OSError:
        return "0"
    stamp = proc.stdout.strip()
    return stamp if proc.returncode == 0 and stamp.isdigit() else "0"


def run_engine(root: Path, config_file: Path, out: Path, engine: str = "mkdocs") -> None:
    """Run the site engine on the generated folder; raise BuildError on failure."""
    # Not --quiet: MkDocs then drops warnings before --strict can count them.
    cmd = [sys.executable, "-m", engine, "build", "--strict", "-f", str(config_file), "-d", str(out)]
    proc = subprocess.run(cmd, cwd=root, env=engine_env(root), capture_output=True, text=True)
    if proc.returncode != 0:
        problems = [ln for ln in (proc.stderr + proc.stdout).splitlines() if not ln.startswith("INFO")]
        raise BuildError(f"{engine} build failed:\n" + "\n".join(problems).strip())
