"""Publication is atomic: a killed build leaves the previous site complete, and docs/ is never written."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import cli, fsio
from generator.project import Project
from generator.publish import swap, write
from tests.conftest import TODAY, cli_command, copy_project
from tests.injection import content_source


def files(site: Path) -> dict[str, bytes]:
    """Every file of a folder, by path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def build(project: Project, *command: str) -> None:
    assert (
        cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), *(command or ("build",))])
        == 0
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project(tmp_path_factory.mktemp("atomic") / "project", content_source())
    build(project)
    return project


def _retitle(project: Project, n: int) -> None:
    """Change a brief, so a build that finished would change the site."""
    path = sorted((project.content / "briefs").glob("*.yaml"))[0]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [f"title: Draft {n}\n" if ln.startswith("title:") else ln for ln in lines]
    path.write_text("".join(lines), encoding="utf-8")


def _temp_builds(project: Project) -> set[Path]:
    return set(project.root.glob(".site-build-*"))


Moment = Callable[[list[Path]], bool]
"""Given the temporary build folders the running build made, say whether to kill it now."""


def _after(seconds: float) -> Moment:
    start = time.monotonic()
    return lambda _fresh: time.monotonic() - start >= seconds


def _engine_started(fresh: list[Path]) -> bool:
    return bool(fresh)


def _engine_writing(fresh: list[Path]) -> bool:
    return any((tmp / "index.html").exists() for tmp in fresh)


MOMENTS: dict[str, Callable[[], Moment]] = {
    "after 0.3 s": lambda: _after(0.3),
    "when the engine starts": lambda: _engine_started,
    "when the engine writes pages": lambda: _engine_writing,
    "after 1 s": lambda: _after(1.0),
    "after 2 s": lambda: _after(2.0),
}


def kill_build_when(project: Project, moment: Moment) -> bool:
    """Run `briefings build` in a subprocess, SIGKILL it at `moment`; False if it finished first."""
    cmd = cli_command(project, "build")
    earlier = _temp_builds(project)  # left by builds killed before
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if moment(sorted(_temp_builds(project) - earlier)):
            break
        time.sleep(0.002)
    finished = proc.poll() is not None
    if not finished:
        # The whole process group, as a cancelled CI job would: the engine too.
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return not finished


def test_a_killed_build_leaves_the_previous_site(built: Project) -> None:
    interrupted = []
    for n, (name, make_moment) in enumerate(MOMENTS.items()):
        before = files(built.site)
        _retitle(built, n)
        if kill_build_when(built, make_moment()):
            interrupted.append(name)
            after = files(built.site)
            # A kill can land after the swap, while the old site is being deleted: then
            # site/ is the complete new build.  Never anything in between.
            if after != before:
                assert set(after) == set(before), f"site/ incomplete after a build killed {name}"
                assert f"Draft {n}".encode() in after["index.html"], f"site/ mixed after a kill {name}"
        else:
            assert f"Draft {n}".encode() in (built.site / "index.html").read_bytes(), name
        assert not built.site.with_name("site.old").exists()
    assert {"when the engine starts", "when the engine writes pages"} <= set(interrupted)
    build(built)
    assert f"Draft {len(MOMENTS) - 1}".encode() in (built.site / "index.html").read_bytes()


def test_a_build_recovers_from_a_kill_between_the_two_renames(built: Project) -> None:
    before = files(built.site)
    old = built.site.with_name("site.old")
    os.replace(built.site, old)  # where the fallback swap would have died
    swap.recover_site(built.site)
    assert files(built.site) == before and not old.exists()
    os.replace(built.site, old)
    build(built)
    assert files(built.site) == before and not old.exists()


def _site(root: Path, text: str) -> Path:
    root.mkdir(parents=True)
    (root / "index.html").write_text(text)
    return root


def test_publish_swaps_in_one_step(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", "old")
    swap.publish_site(_site(tmp_path / "new", "new"), site)
    assert (site / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_publish_without_exchange_rolls_back_a_failed_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path / "site", "old")
    new = _site(tmp_path / "new", "new")
    real_replace = os.replace

    def failing_replace(src: Path, dst: Path) -> None:
        if Path(src) == new:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(swap, "_exchange", lambda a, b: False)
    monkeypatch.setattr(swap.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        swap.publish_site(new, site)
    assert (site / "index.html").read_text() == "old"
    monkeypatch.setattr(swap.os, "replace", real_replace)
    swap.publish_site(new, site)
    assert (site / "index.html").read_text() == "new" and not (tmp_path / "site.old").exists()


def _stamps(project: Project) -> dict[str, tuple[bytes, int, int]]:
    """Bytes, modification time and inode of every hand-written page."""
    paths = [*sorted(project.docs.rglob("*")), project.root / "CONTRIBUTING.md"]
    return {
        p.relative_to(project.root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino)
        for p in paths
        if p.is_file()
    }


def test_hand_written_pages_are_never_removed_or_rewritten(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", content_source())
    (project.docs / "notes").mkdir()
    (project.docs / "notes" / "local.md").write_text("# Local note\n\nWritten by hand.\n")
    stamps = _stamps(project)
    assert len(stamps) >= 4
    build(project, "generate")
    build(project)
    assert (project.generated / "notes" / "local.md").read_text() == "# Local note\n\nWritten by hand.\n"
    assert (project.site / "notes" / "local" / "index.html").is_file()
    (project.generated / "about.md").write_text("edited in the generated folder")
    kill_build_when(project, _engine_writing)
    build(project)
    assert _stamps(project) == stamps
    assert (project.generated / "about.md").read_bytes() == (project.docs / "about.md").read_bytes()
    (project.docs / "notes" / "local.md").unlink()
    build(project, "generate")
    assert not (project.generated / "notes" / "local.md").exists()
    del stamps["docs/notes/local.md"]
    assert _stamps(project) == stamps


def test_a_killed_builds_temporary_folder_is_removed_by_the_next_build(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = built.root / ".site-build-killed"
    (stale / "briefs").mkdir(parents=True)
    (stale / "index.html").write_text("half a site\n")
    before = files(built.site)
    build(built)
    err = capsys.readouterr().err
    assert "briefings: removed .site-build-killed: left by a build that was stopped\n" in err
    assert _temp_builds(built) == set() and files(built.site) == before


def test_two_builds_at_once_are_serialised(built: Project) -> None:
    before = files(built.site)
    cmd = cli_command(built, "build")
    runs = [subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errs = [run.communicate(timeout=600)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errs
    assert all("Traceback" not in err for err in errs)
    assert files(built.site) == before and _temp_builds(built) == set()
    assert list(built.root.rglob("*" + fsio.STAGE_SUFFIX)) == []


class Killed(BaseException):
    """Stands for SIGKILL: nothing of the run's own clean-up runs after it."""


def test_a_kill_among_the_renames_is_completed_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path / "project", content_source())
    build(project, "generate")
    for brief in (project.content / "briefs").glob("*.yaml"):
        brief.write_text(brief.read_text().replace("\ntitle: ", "\ntitle: Renamed ", 1))
    done: list[Path] = []
    real_rename = write.rename

    def killed_after_two(staged: Path, target: Path) -> None:
        if len(done) == 2:
            raise Killed
        done.append(target)
        real_rename(staged, target)

    monkeypatch.setattr(write, "rename", killed_after_two)
    with pytest.raises(Killed):
        cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), "generate"])
    assert list(project.generated.rglob("*" + fsio.STAGE_SUFFIX))  # half old, half new: as a kill leaves it
    monkeypatch.setattr(write, "rename", real_rename)
    capsys.readouterr()
    build(project, "generate")
    err = capsys.readouterr().err
    assert "briefings: repaired generated/: put in place " in err and "an interrupted run had written" in err
    cold = copy_project(tmp_path / "cold", project.content)
    build(cold, "generate")
    assert files(project.generated) == files(cold.generated)
