"""Text that cannot be published is refused at its field, and nothing from a repository
reaches a terminal raw: control characters (YAML escapes included), the generator's NUL
markers and bidi controls are errors, zero-width characters warnings, and every reporter
shows them escaped."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from generator import cli
from generator.check.text import _walk, text_problems
from generator.errors import Diagnostic
from generator.project import Project
from generator.report import format_github, format_human, format_json
from tests.conftest import TODAY

HOSTILE = "\x1b[31mred\x1b]0;title\x07 \u202eevil \x9b2J \x00h\x00"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def set_line(path: Path, key: str, line: str) -> None:
    lines = path.read_text().splitlines()
    index = next(i for i, old in enumerate(lines) if old.startswith(f"{key}:"))
    lines[index] = line
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('title: "Bell\\x07 and \\e[31mred"', "title: holds a control character (U+0007) at character 5"),
        ('title: "Next \\x85line"', "title: holds a control character (U+0085) at character 6"),
        (
            'title: "\\0h\\0 marker"',
            "title: holds a NUL character (U+0000) at character 1: the generator uses it",
        ),
        ('title: "abc \\u202edef"', "title: holds a bidirectional control (U+202E RIGHT-TO-LEFT OVERRIDE)"),
        (f'title: "{"> " * 65}deep"', "title: nests lists or quotes more than 64 deep: it would be shown as"),
    ],
)
def test_an_unpublishable_character_fails_generate_at_its_field(
    minimal_project: Project, capsys: pytest.CaptureFixture[str], line: str, message: str
) -> None:
    args = ["--project", str(minimal_project.root), "--today", TODAY.isoformat()]
    assert cli.main([*args, "generate"]) == 0
    before = snapshot(minimal_project.generated)
    set_line(minimal_project.content / "briefs" / "overview.yaml", "title", line)
    capsys.readouterr()
    assert cli.main([*args, "generate"]) == 1
    err = capsys.readouterr().err
    assert f"content/briefs/overview.yaml:2:8: error: {message}" in err
    assert "hint: " in err and "Traceback" not in err
    assert not any(c in err for c in "\x1b\x07\x00\x85\u202e")
    assert snapshot(minimal_project.generated) == before


def test_a_zero_width_character_is_a_warning(
    minimal_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    set_line(minimal_project.content / "briefs" / "overview.yaml", "title", 'title: "zero\\u200bwidth"')
    args = ["--project", str(minimal_project.root), "--today", TODAY.isoformat()]
    assert cli.main([*args, "validate"]) == 0
    assert cli.main([*args, "validate", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "overview.yaml:2:8: warning: title: holds an invisible character (U+200B ZERO WIDTH SPACE)" in err


def test_every_reporter_escapes_what_it_did_not_write() -> None:
    diagnostic = Diagnostic(
        f"content/briefs/{HOSTILE}.yaml",
        3,
        4,
        f"title.{HOSTILE}",
        f"bad {HOSTILE}",
        f"hint {HOSTILE}",
        source_line=f"title: {HOSTILE}",
    )
    for text in (format_human([diagnostic]), format_github([diagnostic]), format_json([diagnostic])):
        assert not any(c in text for c in "\x1b\x07\x00\x9b\u202e"), text
    human = format_human([diagnostic])
    assert "\\x1b[31mred\\x1b]0;title\\x07 \\u202eevil \\x9b2J \\x00h\\x00" in human
    assert "\\u001b[31mred" in format_json([diagnostic])  # still JSON: the same text once decoded


def test_a_codeowners_diff_is_shown_escaped(
    minimal_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    (minimal_project.root / "CODEOWNERS").write_text("* @x \x1b]0;owned\x07\n")
    code = cli.main(
        ["--project", str(minimal_project.root), "--today", TODAY.isoformat(), "codeowners", "--check"]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "-* @x \\x1b]0;owned\\x07\n" in err and "\x1b" not in err and "\x07" not in err


CHARACTERS = [
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9f",
    "\u202e",
    "\u2066",
    "\u061c",
    "\u200b",
    "\ufeff",
    "\t",
    "\n",
]
BRACKETS = ["[" * 3000, "[" * 3000 + "]" * 3000, "[a](" * 800, "\\[" * 3000, "[x](y) " * 500]
NESTED = ["+ " * 65 + "x", "> " * 70 + "x", "+ " * 64 + "x", "- a " * 200, "1. " * 100 + "x"]


def test_the_one_scan_finds_what_the_walk_by_field_finds() -> None:
    """`text_problems` scans all of a file's texts at once and walks field by field only when
    that scan finds something: every character and bracket problem, in a key or a value at any
    depth, gives what the walk alone gives."""
    rng = random.Random(5)
    for round_ in range(400):
        data: Any = {
            "id": "x",
            "title": "A title",
            "items": [{"text": "plain", "n": 3}, "more"],
            7: "odd key",
        }
        for _ in range(rng.randint(0, 2)):
            bad = rng.choice(CHARACTERS + BRACKETS + NESTED)
            text = "lead " + bad + " tail"
            place = rng.randrange(5)
            if place == 0:
                data["title"] = text
            elif place == 1:
                data[text] = "key holds it"
            elif place == 2:
                data["items"][0]["text"] = text
            elif place == 3:
                data["items"].append({"deeper": [text]})
            else:
                data["items"][1] = text
        assert list(text_problems(data)) == list(_walk(data, ())), round_
    assert list(text_problems({"a": ["[" * 3000]}))  # the check has something to find
    assert [p.code for p in text_problems({"a": ["+ " * 65 + "x"]})] == ["markdown-too-deep"]
    assert not list(text_problems({"a": ["+ " * 64 + "x"]}))  # 64 deep is the limit, and allowed
