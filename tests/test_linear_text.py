"""No field can make the generator superlinear: Markdown's link patterns and PyYAML's base-60
integers are guarded before they run, and the guard's model of Markdown's work is checked
against Python-Markdown itself (its characters scanned are counted, not timed).  The fields
are rendered by pulldown-cmark (`MarkdownRenderer`), whose link parsing is linear; the guard
bounds what Python-Markdown, the engines' renderer, would scan in the same text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown.inlinepatterns
import pytest
import yaml

from generator import cli
from generator.check.text import LINK_SCAN_BASE, LINK_SCAN_BUDGET, link_scan_cost, text_problems
from generator.project import Project
from generator.read.safe_yaml import LoadError, parse
from tests.conftest import TODAY

SHAPES = [
    "[" * 3000,
    "[[a]] " * 500,
    "[" * 200 + "]" * 200,
    "[a](" * 800,
    "[a](b) " * 400,
    "[a][b] " * 400,
    "![x](y) [z] (w) " * 200,
    "see [the report](https://example.org/a_(b)) and [this](https://example.org)",
    "\\[" * 1000 + "[",
    "plain text without links " * 40,
]


@pytest.fixture
def scanned(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Characters Python-Markdown's link patterns scan, as counted in its own getText/getLink."""
    counts: list[int] = []
    cls = markdown.inlinepatterns.LinkInlineProcessor
    get_text, get_link = cls.getText, cls.getLink

    def text(self: Any, data: str, index: int) -> Any:
        found = get_text(self, data, index)
        counts.append(found[1] - index)
        return found

    def link(self: Any, data: str, index: int) -> Any:
        found = get_link(self, data, index)
        counts.append(found[2] - index)
        return found

    monkeypatch.setattr(cls, "getText", text)
    monkeypatch.setattr(cls, "getLink", link)
    return counts


@pytest.mark.parametrize("text", SHAPES, ids=range(len(SHAPES)))
def test_the_guard_bounds_what_markdown_scans(text: str, scanned: list[int]) -> None:
    markdown.markdown(text, extensions=["sane_lists", "tables"])
    refused = any(p.code == "pathological-markdown" for p in text_problems({"summary": text}))
    bound = LINK_SCAN_BUDGET * len(text) + LINK_SCAN_BASE
    if not refused:  # what passes validation is scanned in time linear in its length
        assert sum(scanned) <= bound
    else:  # what is refused would have been scanned far more than that
        assert sum(scanned) > bound
    # Every link pattern (link, image, reference, short reference) scans at most what the
    # model counts for one of them.
    assert max(scanned, default=0) <= max(link_scan_cost(text)[0], 1)


def test_the_bracket_bomb_is_refused_at_its_field(
    minimal_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """19,900 `[` in one summary took generate 99.5 s; now validation refuses it."""
    args = ["--project", str(minimal_project.root), "--today", TODAY.isoformat()]
    assert cli.main([*args, "generate"]) == 0
    before = {p: p.read_bytes() for p in minimal_project.generated.rglob("*") if p.is_file()}
    brief = minimal_project.content / "briefs" / "overview.yaml"
    brief.write_text(brief.read_text().replace("summary: |\n", "summary: |\n  " + "[" * 19_900 + "\n", 1))
    capsys.readouterr()
    assert cli.main([*args, "generate"]) == 1
    err = capsys.readouterr().err
    assert (
        "content/briefs/overview.yaml:10:10: error: summary: holds 19,900 `[` (or `](`) that never close"
        in err
    )
    assert "hint: write a bracket that opens no link as `\\[`" in err
    assert "Traceback" not in err
    assert {p: p.read_bytes() for p in minimal_project.generated.rglob("*") if p.is_file()} == before


def test_a_long_base_60_integer_is_refused_before_it_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """PyYAML builds `1:1:1:...` in quadratic time (CVE-2026-142207); the loader never asks it to."""
    built: list[str] = []
    construct = yaml.constructor.SafeConstructor.construct_yaml_int

    def counting(self: Any, node: Any) -> Any:
        built.append(node.value)
        return construct(self, node)

    table = yaml.constructor.SafeConstructor.yaml_constructors
    monkeypatch.setitem(table, "tag:yaml.org,2002:int", counting)
    with pytest.raises(LoadError) as caught:
        parse("as_of: 1" + ":1" * 500_000 + "\n")  # 1 MB: minutes if it were built
    assert caught.value.message.startswith(
        "`1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1...` would be read as a number"
    )
    assert (caught.value.line, caught.value.column) == (1, 8)
    assert built == []
    assert parse("n: 12\n")[0] == {"n": 12} and built == ["12"]  # other integers are still built


def test_a_quoted_time_stays_text() -> None:
    assert parse('at: "12:30"\n')[0] == {"at": "12:30"}
    with pytest.raises(LoadError, match="base 60"):
        parse("at: 12:30\n")


def test_golden_cases_exist() -> None:
    golden = Path(__file__).parent / "golden" / "invalid"
    assert (
        (golden / "yaml-base-60-number" / "expected.txt")
        .read_text()
        .startswith(
            "content/briefs/overview.yaml:6:8: error: `2024:11:07` would be read as a number in base 60"
        )
    )
    assert "19,900 `[`" in (golden / "markdown-bracket-bomb" / "expected.txt").read_text()
