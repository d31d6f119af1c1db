"""Tests of this repository's own site (whatever `content/`, `mkdocs.yml` and `docs/` hold), as
its CI checks it: content valid with no warning, schema files and CODEOWNERS in step with it.

The generator's own tests use fixture sites; these are the only tests that read this
repository's content, and they hold for any site that `briefings init` writes in its place.
They use the real date, as the site's CI does: a brief past its review date is meant to fail.
"""

from __future__ import annotations

import pytest

from generator import cli
from tests.conftest import ROOT


@pytest.mark.parametrize(
    "command",
    [["validate", "--strict"], ["schema", "--check"], ["codeowners", "--check"]],
    ids=["content", "schema", "codeowners"],
)
def test_this_site_passes_its_ci_check(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["--project", str(ROOT), *command])
    assert code == 0, capsys.readouterr().err
