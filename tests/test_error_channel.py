"""One error channel: problems outside the content (templates, hand-written pages, output
folders, the engine, the clone) are positioned diagnostics in every format, never tracebacks,
and a failed run leaves the previous output as it was."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator import cli, pipeline
from generator.errors import Problem
from generator.project import Project
from generator.publish.engines import Notices
from tests.conftest import TODAY, copy_project, override


@pytest.fixture
def briefings(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def call(project: Project, *command: str) -> tuple[int, str, str]:
        code = cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), *command])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return call


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def errors(output: str) -> list[dict[str, object]]:
    return [d for d in json.loads(output) if d["severity"] == "error"]


def test_a_template_syntax_error_is_placed_at_its_line(minimal_project: Project, briefings) -> None:  # type: ignore[no-untyped-def]
    assert briefings(minimal_project, "generate")[0] == 0
    before = snapshot(minimal_project.generated)
    template = override(minimal_project, "brief.md.j2")
    template.write_text("line one\n{% if %}\n")
    code, _, err = briefings(minimal_project, "generate")
    assert code == 1
    assert (
        "site_templates/brief.md.j2:2:1: error: template error: Expected an expression, "
        "got 'end of statement block'\n"
    ) in err
    assert "hint: while rendering briefs/" in err and "remove the site's override of it" in err
    assert err.rstrip().endswith("briefings: nothing was written")
    assert snapshot(minimal_project.generated) == before

    code, out, _ = briefings(minimal_project, "generate", "--format", "json")
    assert code == 1
    [found] = errors(out)
    assert (found["file"], found["line"], found["column"], found["code"]) == (
        "site_templates/brief.md.j2",
        2,
        1,
        "render",
    )


def test_a_missing_template_names_the_template_that_asks_for_it(minimal_project: Project, briefings) -> None:  # type: ignore[no-untyped-def]
    override(minimal_project, "brief.md.j2").write_text('{% include "nowhere.md.j2" %}\n')
    code, _, err = briefings(minimal_project, "generate", "--format", "github")
    assert code == 1
    assert "::error file=site_templates/brief.md.j2,line=1,col=1" in _ + err
    assert "nowhere.md.j2" in _ + err


def test_a_hand_written_page_in_a_generated_place_is_refused(minimal_project: Project, briefings) -> None:  # type: ignore[no-untyped-def]
    (minimal_project.docs / "timeline.md").write_text("# Mine\n")
    code, _, err = briefings(minimal_project, "generate")
    assert code == 1
    assert (
        "docs/timeline.md:1:1: error: this hand-written page has the same path as a generated page\n" in err
    )


def test_an_unknown_definitions_block_is_placed_at_its_line(minimal_project: Project, briefings) -> None:  # type: ignore[no-untyped-def]
    (minimal_project.docs / "glossary.md").write_text("# Words\n\n<!-- briefings:colours -->\n")
    code, _, err = briefings(minimal_project, "generate")
    assert code == 1
    assert "docs/glossary.md:3:1: error: briefings: unknown block `colours`\n" in err
    assert "hint: the blocks are: statuses, likelihood, confidence, parties" in err


def test_an_unwritable_output_folder_points_at_its_setting(minimal_project: Project, briefings) -> None:  # type: ignore[no-untyped-def]
    # Tests run as root, who may write anywhere: a file where the folder belongs is refused for everyone.
    shutil.rmtree(minimal_project.generated, ignore_errors=True)
    minimal_project.generated.write_text("not a folder\n")
    line = next(
        n
        for n, text in enumerate(minimal_project.config_file.read_text().splitlines(), 1)
        if text.startswith("docs_dir:")
    )
    code, _, err = briefings(minimal_project, "generate")
    assert code == 1
    assert f"mkdocs.yml:{line}:11: error: docs_dir: cannot write generated/: File exists\n" in err
    assert "point `docs_dir` at a folder the generator may write" in err
    assert minimal_project.generated.read_text() == "not a folder\n"


def test_an_engine_failure_keeps_the_previous_site(minimal_project: Project, briefings) -> None:  # type: ignore[no-untyped-def]
    assert briefings(minimal_project, "build")[0] == 0
    before = snapshot(minimal_project.site)
    config = minimal_project.config_file
    config.write_text(config.read_text().replace("\nnav:\n", "\nnav:\n  - Nowhere: nothere.md\n", 1))
    code, out, _ = briefings(minimal_project, "build", "--format", "json")
    assert code == 1
    [found] = errors(out)
    assert (found["file"], found["line"], found["column"], found["code"]) == ("mkdocs.yml", 1, 1, "engine")
    assert str(found["message"]).startswith("mkdocs build failed:\n")
    assert "nothere.md" in str(found["message"])
    assert snapshot(minimal_project.site) == before


def test_engine_notices_reach_json_and_strict(
    minimal_project: Project,
    briefings,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    assert briefings(minimal_project, "build")[0] == 0
    before = snapshot(minimal_project.site)
    real = pipeline.run_engine

    def noisy(*args: object) -> Notices:
        real(*args)  # type: ignore[arg-type]
        message = "the engine ignores plugins tags"
        return Notices([Problem(("plugins",), message, "remove them", "warning", "engine-notice")])

    monkeypatch.setattr(pipeline, "run_engine", noisy)
    code, out, _ = briefings(minimal_project, "build", "--format", "json")
    assert code == 0
    notices = [d for d in json.loads(out) if d["code"] == "engine-notice"]
    assert [(d["file"], d["path"], d["severity"]) for d in notices] == [("mkdocs.yml", "plugins", "warning")]

    (minimal_project.content / "briefs" / "overview.yaml").touch()
    code, _, err = briefings(minimal_project, "build", "--strict")
    assert code == 1
    assert "warning: plugins: the engine ignores plugins tags" in err
    assert err.rstrip().endswith("briefings: site/ was left as it was")
    assert snapshot(minimal_project.site) == before


def test_a_site_with_no_briefs_validates_and_builds(minimal_project: Project, briefings) -> None:  # type: ignore[no-untyped-def]
    for brief in (minimal_project.content / "briefs").glob("*.yaml"):
        brief.unlink()
    shutil.rmtree(minimal_project.content / "events")
    validate = briefings(minimal_project, "validate")
    assert validate[0] == 0 and "ok: 0 briefs" in validate[2]
    build = briefings(minimal_project, "build")
    assert build[0] == 0 and "ok: 0 briefs" in build[2]
    home = (minimal_project.site / "index.html").read_text()
    assert "No briefs yet." in home and "<code>briefings new</code>" in home


def git(cwd: Path, *args: str) -> str:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(cwd),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
    }
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env)
    return done.stdout


def test_a_shallow_clone_warns_once_and_pages_say_history_unavailable(
    tmp_path: Path,
    briefings,  # type: ignore[no-untyped-def]
) -> None:
    origin = copy_project(tmp_path / "origin").root
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "first")
    brief = next((origin / "content" / "briefs").glob("*.yaml"))
    brief.write_text(brief.read_text() + "\n")
    git(origin, "commit", "-q", "-am", "second")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    project = Project(clone)

    code, _, err = briefings(project, "generate")
    assert code == 0
    assert err.count("shallow clone") == 1
    assert (
        "content/briefs:1:1: warning: this is a shallow clone: the briefs' history is cut off, so pages show "
        '"history unavailable" instead of last-changed dates and changes\n'
    ) in err
    assert "hint: fetch the whole history with `git fetch --unshallow`" in err
    page = (project.generated / "briefs" / f"{brief.stem}.md").read_text()
    assert "history unavailable" in page and "shallow clone" in page
    assert "brief added" not in page  # the cut-off history would say every brief was added by the last commit

    assert briefings(project, "generate", "--strict")[0] == 1
    git(clone, "fetch", "-q", "--unshallow")
    code, _, err = briefings(project, "generate", "--strict")
    assert code == 0 and "shallow" not in err
