"""Whatever the repository holds, nothing outside it is read: a symbolic link that leaves the
project, a FIFO or a device is refused unread, with a positioned error and a hint, and the
previous output stays byte for byte as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cli
from generator.project import Project
from generator.publish.engines import OVERLAY, overlay_config, reclaim
from generator.read import files
from tests.conftest import TODAY

SECRET = "BRIEFINGS_TEST_SECRET=do-not-publish"
REFUSED = "the generator reads only regular files inside the project"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def briefings(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def call(project: Project, *command: str) -> tuple[int, str]:
        code = cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), *command])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out + err

    return call


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the project, standing for /etc/passwd or a token."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET + "\n")
    return path


@pytest.mark.parametrize(
    ("where", "kind"),
    [
        ("docs/env.txt", "file"),
        ("docs/notes.md", "file"),
        ("docs/linked", "folder"),
        ("site_templates/assets/site.css", "file"),
        ("site_templates/theme/main.html", "file"),
        ("site_templates/brief.md.j2", "file"),
        ("content/briefs/stolen.yaml", "file"),
        ("content/sources.yaml", "file"),
        ("CONTRIBUTING.md", "file"),
    ],
)
def test_a_link_out_of_the_project_is_refused_unread(
    minimal_project: Project, secret: Path, briefings, where: str, kind: str
) -> None:  # type: ignore[no-untyped-def]
    assert briefings(minimal_project, "generate")[0] == 0
    before = snapshot(minimal_project.generated)
    link = minimal_project.root / where
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.exists():
        link.unlink()
    link.symlink_to(secret.parent if kind == "folder" else secret)
    for command in ("validate", "generate"):
        code, output = briefings(minimal_project, command)
        assert code == 1
        assert (
            f"{where}:1:1: error: this {kind} is a symbolic link to a place outside the project: {REFUSED}\n"
        ) in output
        assert "hint: replace the link with a copy of the file (or folder) itself, or remove it" in output
        assert "do-not-publish" not in output
        assert str(secret.parent) not in output  # not even where it points
    assert snapshot(minimal_project.generated) == before


def test_a_fifo_is_refused_without_being_opened(minimal_project: Project, briefings) -> None:  # type: ignore[no-untyped-def]
    os.mkfifo(minimal_project.content / "briefs" / "pipe.yaml")
    os.mkfifo(minimal_project.docs / "pipe.md")
    code, output = briefings(minimal_project, "validate")  # opening either would block for ever
    assert code == 1
    for where in ("content/briefs/pipe.yaml", "docs/pipe.md"):
        assert (
            f"{where}:1:1: error: this file is a named pipe (FIFO), not a regular file: {REFUSED}\n" in output
        )
    assert "hint: replace it with a regular file holding the text, or remove it" in output


def test_a_link_to_a_device_is_refused_unread(minimal_project: Project, briefings) -> None:  # type: ignore[no-untyped-def]
    """A link to /dev/zero read without bound until MemoryError."""
    (minimal_project.content / "briefs" / "zero.yaml").symlink_to("/dev/zero")
    code, output = briefings(minimal_project, "validate")
    assert code == 1
    link = "this file is a symbolic link to a place outside the project"
    assert f"content/briefs/zero.yaml:1:1: error: {link}: {REFUSED}\n" in output


def test_a_device_is_refused_inside_or_behind_a_link(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "zero.yaml").symlink_to("/dev/zero")
    assert files.problem(root / "zero.yaml", root) == "is a symbolic link to a place outside the project"
    # The project's own root holding a device: refused by what it is, not where.
    assert files.problem(Path("/dev/zero"), Path("/dev")) == "is a character device, not a regular file"
    with pytest.raises(files.UnsafeFile):
        files.read_bytes(Path("/dev/zero"), Path("/dev"))


def test_reads_are_bounded_by_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 101)
    assert files.read_bytes(path, tmp_path, limit=101) == b"x" * 101
    with pytest.raises(files.UnsafeFile, match="larger than the limit of 100 bytes"):
        files.read_bytes(path, tmp_path, limit=100)


def test_a_link_inside_the_project_is_followed(minimal_project: Project, briefings) -> None:  # type: ignore[no-untyped-def]
    # (README.md: CONTRIBUTING.md asks for the site's areas, which a page of docs/ gets expanded)
    (minimal_project.docs / "guide.md").symlink_to(minimal_project.root / "README.md")
    assert briefings(minimal_project, "generate")[0] == 0
    assert (minimal_project.generated / "guide.md").read_bytes() == (
        minimal_project.root / "README.md"
    ).read_bytes()


def test_codeowners_through_a_link_is_neither_shown_nor_written(
    minimal_project: Project, secret: Path, briefings
) -> None:  # type: ignore[no-untyped-def]
    (minimal_project.root / "CODEOWNERS").symlink_to(secret)
    for command in (("codeowners", "--check"), ("codeowners",)):
        code, output = briefings(minimal_project, *command)
        assert code == 1
        assert "CODEOWNERS:1:1: error: this file is a symbolic link to a place outside the project" in output
        assert "do-not-publish" not in output
    assert secret.read_text() == SECRET + "\n"


def test_links_put_into_the_generated_folder_are_removed(
    minimal_project: Project, secret: Path, briefings
) -> None:  # type: ignore[no-untyped-def]
    minimal_project.generated.mkdir()
    (minimal_project.generated / "env.txt").symlink_to(secret)
    (minimal_project.generated / "dir").symlink_to(secret.parent)
    assert briefings(minimal_project, "generate")[0] == 0
    assert not os.path.lexists(minimal_project.generated / "env.txt")
    assert not os.path.lexists(minimal_project.generated / "dir")


@pytest.mark.build
def test_a_build_with_a_link_to_the_environment_fails_and_keeps_the_site(minimal_project: Project) -> None:
    """The audit's case, with the real engine in a subprocess: `ln -s /proc/self/environ docs/env.txt`."""

    def build() -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, SECRET_TOKEN="do-not-publish")
        command = [sys.executable, "-m", "generator", "--today", TODAY.isoformat(), "build"]
        return subprocess.run(command, cwd=minimal_project.root, env=env, capture_output=True, text=True)

    assert build().returncode == 0
    before = snapshot(minimal_project.site)
    (minimal_project.docs / "env.txt").symlink_to("/proc/self/environ")
    proc = build()
    assert proc.returncode == 1
    assert proc.stderr.startswith(
        f"docs/env.txt:1:1: error: this file is a symbolic link to a place outside the project: {REFUSED}\n"
    )
    assert proc.stderr.rstrip().endswith("briefings: nothing was written")
    assert "Traceback" not in proc.stderr and "do-not-publish" not in proc.stderr + proc.stdout
    assert snapshot(minimal_project.site) == before


def test_the_engine_overlay_is_never_written_through_a_link(tmp_path: Path, secret: Path) -> None:
    """`.briefings-engine.yml` and Zensical's staged files are the generator's (git-ignored)
    names: a committed link there is replaced, not followed; a FIFO is removed, not read."""
    root = tmp_path / "p"
    root.mkdir()
    (root / "mkdocs.yml").write_text("site_name: x\n")
    (root / OVERLAY).symlink_to(secret)
    path = overlay_config(root, root / "mkdocs.yml", {"plugins": []})
    assert not path.is_symlink() and "INHERIT: mkdocs.yml" in path.read_text()
    assert secret.read_text() == SECRET + "\n"
    (root / "docs").symlink_to(secret.parent)
    os.mkfifo(root / "pipe")
    reclaim(root / "docs", folder=True)
    reclaim(root / "pipe")
    assert not os.path.lexists(root / "docs") and not os.path.lexists(root / "pipe")
    assert secret.exists()


class _Payload:
    """Unpickling this creates the file `path`: what a cache file committed in a pull request could do."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Path.touch, (self.path,))


def test_a_cache_file_committed_to_the_repository_is_never_unpickled(
    minimal_project: Project, tmp_path: Path, briefings
) -> None:  # type: ignore[no-untyped-def]
    import pickle

    root = minimal_project.root
    assert briefings(minimal_project, "validate")[0] == 0  # the cache exists
    marker = tmp_path / "ran"
    store = minimal_project.cache / "parse.pickle"
    store.write_bytes(pickle.dumps(_Payload(marker)))
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-f", "--", str(store)], cwd=root, check=True)
    code, output = briefings(minimal_project, "validate")
    assert code == 0 and not marker.exists()
    assert "holds files committed to the repository, which are never read" in output
    subprocess.run(["git", "rm", "-q", "-f", "--cached", "--", str(store)], cwd=root, check=True)
    store.write_bytes(pickle.dumps(_Payload(marker)))  # not committed: this machine's own file
    briefings(minimal_project, "validate")
    assert marker.exists()  # the check is what kept it from running above
