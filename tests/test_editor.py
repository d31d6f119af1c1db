"""Editor support and pre-commit: schema comments, VS Code settings, the pre-commit hooks."""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.project import Project
from tests.conftest import ROOT, TODAY

SCHEMA_LINE = re.compile(r"# yaml-language-server: \$schema=(?P<path>\S+)\n")
BRIEFS = sorted((ROOT / "content" / "briefs").glob("*.yaml"))


def schema_of(path: Path) -> Path:
    """The schema a YAML file names on its first line, resolved from the file's folder."""
    match = SCHEMA_LINE.match(path.read_text())
    assert match, f"{path.name} must start with `# yaml-language-server: $schema=...`"
    return (path.parent / match["path"]).resolve()


@pytest.mark.parametrize("path", BRIEFS, ids=lambda p: p.name)
def test_every_brief_names_the_brief_schema(path: Path) -> None:
    assert schema_of(path) == ROOT / "schema" / "brief.schema.json"


def test_the_scaffold_names_the_brief_schema(minimal_project: Project) -> None:
    # The scaffold writes its schema line relative to content/briefs/; the schema lives in the
    # real project, so resolve the written line against the same layout there.
    argv = ["--project", str(minimal_project.root), "--today", TODAY.isoformat()]
    assert cli.main([*argv, "new", "maritime-talks", "--area", "defense"]) == 0
    written = minimal_project.content / "briefs" / "maritime-talks.yaml"
    match = SCHEMA_LINE.match(written.read_text())
    assert match
    assert (ROOT / "content" / "briefs" / match["path"]).resolve() == ROOT / "schema" / "brief.schema.json"


def test_vscode_maps_each_content_file_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    mapping = settings["yaml.schemas"]
    for schema in mapping:
        assert (ROOT / schema).resolve().is_file(), schema
    expected = {
        "content/briefs/military-communications.yaml": "brief",
        "content/sources.yaml": "sources",
        "content/actors.yaml": "actors",
        "content/areas.yaml": "areas",
    }
    for file, kind in expected.items():
        matched = [s for s, globs in mapping.items() if any(fnmatch.fnmatch(file, g) for g in globs)]
        assert matched == [f"./schema/{kind}.schema.json"], file
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text())
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def pre_commit() -> dict[str, dict[str, object]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {}
    for repo in config["repos"]:
        if repo["repo"] != "local":
            assert re.fullmatch(r"v\d+\.\d+\.\d+", repo["rev"]), "pin hook repositories to a release tag"
        for hook in repo["hooks"]:
            hooks[hook["id"]] = hook
    return hooks


def test_pre_commit_has_the_hygiene_hooks() -> None:
    hooks = pre_commit()
    for name in ("trailing-whitespace", "end-of-file-fixer", "check-yaml"):
        # Golden files hold exact bytes (and invalid YAML) on purpose.
        assert re.search(str(hooks[name]["exclude"]), "tests/golden/invalid/x.yaml")


@pytest.mark.parametrize(("hook", "valid"), [("briefings-validate", True), ("briefings-codeowners", False)])
def test_pre_commit_content_hooks_run_the_cli(hook: str, valid: bool, minimal_project: Project) -> None:
    """The hook's command, run on content, passes or fails as the CLI does."""
    spec = pre_commit()[hook]
    assert spec["language"] == "system" and spec["pass_filenames"] is False
    assert re.search(str(spec["files"]), "content/briefs/overview.yaml")
    assert not re.search(str(spec["files"]), "generator/cli.py")
    program, *args = str(spec["entry"]).split()
    assert program == ".venv/bin/briefings"
    argv = ["--project", str(minimal_project.root), "--today", TODAY.isoformat(), *args]
    # The fixture has no CODEOWNERS yet, so only validation passes as it stands.
    assert (cli.main(argv) == 0) is valid
