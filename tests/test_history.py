"""What changed: history from a scripted git repository, the feed and the data exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest

from generator import cli
from generator.domain import Vocabulary, scale
from generator.history import BriefHistory, Change, Commit, brief_histories
from generator.project import Project
from generator.publish.engines import engine_env, source_date
from generator.render.changelog import ChangeLog
from generator.words import Words, builtin
from tests.conftest import ROOT, TODAY

ATOM = "{http://www.w3.org/2005/Atom}"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def commit(root: Path, message: str, date: str) -> None:
    git(root, "add", "-A")
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(
        ["git", "commit", "-q", "-m", message],
        cwd=root,
        check=True,
        capture_output=True,
        env={**env, "PATH": "/usr/bin:/bin", "HOME": str(root)},
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def history_project(minimal_project: Project) -> Project:
    """The minimal project in a git repository with four scripted commits."""
    root = minimal_project.root
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "editor@example.org")
    git(root, "config", "user.name", "Editor")
    commit(root, "Add briefs", "2025-01-10T10:00:00+00:00")
    mil = minimal_project.content / "briefs" / "military-communications.yaml"
    edit(mil, "status: active\nstatus_note", "status: at_risk\nstatus_note")
    edit(mil, "    status: active\n", "    status: suspended\n")
    commit(root, "Theater talks suspended", "2025-02-01T09:00:00+00:00")
    event = minimal_project.content / "events" / "2024" / "2024-10-01-a-new-event.yaml"
    event.write_text(
        "id: 2024-10-01-a-new-event\ndate: 2024-10-01\ntitle: A new event\nsources: [dvids-2024-09-09]\n"
    )
    edit(mil, "events:\n", "events:\n  - event: 2024-10-01-a-new-event\n")
    commit(root, "Add an event", "2025-03-01T09:00:00+00:00")
    ov = minimal_project.content / "briefs" / "overview.yaml"
    edit(ov, "likelihood: likely", "likelihood: very_likely")
    edit(mil, "  - event: 2024-10-01-a-new-event\n", "")
    event.unlink()
    commit(root, "Raise a judgment, drop the event", "2025-04-01T09:00:00+00:00")
    return minimal_project


def test_history_is_computed_field_by_field(history_project: Project) -> None:
    histories = brief_histories(history_project.content, ["military-communications", "overview"])
    words, terms = Words(), Vocabulary()
    mil = [
        (c.commit.subject, c.kind, c.describe(words, terms))
        for c in histories["military-communications"].changes
    ]
    assert mil == [
        (
            "Raise a judgment, drop the event",
            "event-removed",
            "Removed the event 2024-10-01-a-new-event from the timeline.",
        ),
        ("Add an event", "event-added", "Added the event 2024-10-01-a-new-event to the timeline."),
        ("Theater talks suspended", "status", "Changed the status from active to at risk."),
        (
            "Theater talks suspended",
            "channel-status",
            "Changed the status of Theater commander talks from active to suspended.",
        ),
        ("Add briefs", "created", "Published the brief with the status active."),
    ]
    ov = histories["overview"].changes
    assert ov[0].kind == "judgment"
    assert "likelihood from likely to very likely" in ov[0].describe(words, terms)
    # The same change in another language: its words and its dates.
    french = Words("fr", "fr", dict(builtin("fr")[1]))  # type: ignore[index]
    assert (
        ov[0]
        .describe(french, Vocabulary(scale=scale("icd203", french)))
        .endswith("probabilité passée de probable à très probable.")
    )
    assert mil[0][2] != histories["military-communications"].changes[0].describe(french, terms)
    assert histories["military-communications"].last_changed.isoformat() == "2025-04-01T09:00:00+00:00"


def test_outside_git_the_history_is_empty(minimal_project: Project) -> None:
    histories = brief_histories(minimal_project.content, ["overview"])
    assert histories["overview"].changes == ()
    assert histories["overview"].last_changed is None


def generate(project: Project) -> None:
    assert cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), "generate"]) == 0


def test_brief_page_and_updates_say_the_changes_in_sentences(history_project: Project) -> None:
    """Per day, one sentence per kind of change, each marked with its kind; a declared
    correction is marked as one; no commit hash anywhere a reader looks."""
    mil = history_project.content / "briefs" / "military-communications.yaml"
    with mil.open("a", encoding="utf-8") as f:
        f.write("corrections:\n  - date: 2025-03-01\n    text: Corrected the date of the video call.\n")
    generate(history_project)
    page = (history_project.generated / "briefs" / "military-communications.md").read_text()
    log = page[page.index('<ol class="change-log">') : page.index("## Sources")]
    days = re.findall(r'<p class="change-log__date"><time datetime="([\d-]+)">', log)
    assert days == ["2025-04-01", "2025-03-01", "2025-02-01", "2025-01-10"]  # one entry per day, newest first
    assert "Changed the status from active to at risk." in log
    assert (
        '<li class="change change--correction"><span class="change__kind">Correction</span> '
        "Corrected the date of the video call.</li>"
    ) in log
    # The event is no record any more: it is named by its id.
    assert "Removed 1 event from the timeline: \u201c2024-10-01-a-new-event\u201d." in log
    assert '<span>changed on <time datetime="2025-04-01">1 April 2025</time></span>' in page
    for commit_id in _commit_ids(history_project.root):
        assert commit_id[:7] not in page
    updates = (history_project.generated / "updates.md").read_text()
    assert updates.index("Removed 1 event") < updates.index("Published the brief with the status active.")
    assert all(c[:7] not in updates for c in _commit_ids(history_project.root))
    assert "search:" not in updates.split("---")[1]  # the updates page is searchable
    changes = json.loads((history_project.generated / "api" / "changes.json").read_text())
    kinds = [c["kind"] for c in changes["briefs"]["military-communications"]]
    assert kinds[:2] == ["event-removed", "event-added"]  # the machine detail stays in the export
    assert all(len(c["commit"]) == 40 for c in changes["briefs"]["military-communications"])


def test_a_day_says_its_events_in_one_sentence_named_by_their_records() -> None:
    """Events listed on one day make one sentence: the first five by title and date, the rest
    counted; a review with nothing else is said as one; undated commits come last."""
    when = dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC)
    commit_ = Commit("a" * 40, when, "")
    added = [Change("b", commit_, "event-added", (("event", f"e{n}"),)) for n in range(7)]
    day_before = Commit("c" * 40, when - dt.timedelta(days=1), "")
    reviewed = Change("b", day_before, "reviewed", (("date", "2025-02-28"),))
    undated = Change("b", Commit("d" * 40, None, ""), "status", (("old", "active"), ("new", "at_risk")))
    records = {f"e{n}": SimpleNamespace(title=f"Meeting {n}", date=dt.date(2025, 1, n + 1)) for n in range(7)}
    history = BriefHistory("b", (*added, reviewed, undated), when)
    log = ChangeLog(Words(), Vocabulary(), lambda: records, lambda b: [])
    days = log.brief_days("b", history)
    assert [d.date for d in days] == [dt.date(2025, 3, 1), dt.date(2025, 2, 28), None]
    assert [(e.kind, e.text) for e in days[0].entries] == [
        (
            "development",
            "Added 7 events to the timeline: Meeting 0 (1 January 2025); Meeting 1 (2 January 2025); "
            "Meeting 2 (3 January 2025); Meeting 3 (4 January 2025); Meeting 4 (5 January 2025); and 2 more.",
        )
    ]
    assert [(e.kind, e.text) for e in days[1].entries] == [("review", "Reviewed, with no change.")]
    assert days[2].entries[0].text == "Changed the status from active to at risk."


def _commit_ids(root: Path) -> list[str]:
    out = subprocess.run(["git", "log", "--format=%H"], cwd=root, capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_feed_is_atom_with_one_entry_per_brief_change(history_project: Project) -> None:
    generate(history_project)
    feed = ET.fromstring((history_project.generated / "feed.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    # military: 4 commits; overview: created + judgment = 2; and the two events, once each
    assert len(entries) == 8
    for entry in entries:
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 8
    updated = [e.findtext(f"{ATOM}updated") or "" for e in entries]
    assert updated == sorted(updated, reverse=True)
    events = [e for e in entries if "/timeline/#" in (e.findtext(f"{ATOM}id") or "")]
    assert [e.findtext(f"{ATOM}title") for e in events] == [
        "Reuters asks which channels will survive",
        "Paparo and Wu hold a video call",
    ]
    assert [c.get("term") for c in events[1].findall(f"{ATOM}category")] == ["defense"]
    link = events[1].find(f"{ATOM}link")
    assert link is not None and str(link.get("href")).endswith(
        "/timeline/2024/#2024-09-09-paparo-and-wu-hold-a-video-call"
    )


def test_json_export_validates_against_the_published_schema(minimal_project: Project) -> None:
    generate(minimal_project)
    export = json.loads((minimal_project.generated / "api" / "briefs.json").read_text())
    schema = json.loads((ROOT / "schema" / "brief.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [b["id"] for b in export["briefs"]] == ["overview", "military-communications"]
    for brief in export["briefs"]:
        assert list(validator.iter_errors(brief)) == []
    broken = dict(export["briefs"][0], status="paused")
    assert list(validator.iter_errors(broken))


def test_timeline_csv_has_one_row_per_event(minimal_project: Project) -> None:
    generate(minimal_project)
    rows = list(csv.DictReader(io.StringIO((minimal_project.generated / "api" / "timeline.csv").read_text())))
    assert [(r["date"], r["briefs"], r["areas"]) for r in rows] == [
        ("2024-09-09", "military-communications", "defense"),
        ("2024-11-07", "overview", "overview"),
    ]
    assert rows[0]["sources"] == "dvids-2024-09-09"
    assert rows[0]["id"] == "2024-09-09-paparo-and-wu-hold-a-video-call"
    assert rows[0]["channels"] == "theater-commander-talks"


def test_an_event_two_briefs_list_is_one_row_with_both(minimal_project: Project) -> None:
    brief = minimal_project.content / "briefs" / "overview.yaml"
    edit(
        brief,
        "events:\n",
        "events:\n  - event: 2024-09-09-paparo-and-wu-hold-a-video-call\n    note: Seen from above.\n",
    )
    generate(minimal_project)
    rows = list(csv.DictReader(io.StringIO((minimal_project.generated / "api" / "timeline.csv").read_text())))
    assert len(rows) == 2
    assert (rows[0]["briefs"], rows[0]["areas"]) == ("overview military-communications", "overview defense")
    export = json.loads((minimal_project.generated / "api" / "briefs.json").read_text())
    assert [(e["id"], e["briefs"]) for e in export["events"]] == [
        ("2024-09-09-paparo-and-wu-hold-a-video-call", ["overview", "military-communications"]),
        ("2024-11-07-reuters-asks-which-channels-will-survive", ["overview"]),
    ]


def test_timeline_csv_cells_never_start_a_formula(minimal_project: Project) -> None:
    event = minimal_project.content / "events" / "2024" / "2024-09-09-paparo-and-wu-hold-a-video-call.yaml"
    edit(event, "title: Paparo and Wu hold a video call", 'title: "=HYPERLINK(\\"http://x\\")"')
    generate(minimal_project)
    rows = list(csv.DictReader(io.StringIO((minimal_project.generated / "api" / "timeline.csv").read_text())))
    assert rows[0]["title"] == '\'=HYPERLINK("http://x")'
    assert rows[1]["title"] == "Reuters asks which channels will survive"


def test_no_commit_subject_can_break_the_history(
    history_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """The log's old record and field separators (0x1E, 0x1F) in a subject crashed every build."""
    root = history_project.root
    generate(history_project)
    mil = history_project.content / "briefs" / "military-communications.yaml"
    edit(mil, "status: at_risk\n", "status: active\n")
    commit(root, "Odd \x1e record \x1f field\nbody \x1e", "2025-05-01T09:00:00+00:00")
    capsys.readouterr()
    code = cli.main(["--project", str(root), "--today", TODAY.isoformat(), "generate"])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    histories = brief_histories(history_project.content, ["military-communications"])
    newest = histories["military-communications"].changes[0]
    assert (newest.commit.subject, newest.describe(Words(), Vocabulary())) == (
        "Odd \x1e record \x1f field",
        "Changed the status from at risk to active.",
    )
    page = (history_project.generated / "briefs" / "military-communications.md").read_text()
    assert "Changed the status from at risk to active." in page


def test_a_date_that_cannot_be_true_is_not_shown(history_project: Project) -> None:
    """A commit dated 2099 (after HEAD and after now) or before the first commit has no date."""
    root = history_project.root
    mil = history_project.content / "briefs" / "military-communications.yaml"
    edit(mil, "status: at_risk\n", "status: active\n")
    commit(root, "From the future", "2099-01-01T00:00:00+00:00")
    edit(mil, "status: active\n", "status: at_risk\n")
    commit(root, "From the past", "2001-01-01T00:00:00+00:00")
    commit_empty = ["commit", "-q", "--allow-empty", "-m", "Now"]
    subprocess.run(
        ["git", *commit_empty],
        cwd=root,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_DATE": "2025-06-01T09:00:00+00:00",
            "GIT_COMMITTER_DATE": "2025-06-01T09:00:00+00:00",
            "PATH": "/usr/bin:/bin",
            "HOME": str(root),
        },
    )
    history = brief_histories(history_project.content, ["military-communications"])["military-communications"]
    dated = [(c.commit.subject, c.commit.date) for c in history.changes[:2]]
    assert dated == [("From the past", None), ("From the future", None)]
    assert history.last_changed is None  # its newest change has no true date
    assert history.changes[2].commit.date.isoformat() == "2025-04-01T09:00:00+00:00"
    generate(history_project)
    page = (history_project.generated / "briefs" / "military-communications.md").read_text()
    assert "2099" not in page and "2001" not in page
    assert "January 2099" not in (history_project.generated / "feed.xml").read_text()


def test_a_renamed_brief_keeps_its_history(history_project: Project) -> None:
    root = history_project.root
    briefs = history_project.content / "briefs"
    text = (briefs / "military-communications.yaml").read_text()
    (briefs / "military-communications.yaml").unlink()
    (briefs / "military-talks.yaml").write_text(
        text.replace("id: military-communications", "id: military-talks")
    )
    commit(root, "Rename", "2025-05-01T09:00:00+00:00")
    history = brief_histories(history_project.content, ["military-talks"])["military-talks"]
    assert [c.commit.subject for c in history.changes][-1] == "Add briefs"
    assert history.changes[-1].kind == "created"
    assert history.last_changed.isoformat() == "2025-05-01T09:00:00+00:00"


def test_outside_git_the_site_is_dated_by_its_files_not_1970(minimal_project: Project) -> None:
    when = 1_764_000_000  # 2025-11-24
    for path in [minimal_project.root / "mkdocs.yml", *minimal_project.content.rglob("*")]:
        os.utime(path, (when - 86_400, when - 86_400))
    os.utime(minimal_project.content / "briefs" / "overview.yaml", (when, when))
    for path in minimal_project.docs.rglob("*"):
        os.utime(path, (when - 86_400, when - 86_400))
    for path in [minimal_project.root / "CONTRIBUTING.md", *minimal_project.templates.rglob("*")]:
        if path.exists():
            os.utime(path, (when - 86_400, when - 86_400))
    env = engine_env(minimal_project.root)
    assert env.get("SOURCE_DATE_EPOCH", str(when)) == str(when)
    assert source_date(minimal_project.root) == str(when)


def test_a_head_commit_in_the_future_does_not_date_the_site(history_project: Project) -> None:
    commit_env = {
        "GIT_AUTHOR_DATE": "2099-01-01T00:00:00+00:00",
        "GIT_COMMITTER_DATE": "2099-01-01T00:00:00+00:00",
    }
    subprocess.run(
        ["git", "commit", "-q", "--allow-empty", "-m", "Future"],
        cwd=history_project.root,
        check=True,
        capture_output=True,
        env={**commit_env, "PATH": "/usr/bin:/bin", "HOME": str(history_project.root)},
    )
    stamp = source_date(history_project.root)
    assert stamp is not None and int(stamp) <= time.time()
