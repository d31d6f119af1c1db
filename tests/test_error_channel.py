"""One error channel: problems outside the content (templates, hand-written pages, output
folders, the engine, the clone) are positioned diagnostics in every format, never tracebacks,
and a failed run leaves the previous output as it was."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from generator import cli, fsio, pipeline
from generator.errors import Problem
from generator.project import Project
from generator.publish import languages, write
from generator.publish.engines import Notices
from tests.conftest import TODAY, cli_command, copy_project, override


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
    real = languages.run_engine  # each language's engine run

    def noisy(*args: object) -> Notices:
        real(*args)  # type: ignore[arg-type]
        message = "the engine ignores plugins tags"
        return Notices([Problem(("plugins",), message, "remove them", "warning", "engine-notice")])

    monkeypatch.setattr(languages, "run_engine", noisy)
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
    assert "history unavailable" in page.lower() and "shallow clone" in page
    assert "Published the brief" not in page  # a cut-off history would say the last commit added all

    assert briefings(project, "generate", "--strict")[0] == 1
    git(clone, "fetch", "-q", "--unshallow")
    code, _, err = briefings(project, "generate", "--strict")
    assert code == 0 and "shallow" not in err


# Every write and every lock is a diagnostic (a full disk, an unwritable path, a busy port,
# a second run, Ctrl-C): a positioned message with a hint, exit 1 or 2 (130 for Ctrl-C), no
# traceback, nothing half-written, no temporary file or folder left behind.


def leftovers(root: Path) -> list[str]:
    """Staged files and temporary folders a run may leave: none may outlive it."""
    found = [p for p in root.rglob("*" + fsio.STAGE_SUFFIX)]
    found += [p for p in root.glob(".site-build-*")] + [p for p in root.glob(".briefings-preview-*")]
    found += [p for p in root.parent.glob("*.init-tmp")] + [p for p in root.parent.glob(".*.init-tmp")]
    return sorted(p.name for p in found)


def test_an_unwritable_cache_validates_without_it(minimal_project: Project, briefings) -> None:  # type: ignore[no-untyped-def]
    # Tests run as root, who may write anywhere: a file where the cache folder belongs stands in.
    shutil.rmtree(minimal_project.root / ".cache", ignore_errors=True)
    (minimal_project.root / ".cache").write_text("not a folder\n")
    code, _, err = briefings(minimal_project, "validate")
    assert code == 0
    notes = [line for line in err.splitlines() if "cache" in line]
    assert notes == ["briefings: note: ran without a cache: cannot write .cache/briefings/ (Not a directory)"]
    assert "ok: 2 briefs" in err
    assert (minimal_project.root / ".cache").read_text() == "not a folder\n"


def test_a_full_disk_leaves_the_generated_folder_as_it_was(
    minimal_project: Project,
    briefings,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert briefings(minimal_project, "generate")[0] == 0
    before = snapshot(minimal_project.generated)
    for brief in (minimal_project.content / "briefs").glob("*.yaml"):
        brief.write_text(brief.read_text().replace("summary: ", "summary: Changed. ", 1))
    real_stage, staged = write.stage, []

    def full_disk(target: Path, data: bytes) -> Path:
        if len(staged) == 3:  # three files are staged, the fourth finds the disk full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        staged.append(target)
        return real_stage(target, data)

    monkeypatch.setattr(write, "stage", full_disk)
    code, _, err = briefings(minimal_project, "generate")
    assert code == 1
    line = next(line for line in err.splitlines() if "error" in line)
    assert re.fullmatch(
        r"generated/\S+:1:1: error: cannot write generated/\S+: No space left on device", line
    )
    assert "hint: the disk is full: free some space, then run again" in err
    assert snapshot(minimal_project.generated) == before and leftovers(minimal_project.root) == []
    monkeypatch.setattr(write, "stage", real_stage)
    assert briefings(minimal_project, "generate")[0] == 0
    assert snapshot(minimal_project.generated) != before


def test_an_unwritable_output_of_any_command_is_a_diagnostic(minimal_project: Project, briefings) -> None:  # type: ignore[no-untyped-def]
    root = minimal_project.root
    blocker = root / "blocker"
    blocker.write_text("a file, where a folder is needed\n")
    code, out, err = briefings(minimal_project, "overdue", "--json-out", str(blocker / "report.json"))
    assert code == 1 and out == ""
    assert f"{blocker}:1:1: error: cannot write {blocker}: a file stands where a folder is needed" in err
    assert "hint: move it away, or choose another path, then run again" in err
    (root / "CODEOWNERS").mkdir()  # read before it is written: refused as what it is
    code, _, err = briefings(minimal_project, "codeowners")
    assert code == 1 and "CODEOWNERS:1:1: error: this folder stands where a file belongs" in err
    shutil.rmtree(minimal_project.schema_dir)
    minimal_project.schema_dir.write_text("a file, where the schema folder belongs\n")
    code, _, err = briefings(minimal_project, "schema")
    assert (
        f"{root}/schema:1:1: error: cannot write {root}/schema: a file stands where a folder is needed" in err
    )
    assert code == 1
    assert minimal_project.schema_dir.read_text() == "a file, where the schema folder belongs\n"
    code, _, err = briefings(minimal_project, "init", str(blocker / "new-site"))
    assert code == 2
    assert f"{blocker}:1:1: error: cannot write {blocker}: a file stands where a folder is needed" in err
    assert f"hint: choose a folder you may write, or create {blocker}/new-site first" in err
    assert leftovers(root) == []


def test_a_port_in_use_is_a_diagnostic_and_leaves_nothing(
    minimal_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.commands.serve import serve

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = serve(minimal_project, TODAY, port)
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert f"briefings: --port {port}: cannot serve on 127.0.0.1:{port}: Address already in use\n" in err
    assert (
        "hint: another program (perhaps another preview) uses it; stop it, or run "
        f"`briefings serve --port {port + 1}`" in err
    )
    assert leftovers(minimal_project.root) == []


def interruptible() -> None:
    """In the child: Ctrl-C as in a terminal, even where the test runner's shell ignores it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_a_second_run_waits_for_the_first(minimal_project: Project) -> None:
    with fsio.run_lock(minimal_project.cache):  # a first run, holding the folder
        second = subprocess.Popen(cli_command(minimal_project, "generate"), stderr=subprocess.PIPE, text=True)
        assert second.stderr is not None
        line = second.stderr.readline()
        assert (
            line == "briefings: another briefings run is working in this folder; waiting for it to finish\n"
        )
        time.sleep(0.2)
        assert second.poll() is None and not minimal_project.generated.exists()
    rest = second.stderr.read()
    assert second.wait(timeout=120) == 0 and "ok: 2 briefs" in rest and "Traceback" not in rest


def test_two_generates_at_once_write_what_one_writes(minimal_project: Project, tmp_path: Path) -> None:
    runs = [
        subprocess.Popen(cli_command(minimal_project, "generate"), stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert all("Traceback" not in o for o in outputs)
    alone = copy_project(tmp_path / "alone", minimal_project.content)
    assert pipeline.generate(alone, TODAY).report is not None
    assert snapshot(minimal_project.generated) == snapshot(alone.generated)
    assert leftovers(minimal_project.root) == []


def test_ctrl_c_is_one_line_and_exit_130(minimal_project: Project) -> None:
    assert subprocess.run(cli_command(minimal_project, "generate"), capture_output=True).returncode == 0
    before = snapshot(minimal_project.generated)
    with fsio.run_lock(minimal_project.cache):  # the run waits here: Ctrl-C lands in a known place
        run = subprocess.Popen(
            cli_command(minimal_project, "build"), stderr=subprocess.PIPE, text=True, preexec_fn=interruptible
        )
        assert run.stderr is not None and "waiting" in run.stderr.readline()
        run.send_signal(signal.SIGINT)
        err = run.stderr.read()
        assert run.wait(timeout=60) == 130
    assert err == "briefings: interrupted; the files it had not finished were left as they were\n"
    assert snapshot(minimal_project.generated) == before and leftovers(minimal_project.root) == []


@pytest.mark.parametrize("delay", [0.0, 0.2, 0.5, 1.0])
def test_ctrl_c_at_any_moment_leaves_the_old_or_the_new_folder(
    minimal_project: Project, tmp_path: Path, delay: float
) -> None:
    assert subprocess.run(cli_command(minimal_project, "generate"), capture_output=True).returncode == 0
    before = snapshot(minimal_project.generated)
    for brief in (minimal_project.content / "briefs").glob("*.yaml"):
        brief.write_text(brief.read_text().replace("summary: ", "summary: Changed. ", 1))
    after = copy_project(tmp_path / "after", minimal_project.content)
    assert pipeline.generate(after, TODAY).report is not None
    lock = minimal_project.cache / fsio.LOCK_FILE
    lock.unlink()  # made again when the run starts: then Ctrl-C reaches the generator's own code
    run = subprocess.Popen(
        cli_command(minimal_project, "generate"), stderr=subprocess.PIPE, text=True, preexec_fn=interruptible
    )
    while not lock.exists() and run.poll() is None:
        time.sleep(0.005)
    time.sleep(delay)
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=60)
    assert "Traceback" not in err
    if run.returncode == -signal.SIGINT:  # the run had finished: Python was shutting down
        assert "ok: 2 briefs" in err and snapshot(minimal_project.generated) == snapshot(after.generated)
    else:
        assert run.returncode in (0, 130), err
    if run.returncode == 130:
        assert err.endswith("briefings: interrupted; the files it had not finished were left as they were\n")
    assert snapshot(minimal_project.generated) in (before, snapshot(after.generated))
    assert leftovers(minimal_project.root) == []
