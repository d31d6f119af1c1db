"""Every write the generator makes, and the lock that keeps two runs in one folder apart.

One way to write a file: `atomic_write` stages the bytes beside the target
under one suffix (`STAGE_SUFFIX`) and renames them into place, so a reader, or
a run killed at any moment, sees the old file or the new one, never part of
one.  A write that fails (a full disk, a folder the user may not write) leaves
the target as it was, removes its stage, and raises `WriteError`: a diagnostic
placed at the file, with a hint naming the cause.

Runs that write share one lock, `.cache/briefings/lock` (`run_lock`): a second
run in the same folder waits for the first, saying so, instead of mixing its
files with the first one's.  Under the lock, anything staged is a killed run's
and may be removed.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from generator.errors import BriefingsError

STAGE_SUFFIX = ".briefings-tmp"
"""The one suffix of a file written but not yet renamed into place."""
LOCK_FILE = "lock"


class WriteError(BriefingsError):
    """A file or folder could not be written; nothing was half-written."""

    def __init__(self, shown: str, err: OSError, hint: str | None = None):
        reason = err.strerror or str(err)
        if err.errno in (errno.EEXIST, errno.ENOTDIR):  # a file where a folder is needed
            reason = "a file stands where a folder is needed"
        elif err.errno == errno.EISDIR:
            reason = "a folder stands where the file belongs"
        hint = hint or _hint(err)
        super().__init__(f"cannot write {shown}: {reason}", file=shown, hint=hint, code="unwritable")
        self.errno = err.errno


def _hint(err: OSError) -> str:
    if err.errno in (errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
        return "move it away, or choose another path, then run again"
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full: free some space, then run again (the previous files were left as they were)"
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "make the folder writable (or choose another path), then run again"
    return "check the path and its folder, then run again"


def write_error(err: OSError, shown: Callable[[Path], str] = str, hint: str | None = None) -> WriteError:
    """`err` as a diagnostic placed at the file it names."""
    path = Path(err.filename) if err.filename else Path(".")
    return WriteError(shown(path), err, hint)


def stage(target: Path, data: bytes) -> Path:
    """Write `data` beside `target` under the stage suffix; remove the stage if that fails."""
    staged = target.with_name(target.name + STAGE_SUFFIX)
    try:
        with staged.open("wb") as file:
            file.write(data)
    except OSError as err:
        _unlink(staged)
        raise _about(err, target) from None
    except BaseException:
        _unlink(staged)
        raise
    return staged


def rename(staged: Path, target: Path) -> None:
    """Rename a staged file into place (atomic); an error names the target."""
    try:
        os.replace(staged, target)
    except OSError as err:
        _unlink(staged)
        raise _about(err, target) from None


def _about(err: OSError, target: Path) -> OSError:
    """The error, naming the file the user asked for rather than its stage."""
    return OSError(err.errno, err.strerror, str(target))


def _unlink(path: Path) -> None:
    with suppress(OSError):  # e.g. a folder of that name: it was never ours
        path.unlink(missing_ok=True)


def atomic_write(path: Path, data: bytes) -> bool:
    """Make `path` hold `data` (staged, then renamed); False if it already did.

    Raises OSError with the target's name; the target is as it was.
    """
    try:  # lstat: a link or special file put at the name is replaced, never read or written through
        info = path.lstat()
        if stat.S_ISREG(info.st_mode) and info.st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = stage(path, data)
    try:
        rename(staged, path)
    except BaseException:
        _unlink(staged)
        raise
    return True


def remove_stages(folder: Path) -> None:
    """Files staged by a run killed before it renamed them."""
    for stale in folder.rglob("*" + STAGE_SUFFIX):
        stale.unlink(missing_ok=True)


def remove_folders(root: Path, prefix: str) -> list[str]:
    """Folders a killed run left in `root` (e.g. `.site-build-*`), removed; their names."""
    gone = []
    for stale in sorted(root.glob(prefix + "*")):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
            gone.append(stale.name)
    return gone


_held: dict[Path, int] = {}
"""Locks this process holds, by lock file, with how many callers hold each."""


def _say(message: str) -> None:
    print(f"briefings: {message}", file=sys.stderr, flush=True)


@contextmanager
def run_lock(cache: Path, say: Callable[[str], None] = _say) -> Iterator[bool]:
    """Hold the folder's lock while the block runs: True when held.

    A project whose cache folder cannot be written runs unlocked (it can write
    nothing either).  Re-entrant within one process (a build generates).
    """
    path = cache / LOCK_FILE
    if path in _held:
        _held[path] += 1
        try:
            yield True
        finally:
            _held[path] -= 1
        return
    try:
        cache.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say("another briefings run is working in this folder; waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        _held[path] = 1
        try:
            yield True
        finally:
            del _held[path]
    finally:
        os.close(fd)  # releases the lock
