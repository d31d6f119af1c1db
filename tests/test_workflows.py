"""GitHub Actions workflows: actionlint and zizmor find nothing, and the project's own rules hold."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
BIN = Path(sys.executable).parent
PIN = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<action>[^@\s]+)@(?P<ref>\S+)(?P<comment>.*)$")


def tool(name: str) -> str:
    """The linter installed from requirements.txt (next to this Python), else on PATH."""
    path = BIN / name
    found = str(path) if path.exists() else shutil.which(name)
    assert found, f"{name} is not installed: run `make test` (it installs requirements.txt)"
    return found


def lint(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, dict)
    # PyYAML reads the key `on` as True (YAML 1.1).
    data.setdefault("on", data.pop(True, None))
    return data


def test_the_three_workflows_exist() -> None:
    assert [p.name for p in FILES] == ["ci.yml", "deploy.yml", "review.yml"]


def test_actionlint_reports_nothing() -> None:
    proc = lint(tool("actionlint"), "-no-color", *map(str, FILES))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""


def test_zizmor_reports_nothing() -> None:
    proc = lint(tool("zizmor"), "--offline", "--persona=pedantic", "--no-progress", str(WORKFLOWS))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings" in proc.stdout


BAD_WORKFLOW = """\
name: bad
on: pull_request_target
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def test_the_linters_do_catch_a_bad_workflow(tmp_path: Path) -> None:
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(BAD_WORKFLOW)
    actionlint = lint(tool("actionlint"), "-no-color", str(folder / "bad.yml"))
    assert actionlint.returncode != 0
    assert "github.event.pull_request.title" in actionlint.stdout
    zizmor = lint(tool("zizmor"), "--offline", "--no-progress", str(folder))
    assert zizmor.returncode != 0
    for audit in ("template-injection", "unpinned-uses", "dangerous-triggers", "artipacked"):
        assert audit in zizmor.stdout, audit


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit_with_the_version_in_a_comment(path: Path) -> None:
    uses = [m for line in path.read_text().splitlines() if (m := PIN.match(line))]
    assert uses
    for m in uses:
        assert re.fullmatch(r"[0-9a-f]{40}", m["ref"]), f"{m['action']} is not pinned to a full commit"
        assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", m["comment"]), f"{m['action']}: add `# vX.Y.Z`"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_least_privilege_and_no_untrusted_text_in_scripts(path: Path) -> None:
    data = load(path)
    assert data["permissions"] in ({}, {"contents": "read"}), "read-only (or nothing) by default"
    assert "pull_request_target" not in data["on"]
    for name, job in data["jobs"].items():
        assert "permissions" in job, f"job {name} must say what it needs"
        assert all(v in ("read", "write", "none") for v in job["permissions"].values())
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), f"{name}: pass values through env, not into run:"
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_ci_tests_validates_with_annotations_builds_and_uploads_the_site() -> None:
    data = load(WORKFLOWS / "ci.yml")
    assert set(data["on"]) == {"pull_request", "push"}
    [job] = data["jobs"].values()
    runs = [s.get("run", "") for s in job["steps"]]
    assert "make test" in runs
    assert ".venv/bin/briefings validate --strict --format github" in runs
    assert ".venv/bin/briefings codeowners --check" in runs
    assert "make site" in runs
    setup = next(s for s in job["steps"] if "setup-python" in s.get("uses", ""))
    assert setup["with"]["python-version"] == "3.11"
    upload = next(s for s in job["steps"] if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site/"


def test_deploy_uses_the_official_pages_actions_one_at_a_time() -> None:
    data = load(WORKFLOWS / "deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    used = [s.get("uses", "").split("@")[0] for s in build["steps"] + deploy["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in used
    assert "make site" in [s.get("run") for s in build["steps"]]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "write" not in build["permissions"].values()


def test_review_runs_weekly_and_keeps_one_tracking_issue() -> None:
    data = load(WORKFLOWS / "review.yml")
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}
    cron = data["on"]["schedule"][0]["cron"].split()
    assert cron[2:4] == ["*", "*"] and cron[4] != "*", "once a week"
    [job] = data["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    script = "\n".join(s.get("run", "") for s in job["steps"])
    assert "briefings overdue --check-links --format markdown" in script
    assert '--label "$LABEL" --state open' in script  # finds the existing issue first
    assert "gh issue create" in script and "gh issue edit" in script and "--add-assignee" in script


def test_issue_forms_and_pull_request_checklist() -> None:
    for name in ("correction.yml", "new-brief.yml"):
        form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / name).read_text())
        assert form["name"] and form["description"]
        ids = [b["id"] for b in form["body"] if "id" in b]
        assert len(ids) == len(set(ids)) and "sources" in ids
    checklist = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text()
    for item in ("sources.yaml", "review_by", "briefings validate --strict", "make serve"):
        assert item in checklist
