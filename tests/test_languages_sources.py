"""A source's `via` note (where a republished copy was read), translated like any other unit:
scaffolded by `briefings translate`, counted by the work list, shown on the language's sources
page and in its briefs' source lists, marked while missing or out of date.

The sample fixture declares `[en, fr]`; one of its sources, `harbour-gazette-2026-02-10`,
was read in a copy (`via: copy on fishingnews.example`) and has no French translation yet.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator import cli
from generator.check.units import source_hash
from generator.project import Project
from tests.conftest import TODAY, copy_project

VIA = "copy on fishingnews.example"
FRENCH = "copie sur fishingnews.example"
SOURCE = "harbour-gazette-2026-02-10"
FILE = "content/translations/fr/sources.yaml"


def run(project: Project, *args: str) -> int:
    return cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), *args])


def work_list(project: Project, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    capsys.readouterr()
    assert run(project, "translations", "--language", "fr", "--format", "json") == 0
    (fr,) = json.loads(capsys.readouterr().out)
    return {u["field"]: u for u in fr["units"] if u["file"] == FILE}


def sources_page(project: Project, language: str = "fr") -> str:
    folder = project.site / language if language != "en" else project.site
    return (folder / "sources/index.html").read_text(encoding="utf-8")


def entry(html: str) -> str:
    found = re.search(rf'<li id="src-{SOURCE}">(.*?)</li>', html, re.S)
    assert found is not None
    return found[1]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(tmp_path / "site")


def test_a_via_note_is_scaffolded_listed_and_shown_marked_until_translated(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    field = f"sources.{SOURCE}.via"
    missing = work_list(project, capsys)[field]
    assert missing["state"] == "missing" and missing["line"] is None  # no file yet
    assert missing["source_file"] == "content/sources.yaml" and missing["source_hash"] == source_hash(VIA)

    assert run(project, "translate", "fr") == 0
    scaffold = (project.root / FILE).read_text(encoding="utf-8")
    assert f"sources:\n  {SOURCE}:\n    # {VIA}\n    via:\n      text: null\n" in scaffold
    assert list(work_list(project, capsys)) == [field]  # the one via note of the sample
    assert run(project, "build", "--strict") == 0, capsys.readouterr().err
    marked = entry(sources_page(project))
    assert f'<span class="i18n-passage i18n-passage--missing" lang="en">{VIA} <small' in marked
    assert VIA in entry(sources_page(project, "en")) and "i18n" not in entry(sources_page(project, "en"))

    (project.root / FILE).write_text(scaffold.replace("text: null", f"text: {FRENCH}"), encoding="utf-8")
    assert work_list(project, capsys) == {}  # up to date: nothing left to do
    assert run(project, "build", "--strict") == 0, capsys.readouterr().err
    translated = entry(sources_page(project))
    assert f"({FRENCH})" in translated and f"{FRENCH} <small" not in translated  # unmarked
    brief = (project.site / "fr/briefs/fisheries-talks/index.html").read_text(encoding="utf-8")
    assert f"({FRENCH})" in brief and f"({VIA})" not in brief  # the brief's own source list
    assert f"({VIA})" in entry(sources_page(project, "en"))


def translate(project: Project, field: str, text: str, hash_: str) -> None:
    """The French translation file of the sources, translating one field of SOURCE."""
    translation = project.root / FILE
    translation.parent.mkdir(parents=True, exist_ok=True)
    translation.write_text(
        f"sources:\n  {SOURCE}:\n    {field}:\n      text: {text}\n      source_hash: '{hash_}'\n",
        encoding="utf-8",
    )


def test_an_edited_via_note_warns_at_its_translation(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    translate(project, "via", FRENCH, source_hash(VIA))
    assert run(project, "validate", "--strict") == 0, capsys.readouterr().err
    registry = project.content / "sources.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace(VIA, "copy on fishnews.example"), encoding="utf-8"
    )
    capsys.readouterr()
    assert run(project, "validate", "--strict") == 1
    err = capsys.readouterr().err
    said = f"{FILE}:3:5: warning: sources.{SOURCE}.via: translates an older text of content/sources.yaml:"
    assert said in err, err
    assert work_list(project, capsys)[f"sources.{SOURCE}.via"]["state"] == "out_of_date"


def test_a_source_title_is_not_a_translated_field(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    translate(project, "title", "Quotas", "0a1b2c3d")
    capsys.readouterr()
    assert run(project, "validate") == 1
    err = capsys.readouterr().err
    assert f"{FILE}:3:5: error: sources.{SOURCE}.title: unknown field `title`" in err
