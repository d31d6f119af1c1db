"""`briefings migrate-events`: briefs' own timelines moved into event records, on a fixture site."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.commands.migrate import slug
from generator.project import Project
from tests.conftest import FIXTURES, TODAY, copy_project

DEFENSE = """\
# A comment the migration keeps.
id: military-communications
title: Military-to-military communications
area: defense
status: active
status_note: Theater commanders spoke for the first time in years.
as_of: 2024-11-07
last_reviewed: 2024-11-08
review_by: 2025-02-07
owners: ["@defense-desk"]
summary: |
  Theater-level talks resumed in September 2024.
key_judgments:
  - {text: Theater commanders speak again., likelihood: likely, confidence: low, sources: [dvids-2024-09-09]}
channels:
  - name: Theater commander talks (INDOPACOM)
    status: active
    last_met: 2024-09-09
    sources: [dvids-2024-09-09]
timeline:
  - date: 2024-09-09
    title: Paparo and Wu hold a video call
    description: The first theater-level contact in more than two years.
    actors: [samuel-paparo, wu-yanan]
    sources: [dvids-2024-09-09]

# Related briefs.
related: [overview]
"""

OVERVIEW = """\
id: overview
title: The relationship at the transition
area: overview
status: at_risk
status_note: Channels restored in 2023-2024 faced an uncertain future.
as_of: 2024-11-07
last_reviewed: 2024-11-08
review_by: 2025-02-07
owners: ["@overview-desk"]
summary: |
  Official channels **helped manage tensions** during 2024.
key_judgments:
  - text: Some channels will be cut back.
    likelihood: likely
    confidence: moderate
    sources: [reuters-2024-11-07]
timeline:
  - date: 2024-09-09
    title: Theater commanders talk for the first time
    sources: [dvids-2024-09-09, reuters-2024-11-07]
  - date: 2024-11-07
    title: Reuters asks which channels will survive
    sources: [reuters-2024-11-07]
related: [military-communications]
"""


@pytest.fixture
def old_layout(tmp_path: Path) -> Project:
    """The minimal site as it was written before events were records."""
    project = copy_project(tmp_path / "project", FIXTURES / "minimal" / "content")
    (project.content / "briefs" / "military-communications.yaml").write_text(DEFENSE)
    (project.content / "briefs" / "overview.yaml").write_text(OVERVIEW)
    for path in (project.content / "events").rglob("*.yaml"):
        path.unlink()
    return project


def run(project: Project, *args: str) -> int:
    return cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), *args])


def events(project: Project) -> dict[str, dict[str, object]]:
    found = {}
    for path in sorted((project.content / "events").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        found[f"{path.parent.name}/{path.stem}"] = data
    return found


def test_the_old_layout_is_refused_with_the_command_named(
    old_layout: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(old_layout, "validate") == 1
    err = capsys.readouterr().err
    assert "content/briefs/overview.yaml:17:1: error: timeline: a brief no longer holds its own" in err
    assert "run `briefings migrate-events`" in err


def test_without_merge_every_entry_is_an_event_and_alike_ones_are_named(
    old_layout: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(old_layout, "migrate-events") == 0
    out = capsys.readouterr().out.splitlines()
    assert sorted(events(old_layout)) == [
        "2024/2024-09-09-paparo-and-wu-hold-a-video-call",
        "2024/2024-09-09-theater-commanders-talk-for-the-first-time",
        "2024/2024-11-07-reuters-asks-which-channels-will-survive",
    ]
    assert (
        "possible duplicate: 2024-09-09-paparo-and-wu-hold-a-video-call and "
        "2024-09-09-theater-commanders-talk-for-the-first-time (same date, shared source "
        "dvids-2024-09-09); --merge would merge them"
    ) in out
    assert out[-1] == "moved 3 timeline entries into 3 events (0 merged) and edited 2 briefs"
    assert run(old_layout, "validate", "--strict") == 0, capsys.readouterr().err


def test_merge_makes_one_event_and_keeps_each_brief_s_words_as_its_note(
    old_layout: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(old_layout, "migrate-events", "--merge") == 0
    out = capsys.readouterr().out.splitlines()
    call = "2024-09-09-theater-commanders-talk-for-the-first-time"  # two sources: the better-sourced one
    assert (
        f"merged military-communications timeline[0] into {call} (same date, shared source dvids-2024-09-09)"
    ) in out
    assert f"{call} is a meeting of channel theater-commander-talks (its last_met, 2024-09-09)" in out
    assert (
        "military-communications: channel theater-commander-talks last met on 2024-09-09: "
        "taken from the event"
    ) in out
    record = events(old_layout)[f"2024/{call}"]
    assert record["sources"] == ["dvids-2024-09-09", "reuters-2024-11-07"]
    assert record["actors"] == ["samuel-paparo", "wu-yanan"]
    assert record["channels"] == ["theater-commander-talks"]
    brief = yaml.safe_load((old_layout.content / "briefs" / "military-communications.yaml").read_text())
    assert brief["events"] == [
        {
            "event": call,
            "note": "Paparo and Wu hold a video call\n\n"
            "The first theater-level contact in more than two years.\n",
        }
    ]
    assert brief["channels"][0]["id"] == "theater-commander-talks"
    assert "last_met" not in brief["channels"][0]  # written once: the meeting's date
    assert brief["key_judgments"][0]["id"] == "theater-commanders-speak-again"
    assert run(old_layout, "validate", "--strict") == 0, capsys.readouterr().err
    # The event is shown once, with both briefs.
    assert run(old_layout, "generate") == 0
    csv = (old_layout.generated / "api" / "timeline.csv").read_text().splitlines()
    assert len(csv) == 3 and "overview military-communications" in csv[1]


def test_two_events_of_one_brief_are_never_merged(
    old_layout: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """A brief never lists one event twice: two entries of one brief on one day that a round-up
    source covers both stay two events, and another brief's entry joins the one its title is like."""
    overview = old_layout.content / "briefs" / "overview.yaml"
    overview.write_text(
        overview.read_text().replace(
            "  - date: 2024-11-07\n",
            "  - date: 2024-09-09\n"
            "    title: Navies hold an unrelated drill\n"
            "    sources: [dvids-2024-09-09]\n"
            "  - date: 2024-11-07\n",
        )
    )
    assert run(old_layout, "migrate-events", "--merge") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "moved 4 timeline entries into 3 events (1 merged) and edited 2 briefs"
    merged = [line for line in out if line.startswith("merged ")]
    assert merged == [
        "merged military-communications timeline[0] into "
        "2024-09-09-theater-commanders-talk-for-the-first-time (same date, shared source dvids-2024-09-09)"
    ]
    assert "2024/2024-09-09-navies-hold-an-unrelated-drill" in events(old_layout)


def test_the_brief_s_text_is_edited_in_place(old_layout: Project) -> None:
    assert run(old_layout, "migrate-events") == 0
    text = (old_layout.content / "briefs" / "military-communications.yaml").read_text()
    assert text.startswith("# A comment the migration keeps.\n")
    assert "  - {id: theater-commanders-speak-again, text: Theater commanders speak again." in text
    assert "  - id: theater-commander-talks\n    name: Theater commander talks (INDOPACOM)\n" in text
    assert text.endswith(
        "events:\n  - event: 2024-09-09-paparo-and-wu-hold-a-video-call\n"
        "\n# Related briefs.\nrelated: [overview]\n"
    )


def test_a_second_run_has_nothing_to_do_and_a_dry_run_writes_nothing(
    old_layout: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p: p.read_bytes() for p in old_layout.content.rglob("*.yaml")}
    assert run(old_layout, "migrate-events", "--dry-run") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "dry run: nothing was written"
    assert {p: p.read_bytes() for p in old_layout.content.rglob("*.yaml")} == before
    assert run(old_layout, "migrate-events") == 0
    capsys.readouterr()
    assert run(old_layout, "migrate-events") == 0
    assert capsys.readouterr().out.startswith("nothing to migrate")


def test_an_unreadable_brief_stops_it_before_anything_is_written(
    old_layout: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    (old_layout.content / "briefs" / "overview.yaml").write_text(OVERVIEW + "status: twice\n")
    before = {p: p.read_bytes() for p in old_layout.content.rglob("*.yaml")}
    assert run(old_layout, "migrate-events") == 1
    err = capsys.readouterr().err
    assert "content/briefs/overview.yaml:1:1: error: this brief cannot be read" in err
    assert "nothing was written" in err
    assert {p: p.read_bytes() for p in old_layout.content.rglob("*.yaml")} == before


def test_ids_are_slugs_of_words_cut_at_a_word() -> None:
    assert (
        slug("Biden and Xi meet at Woodside; agree on fentanyl")
        == "biden-and-xi-meet-at-woodside-agree-on-fentanyl"
    )
    assert slug("Ça va: 2026 talks", 12) == "ca-va-2026"
    assert slug("!!!") == "untitled"
