"""`briefings init`: a new site that validates and builds as written, knows no flagship topic,
and works from the installed package alone (templates, assets and starter are package data)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from generator import cli
from tests.conftest import ROOT, TODAY
from tests.test_workflows import lint, tool

REPO = "https://github.com/example-org/arctic-briefings"
FLAGSHIP_WORDS = re.compile(
    r"china|chinese|beijing|washington|fentanyl|sullivan|woodside|xinhua|pentagon|defense-desk|"
    r"us account|united states",
    re.IGNORECASE,
)
"""Words of this repository's own site that must not leak into a new one."""


def init(tmp_path: Path, *extra: str) -> tuple[int, Path]:
    site = tmp_path / "mysite"
    code = cli.main(["--today", TODAY.isoformat(), "init", str(site), *extra])
    return code, site


def run(site: Path, *args: str) -> int:
    return cli.main(["--project", str(site), "--today", TODAY.isoformat(), *args])


def test_init_writes_a_site_that_validates_and_builds_strictly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As installed from a release: a generator installed from a clone on this machine writes
    # that path, which validate warns of (CI will not find it; test_upgrade_path.py), so the
    # site would pass --strict or not depending on how the tests' generator was installed.
    monkeypatch.setattr("generator.commands.init.generator_requirement", lambda: "briefings==0.1.0")
    code, site = init(tmp_path, "--title", "Arctic Council cooperation", "--repo-url", REPO)
    assert code == 0
    out = capsys.readouterr().err
    assert f"created a briefing site in {site}" in out and "make site" in out
    for rel in (
        "README.md",
        "Makefile",
        "mkdocs.yml",
        "requirements.txt",
        "CONTRIBUTING.md",
        "CODEOWNERS",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".vscode/settings.json",
        ".github/workflows/ci.yml",
        ".github/workflows/deploy.yml",
        ".github/workflows/review.yml",
        ".github/ISSUE_TEMPLATE/new-brief.yml",
        "content/briefs/river-commission.yaml",
        "content/parties.yaml",
        "docs/about.md",
        "docs/methodology.md",
        "schema/brief.schema.json",
    ):
        assert (site / rel).is_file(), rel
    assert not (site / ".cache").exists()
    config = (site / "mkdocs.yml").read_text()
    assert 'site_name: "Arctic Council cooperation"' in config
    assert f"repo_url: {REPO}" in config
    assert "site_url: https://example-org.github.io/arctic-briefings/" in config
    assert run(site, "validate", "--strict") == 0
    assert run(site, "codeowners", "--check") == 0
    assert run(site, "build", "--strict") == 0
    brief = (site / "site" / "briefs" / "river-commission" / "index.html").read_text()
    assert "Northland account" in brief and "Southland account" in brief


def test_the_new_site_and_its_pages_name_no_flagship_topic(tmp_path: Path) -> None:
    code, site = init(tmp_path, "--repo-url", REPO)
    assert code == 0 and run(site, "build") == 0
    leaks = []
    for path in sorted(site.rglob("*")):
        # The theme's own minified scripts carry language data for every language it supports.
        if not path.is_file() or "javascripts" in path.parts or path.suffix in (".map", ".gz", ".pickle"):
            continue
        for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            if FLAGSHIP_WORDS.search(line):
                leaks.append(f"{path.relative_to(site)}:{n}: {line.strip()[:80]}")
    assert not leaks, "\n".join(leaks)


def test_the_example_brief_is_current_on_the_day_it_is_written(tmp_path: Path) -> None:
    code, site = init(tmp_path)
    assert code == 0
    brief = yaml.safe_load((site / "content" / "briefs" / "river-commission.yaml").read_text())
    assert brief["as_of"] == brief["last_reviewed"] == TODAY
    assert brief["review_by"] == TODAY + dt.timedelta(days=90)
    assert all(judgment["resolves_by"] > TODAY for judgment in brief["key_judgments"])


def test_without_a_repository_the_build_warns_about_the_placeholder_address(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, site = init(tmp_path)
    assert code == 0
    capsys.readouterr()
    assert run(site, "build") == 0
    err = capsys.readouterr().err
    assert "mkdocs.yml:5:11: warning: site_url: https://example.org/ is a placeholder address" in err
    assert run(site, "build", "--strict") == 1


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "mysite"
    site.mkdir()
    (site / "notes.txt").write_text("mine\n")
    assert cli.main(["init", str(site)]) == 2
    err = capsys.readouterr().err
    assert f"briefings: {site} is not empty" in err and "nothing was written" in err
    assert sorted(p.name for p in site.iterdir()) == ["notes.txt"]
    assert not list(tmp_path.glob(".*init-tmp"))


def test_init_refuses_a_repository_address_that_is_not_a_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["init", str(tmp_path / "s"), "--repo-url", "example-org/repo"]) == 2
    assert "`example-org/repo` is not a repository address" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()


def test_init_into_an_empty_folder_works(tmp_path: Path) -> None:
    site = tmp_path / "empty"
    site.mkdir()
    assert cli.main(["--today", TODAY.isoformat(), "init", str(site)]) == 0
    assert (site / "mkdocs.yml").is_file()


def test_the_starter_workflows_pass_actionlint_and_zizmor(tmp_path: Path) -> None:
    code, site = init(tmp_path, "--repo-url", REPO)
    assert code == 0
    workflows = site / ".github" / "workflows"
    proc = lint(tool("actionlint"), "-no-color", *map(str, sorted(workflows.glob("*.yml"))))
    assert proc.returncode == 0 and proc.stdout == "", proc.stdout + proc.stderr
    proc = lint(tool("zizmor"), "--offline", "--persona=pedantic", "--no-progress", str(workflows))
    assert proc.returncode == 0 and "No findings" in proc.stdout, proc.stdout + proc.stderr
    for path in sorted(workflows.glob("*.yml")):
        assert "fetch-depth: 0" in path.read_text(), f"{path.name}: dates come from the full history"


def test_the_wheel_alone_starts_and_builds_a_site(tmp_path: Path) -> None:
    """Built as `pip install .` would, and run from the wheel's files only, away from this checkout."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    (wheel,) = wheels.glob("briefings-*.whl")
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    dependencies = [
        line.removeprefix("Requires-Dist: ").split(">")[0].split("<")[0].split("=")[0].strip()
        for line in next(unpacked.glob("*.dist-info/METADATA")).read_text().splitlines()
        if line.startswith("Requires-Dist:")
    ]
    imported = ("Jinja2", "PyYAML", "pydantic", "pyromark", "nh3", "feedgen", "mkdocs-material", "pathspec")
    for needed in imported:
        assert needed in dependencies, f"{needed} is imported but not a dependency of the package"
    env = {**os.environ, "PYTHONPATH": str(unpacked)}
    work = tmp_path / "elsewhere"
    work.mkdir()

    def briefings(*args: str, cwd: Path = work) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "generator", "--today", TODAY.isoformat(), *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.strip().startswith(str(unpacked)), where.stdout
    made = briefings("init", "mysite", "--repo-url", REPO)
    assert made.returncode == 0, made.stderr
    # The other languages' starter files are package data too.
    french = briefings("init", "monsite", "--language", "fr")
    assert french.returncode == 0, french.stderr
    assert "Ajouter une note" in (work / "monsite" / "CONTRIBUTING.md").read_text()
    for args in (("validate", "--strict"), ("build", "--strict")):
        proc = briefings(*args, cwd=work / "mysite")
        assert proc.returncode == 0, proc.stderr
    assert (work / "mysite" / "site" / "briefs" / "river-commission" / "index.html").is_file()
    assert (work / "mysite" / "site" / "assets" / "briefings.css").is_file()


def test_init_beside_the_environment_running_it_leaves_nothing_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One install: `python3 -m venv .venv`, the generator installed into it, then `init .`:
    the site's `make site` finds its environment up to date and installs nothing again."""
    site = tmp_path / "mysite"
    venv = site / ".venv"
    (venv / "bin").mkdir(parents=True)
    monkeypatch.setattr(sys, "prefix", str(venv))  # this command runs from the site's .venv
    monkeypatch.chdir(site)
    assert cli.main(["--today", TODAY.isoformat(), "init", "."]) == 0
    out = capsys.readouterr().err
    assert "make site      # validates, builds site/ (the generator is in .venv already)" in out
    assert "  cd " not in out  # it is where the site is
    stamp = venv / ".installed-stamp"
    assert stamp.stat().st_mtime_ns >= (site / "requirements.txt").stat().st_mtime_ns
    assert not list(tmp_path.glob(".*init-tmp")) and not list(site.glob(".*init-tmp"))
    make = shutil.which("make")
    if make is not None:  # `make -q`: 0 when the install is up to date, running nothing
        assert subprocess.run([make, "-q", ".venv/.installed-stamp"], cwd=site).returncode == 0


def test_init_refuses_a_folder_with_another_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "mysite"
    (site / ".venv" / "bin").mkdir(parents=True)  # not the environment running this command
    assert cli.main(["init", str(site)]) == 2
    assert f"briefings: {site} is not empty" in capsys.readouterr().err
    assert sorted(p.name for p in site.iterdir()) == [".venv"]
