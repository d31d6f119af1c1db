"""Golden corpus of invalid content: each case's exact diagnostics, and nothing written.

Each folder under `tests/golden/invalid/` holds files laid over the minimal
fixture's `content/` (and, under `site/`, over the site's folder, e.g. its
`mkdocs.yml`), and `expected.txt`, the exact output of
`briefings validate --strict`.  `remove.txt` names files to delete, relative to
`content/` (or, with a leading `/`, to the site's folder).  Regenerate the expected files after a
deliberate change of wording with `pytest tests/test_invalid_corpus.py --update-golden`,
then read the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import cli
from tests.conftest import FIXTURES, TODAY, copy_project

CASES = sorted(p for p in (Path(__file__).parent / "golden" / "invalid").iterdir() if p.is_dir())


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_case(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], update_golden: bool
) -> None:
    project = copy_project(tmp_path / "p", FIXTURES / "minimal" / "content")
    args = ["--project", str(project.root), "--today", TODAY.isoformat()]
    assert cli.main([*args, "generate"]) == 0
    before = snapshot(project.generated)
    capsys.readouterr()

    if (case / "content").is_dir():
        shutil.copytree(case / "content", project.content, dirs_exist_ok=True)
    if (case / "site").is_dir():
        shutil.copytree(case / "site", project.root, dirs_exist_ok=True)
    for removed in (case / "remove.txt").read_text().split() if (case / "remove.txt").exists() else []:
        target = (
            project.root / removed.removeprefix("/") if removed.startswith("/") else project.content / removed
        )
        target.unlink()
    code = cli.main([*args, "validate", "--strict"])
    output = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in output
    first = output.splitlines()[0]
    assert first.startswith(("content/", "mkdocs.yml:")), first
    assert first.split(":")[1].isdigit() and first.split(":")[2].isdigit(), first

    expected = case / "expected.txt"
    if update_golden:
        expected.write_text(output)
    assert output == expected.read_text()

    assert cli.main([*args, "generate", "--strict"]) == 1
    assert snapshot(project.generated) == before, "a failed run changed the generated folder"


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
