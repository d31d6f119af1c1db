"""`briefings new`: the scaffolded brief validates as written, and appears in the built site."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from generator import cli
from generator.project import Project
from tests.conftest import TODAY

HEADER = "# yaml-language-server: $schema=../../schema/brief.schema.json\n"


def run(project: Project, *args: str) -> int:
    return cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), *args])


def test_new_brief_is_written_with_todays_dates_and_validates(
    minimal_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(minimal_project, "new", "maritime-talks", "--area", "defense") == 0
    out = capsys.readouterr().out
    path = minimal_project.content / "briefs" / "maritime-talks.yaml"
    assert out.startswith("created content/briefs/maritime-talks.yaml\nnext steps:\n")
    for command in ("make serve", "briefings validate --strict", "briefings codeowners"):
        assert command in out
    text = path.read_text()
    assert text.startswith(HEADER)
    data = yaml.safe_load(text)
    assert data["id"] == "maritime-talks" and data["area"] == "defense"
    assert data["title"] == "Maritime talks"
    assert data["as_of"] == data["last_reviewed"] == TODAY
    assert data["review_by"] == TODAY + dt.timedelta(days=90)
    assert data["owners"] == ["@defense-desk"]
    assert run(minimal_project, "validate", "--strict") == 0
    assert "ok: 3 briefs" in capsys.readouterr().err


def test_owners_can_be_given(minimal_project: Project) -> None:
    args = ("new", "maritime-talks", "--area", "defense", "--owner", "@alice", "--owner", "@org/navy")
    assert run(minimal_project, *args) == 0
    data = yaml.safe_load((minimal_project.content / "briefs" / "maritime-talks.yaml").read_text())
    assert data["owners"] == ["@alice", "@org/navy"]


def test_refuses_to_overwrite(minimal_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    path = minimal_project.content / "briefs" / "overview.yaml"
    before = path.read_bytes()
    assert run(minimal_project, "new", "overview", "--area", "overview") == 1
    assert "content/briefs/overview.yaml already exists" in capsys.readouterr().err
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Maritime Talks", "--area", "defense"), "did you mean `maritime-talks`?"),
        (("maritime--talks", "--area", "defense"), "did you mean `maritime-talks`?"),
        (
            ("maritime-talks", "--area", "defence"),
            "unknown area `defence` (not in content/areas.yaml); did you",
        ),
        (("maritime-talks", "--area", "space"), "known areas: overview, defense, arms-control"),
        (("maritime-talks", "--area", "defense", "--owner", "alice"), "`alice` is not a GitHub user"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(
    minimal_project: Project, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    before = sorted(p.name for p in (minimal_project.content / "briefs").iterdir())
    assert run(minimal_project, "new", *args) == 2
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in (minimal_project.content / "briefs").iterdir()) == before


def uncomment_examples(text: str) -> str:
    """The scaffold with its commented examples switched on (the nested readouts stay off)."""
    lines = []
    for line in text.splitlines():
        if re.fullmatch(r"[a-z_]+: \[\]", line):
            line = line.removesuffix(" []")
        elif line.startswith("#  "):
            line = line[1:]
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_the_commented_examples_are_valid_once_filled_in(
    minimal_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """The examples must teach the real shape of each field, not an outdated one."""
    assert run(minimal_project, "new", "maritime-talks", "--area", "defense") == 0
    path = minimal_project.content / "briefs" / "maritime-talks.yaml"
    text = uncomment_examples(path.read_text())
    text = text.replace("a-source-id", "dvids-2024-09-09").replace("an-actor-id", "samuel-paparo")
    text = text.replace("related:\n", "related: [overview]\n")
    path.write_text(text)
    data = yaml.safe_load(text)
    for section in ("key_points", "key_judgments", "channels", "events", "risks"):
        assert len(data[section]) == 1, section
    # The example lists an event by id: write that event once, as its file.
    event_id = data["events"][0]["event"]
    event = minimal_project.content / "events" / event_id[:4] / f"{event_id}.yaml"
    event.parent.mkdir(parents=True)
    event.write_text(
        f"id: {event_id}\ndate: {event_id[:10]}\ntitle: The working group meets\n"
        "sources: [dvids-2024-09-09]\nchannels: [joint-working-group]\n"
    )
    assert run(minimal_project, "validate", "--strict") == 0, capsys.readouterr().err


@pytest.mark.build
def test_scaffolded_brief_appears_in_the_built_site(minimal_project: Project) -> None:
    assert run(minimal_project, "new", "maritime-talks", "--area", "defense") == 0
    assert run(minimal_project, "build", "--strict") == 0
    page = minimal_project.site / "briefs" / "maritime-talks" / "index.html"
    assert "Maritime talks" in page.read_text()
    assert "maritime-talks" in (minimal_project.site / "areas" / "defense" / "index.html").read_text()
