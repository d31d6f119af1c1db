"""Write rendered outputs into the generated folder, and publish a built site.

The generated folder belongs to the generator alone: files not among this
run's outputs are removed from it.  An output is rendered only when one of its
inputs changed since the run that wrote it (or its file is missing or was
changed by hand), and written only when its bytes changed, so a live preview
reloads only what changed.  Writing is staged: every changed file is first
written beside its target under a temporary name, and only when all of them
are on disk are they renamed into place, each rename atomic.  Nothing is
written at all unless rendering finished without error.

The manifest (outside the generated folder) records, per file, its stamp and
the fingerprint of the inputs it was rendered from, under the generator's code
version: a new version renders everything again.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.cache import code_version
from generator.render.inputs import Digests
from generator.render.output import Output

_STAGE_SUFFIX = ".briefings-tmp"

RACY_NS = 2_000_000_000
"""A file changed this recently may change again within the same clock tick
unnoticed, so its stamp is not trusted (git's "racy clean" problem)."""


@dataclass
class WriteReport:
    """What a write changed."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    """Files left as they were (rendered to the same bytes, or not rendered at all)."""
    rendered: list[str] = field(default_factory=list)
    """Outputs rendered this run: the others' inputs had not changed."""


@dataclass(frozen=True)
class _Record:
    """What the manifest knows of one file it wrote."""

    digest: str
    """SHA-256 of the bytes written."""
    fingerprint: str
    """Of the inputs they were rendered from."""
    observed: tuple[str, ...]
    """Inputs rendering read beyond the output's declared ones."""
    stamp: tuple[int, int, int] | None = None
    """(size, inode, ctime) of the file once written; None: compare the bytes."""


def write_outputs(
    outputs: Iterable[Output],
    digests: Digests,
    out_dir: Path,
    manifest: Path,
    progress: Callable[[], None] = lambda: None,
) -> WriteReport:
    """Make `out_dir` hold exactly `outputs`, rendering only those whose inputs changed.

    `progress` is called once per output, rendered or not.
    """
    _remove_foreign(out_dir)  # before any file of it is read
    known = _read_manifest(manifest)
    wanted: dict[str, bytes] = {}
    records: dict[str, _Record] = {}
    report = WriteReport()
    for output in outputs:
        if output.path in records:
            raise ValueError(f"two outputs would be written to {output.path}")
        old = known.get(output.path)
        observed = frozenset(old.observed) if old else frozenset()
        fingerprint = digests.fingerprint(output.inputs | observed)
        if old and old.fingerprint == fingerprint and _holds(out_dir / output.path, old):
            records[output.path] = old
        else:
            data = wanted[output.path] = output.render()
            report.rendered.append(output.path)
            if output.observed() != observed:
                observed = output.observed()
                fingerprint = digests.fingerprint(output.inputs | observed)
            digest = hashlib.sha256(data).hexdigest()
            records[output.path] = _Record(digest, fingerprint, tuple(sorted(observed)))
        progress()
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_stages(out_dir)
    staged: list[tuple[Path, Path]] = []
    for dest, data in sorted(wanted.items()):
        target = out_dir / dest
        old = known.get(dest)
        if old and old.digest == records[dest].digest and _holds(target, old):
            continue  # rendered again, to the same bytes
        if not old and _same_bytes(target, data):
            continue  # an older generator, or a lost manifest, wrote these bytes
        target.parent.mkdir(parents=True, exist_ok=True)
        stage = target.with_name(target.name + _STAGE_SUFFIX)
        stage.write_bytes(data)
        staged.append((stage, target))
        report.written.append(dest)
    for stage, target in staged:
        os.replace(stage, target)
    report.unchanged = len(records) - len(report.written)
    for path in sorted(out_dir.rglob("*"), reverse=True):
        rel = path.relative_to(out_dir).as_posix()
        if path.is_file() and rel not in records:
            path.unlink()
            report.removed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    _write_manifest(manifest, out_dir, records)
    return report


def _holds(target: Path, record: _Record) -> bool:
    """True if `target` still holds the bytes the record was written with."""
    try:
        stat = target.stat()
    except OSError:
        return False
    # Any write to the file, or its replacement, changes its inode or ctime (which
    # no tool can set back), so a matching stamp means the bytes are the ones hashed.
    if record.stamp == (stat.st_size, stat.st_ino, stat.st_ctime_ns):
        return True
    if record.stamp is not None and record.stamp[0] != stat.st_size:
        return False
    try:
        return hashlib.sha256(target.read_bytes()).hexdigest() == record.digest
    except OSError:
        return False


def _same_bytes(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _read_manifest(manifest: Path) -> dict[str, _Record]:
    """The records of the last run, if it ran this version of the generator."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != code_version():
        return {}
    records = {}
    for dest, row in (data.get("files") or {}).items():
        try:
            digest, fingerprint, observed, stamp = row
            trusted = (int(stamp[0]), int(stamp[1]), int(stamp[2])) if stamp else None
            records[str(dest)] = _Record(str(digest), str(fingerprint), tuple(map(str, observed)), trusted)
        except (TypeError, ValueError, IndexError):
            continue  # a damaged row: that output is rendered again
    return records


def _write_manifest(manifest: Path, out_dir: Path, records: dict[str, _Record]) -> None:
    files: dict[str, list[Any]] = {}
    now = time.time_ns()
    for dest, record in records.items():
        stat = (out_dir / dest).stat()
        recent = now - stat.st_ctime_ns < RACY_NS  # within a clock tick of a write: compare the bytes
        stamp = None if recent else [stat.st_size, stat.st_ino, stat.st_ctime_ns]
        files[dest] = [record.digest, record.fingerprint, list(record.observed), stamp]
    manifest.parent.mkdir(parents=True, exist_ok=True)
    stage = manifest.with_name(manifest.name + _STAGE_SUFFIX)
    text = json.dumps({"version": code_version(), "files": files}, sort_keys=True)
    stage.write_text(text, encoding="utf-8")
    os.replace(stage, manifest)


def _remove_foreign(out_dir: Path) -> None:
    """Links and special files: never written by the generator, so put there by someone else
    (a committed `generated/x -> /etc`); the engine would publish what they point at."""
    for dirpath, dirnames, filenames in os.walk(out_dir):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            if path.is_symlink() or not (path.is_dir() or path.is_file()):
                path.unlink()


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
