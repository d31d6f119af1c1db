"""Input that used to be silently wrong is a diagnostic: briefs under another extension, ids the
site generates itself, hand-written pages that are not UTF-8, files `overdue` cannot read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import cli
from generator.commands import overdue
from generator.project import Project
from tests.conftest import TODAY


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def run(project: Project, capsys: pytest.CaptureFixture[str], *command: str) -> tuple[int, str, str]:
    code = cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), *command])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_new_refuses_an_id_the_site_generates(
    minimal_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(minimal_project, capsys, "new", "index", "--area", "overview")
    assert code == 2
    assert err == (
        "briefings: `index` cannot be a brief's id: `briefs/index.md` is a page the site generates; "
        "choose another, e.g. `index-talks`\n"
    )
    assert not (minimal_project.content / "briefs" / "index.yaml").exists()


@pytest.mark.parametrize(
    ("where", "data", "place"),
    [
        ("docs/about.md", b"# About\n\nCaf\xe9 au lait\n", "docs/about.md:3:4"),
        ("CONTRIBUTING.md", b"# Contributing\n\xff\n", "CONTRIBUTING.md:2:1"),
    ],
)
def test_a_hand_written_page_that_is_not_utf8_is_placed_at_the_byte(
    minimal_project: Project, capsys: pytest.CaptureFixture[str], where: str, data: bytes, place: str
) -> None:
    assert run(minimal_project, capsys, "generate")[0] == 0
    before = snapshot(minimal_project.generated)
    (minimal_project.root / where).write_bytes(data)
    code, _, err = run(minimal_project, capsys, "generate")
    assert code == 1
    assert f"{place}: error: the file is not valid UTF-8 (byte 0x" in err
    assert "hint: save the file as UTF-8" in err
    assert err.rstrip().endswith("briefings: nothing was written")
    assert snapshot(minimal_project.generated) == before


def test_overdue_reports_what_it_could_not_read(minimal_project: Project, tmp_path: Path) -> None:
    (minimal_project.content / "briefs" / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n")
    (minimal_project.content / "briefs" / "misnamed.yml").write_text("id: misnamed\n")
    out_json = tmp_path / "report.json"
    body = overdue.run(minimal_project.content, TODAY, json_out=out_json)
    assert "## Files that could not be read" in body
    assert "| `content/briefs/broken.yaml:2:8` | the `[` opened here is not closed before line 3" in body
    assert (
        "| `content/briefs/misnamed.yml:1:1` | this file is not read: a brief's file name ends in `.yaml`"
        in body
    )
    data = json.loads(out_json.read_text())
    assert [u["file"] for u in data["unreadable"]] == [
        "content/briefs/broken.yaml",
        "content/briefs/misnamed.yml",
    ]
    assert data["count"] == len(data["overdue"]) + 2
