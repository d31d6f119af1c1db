"""Site engines: run MkDocs (or a compatible engine) on the generated folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


class BuildError(Exception):
    """The site engine failed; the previous site is untouched."""


def engine_env() -> dict[str, str]:
    """Environment for the engine: reproducible times, no end-of-life banner."""
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "0")
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def run_engine(root: Path, config_file: Path, out: Path, engine: str = "mkdocs") -> None:
    """Run the site engine on the generated folder; raise BuildError on failure."""
    # Not --quiet: MkDocs then drops warnings before --strict can count them.
    cmd = [sys.executable, "-m", engine, "build", "--strict", "-f", str(config_file), "-d", str(out)]
    proc = subprocess.run(cmd, cwd=root, env=engine_env(), capture_output=True, text=True)
    if proc.returncode != 0:
        problems = [ln for ln in (proc.stderr + proc.stdout).splitlines() if not ln.startswith("INFO")]
        raise BuildError(f"{engine} build failed:\n" + "\n".join(problems).strip())
