"""A site's own words: statuses, likelihood scale, confidence levels and page words in mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import cli
from generator.project import Project
from tests.conftest import TODAY, declare_languages

WORDS = """\
extra:
  briefings:
    likelihood_scale: phia
    statuses:
      - {id: meeting, definition: "Met within the past six months.", colour: "#1b6e3a"}
      - {id: stalled, label: "stalled for now", definition: "No meeting for six months.", colour: "#8a5a00"}
    confidence_levels:
      - {id: thin, definition: "Little evidence."}
      - {id: solid, definition: "Several sources agree."}
    words:
      actors: People and institutions
"""


def run(project: Project, *args: str) -> int:
    return cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), *args])


def declare(project: Project, words: str = WORDS) -> None:
    """Replace the starter's `extra:` block with `words`."""
    config = project.config_file.read_text()
    start = config.index("extra:")
    end = config.index("\ntheme:")
    project.config_file.write_text(config[:start] + words + config[end:])


def edit(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text()
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text)


@pytest.fixture
def own_words(sample_project: Project) -> Project:
    declare(sample_project)
    declare_languages(sample_project, "en", "fr")  # the sample's translations
    for brief in (sample_project.content / "briefs").glob("*.yaml"):
        text = brief.read_text()
        for old, new in (
            ("status: active", "status: meeting"),
            ("status: at_risk", "status: stalled"),
            ("status: suspended", "status: stalled"),
            ("status: ended", "status: stalled"),
            ("likelihood: roughly_even_chance", "likelihood: realistic_possibility"),
            ("likelihood: unlikely", "likelihood: highly_unlikely"),
            ("confidence: low", "confidence: thin"),
            ("confidence: moderate", "confidence: solid"),
        ):
            text = text.replace(old, new)
        brief.write_text(text)
    return sample_project


def test_a_site_with_its_own_words_builds_and_shows_them(own_words: Project) -> None:
    assert run(own_words, "build", "--strict") == 0
    brief = (own_words.site / "briefs" / "fisheries-talks" / "index.html").read_text()
    assert ">stalled for now</a>" in brief
    assert "highly unlikely" in brief and "(10–20%)" in brief
    actors = (own_words.site / "actors" / "index.html").read_text()
    assert "<title>People and institutions - Test briefings</title>" in actors
    methodology = (own_words.site / "methodology" / "index.html").read_text()
    assert "No meeting for six months." in methodology and 'id="status-stalled"' in methodology
    assert "PHIA probability yardstick" in methodology and 'id="likelihood-remote_chance"' in methodology
    assert 'id="confidence-solid"' in methodology
    css = (own_words.site / "assets" / "briefings.css").read_text()
    assert ".md-typeset .badge--stalled { background: var(--badge-stalled); }" in css
    assert "--party-eastland: #2f7a3a;" in css


def test_the_default_words_are_refused_where_the_site_declared_others(
    own_words: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        own_words.content / "briefs" / "grid-interconnector.yaml",
        ("status: stalled\nstatus_note", "status: suspended\nstatus_note"),
    )
    assert run(own_words, "validate") == 1
    err = capsys.readouterr().err
    assert "status: `suspended` is not a valid status; expected one of: meeting, stalled" in err


def test_a_likelihood_hint_is_the_nearest_word_of_the_scale(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """`highly_unlikely` holds `high` but is no confidence mixed in: it is PHIA's word, near ICD's."""
    edit(
        sample_project.content / "briefs" / "fisheries-talks.yaml",
        ("likelihood: unlikely", "likelihood: highly_unlikely"),
    )
    assert run(sample_project, "validate") == 1
    err = capsys.readouterr().err
    assert "hint: did you mean `very_unlikely`?" in err
    assert "confidence" not in err.split("highly_unlikely", 1)[1].split("\n")[3]


def test_a_bad_declaration_is_reported_in_mkdocs_yml_with_its_place(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    declare(
        sample_project,
        "extra:\n  briefings:\n    likelihood_scale: icd-203\n    words:\n      key_judgment: X\n",
    )
    assert run(sample_project, "validate") == 1
    err = capsys.readouterr().err
    line = sample_project.config_file.read_text().splitlines().index("    likelihood_scale: icd-203") + 1
    assert f"mkdocs.yml:{line}:23: error: extra.briefings.likelihood_scale: `icd-203` is not a valid" in err
    assert "did you mean `icd203`?" in err
    assert "extra.briefings.words.key_judgment: unknown word `key_judgment`" in err
    assert "did you mean `key_judgments`?" in err
    assert "Traceback" not in err


def test_the_new_brief_form_must_offer_the_areas(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """One list of areas: `briefings validate` warns where the repository's issue form differs."""
    assert run(sample_project, "validate", "--strict") == 0
    areas = sample_project.content / "areas.yaml"
    areas.write_text(
        areas.read_text() + "  - {id: shipping, title: Shipping, description: Ports and lanes.}\n"
    )
    capsys.readouterr()
    assert run(sample_project, "validate", "--strict") == 1
    err = capsys.readouterr().err
    assert ".github/ISSUE_TEMPLATE/new-brief.yml:" in err
    assert "the area choices of the new-brief form differ from content/areas.yaml" in err
    assert "water, fisheries, energy, shipping, other" in err
