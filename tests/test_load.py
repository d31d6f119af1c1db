"""The loader: safe, bounded, and every refusal is a LoadError with a place."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.read.load import MAX_BYTES, LoadError, Positions, load_content, parse, read_file
from generator.read.safe_yaml import _CONSTRUCTOR, _resolve
from tests.conftest import FIXTURES


def test_plain_values_are_built() -> None:
    data, problems = parse("a: 1\nb: [x, 'y']\nc: 2024-11-07\nd: yes\ne: ~\n")
    assert data == {"a": 1, "b": ["x", "y"], "c": dt.date(2024, 11, 7), "d": True, "e": None}
    assert problems == []


def test_keys_stay_text_even_when_they_look_like_booleans() -> None:
    data, _ = parse("on: 1\n2: x\n")
    assert data == {"on": 1, "2": "x"}


def test_duplicate_key_is_a_problem_at_the_second_key() -> None:
    _data, problems = parse("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert len(problems) == 1
    problem, mark = problems[0]
    assert problem.path == ("b", "c")
    assert problem.code == "duplicate-key"
    assert mark == (3, 2)


@pytest.mark.parametrize(
    "text, code, mark",
    [
        ("a: !!python/object/apply:os.system [echo hi]\n", "custom-tag", (0, 3)),
        ("a: !custom x\n", "custom-tag", (0, 3)),
        ("a: 2024-02-30\n", "bad-date", (0, 3)),
        ("a: [1, 2\n", "yaml-syntax", (0, 3)),  # at the bracket that never closed
        ("", "empty", (0, 0)),
        ("# only a comment\n", "empty", (0, 0)),
        ("--- 1\n--- 2\n", "multiple-documents", (1, 0)),
        ("a: *nothing\n", "yaml-syntax", (0, 3)),
        ("? [a, b]\n: c\n", "complex-key", (0, 2)),
    ],
)
def test_refusals_carry_a_code_and_place(text: str, code: str, mark: tuple[int, int]) -> None:
    with pytest.raises(LoadError) as info:
        parse(text)
    assert info.value.code == code
    assert info.value.mark == mark


@pytest.mark.parametrize("text", ["[" * 200_000, "- " * 200_000 + "x", "{a: " * 100_000])
def test_absurd_nesting_is_refused_without_crashing(text: str) -> None:
    with pytest.raises(LoadError) as info:
        parse(text)
    assert info.value.code == "too-deep"


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    with pytest.raises(LoadError) as info:  # without the bound: a billion values
        parse("\n".join(lines) + "\n")
    assert info.value.code == "too-large"


def test_small_aliases_are_fine() -> None:
    data, _ = parse("a: &x [1, 2]\nb: *x\n")
    assert data == {"a": [1, 2], "b": [1, 2]}


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(100 * 1024 * 1024)
    loaded = read_file(big, "big.yaml")
    assert loaded.data is None
    [(problem, _)] = loaded.problems
    assert problem.code == "too-large"
    assert f"{MAX_BYTES:,}" in problem.message


def test_non_utf8_bytes_point_at_the_byte(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"id: x\ntitle: caf\xe9\n")
    loaded = read_file(bad, "bad.yaml")
    [(problem, mark)] = loaded.problems
    assert problem.code == "encoding"
    assert mark == (1, 10)


def test_positions_are_found_on_the_slow_path() -> None:
    positions = Positions.of("a:\n  - x: 1\n    y: [1, 2]\n")
    assert positions.find(("a", 0, "y", 1)) == (2, 11)
    assert positions.find(("a", 0, "y"), at_key=True) == (2, 4)
    assert positions.find(("a", 0, "missing")) == (1, 4)


SUITE = sorted((Path(__file__).parent / "yaml_suite" / "cases").glob("*.yaml"))


def _typed(value: Any) -> Any:
    """A value with the type of every part: `1`, `1.0` and `True` differ, as do dates and datetimes."""
    if isinstance(value, dict):
        return {"dict": [(_typed(k), _typed(v)) for k, v in value.items()]}
    if isinstance(value, list):
        return {"list": [_typed(v) for v in value]}
    return type(value).__name__, repr(value)


def _text_keys(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _text_keys(v) for k, v in value.items())
    return all(_text_keys(v) for v in value) if isinstance(value, list) else True


def test_values_are_what_pyyaml_builds_for_every_suite_case_both_read() -> None:
    """The loop's own resolution of plain text (and its kept dates) builds what PyYAML's safe
    loader builds, value for value and type for type, wherever both read a case and PyYAML's
    keys are text (ours always are)."""
    compared = 0
    for case in SUITE:
        text = case.read_bytes().decode("utf-8", "replace")
        try:
            data, duplicates = parse(text)
            theirs = yaml.load(text, Loader=yaml.CSafeLoader)
        except (LoadError, yaml.YAMLError):
            continue
        if duplicates or not _text_keys(theirs):
            continue
        assert _typed(data) == _typed(theirs), case.stem
        compared += 1
    assert compared > 200


PLAIN = [
    *["", "~", "null", "Null", "NULL", "nULL", "yes", "Yes", "YES", "yEs", "y", "n", "no", "No", "on", "Off"],
    *[
        "true",
        "True",
        "TRUE",
        "tRUE",
        "false",
        "0",
        "-0",
        "+12",
        "012",
        "0o17",
        "0x1F",
        "0b101",
        "1_000",
        "1:30",
    ],
    *[
        "12:30:45",
        "190:20:30.15",
        ".5",
        "1.",
        "1e3",
        "1.0e+3",
        "-.inf",
        ".NaN",
        ".nan",
        "+.Inf",
        "6.8523015e+5",
    ],
    *[
        "2024-11-07",
        "2024-1-7",
        "2024-11-07T10:00:00Z",
        "2024-11-07 10:00:00.5 -5",
        "2024-11-07t1:2:3",
        "20241107",
    ],
    *[
        "<<",
        "=",
        "!",
        "&",
        "*",
        "Text",
        "The end",
        "Norway",
        "2025 was a year",
        "12 May",
        "- x",
        ".txt",
        "+ 1",
    ],
]


@pytest.mark.parametrize("value", PLAIN)
def test_plain_text_is_resolved_as_pyyaml_resolves_it(value: str) -> None:
    expected = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    assert _resolve(value) == expected


def test_dates_are_kept_built_but_a_bad_date_is_reported_every_time() -> None:
    first, _ = parse("a: 2024-11-07\nb: 2024-11-07T10:00:00Z\n")
    again, _ = parse("x: [2024-11-07, 2024-11-07T10:00:00Z]\n")
    assert first == {"a": dt.date(2024, 11, 7), "b": dt.datetime(2024, 11, 7, 10, tzinfo=dt.UTC)}
    assert again == {"x": [first["a"], first["b"]]} and type(again["x"][0]) is dt.date
    for _ in range(2):
        with pytest.raises(LoadError) as info:
            parse("id: x\nreview_by: 2024-02-30\n")
        assert (info.value.code, info.value.mark, info.value.where) == ("bad-date", (1, 11), ("review_by",))


@pytest.mark.parametrize(
    "text, code",
    [
        ("a: !!bool maybe\n", "bad-value"),
        ("a: !!timestamp soon\n", "bad-date"),
        ('a: !!float ""\n', "bad-value"),
    ],
)
def test_a_tagged_value_its_tag_cannot_hold_is_a_problem_not_a_crash(text: str, code: str) -> None:
    # PyYAML raises a KeyError, an AttributeError or an IndexError for these.
    with pytest.raises(LoadError) as info:
        parse(text)
    assert (info.value.code, info.value.mark, info.value.where) == (code, (0, 3), ("a",))


def test_the_constructor_keeps_nothing_between_files() -> None:
    parse("a: 2031-01-02T03:04:05Z\nb: 0x1F\nc: !!float 1\n")
    with pytest.raises(LoadError):
        parse("a: !!int x\n")
    assert not _CONSTRUCTOR.constructed_objects and not _CONSTRUCTOR.recursive_objects


def test_duplicates_and_positions_are_placed_at_any_depth() -> None:
    text = "a:\n  - b: [1, {c: 2, c: 3}]\n    b: x\nd: &k {e: 1}\nf: *k\n"
    data, problems = parse(text)
    assert data == {"a": [{"b": "x"}], "d": {"e": 1}, "f": {"e": 1}}
    assert [(p.path, m) for p, m in problems] == [(("a", 0, "b", 1, "c"), (1, 18)), (("a", 0, "b"), (2, 4))]
    positions = Positions.of(text)
    assert positions.find(("a", 0, "b", 1, "c")) == (1, 21)
    assert positions.find(("a", 0, "b", 1, "c"), at_key=True) == (1, 18)
    assert positions.find(("a", 0, "b", 0)) == (1, 8)
    assert positions.find(("d", "e")) == (3, 10) and positions.find(("f",), at_key=True) == (4, 0)


def test_reading_leaves_the_collector_as_it_found_it() -> None:
    """Content is read with the cyclic collector off, then frozen; the collector is on again after."""
    content = FIXTURES / "minimal" / "content"
    gc.unfreeze()
    try:
        assert gc.isenabled()
        loaded = load_content(content)
        assert gc.isenabled() and gc.get_freeze_count() > 0 and loaded.briefs
        gc.disable()  # a caller that turned it off keeps it off
        load_content(content)
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
