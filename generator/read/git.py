"""Reading a git repository for the briefs' history: nothing in it can break the reading.

The log is read with `-z` (NUL-separated; a file name always starts with its
folder, so no name is taken for a commit id) and carries no subject: subjects,
like file versions, come from `git cat-file --batch`, whose answers state their
size.  A commit's date is kept only when it can be true: not after HEAD's (or
now), not before the repository's first commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Commit:
    """One commit that touched a brief."""

    sha: str
    date: dt.datetime | None
    """None when the commit's date cannot be true: after HEAD's, after now, or before the
    repository's first commit.  Its changes are listed without a date."""
    subject: str

    @property
    def short(self) -> str:
        """The abbreviated commit id shown to readers."""
        return self.sha[:7]


def repository_root(path: Path) -> Path | None:
    """The git work tree holding `path`, or None."""
    proc = git(path, "rev-parse", "--show-toplevel")
    return Path(proc.strip()) if proc else None


def is_shallow(root: Path) -> bool:
    """Whether the repository at `root` is a shallow clone (its history cut off)."""
    return (git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true"


def git(cwd: Path, *args: str, stdin: bytes | None = None) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, input=stdin, check=False)
    except OSError:
        return None
    return proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else None


_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def parse_log(text: str) -> list[tuple[Commit, list[tuple[str, str]]]]:
    """`git log -z --name-status --format=%H%x00%cI`: NUL-separated, so no file name or date
    can break it (subjects are read apart, from the commit objects).  Each commit with its
    (old path, new path) entries: the same path twice unless renamed."""
    tokens = text.split("\0")
    out: list[tuple[Commit, list[tuple[str, str]]]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        if _SHA.fullmatch(token) and i + 1 < len(tokens):  # a path always starts with its folder
            out.append((Commit(token, _date(tokens[i + 1]), ""), []))
            i += 2
        elif token[:1] in ("R", "C") and out and i + 2 < len(tokens):
            out[-1][1].append((tokens[i + 1], tokens[i + 2]))
            i += 3
        elif token and out and i + 1 < len(tokens):
            out[-1][1].append((tokens[i + 1], tokens[i + 1]))
            i += 2
        else:
            i += 1
    return out


def _date(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def plausible(root: Path) -> tuple[dt.datetime, dt.datetime] | None:
    """The dates a change can truly have: from the repository's first commit to its newest
    (HEAD), and never after now.  A clock set wrong, or a date written by hand
    (`GIT_COMMITTER_DATE=2099-...`), falls outside."""
    firsts = [_date(d) for d in (git(root, "log", "--max-parents=0", "--format=%cI", "HEAD") or "").split()]
    head = _date(git(root, "log", "-1", "--format=%cI", "HEAD") or "")
    starts = [d for d in firsts if d is not None]
    if not starts or head is None:
        return None
    now = dt.datetime.now(dt.UTC)
    return min(starts), min(head, now)


def dated(
    commits: list[tuple[Commit, list[tuple[str, str]]]], plausible: tuple[dt.datetime, dt.datetime] | None
) -> list[tuple[Commit, list[tuple[str, str]]]]:
    """The commits with every date outside `plausible` taken away: such a commit's changes are
    still listed, without a date."""
    out = []
    for commit, entries in commits:
        date = commit.date
        if date is not None and (plausible is None or not plausible[0] <= date <= plausible[1]):
            date = None
        out.append((dataclasses.replace(commit, date=date), entries))
    return out


def read_subjects(root: Path, shas: list[str]) -> dict[str, str]:
    """The first line of each commit's message, read from the commit objects (any bytes in it)."""
    out = {}
    for sha, raw in zip(shas, cat_file(root, shas), strict=True):
        message = (raw or b"").partition(b"\n\n")[2]
        out[sha] = message.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    return out


def cat_file(root: Path, names: list[str]) -> list[bytes | None]:
    """Many objects with one `git cat-file --batch`, in order; a missing one is None.
    Each object's size is in its header, so no content can break the reading."""
    if not names:
        return []
    request = "".join(f"{name}\n" for name in names).encode()
    try:
        data = subprocess.run(
            ["git", "cat-file", "--batch"], cwd=root, input=request, capture_output=True
        ).stdout
    except OSError:
        return [None] * len(names)
    out: list[bytes | None] = []
    pos = 0
    for _ in names:
        header_end = data.find(b"\n", pos)
        if header_end < 0:
            out.append(None)
            continue
        header = data[pos:header_end].split()
        pos = header_end + 1
        if len(header) < 3 or header[1] not in (b"blob", b"commit"):
            out.append(None)
            continue
        size = int(header[2])
        out.append(data[pos : pos + size])
        pos += size + 1
    return out
