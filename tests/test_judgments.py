"""Judgments that resolve: a horizon, an outcome once it has passed, and the track record."""

from __future__ import annotations

import re

import pytest

from generator import cli
from generator.project import Project
from tests.conftest import TODAY


def run(project: Project, today: str, *args: str) -> int:
    return cli.main(["--project", str(project.root), "--today", today, *args])


def test_a_judgment_past_its_horizon_without_an_outcome_fails_strict_validation(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(sample_project, TODAY.isoformat(), "validate", "--strict") == 0
    capsys.readouterr()
    assert run(sample_project, "2028-01-01", "validate") == 0  # a plain run warns
    assert run(sample_project, "2028-01-01", "validate", "--strict") == 1
    err = capsys.readouterr().err
    assert (
        "content/briefs/fisheries-talks.yaml:20:18: warning: key_judgments[0].resolves_by: the judgment "
        '"The two parties agree a joint salmon recovery plan before the 2027…" was due to resolve '
        "by 2027-04-30 and has no `outcome`"
    ) in err
    assert "key_judgments[0].resolves_by" in err and "record what happened under `outcome:`" in err
    # The judgment that already has its outcome is not named.
    assert "second trilateral session by the end of September 2026" not in err


def test_an_outcome_cannot_be_recorded_before_it_is_observed(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(sample_project, "2026-09-15", "validate") == 1
    assert (
        "outcome.date: the outcome date (2026-10-01) is after today (2026-09-15)" in capsys.readouterr().err
    )


def test_pages_show_the_horizon_the_outcome_and_the_track_record(sample_project: Project) -> None:
    assert run(sample_project, TODAY.isoformat(), "build", "--strict") == 0
    brief = (sample_project.site / "briefs" / "river-commission" / "index.html").read_text()
    assert "<strong>Outcome: did not happen</strong>" in brief
    assert 'Resolves by <time datetime="2027-12-31">31 December 2027</time>' in brief
    record = (sample_project.site / "track-record" / "index.html").read_text()
    row = record.split('<table class="track-record">', 1)[1].split("</table>", 1)[0]
    assert "likely" in row and "55–80%" in row
    # The share with its counts, marked as a small sample, and the note saying what that means.
    share = '<td>0 of 1 (0%) <span class="tag tag--small-sample">small sample</span></td>'
    assert f"<td>1</td> <td>0</td> {share}" in row
    assert "A share drawn from fewer than 5 resolved judgments is marked as a small sample" in record
    assert "The commission holds a second trilateral session" in record
    # When the judgment was made and its horizon.
    dates = record.split('<p class="judgment__dates">', 1)[1].split("</p>", 1)[0]
    assert 'Made on <time datetime="2026-03-10">10 March 2026</time>' in dates
    assert 'Resolves by <time datetime="2026-09-30">30 September 2026</time>' in dates


def test_made_after_the_horizon_and_dates_after_today_are_refused_at_their_fields(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = sample_project.content / "briefs" / "river-commission.yaml"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(
        text.replace("    made: 2026-03-10\n", "    made: 2026-10-10\n").replace(
            "  - date: 2026-11-02\n", "  - date: 2099-01-01\n"
        ),
        encoding="utf-8",
    )
    assert run(sample_project, TODAY.isoformat(), "validate") == 1
    err = capsys.readouterr().err
    assert "key_judgments[0].made: the judgment was made (2026-10-10) after its horizon (2026-09-30)" in err
    assert "corrections[0].date: this date (2099-01-01) is after today" in err
    assert re.search(r"river-commission\.yaml:\d+:\d+: error: corrections\[0\]\.date", err), err
