"""The command line, run in-process: exit codes and exact output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import cli
from generator.pipeline import check
from generator.project import Project
from tests.conftest import TODAY


def run(project: Project, *args: str) -> int:
    return cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), *args])


def break_status(project: Project) -> Path:
    path = project.content / "briefs" / "military-communications.yaml"
    path.write_text(path.read_text().replace("status: active\nstatus_note", "status: at_rsk\nstatus_note"))
    return path


def test_validate_ok_prints_a_summary(minimal_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(minimal_project, "validate") == 0
    assert capsys.readouterr().err == "ok: 2 briefs, 2 sources, 2 actors\n"


def test_broken_brief_exits_1_with_file_line_col(
    minimal_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    break_status(minimal_project)
    assert run(minimal_project, "validate") == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "content/briefs/military-communications.yaml:4:9: error: status: `at_rsk` is not a valid status"
    )
    assert "did you mean `at_risk`?" in err
    assert "Traceback" not in err


def test_json_format_is_a_stable_list(minimal_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    break_status(minimal_project)
    assert run(minimal_project, "validate", "--format", "json") == 1
    [item] = json.loads(capsys.readouterr().out)
    assert item == {
        "file": "content/briefs/military-communications.yaml",
        "line": 4,
        "column": 9,
        "path": "status",
        "severity": "error",
        "code": "bad-choice",
        "message": "`at_rsk` is not a valid status; expected one of: active, at_risk, suspended, ended",
        "hint": "did you mean `at_risk`?",
    }


def test_github_format_annotates_the_line(
    minimal_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    break_status(minimal_project)
    assert run(minimal_project, "validate", "--format", "github") == 1
    out = capsys.readouterr().out
    assert out == (
        "::error file=content/briefs/military-communications.yaml,line=4,col=9,title=status::"
        "`at_rsk` is not a valid status; expected one of: active, at_risk, suspended, ended "
        "(hint: did you mean `at_risk`?)\n"
    )


def test_warnings_pass_unless_strict(minimal_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    sources = minimal_project.content / "sources.yaml"
    sources.write_text(
        sources.read_text() + "  - id: spare\n    title: T\n    publisher: P\n    kind: news\n"
    )
    assert run(minimal_project, "validate") == 0
    assert "warning: sources[2].id: source `spare` is not cited by any brief" in capsys.readouterr().err
    assert run(minimal_project, "validate", "--strict") == 1


def test_usage_errors_exit_2(minimal_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run(minimal_project, "validate", "--format", "xml")
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        cli.main(["frobnicate"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        cli.main(["--today", "yesterday", "validate"])
    assert info.value.code == 2
    assert "expected a date like 2024-11-07" in capsys.readouterr().err


def test_missing_content_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--project", str(tmp_path), "validate"]) == 2
    assert "no content/ folder" in capsys.readouterr().err


def test_generate_writes_only_changed_files(
    minimal_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(minimal_project, "generate") == 0
    first = capsys.readouterr().err
    assert "0 unchanged" in first
    assert run(minimal_project, "generate") == 0
    assert "0 files written" in capsys.readouterr().err
    brief = minimal_project.content / "briefs" / "overview.yaml"
    brief.write_text(brief.read_text().replace("helped manage tensions", "helped to manage tensions"))
    assert run(minimal_project, "generate") == 0
    # the brief page, the home page (it shows the lead brief's summary), the briefing book,
    # the JSON export, the brief's own JSON file and the Schema reference (this summary is its
    # example of one); nothing else
    assert "6 files written" in capsys.readouterr().err


def test_generate_removes_pages_it_no_longer_renders(minimal_project: Project) -> None:
    assert run(minimal_project, "generate") == 0
    stray = minimal_project.generated / "briefs" / "old-brief.md"
    stray.write_text("# stale\n")
    assert run(minimal_project, "generate") == 0
    assert not stray.exists()


def test_hand_written_pages_are_copied_never_written(minimal_project: Project) -> None:
    before = {p: p.read_bytes() for p in minimal_project.docs.rglob("*") if p.is_file()}
    assert run(minimal_project, "generate") == 0
    assert {p: p.read_bytes() for p in minimal_project.docs.rglob("*") if p.is_file()} == before
    assert (minimal_project.generated / "about.md").read_bytes() == (
        minimal_project.docs / "about.md"
    ).read_bytes()


def test_schema_command_writes_the_json_schema_files(minimal_project: Project) -> None:
    from generator.check.schema import SCHEMAS, json_schema_text

    assert run(minimal_project, "schema") == 0
    site = check(minimal_project, TODAY).site
    assert site is not None
    for name in SCHEMAS:
        written = (minimal_project.root / "schema" / f"{name}.schema.json").read_text()
        assert written == json_schema_text(name, site.vocabulary)
    readouts = json.loads((minimal_project.root / "schema" / "event.schema.json").read_text())["$defs"]
    assert readouts["Readouts"]["propertyNames"] == {"enum": ["differences", "us", "china"]}


def test_schema_check_says_which_file_is_stale(
    minimal_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(minimal_project, "schema") == 0
    assert run(minimal_project, "schema", "--check") == 0
    parties = minimal_project.content / "parties.yaml"
    parties.write_text(
        parties.read_text() + "  - {id: eu, name: European Union, label: EU, colour: '#123456'}\n"
    )
    capsys.readouterr()
    assert run(minimal_project, "schema", "--check") == 1
    err = capsys.readouterr().err
    assert "schema/event.schema.json is out of date; run `briefings schema`" in err
