"""Write rendered outputs into the generated folder.

The one invariant of incremental rendering: every file in the generated folder
holds the bytes a run with no cache would write for the same project.  An
output is rendered only when the fingerprint of its inputs (`render/inputs.py`:
those the assemble step names, and those rendering observed in the run that
wrote it) equals the one recorded with its file, and the file still holds the
recorded bytes; `briefings generate --verify` renders everything afresh and
checks the invariant.

The generated folder belongs to the generator alone: files not among this
run's outputs are removed from it.  A file is written only when its bytes
changed, so a live preview reloads only what changed.  (`publish/swap.py`
swaps a built site into place.)  Search keep-out is part
of the write (`publish/search.py`): a page with a section over the engines'
index limit is written with `search: exclude: true`, decided from facts each
record keeps about its page, so `generate`, `serve` and `build` hand the engine
the same folder and nothing rewrites it afterwards.

Writing is staged (`fsio`): every changed file is first written beside its
target, and only when all of them are on disk are they renamed into place,
with Ctrl-C held back; the list of renames is journalled first, so a run
killed among them is completed by the next one, which says so.  A failed
write (a full disk) removes what it staged and leaves the folder as it was.

The records (`outputs` in the cache store) keep, per file, its stamp, the
digest of its bytes and the fingerprint of the inputs it was rendered from.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.cache import Store
from generator.fsio import STAGE_SUFFIX, atomic_write, remove_stages, rename, stage
from generator.publish import search
from generator.render.inputs import Digests
from generator.render.output import Output

NAMESPACE = "outputs"
JOURNAL = "renaming"
"""In the store's folder while a run renames its staged files into place."""

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
    kept_out: list[search.KeptOut] = field(default_factory=list)
    """Pages written with `search: exclude: true`: a section over the index limit."""
    repaired: int = 0
    """Files of a run killed among its renames, put in place by this one."""


@dataclass(frozen=True)
class _Record:
    """What the store knows of one file written."""

    digest: str
    """SHA-256 of the bytes written."""
    fingerprint: str
    """Of the inputs they were rendered from."""
    observed: tuple[str, ...]
    """Inputs rendering read beyond the output's declared ones."""
    stamp: tuple[int, int, int] | None = None
    """(size, inode, ctime) of the file once written; None: compare the bytes."""
    page: search.PageStats | None = None
    """Of a Markdown page as rendered, before any keep-out."""
    kept_out: bool = False
    """Written with `search: exclude: true`."""


def write_outputs(
    outputs: Iterable[Output],
    digests: Digests,
    out_dir: Path,
    store: Store,
    progress: Callable[[], None] = lambda: None,
) -> WriteReport:
    """Make `out_dir` hold exactly `outputs`, rendering only those whose inputs changed.

    `progress` is called once per output, rendered or not.  Raises OSError (with
    the failing file's name) when the folder cannot be written: then it is as it was.
    """
    _remove_foreign(out_dir)  # before any file of it is read
    outputs = list(outputs)
    by_path = {o.path: o for o in outputs}
    if len(by_path) != len(outputs):
        raise ValueError("two outputs would be written to one path")
    report = WriteReport()
    out_dir.mkdir(parents=True, exist_ok=True)
    report.repaired = _finish_renames(store, out_dir)
    remove_stages(out_dir)
    if store.folder.is_dir():
        remove_stages(store.folder)  # a killed run's cache files, never renamed into place
    known: dict[str, _Record] = store.load(NAMESPACE)
    raw: dict[str, bytes] = {}
    records: dict[str, _Record] = {}
    for output in by_path.values():
        old = known.get(output.path)
        observed = frozenset(old.observed) if old else frozenset()
        fingerprint = digests.fingerprint(output.inputs | observed)
        if old and old.fingerprint == fingerprint and _holds(out_dir / output.path, old):
            records[output.path] = old
        else:
            data = raw[output.path] = output.render()
            report.rendered.append(output.path)
            if output.observed() != observed:
                observed = output.observed()
                fingerprint = digests.fingerprint(output.inputs | observed)
            page = search.page_stats(data.decode()) if output.path.endswith(".md") else None
            records[output.path] = _Record("", fingerprint, tuple(sorted(observed)), page=page)
        progress()
    wanted = _keep_out(by_path, raw, records, out_dir, report)
    _replace(out_dir, store, wanted, known, records, report)
    report.unchanged = len(records) - len(report.written)
    _remove_others(out_dir, records, report)
    _save_records(store, out_dir, records)
    return report


def _keep_out(
    outputs: dict[str, Output],
    raw: dict[str, bytes],
    records: dict[str, _Record],
    out_dir: Path,
    report: WriteReport,
) -> dict[str, bytes]:
    """The bytes to write: each rendered output's, and those of pages whose place in search
    changed, with every page over the index limit kept out of search."""

    rendered = set(raw)

    def text(dest: str) -> str:
        if dest not in raw:  # not rendered: the file is the page as rendered, unless kept out
            kept = records[dest].kept_out
            raw[dest] = outputs[dest].render() if kept else (out_dir / dest).read_bytes()
        return raw[dest].decode()

    stats = {d: r.page for d, r in records.items() if r.page is not None}
    report.kept_out = search.over_limit_of(stats, text)
    out = {k.dest for k in report.kept_out}
    wanted: dict[str, bytes] = {}
    for dest, record in records.items():
        kept = dest in out
        if dest not in rendered and kept == record.kept_out:
            continue  # unchanged, and as much in search as before
        if kept:
            data = search.exclude_from_search(text(dest)).encode()
        else:
            data = raw[dest] if dest in raw else text(dest).encode()  # back into search: as rendered
        wanted[dest] = data
        records[dest] = replace(record, digest=hashlib.sha256(data).hexdigest(), kept_out=kept, stamp=None)
    return wanted


def _replace(
    out_dir: Path,
    store: Store,
    wanted: dict[str, bytes],
    known: dict[str, _Record],
    records: dict[str, _Record],
    report: WriteReport,
) -> None:
    """Stage every changed file, then rename them all into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for dest, data in sorted(wanted.items()):
            target = out_dir / dest
            old = known.get(dest)
            if old and old.digest == records[dest].digest and _holds(target, old):
                records[dest] = replace(records[dest], stamp=old.stamp)
                continue  # rendered again, to the same bytes
            if not old and _same_bytes(target, data):
                continue  # an older generator, or a lost cache, wrote these bytes
            target.parent.mkdir(parents=True, exist_ok=True)
            staged.append((stage(target, data), target))
            report.written.append(dest)
    except BaseException:
        for path, _ in staged:
            path.unlink(missing_ok=True)
        raise
    if not staged:
        return
    journal = _journal(store, out_dir, staged)
    with _uninterrupted():
        for path, target in staged:
            rename(path, target)
        if journal is not None:
            journal.unlink(missing_ok=True)


def _journal(store: Store, out_dir: Path, staged: list[tuple[Path, Path]]) -> Path | None:
    """Journal the renames about to be made; None if the cache cannot be written."""
    journal = store.folder / JOURNAL
    lines = "".join(target.relative_to(out_dir).as_posix() + "\n" for _, target in staged)
    try:
        atomic_write(journal, lines.encode())
    except OSError:
        return None
    return journal


def _finish_renames(store: Store, out_dir: Path) -> int:
    """Put in place the files staged by a run killed among its renames; how many."""
    journal = store.folder / JOURNAL
    try:
        names = journal.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    done = 0
    for rel in names:
        target = out_dir / rel
        staged = target.with_name(target.name + STAGE_SUFFIX)
        if rel and staged.is_file() and target.resolve().is_relative_to(out_dir.resolve()):
            os.replace(staged, target)
            done += 1
    journal.unlink(missing_ok=True)
    return done


@contextmanager
def _uninterrupted() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back until the block is done: the renames take milliseconds."""
    try:
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    except (AttributeError, ValueError, OSError):  # no signal masks here
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _remove_others(out_dir: Path, records: dict[str, _Record], report: WriteReport) -> None:
    for path in sorted(out_dir.rglob("*"), reverse=True):
        rel = path.relative_to(out_dir).as_posix()
        if (path.is_file() or path.is_symlink()) and rel not in records:
            path.unlink()
            report.removed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def verify_outputs(outputs: Iterable[Output], out_dir: Path) -> list[str]:
    """The outputs whose file differs from a fresh render of them (search keep-out included)."""
    rendered = {o.path: o.render() for o in outputs}
    texts = {d: data.decode() for d, data in rendered.items() if d.endswith(".md")}
    for kept in search.over_limit(texts):
        rendered[kept.dest] = search.exclude_from_search(texts[kept.dest]).encode()
    return [dest for dest, data in sorted(rendered.items()) if not _same_bytes(out_dir / dest, data)]


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


def _save_records(store: Store, out_dir: Path, records: dict[str, _Record]) -> None:
    now = time.time_ns()
    kept = {}
    for dest, record in records.items():
        stat = (out_dir / dest).stat()
        recent = now - stat.st_ctime_ns < RACY_NS  # within a clock tick of a write: compare the bytes
        stamp = None if recent else (stat.st_size, stat.st_ino, stat.st_ctime_ns)
        kept[dest] = replace(record, stamp=stamp)
    store.save(NAMESPACE, kept)


def _remove_foreign(out_dir: Path) -> None:
    """Links and special files: never written by the generator, so put there by someone else
    (a committed `generated/x -> /etc`); the engine would publish what they point at."""
    for dirpath, dirnames, filenames in os.walk(out_dir):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            if path.is_symlink() or not (path.is_dir() or path.is_file()):
                path.unlink()
