"""A site's upgrade path: `make site` reinstalls a generator named by a path when its files
change; `validate` warns at an override whose package file changed since the site last looked,
and while requirements.txt installs from a path; stale editors' schemas fail `make test`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import cli
from generator.check import upgrade
from generator.project import PACKAGE_TEMPLATES, Project
from tests.conftest import TODAY

MAKE = shutil.which("make")


def validate(project: Project, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), "validate", *extra])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("line", "local"),
    [
        ("briefings @ file:///home/me/briefings", True),
        ("briefings[zensical] @ file:///home/me/briefings", True),
        ("-e ../briefings", True),
        ("/home/me/briefings", True),
        ("./vendor/briefings", True),
        ("briefings==0.2.0", False),
        ("briefings @ git+https://github.com/example-org/briefings@0123abc", False),
        ("# briefings @ file:///a/comment", False),
    ],
)
def test_a_requirement_from_a_local_path_is_a_warning(
    sample_project: Project, capsys: pytest.CaptureFixture[str], line: str, local: bool
) -> None:
    (sample_project.root / "requirements.txt").write_text(f"# the generator\n{line}\n")
    code, err = validate(sample_project, capsys, "--strict")
    assert "Traceback" not in err
    if not local:
        assert code == 0 and "requirements.txt" not in err, err
        return
    assert code == 1
    column = line.index(line.removeprefix("-e ")) + 1
    assert f"requirements.txt:2:{column}: warning: `{line.removeprefix('-e ')}` installs from a path" in err
    assert "hint: name a release or a pinned commit instead" in err


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the package's templates standing for an installed generator that can be upgraded."""
    copy = tmp_path / "package-templates"
    shutil.copytree(PACKAGE_TEMPLATES, copy)
    monkeypatch.setattr(upgrade, "PACKAGE_TEMPLATES", copy)
    return copy


def test_an_override_whose_package_file_changed_is_a_warning_until_the_copy_changes(
    sample_project: Project, package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = sample_project.templates / "brief.md.j2"
    mine.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(package / "brief.md.j2", mine)
    assert validate(sample_project, capsys, "--strict")[0] == 0  # first look: the package file is seen

    # The upgrade: the package's file changes, the site's copy does not.
    upstream = package / "brief.md.j2"
    upstream.write_text(upstream.read_text() + "{# the new release's line #}\n")
    code, err = validate(sample_project, capsys, "--strict")
    assert code == 1
    kept = ".cache/briefings/upstream/templates/brief.md.j2"
    assert (
        "site_templates/brief.md.j2:1:1: warning: the generator's brief.md.j2 changed since "
        "this site's copy was last compared with it"
    ) in err
    assert f"hint: see what the generator changed: `diff -u {kept} {upstream}`" in err
    # The command it names shows the change.
    shown = subprocess.run(
        ["diff", "-u", kept, str(upstream)], cwd=sample_project.root, capture_output=True, text=True
    )
    assert "+{# the new release's line #}" in shown.stdout
    assert validate(sample_project, capsys, "--strict")[0] == 1  # it stays until looked at

    # Brought up to date, it is quiet; a package file the site does not override is never a warning.
    shutil.copy(upstream, mine)
    assert validate(sample_project, capsys, "--strict")[0] == 0
    other = package / "area.md.j2"
    other.write_text(other.read_text() + "{# changed #}\n")
    assert validate(sample_project, capsys, "--strict")[0] == 0


def test_deleting_the_kept_copy_takes_the_new_file_as_seen(
    sample_project: Project, package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = sample_project.templates / "brief.md.j2"
    mine.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(package / "brief.md.j2", mine)
    validate(sample_project, capsys)
    (package / "brief.md.j2").write_text("{# rewritten #}\n")
    assert validate(sample_project, capsys, "--strict")[0] == 1
    (sample_project.cache / "upstream" / "templates" / "brief.md.j2").unlink()
    assert validate(sample_project, capsys, "--strict")[0] == 0


def make(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert MAKE is not None
    return subprocess.run([MAKE, "-C", str(site), *args], capture_output=True, text=True, timeout=300)


@pytest.fixture
def new_site(tmp_path: Path) -> Path:
    if MAKE is None:
        pytest.skip("make is not installed")
    site = tmp_path / "site"
    assert cli.main(["--today", TODAY.isoformat(), "init", str(site)]) == 0
    return site


def test_make_site_reinstalls_when_a_generator_named_by_path_changes(new_site: Path, tmp_path: Path) -> None:
    generator = tmp_path / "generator-clone"
    (generator / "generator").mkdir(parents=True)
    (generator / "pyproject.toml").write_text("[project]\nname = 'briefings'\nversion = '0.1.0'\n")
    (generator / "generator" / "cli.py").write_text("# version one\n")
    spaced = generator / "generator" / "starter" / "{{ first_year }}"  # as the package's starter has
    spaced.mkdir(parents=True)
    (spaced / "event.yaml.j2").write_text("id: x\n")
    (new_site / "requirements.txt").write_text(f"briefings @ file://{generator}\n")
    stamp = new_site / ".venv" / ".installed-stamp"
    stamp.parent.mkdir()
    stamp.touch()
    # `make -q` answers whether the install is up to date (0) or would run (1), running nothing.
    assert make(new_site, "-q", ".venv/.installed-stamp").returncode == 0
    time.sleep(0.05)
    (generator / "generator" / "cli.py").write_text("# version two\n")  # a pull, an upgrade
    assert make(new_site, "-q", ".venv/.installed-stamp").returncode == 1
    stamp.touch()
    assert make(new_site, "-q", ".venv/.installed-stamp").returncode == 0
    time.sleep(0.05)
    (spaced / "event.yaml.j2").write_text("id: y\n")
    assert make(new_site, "-q", ".venv/.installed-stamp").returncode == 1
    stamp.touch()
    time.sleep(0.05)
    (generator / "pyproject.toml").write_text("[project]\nname = 'briefings'\nversion = '0.1.1'\n")
    assert make(new_site, "-q", ".venv/.installed-stamp").returncode == 1


def test_stale_editor_schemas_fail_make_test(new_site: Path) -> None:
    """The starter's `make test` (what its CI runs) checks the schemas against the site's words."""
    stamp = new_site / ".venv" / ".installed-stamp"
    stamp.parent.mkdir()
    stamp.touch()
    tools = f"BIN={Path(sys.executable).parent}"  # this checkout's generator, not an install
    parties = new_site / "content" / "parties.yaml"
    parties.write_text(parties.read_text().replace("label: Southland", "label: South"))
    # Words the schema does not list: a third party, named nowhere else yet.
    parties.write_text(
        parties.read_text()
        + "  - id: eastland\n    name: Eastland\n    label: Eastland\n    colour: '#2f7a3a'\n"
    )
    proc = make(new_site, "test", tools)
    assert proc.returncode != 0
    assert "schema/actors.schema.json is out of date; run `briefings schema`" in proc.stderr
    assert cli.main(["--project", str(new_site), "--today", TODAY.isoformat(), "schema"]) == 0
    assert "briefings schema --check" in (new_site / "Makefile").read_text()
