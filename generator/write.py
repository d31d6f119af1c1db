"""Write rendered pages into the generated folder, and publish a built site.

The generated folder belongs to the generator alone: files it did not render
this run are removed from it.  Only files whose bytes changed are written, so
a live preview reloads only what changed.  Writing is staged: every changed
file is first written beside its target under a temporary name, and only when
all of them are on disk are they renamed into place, each rename atomic.
Nothing is written at all unless rendering finished without error.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .render import Page

_STAGE_SUFFIX = ".briefings-tmp"


@dataclass
class WriteReport:
    """What a write changed."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def write_pages(pages: Iterable[Page | tuple[str, bytes]], out_dir: Path) -> WriteReport:
    """Make `out_dir` hold exactly `pages`, rewriting only files that changed."""
    report = WriteReport()
    wanted: dict[str, bytes] = {}
    for page in pages:
        dest, data = (page.dest, page.content.encode()) if isinstance(page, Page) else page
        if dest in wanted:
            raise ValueError(f"two pages would be written to {dest}")
        wanted[dest] = data
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_stages(out_dir)
    staged: list[tuple[Path, Path]] = []
    for dest, data in sorted(wanted.items()):
        target = out_dir / dest
        if _same_bytes(target, data):
            report.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        stage = target.with_name(target.name + _STAGE_SUFFIX)
        stage.write_bytes(data)
        staged.append((stage, target))
        report.written.append(dest)
    for stage, target in staged:
        os.replace(stage, target)
    for path in sorted(out_dir.rglob("*"), reverse=True):
        rel = path.relative_to(out_dir).as_posix()
        if path.is_file() and rel not in wanted:
            path.unlink()
            report.removed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return report


def _same_bytes(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _remove_stale_stages(out_dir: Path) -> None:
    """Temporary files left by an interrupted run."""
    for stale in out_dir.rglob("*" + _STAGE_SUFFIX):
        stale.unlink()


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
