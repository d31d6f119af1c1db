"""Tests of this repository's own site (whatever `content/`, `mkdocs.yml` and `docs/` hold).

The generator's own tests use fixture sites; these are the only tests that read this
repository's content (with `tests/browser/test_this_site_search.py`), and they hold for any
site that `briefings init` writes in its place. They use the real date, as the site's CI does.
The CI workflow also runs `validate --strict`, `schema --check` and `codeowners --check`,
which a swapped-in site passes only once its schema files, CODEOWNERS and issue forms are its own.
"""

from __future__ import annotations

import pytest

from generator import cli
from tests.conftest import ROOT


def test_this_site_s_content_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["--project", str(ROOT), "validate"])
    assert code == 0, capsys.readouterr().err
