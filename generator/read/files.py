"""The project's files, read only when they are what they seem: regular files inside the project.

A repository can hold a symbolic link (`docs/env.txt -> /proc/self/environ`)
or a special file (a FIFO, a device), and CI builds every pull request.  Every
file the generator reads or copies into the site comes through here:

* `problem()` says why a path may not be read: it leaves the project (after
  following every link), or it is not a regular file.  It looks with `stat`,
  never by opening, so a FIFO cannot make a run hang;
* `read_bytes()` opens only after that check, without following a last link
  and without blocking, checks the open file again, and reads at most
  `limit + 1` bytes: a file is bounded by what was read, not by `st_size`;
* `files_under()` lists a folder's files for copying, refusing what
  `problem()` refuses; `unsafe_under()` lists every such entry at once, for
  the diagnostics of `validate`.

The errors name the file relative to the project, never what a link points
at, and never its content.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from generator.errors import BriefingsError

MAX_FILE_BYTES = 50_000_000
"""Largest hand-written page, asset or template read (an image may be a few MB)."""

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
_HINT = "replace it with a regular file holding the text, or remove it"
_LINK_HINT = "replace the link with a copy of the file (or folder) itself, or remove it"


class UnsafeFile(BriefingsError):
    """A file the generator refuses to read; placed at its first line."""

    def __init__(self, message: str, file: str, hint: str | None = _HINT, code: str = "unsafe-file"):
        super().__init__(message, file=file, hint=hint, code=code)


def display(path: Path, root: Path) -> str:
    """`path` as diagnostics show it: relative to the project, as written (links not followed)."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return absolute.as_posix()


def problem(path: Path, root: Path, folder: bool = False) -> str | None:
    """Why `path` may not be read as part of the project at `root`, or None (`folder`: a directory)."""
    return _looked_at(path, root, folder)[1]


def _looked_at(
    path: Path, root: Path, folder: bool = False, folders: dict[str, str] | None = None
) -> tuple[str | None, str | None]:
    """(the file `path` names, links followed; why it may not be read, or None).

    On strings: a content folder holds tens of thousands of files.  `folders` keeps the
    real path of each folder met during one read of many files (a file that is no link
    lies where its folder really is), so each folder is resolved once, not each file."""
    try:
        info = os.lstat(path)
        if folders is not None and stat.S_ISREG(info.st_mode):
            parent, name = os.path.split(os.path.abspath(path))
            target = os.path.join(_real(parent, folders), name)
        else:
            target = os.path.realpath(path, strict=True)
            info = os.stat(target)
    except FileNotFoundError:
        return None, "is a link to nothing (its target does not exist)" if os.path.islink(path) else None
    except (OSError, RuntimeError):  # a loop of links, or a folder that cannot be entered
        return None, "is a link that cannot be followed (a loop, or a folder that cannot be entered)"
    inside = os.path.realpath(root) if folders is None else _real(os.path.abspath(root), folders)
    if target != inside and not target.startswith(inside.rstrip(os.sep) + os.sep):
        written_inside = Path(os.path.abspath(path)).is_relative_to(os.path.abspath(root))
        why = "is a symbolic link to a place outside the project" if written_inside else "is outside it"
        return None, why
    if (folder and stat.S_ISDIR(info.st_mode)) or stat.S_ISREG(info.st_mode):
        return target, None
    for test, kind in _KINDS:
        if test(info.st_mode):
            return None, f"is {kind}, not a regular file"
    return None, "stands where a file belongs" if stat.S_ISDIR(info.st_mode) else "is not a regular file"


Stamp = tuple[int, int, int, int, int]
"""(size, modification time, change time, inode, device) of a file, as `lstat` gives them."""


def stamp(path: str, root: str, folders: dict[str, str]) -> Stamp | None:
    """What `lstat` says of `path` if it is a regular file (not a link) in a folder inside the
    project at `root`; None for anything else, which only `read_bytes` may read (or refuse).

    A run that knows a file by its stamp does not read it again (`session.Known`): a link put
    in its place, or its folder replaced by a link out of the project, changes what this
    says, so nothing the guard refuses is ever taken as known.  `folders`: as `_looked_at`'s."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            return None
        folder = _real(os.path.dirname(path), folders)
        inside = _real(root, folders)
    except (OSError, RuntimeError):
        return None
    if not folder.startswith(inside.rstrip(os.sep) + os.sep) and folder != inside:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def _real(folder: str, folders: dict[str, str]) -> str:
    if folder not in folders:
        folders[folder] = os.path.realpath(folder, strict=True)
    return folders[folder]


def check(path: Path, root: Path) -> None:
    """Raise UnsafeFile if `path` may not be read (see `problem`)."""
    found = problem(path, root)
    if found is not None:
        raise _refused(path, root, found)


def _refused(path: Path, root: Path, why: str) -> UnsafeFile:
    what = "folder" if path.is_dir() else "file"
    return UnsafeFile(
        f"this {what} {why}: the generator reads only regular files inside the project",
        display(path, root),
        _LINK_HINT if "link" in why else _HINT,
    )


def read_bytes(
    path: Path, root: Path, limit: int = MAX_FILE_BYTES, folders: dict[str, str] | None = None
) -> bytes:
    """The bytes of a regular file inside the project; at most `limit` of them.

    Raises UnsafeFile for what `problem()` refuses or a file over `limit`
    bytes, OSError when the file cannot be read (e.g. missing).  `folders`: the real
    paths of folders already resolved in this read of many files (see `_looked_at`).
    """
    target, why = _looked_at(path, root, folders=folders)
    if why is not None:
        raise _refused(path, root, why)
    if target is None:  # missing: the open says so
        target = str(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(target, flags)
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # replaced between the check and the open
            raise UnsafeFile("this file is not a regular file", display(path, root))
        # Asked for its size plus one byte (a buffer of `limit` bytes per small file costs
        # seconds over a content folder), then on to the end or the limit, whatever st_size says.
        data = file.read(min(limit, info.st_size) + 1)
        while len(data) <= limit:
            more = file.read(min(1 << 16, limit + 1 - len(data)))
            if not more:
                break
            data += more
    if len(data) > limit:
        raise UnsafeFile(
            f"the file is larger than the limit of {limit:,} bytes",
            display(path, root),
            "split it, or remove pasted data",
            code="too-large",
        )
    return data


def decode(raw: bytes, file: str) -> str:
    """UTF-8 text (a leading byte-order mark dropped); a bad byte is placed at its line and column."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start].decode("utf-8", errors="replace")
        line = before.count("\n")
        column = len(before) - (before.rfind("\n") + 1)
        raise BriefingsError(
            f"the file is not valid UTF-8 (byte 0x{raw[err.start]:02x})",
            file=file,
            line=line + 1,
            column=column + 1,
            hint="save the file as UTF-8",
            code="encoding",
        ) from None
    return text.removeprefix("\ufeff")


def read_text(path: Path, root: Path, limit: int = MAX_FILE_BYTES) -> str:
    """A regular file inside the project, as UTF-8 text (see `read_bytes` and `decode`)."""
    return decode(read_bytes(path, root, limit), display(path, root))


def _entries(folder: Path) -> Iterator[Path]:
    """Everything under `folder`, sorted, without entering linked folders."""
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames.sort()
        base = Path(dirpath)
        for name in sorted(filenames + [d for d in dirnames if (base / d).is_symlink()]):
            yield base / name


def unsafe_under(folder: Path, root: Path) -> list[UnsafeFile]:
    """Every entry under `folder` (and `folder` itself) the generator would refuse to read."""
    found = problem(folder, root, folder=True)
    if found is not None:
        return [_refused(folder, root, found)]
    if not folder.is_dir():
        return []
    out = []
    for path in _entries(folder):
        # `folder` is inside and os.walk enters no link: an entry that is no link is inside too,
        # and a regular file or a folder is safe as it is (tens of thousands need no realpath).
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:  # removed since it was listed
            continue
        if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
            continue
        why = problem(path, root, folder=True)
        if why is not None:
            out.append(_refused(path, root, why))
    return out


def files_under(folder: Path, root: Path) -> list[Path]:
    """The regular files under `folder`, sorted (a linked folder inside the project is not entered);
    raises UnsafeFile for the first entry `unsafe_under` lists."""
    unsafe = unsafe_under(folder, root)
    if unsafe:
        raise unsafe[0]
    if not folder.is_dir():
        return []
    return sorted(p for p in _entries(folder) if not p.is_dir())
