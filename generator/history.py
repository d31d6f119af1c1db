"""What changed: a brief's history, field by field, from the git history of its YAML.

One `git log -z` (NUL-separated: no subject, name or date can break it, and
renames followed, so a renamed brief keeps its history) lists every commit
that touched a brief; one `git cat-file --batch` reads every version, one more
the commits' subjects (both in `read/git.py`).  A commit dated after HEAD or now, or before the
repository's first commit, has no date: its changes are listed undated and it
is never a brief's "last changed".  Consecutive versions are compared: the brief's
status, each channel's status (channels matched by name), events listed or
no longer listed (by id; before events were records, timeline entries matched
by date and title), and judgments whose likelihood
or confidence moved (matched by text).  Outside a git repository, or for a
file with no commits, the history is empty and pages say so.  In a shallow
clone (CI systems clone one commit by default) the log would make every brief
look created by the newest commit: the history is marked unavailable instead,
and the build warns once (`shallow_clone_problem`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.domain import Vocabulary
from generator.errors import Problem
from generator.read.git import (
    Commit,
    cat_file,
    dated,
    git,
    is_shallow,
    parse_log,
    plausible,
    read_subjects,
    repository_root,
)
from generator.read.safe_yaml import LoadError, parse
from generator.words import Words

__all__ = ["BriefHistory", "Change", "Commit", "brief_histories", "diff_versions", "shallow_clone_problem"]

log = logging.getLogger(__name__)


CHANGE_KINDS = (
    "created",
    "status",
    "channel-status",
    "channel-added",
    "channel-removed",
    "event-added",
    "event-removed",
    "events-moved",
    "judgment",
    "reviewed",
)
"""What a change can be; each is worded by `change_<kind>` in the word sets, and an event
listed or no longer listed by id (since events are records) by `change_<kind>_by_id`."""
BY_ID = ("event-added", "event-removed")
MOVES = ("likelihood", "confidence")
"""The fields of a judgment whose moves are shown (`change_<field>`)."""


@dataclass(frozen=True)
class Change:
    """One reader-visible change of one brief in one commit."""

    brief_id: str
    commit: Commit
    kind: str
    """One of `CHANGE_KINDS`."""
    values: tuple[tuple[str, Any], ...] = ()
    """What changed, as ids and dates (`status`, `old`, `new`, `channel`, `date`, `title`,
    `text`, `moves`): a page words it in its language (`describe`)."""

    def describe(self, words: Words, vocabulary: Vocabulary) -> str:
        """One line for readers in the site's words, e.g. `status: active → at risk`."""
        values = dict(self.values)
        field = {"likelihood": _likelihood, "confidence": _confidence}
        word = _status
        shown = {k: word(v, vocabulary) if k in ("status", "old", "new") else v for k, v in values.items()}
        if "date" in values:
            shown["date"] = _date(values["date"], words)
        if "moves" in values:
            shown["changes"] = "; ".join(
                words.format(
                    f"change_{name}", old=field[name](old, vocabulary), new=field[name](new, vocabulary)
                )
                for name, old, new in values["moves"]
            )
        key = "change_" + self.kind.replace("-", "_") + ("_by_id" if "event" in values else "")
        return words.format(key, **shown)


@dataclass(frozen=True)
class BriefHistory:
    """Every change of one brief, newest first, and when it last changed."""

    brief_id: str
    changes: tuple[Change, ...]
    last_changed: dt.datetime | None
    unavailable: str | None = None
    """Why there is no history: `no-git` (built outside version control), `shallow`
    (a shallow clone: the dates would be wrong), or None when it is complete."""


def brief_histories(content: Path, brief_ids: list[str]) -> dict[str, BriefHistory]:
    """Histories of the given briefs under `content/briefs/`; empty outside git."""
    root = repository_root(content)
    if root is None or is_shallow(root):
        reason = "no-git" if root is None else "shallow"
        return {b: BriefHistory(b, (), None, reason) for b in brief_ids}
    empty = {b: BriefHistory(b, (), None, "no-git") for b in brief_ids}
    rel = (content / "briefs").resolve().relative_to(root.resolve()).as_posix()
    log_text = git(root, "log", "-z", "--topo-order", "-M", "--name-status", "--format=%H%x00%cI", "--", rel)
    if not log_text:
        return empty
    commits = dated(parse_log(log_text), plausible(root))
    paths = {b: _paths(commits, f"{rel}/{b}.yaml") for b in brief_ids}
    wanted = [(sha, path) for touched in paths.values() for sha, path in touched]
    versions = _read_versions(root, wanted)
    subjects = read_subjects(root, sorted({sha for sha, _ in wanted}))
    by_sha = {c.sha: c for c, _ in commits}
    histories = dict(empty)
    for brief_id, touched in paths.items():
        per_commit: list[list[Change]] = []
        previous: Any = None
        for sha, path in reversed(touched):  # oldest first
            commit = dataclasses.replace(by_sha[sha], subject=subjects.get(sha, ""))
            current = versions.get((sha, path))
            per_commit.append(list(diff_versions(brief_id, commit, previous, current)))
            previous = current
        # Newest commit first; within a commit, the order of the fields.
        changes = [change for group in reversed(per_commit) for change in group]
        last = by_sha[touched[0][0]].date if touched else None
        histories[brief_id] = BriefHistory(brief_id, tuple(changes), last)
    return histories


def _paths(commits: list[tuple[Commit, list[tuple[str, str]]]], path: str) -> list[tuple[str, str]]:
    """(commit, path of the file in it) for each commit that touched the file now at `path`,
    newest first; across a rename the file is followed to its earlier name."""
    touched = []
    for commit, entries in commits:
        for old, new in entries:
            if new == path:
                touched.append((commit.sha, path))
                path = old
                break
    return touched


def shallow_clone_problem(content: Path) -> Problem | None:
    """The one warning a build in a shallow clone gets: dates and changes are left out."""
    root = repository_root(content)
    if root is None or not is_shallow(root):
        return None
    return Problem(
        (),
        "this is a shallow clone: the briefs' history is cut off, so pages show "
        '"history unavailable" instead of last-changed dates and changes',
        "fetch the whole history with `git fetch --unshallow` (GitHub Actions: "
        "actions/checkout with `fetch-depth: 0`)",
        severity="warning",
        code="shallow-clone",
    )


def _read_versions(root: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """Every `sha:path` version of a brief, parsed; deleted or unreadable ones map to None."""
    blobs = cat_file(root, [f"{sha}:{path}" for sha, path in wanted])
    return {
        key: None if blob is None else _parse_quietly(blob) for key, blob in zip(wanted, blobs, strict=True)
    }


def _parse_quietly(blob: bytes) -> Any:
    try:
        value, _ = parse(blob.decode("utf-8"))
    except (LoadError, UnicodeDecodeError):
        return None  # an old broken version: nothing to compare against
    return value if isinstance(value, dict) else None


def diff_versions(brief_id: str, commit: Commit, old: Any, new: Any) -> Iterator[Change]:
    """Reader-visible changes between two versions of a brief's data."""
    if new is None:
        return
    if old is None:
        yield Change(brief_id, commit, "created", (("status", new.get("status")),))
        return
    if old.get("status") != new.get("status"):
        yield Change(brief_id, commit, "status", (("old", old.get("status")), ("new", new.get("status"))))
    yield from _channel_changes(brief_id, commit, old, new)
    yield from _timeline_changes(brief_id, commit, old, new)
    yield from _judgment_changes(brief_id, commit, old, new)
    if old.get("last_reviewed") != new.get("last_reviewed"):
        yield Change(brief_id, commit, "reviewed", (("date", new.get("last_reviewed")),))


def _items(data: Any, key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _channel_changes(brief_id: str, commit: Commit, old: Any, new: Any) -> Iterator[Change]:
    before = {c.get("name"): c for c in _items(old, "channels")}
    after = {c.get("name"): c for c in _items(new, "channels")}
    for name, channel in after.items():
        if name not in before:
            yield Change(
                brief_id, commit, "channel-added", (("channel", name), ("status", channel.get("status")))
            )
        elif before[name].get("status") != channel.get("status"):
            moved = (("channel", name), ("old", before[name].get("status")), ("new", channel.get("status")))
            yield Change(brief_id, commit, "channel-status", moved)
    for name in before:
        if name not in after:
            yield Change(brief_id, commit, "channel-removed", (("channel", name),))


def _timeline_changes(brief_id: str, commit: Commit, old: Any, new: Any) -> Iterator[Change]:
    if "timeline" in old and "timeline" not in new:  # `briefings migrate-events`: moved, not removed
        yield Change(brief_id, commit, "events-moved", (("count", len(_items(new, "events"))),))
        return
    listed = [{e.get("event") for e in _items(data, "events")} for data in (old, new)]
    for ref in sorted(str(r) for r in listed[1] - listed[0]):
        yield Change(brief_id, commit, "event-added", (("event", ref),))
    for ref in sorted(str(r) for r in listed[0] - listed[1]):
        yield Change(brief_id, commit, "event-removed", (("event", ref),))

    def key(entry: dict[str, Any]) -> tuple[str, str]:
        return (str(entry.get("date")), str(entry.get("title")))

    before = {key(e) for e in _items(old, "timeline")}
    after = {key(e) for e in _items(new, "timeline")}
    for date, title in sorted(after - before):
        yield Change(brief_id, commit, "event-added", (("date", date), ("title", title)))
    for date, title in sorted(before - after):
        yield Change(brief_id, commit, "event-removed", (("date", date), ("title", title)))


def _judgment_changes(brief_id: str, commit: Commit, old: Any, new: Any) -> Iterator[Change]:
    before = {j.get("text"): j for j in _items(old, "key_judgments")}
    for judgment in _items(new, "key_judgments"):
        prior = before.get(judgment.get("text"))
        if prior is None:
            continue
        moved = tuple(
            (field, prior.get(field), judgment.get(field))
            for field in MOVES
            if prior.get(field) != judgment.get(field)
        )
        if moved:
            yield Change(
                brief_id, commit, "judgment", (("text", _short(judgment.get("text"))), ("moves", moved))
            )


def _label(value: Any) -> str:
    return str(value).replace("_", " ")


# Old versions may name words the site no longer declares: those show as their ids.
def _status(value: Any, vocabulary: Vocabulary) -> str:
    return vocabulary.status(value).label if value in vocabulary.status_ids else _label(value)


def _confidence(value: Any, vocabulary: Vocabulary) -> str:
    return vocabulary.confidence(value).label if value in vocabulary.confidence_ids else _label(value)


def _likelihood(value: Any, vocabulary: Vocabulary) -> str:
    scale = vocabulary.scale
    return scale.word(value).label if value in scale.ids else _label(value)


def _date(value: Any, words: Words) -> str:
    try:
        return words.date(value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _short(value: Any, limit: int = 60) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
