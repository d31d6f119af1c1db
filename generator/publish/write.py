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
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

_STAGE_SUFFIX = ".briefings-tmp"

_Stamp = list[int | str]
"""[size, inode, ctime_ns, sha256 of the bytes]."""
RACY_NS = 2_000_000_000
"""A file changed this recently may change again within the same clock tick
unnoticed, so its stamp is not trusted (git's "racy clean" problem)."""


@dataclass
class WriteReport:
    """What a write changed."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def write_pages(
    pages: Iterable[tuple[str, bytes]], out_dir: Path, manifest: Path | None = None
) -> WriteReport:
    """Make `out_dir` hold exactly `pages` (path, bytes), rewriting only files that changed.

    With a `manifest` (a file outside `out_dir`, so no engine publishes it), what
    this run wrote is recorded, and the next run need not read unchanged files back.
    """
    report = WriteReport()
    wanted: dict[str, bytes] = {}
    for dest, data in pages:
        if dest in wanted:
            raise ValueError(f"two pages would be written to {dest}")
        wanted[dest] = data
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_stages(out_dir)
    known = _read_manifest(manifest) if manifest else {}
    hashes = {dest: hashlib.sha256(data).hexdigest() for dest, data in wanted.items()}
    staged: list[tuple[Path, Path]] = []
    for dest, data in sorted(wanted.items()):
        target = out_dir / dest
        if _unchanged(target, data, hashes[dest], known.get(dest)):
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
    if manifest:
        _write_manifest(manifest, out_dir, hashes)
    return report


def _unchanged(target: Path, data: bytes, digest: str, known: _Stamp | None) -> bool:
    """True if `target` holds `data`: trusted from the manifest while the file is untouched."""
    try:
        stat = target.stat()
    except OSError:
        return False
    if stat.st_size != len(data):
        return False
    # Any write to the file, or its replacement, changes its inode or ctime (which
    # no tool can set back), so a matching stamp means the bytes are the ones hashed.
    if known == [stat.st_size, stat.st_ino, stat.st_ctime_ns, digest]:
        return True
    try:
        return target.read_bytes() == data
    except OSError:
        return False


def _read_manifest(manifest: Path) -> dict[str, _Stamp]:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_manifest(manifest: Path, out_dir: Path, hashes: dict[str, str]) -> None:
    stamps: dict[str, _Stamp] = {}
    now = time.time_ns()
    for dest, digest in hashes.items():
        stat = (out_dir / dest).stat()
        ctime = stat.st_ctime_ns if now - stat.st_ctime_ns >= RACY_NS else 0  # 0: compare the bytes
        stamps[dest] = [stat.st_size, stat.st_ino, ctime, digest]
    manifest.parent.mkdir(parents=True, exist_ok=True)
    stage = manifest.with_name(manifest.name + _STAGE_SUFFIX)
    stage.write_text(json.dumps(stamps, sort_keys=True), encoding="utf-8")
    os.replace(stage, manifest)


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
