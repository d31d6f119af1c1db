"""Publish a built site: swap the engine's complete build into `site/`, never leaving it incomplete.

On Linux one atomic exchange of the two folders (`renameat2`); elsewhere two
renames, which `recover_site` undoes if a run dies between them.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
from pathlib import Path


def publish_site(built: Path, site_dir: Path) -> None:
    """Swap a completely built site into place; `site_dir` is never incomplete."""
    recover_site(site_dir)
    old = site_dir.with_name(site_dir.name + ".old")
    if old.exists():
        shutil.rmtree(old)  # left by a run killed while deleting it
    if site_dir.exists() and _exchange(built, site_dir):
        shutil.rmtree(built)  # now the previous site
        return
    # Two renames where an atomic exchange is not available; `recover_site`
    # puts the old site back if a run dies between them.
    if site_dir.exists():
        os.replace(site_dir, old)
    try:
        os.replace(built, site_dir)
    except OSError:
        recover_site(site_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step (Linux `renameat2`); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(done == 0)


def recover_site(site_dir: Path) -> None:
    """If a run died between the two renames of `publish_site`, put the old site back."""
    old = site_dir.with_name(site_dir.name + ".old")
    if old.exists() and not site_dir.exists():
        os.replace(old, site_dir)
