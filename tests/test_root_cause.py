"""Root cause first: a registry's own error is reported, not the references it breaks; a
did-you-mean only for a real near miss; a date that is no calendar date names its field."""

from __future__ import annotations

import re

import pytest

from generator import cli
from generator.errors import did_you_mean
from generator.project import Project
from tests.conftest import TODAY


def validate(project: Project, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), "validate"])
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if not line.startswith(" ")]


def edit(project: Project, rel: str, old: str, new: str) -> None:
    path = project.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_bad_party_colour_is_the_one_error_and_the_parties_named_elsewhere_one_line(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(sample_project, "content/parties.yaml", 'colour: "#8f4a1a"', "colour: red")
    code, lines = validate(sample_project, capsys)
    assert code == 1
    assert lines[0] == "content/parties.yaml:9:13: error: parties[1].colour: `red` has the wrong form"
    assert not any("is not a party of this site" in line for line in lines), lines
    (unchecked,) = [line for line in lines if "not checked" in line]
    assert unchecked.startswith("content/parties.yaml:1:1: warning: ")
    assert "references to parties in actors, sources and events were not checked" in unchecked
    assert lines[-1] == "1 error, 1 warning in 1 file"


def test_a_typo_in_a_registry_leaves_the_references_into_it_checked(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its ids still read: references to them are fine, and no line says otherwise."""
    edit(sample_project, "content/actors.yaml", "kind: person", "kind: persn")
    code, lines = validate(sample_project, capsys)
    assert code == 1
    assert not any("not checked" in line for line in lines), lines
    assert lines[-1] == "1 error, 0 warnings in 1 file"


def test_a_yaml_slip_in_the_parties_gives_no_false_party_errors(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(sample_project, "content/parties.yaml", "    label: Southland", "    label Southland")
    code, lines = validate(sample_project, capsys)
    assert code == 1
    # At the line with the slip, not the next one, where the parser noticed.
    assert lines[0] == (
        "content/parties.yaml:8:5: error: YAML syntax error: this line has no `:` after its key "
        "(could not find expected ':')"
    )
    assert not any("is not a party of this site" in line for line in lines), lines
    assert lines[-1] == "1 error, 1 warning in 1 file"


def test_a_bad_area_id_does_not_make_the_briefs_area_unknown(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    areas = (sample_project.content / "areas.yaml").read_text(encoding="utf-8")
    first = areas.split("- id: ", 1)[1].split("\n", 1)[0]
    edit(sample_project, "content/areas.yaml", f"- id: {first}\n", f"- id: {first.title()}\n")
    code, lines = validate(sample_project, capsys)
    assert code == 1
    where = f"content/areas.yaml:{_line_of(areas, first)}:9"
    assert [line for line in lines if ": error: " in line] == [
        f"{where}: error: areas[0].id: `{first.title()}` is not a valid id"
    ]
    assert any(
        re.search(r"references? to areas in briefs and events (was|were) not checked", x) for x in lines
    )


def _line_of(text: str, area: str) -> int:
    return text.splitlines().index(f"  - id: {area}") + 1


def test_an_impossible_date_names_its_field(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = next(sample_project.content.glob("briefs/*.yaml"))
    text = brief.read_text(encoding="utf-8")
    review = next(line for line in text.splitlines() if line.startswith("review_by: "))
    edit(sample_project, f"content/briefs/{brief.name}", review, "review_by: 2027-02-30")
    code, lines = validate(sample_project, capsys)
    assert code == 1
    line = text.splitlines().index(review) + 1
    assert lines[0] == (
        f"content/briefs/{brief.name}:{line}:12: error: review_by: `2027-02-30` is not a real calendar date"
    )


def test_an_impossible_date_in_a_list_names_its_place(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = (sample_project.content / "sources.yaml").read_text(encoding="utf-8")
    first = next(line for line in sources.splitlines() if line.strip().startswith("date: "))
    edit(sample_project, "content/sources.yaml", first, first.split("date:")[0] + "date: 2026-13-01")
    code, lines = validate(sample_project, capsys)
    assert code == 1
    assert ": error: sources[0].date: `2026-13-01` is not a real calendar date" in lines[0]


@pytest.mark.parametrize(
    ("value", "choices", "words", "expected"),
    [
        # look-alikes are no hint
        ("northland", ["thailand", "laos", "vietnam", "cambodia"], False, None),
        ("southland", ["thailand", "laos", "vietnam", "cambodia"], False, None),
        ("northland-mfa-2026-03-04", ["thailand-mfa-2026-03-04"], False, None),
        ("water", ["hydropower", "navigation", "fisheries"], False, None),
        ("highly_unlikely", ["very_unlikely", "unlikely"], False, None),
        # typos are
        ("vietnma", ["vietnam", "laos"], False, "vietnam"),
        ("chian", ["china", "us"], False, "china"),
        ("overveiw", ["overview"], False, "overview"),
        ("dvids-2024-09-90", ["dvids-2024-09-09"], False, "dvids-2024-09-09"),
        ("goverment-staement", ["government-statement"], False, "government-statement"),
        ("ICD-203", ["icd203", "phia"], False, "icd203"),
        ("key_judgment", ["key_judgments", "key_points"], False, "key_judgments"),
        # in a closed list of words, the same last word
        (
            "highly_unlikely",
            ["almost_no_chance", "very_unlikely", "unlikely", "likely"],
            True,
            "very_unlikely",
        ),
        ("very_likely", ["remote_chance", "unlikely", "likely", "highly_likely"], True, "likely"),
        ("northland", ["thailand", "laos"], True, None),
    ],
)
def test_did_you_mean_only_for_a_near_miss(
    value: str, choices: list[str], words: bool, expected: str | None
) -> None:
    hint = did_you_mean(value, choices, words=words)
    assert hint == (f"did you mean `{expected}`?" if expected else None)


def test_a_stale_starter_party_gets_the_list_not_a_guess(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """The audit's case: parties replaced, an actor still names an old one."""
    parties = sample_project.content / "parties.yaml"
    text = parties.read_text(encoding="utf-8")
    parties.write_text(text.replace("id: northland", "id: thailand"), encoding="utf-8")
    cli.main(["--project", str(sample_project.root), "--today", TODAY.isoformat(), "validate"])
    err = capsys.readouterr().err
    assert "`northland` is not a party of this site" in err
    assert "did you mean `thailand`" not in err
    assert "hint: parties: thailand, southland, eastland" in err or "expected one of: thailand" in err
