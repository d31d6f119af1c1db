"""Translation status per field: validate's warnings, the work list and the scaffold.

The sample fixture carries a French translation (`content/translations/fr/`) of every
kind of unit: a brief's fields, lists, judgments (with an outcome note), channels and
a brief's note on an event, an event with readouts, actors, areas and parties.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from generator import cli
from generator.check.units import source_hash
from generator.project import Project
from tests.conftest import TODAY, copy_project, declare_languages

FR = "content/translations/fr"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(tmp_path / "site")


def run(project: Project, *args: str) -> int:
    return cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), *args])


def test_the_sample_translation_is_up_to_date(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, "validate", "--strict") == 0, capsys.readouterr().err


def test_an_english_edit_warns_at_its_translation_until_restored(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = project.content / "briefs" / "river-commission.yaml"
    original = brief.read_text(encoding="utf-8")
    brief.write_text(original.replace("agreed to share", "agreed to pool"), encoding="utf-8")
    capsys.readouterr()
    assert run(project, "validate") == 0  # a warning: the English edit is not blocked
    err = capsys.readouterr().err
    new = source_hash(
        "The **Joint River Commission**, set up by the basin treaty of 2019, met for\n"
        "the first time with all three parties in March 2026 and agreed to pool\n"
        "hydrology data from upstream gauges. A flood-warning link followed in June.\n"
    )
    assert (
        f"{FR}/briefs/river-commission.yaml:7:1: warning: summary: translates an older text of "
        "content/briefs/river-commission.yaml:10: summary" in err
    ), err
    assert f"set `source_hash: '{new}'`" in err
    assert "0 errors, 1 warning" in err
    assert run(project, "validate", "--strict") == 1
    brief.write_text(original, encoding="utf-8")
    capsys.readouterr()
    assert run(project, "validate", "--strict") == 0
    assert "warning" not in capsys.readouterr().err


def test_a_page_translation_follows_its_page(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    about = project.docs / "about.md"
    page = project.root / FR / "docs" / "about.md"
    page.parent.mkdir(parents=True)
    page.write_text(
        f"---\nsource_hash: '{source_hash(about.read_text(encoding='utf-8'))}'\n---\n# À propos\n"
    )
    assert run(project, "validate", "--strict") == 0, capsys.readouterr().err
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    capsys.readouterr()
    assert run(project, "validate", "--strict") == 1
    err = capsys.readouterr().err
    assert f"{FR}/docs/about.md:2:1: warning: source_hash: translates an older text of docs/about.md" in err


def test_the_work_list(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(project, "translations", "--format", "json") == 0
    (fr,) = json.loads(capsys.readouterr().out)
    assert fr["language"] == "fr"
    assert fr["counts"]["up_to_date"] == 25 and fr["counts"]["out_of_date"] == 0
    units = {(u["file"], u["field"]): u for u in fr["units"]}
    null = units[
        (f"{FR}/briefs/river-commission.yaml", "key_judgments.the-three-parties-extend-data-sharing-to.text")
    ]
    assert null["state"] == "missing" and null["line"] == 31
    assert (null["source_file"], null["source_line"]) == ("content/briefs/river-commission.yaml", 31)
    absent = units[(f"{FR}/briefs/fisheries-talks.yaml", "title")]
    assert absent["line"] is None and absent["source_line"] == 2
    assert fr["counts"]["missing"] == len(fr["units"])
    assert run(project, "translations") == 0
    table = capsys.readouterr().out
    assert table.startswith(f"fr: 25 up to date, 0 out of date, {len(fr['units'])} missing")
    source = "content/briefs/fisheries-talks.yaml:2: title"
    assert f"missing      {FR}/briefs/fisheries-talks.yaml: title  (source: {source})" in table


def test_scaffold_then_validate(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    declare_languages(project, "en", "fr", "zh")
    assert run(project, "translate", "zh") == 0
    assert run(project, "validate", "--strict") == 0, capsys.readouterr().err
    capsys.readouterr()
    assert run(project, "translations", "--language", "zh", "--format", "json") == 0
    (zh,) = json.loads(capsys.readouterr().out)
    assert zh["counts"]["up_to_date"] == zh["counts"]["out_of_date"] == 0
    assert zh["counts"]["missing"] == len(zh["units"]) == 65
    assert all(u["line"] is not None for u in zh["units"])  # every unit now has its place
    brief = (project.root / "content/translations/zh/briefs/river-commission.yaml").read_text()
    assert "# The joint river commission\ntitle:\n  text: null\n  source_hash: 'bf1598f5'\n" in brief


def test_scaffold_keeps_every_existing_line(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    folder = project.root / FR
    before = {p: p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}
    assert run(project, "translate", "fr") == 0
    for path, old in before.items():
        new = path.read_text(encoding="utf-8")
        opcodes = difflib.SequenceMatcher(None, old.splitlines(True), new.splitlines(True)).get_opcodes()
        assert {op for op, *_ in opcodes} <= {"equal", "insert"}, path
    assert run(project, "validate", "--strict") == 0, capsys.readouterr().err
    capsys.readouterr()
    assert run(project, "translations") == 0
    assert capsys.readouterr().out.startswith("fr: 25 up to date, 0 out of date, 40 missing")
    grid = (folder / "briefs" / "grid-interconnector.yaml").read_text(encoding="utf-8")
    assert grid.index("channels:") < grid.index("  earlier-pipeline-forum:") < grid.index("events:")
    snapshot = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert run(project, "translate", "fr") == 0  # nothing left to add
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == snapshot


def test_translate_refuses_a_language_the_site_does_not_declare(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "translate", "de") == 2
    err = capsys.readouterr().err
    assert "`de` is not one of the site's languages" in err and "languages: [en, de]" in err
    assert not (project.content / "translations" / "de").exists()
    assert run(project, "translate", "en") == 2


def test_translate_writes_nothing_when_a_translation_has_an_error(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    areas = project.root / FR / "areas.yaml"
    areas.write_text(areas.read_text().replace("'7ca7dea9'", "7ca7dea9x"))
    before = areas.read_bytes()
    assert run(project, "translate", "fr") == 1
    assert "nothing was written" in capsys.readouterr().err
    assert areas.read_bytes() == before
    assert not (project.root / FR / "briefs" / "fisheries-talks.yaml").exists()


def test_translate_refuses_to_add_to_a_one_line_mapping(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = project.root / FR / "briefs" / "river-commission.yaml"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(
        text[: text.index("channels:")]
        + "channels: {trilateral-ministerial-session: {name: {text: Session, source_hash: '503e41f0'}}}\n",
        encoding="utf-8",
    )
    before = {p: p.read_bytes() for p in (project.root / FR).rglob("*.*")}
    assert run(project, "validate", "--strict") == 0, capsys.readouterr().err
    assert run(project, "translate", "fr") == 1
    err = capsys.readouterr().err
    assert f"{FR}/briefs/river-commission.yaml:34:" in err and "is written on one line" in err
    assert {p: p.read_bytes() for p in (project.root / FR).rglob("*.*")} == before


def test_an_unquoted_colon_in_a_listed_text_is_placed_at_its_item(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    translation = project.content / "translations/fr/briefs/river-commission.yaml"
    text = translation.read_text(encoding="utf-8")
    quoted = (
        '"Date de la première session trilatérale corrigée : elle s\'est ouverte le 4 mars, non le 5 mars."'
    )
    assert quoted in text
    translation.write_text(text.replace(quoted, quoted.strip('"')), encoding="utf-8")
    capsys.readouterr()
    assert run(project, "validate") == 1
    err = capsys.readouterr().err
    assert "river-commission.yaml:48:7: error: corrections.text[0]: expected text, got a mapping" in err, err
    assert "hint: put the line in quotes" in err
