"""The loader: safe, bounded, and every refusal is a LoadError with a place."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from generator.read.load import MAX_BYTES, LoadError, Positions, parse, read_file


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
    start = time.perf_counter()
    with pytest.raises(LoadError) as info:
        parse("\n".join(lines) + "\n")
    assert info.value.code == "too-large"
    assert time.perf_counter() - start < 2


def test_small_aliases_are_fine() -> None:
    data, _ = parse("a: &x [1, 2]\nb: *x\n")
    assert data == {"a": [1, 2], "b": [1, 2]}


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(100 * 1024 * 1024)
    start = time.perf_counter()
    loaded = read_file(big, "big.yaml")
    assert time.perf_counter() - start < 2
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
