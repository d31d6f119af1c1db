"""The live preview, end to end: a real `briefings serve` on a free local port.

Edit a brief and the served page changes; save an invalid brief or a broken
template and the server keeps serving the last good page.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator import cli
from generator.project import Project
from tests.conftest import TODAY, override

PAGE = "briefings-test/briefs/overview/"
"""`mkdocs serve` serves under the path of `site_url` (the path of the test site's URL)."""
START_TIMEOUT = 90.0
CHANGE_TIMEOUT = 15.0
"""Safety bounds, not performance targets: a change shows in about a second here."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode())
    except (urllib.error.URLError, OSError):
        return None


def wait_for(condition: Callable[[], bool], timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"{what} within {timeout:.0f} s; server log:\n{log.read_text()[-3000:]}")


class Preview:
    """A running `briefings serve` and the way to read its page and its log."""

    def __init__(self, project: Project, log: Path) -> None:
        self.project = project
        self.log = log
        self.url = f"http://127.0.0.1:{free_port()}/"
        port = self.url.rsplit(":", 1)[1].strip("/")
        argv = ["--project", str(project.root), "--today", TODAY.isoformat(), "serve", "--port", port]
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "generator", *argv],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so the engine dies with it
            )

    def page(self) -> str:
        return fetch(self.url + PAGE) or ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


@pytest.fixture
def preview(minimal_project: Project, tmp_path: Path) -> Iterator[Preview]:
    server = Preview(minimal_project, tmp_path / "serve.log")
    try:
        wait_for(
            lambda: "The relationship at the transition" in server.page(),
            START_TIMEOUT,
            "no page",
            server.log,
        )
        yield server
    finally:
        server.stop()
        # Nothing of the process group may outlive the test.
        with pytest.raises(ProcessLookupError):
            os.killpg(server.proc.pid, 0)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_an_edit_shows_and_a_bad_save_keeps_the_last_good_page(preview: Preview) -> None:
    brief = preview.project.content / "briefs" / "overview.yaml"
    edit(brief, "faced an uncertain future.", "faced a FIRST-EDIT future.")
    wait_for(lambda: "FIRST-EDIT" in preview.page(), CHANGE_TIMEOUT, "the edit did not show", preview.log)
    # Only the pages that changed are rewritten, so the engine rebuilds little.
    first, edited = (int(n) for n in re.findall(r"regenerated (\d+) file", preview.log.read_text())[:2])
    assert 0 < edited < first

    edit(brief, "status: at_risk", "status: sideways")
    wait_for(
        lambda: "keeping the last good preview" in preview.log.read_text(),
        CHANGE_TIMEOUT,
        "no diagnostics were printed",
        preview.log,
    )
    assert "content/briefs/overview.yaml:4:9: error: status: `sideways` is not a valid status" in (
        preview.log.read_text()
    )
    assert preview.proc.poll() is None
    assert "FIRST-EDIT" in preview.page()

    # Fixed again, the next edit shows: the preview recovered.
    edit(brief, "status: sideways", "status: at_risk")
    edit(brief, "FIRST-EDIT", "SECOND-EDIT")
    wait_for(lambda: "SECOND-EDIT" in preview.page(), CHANGE_TIMEOUT, "no recovery", preview.log)


def test_a_template_error_keeps_the_last_good_page(preview: Preview) -> None:
    template = override(preview.project, "brief.md.j2")
    template.write_text(template.read_text() + "{% if %}\n")
    wait_for(
        lambda: "template error: " in (log := preview.log.read_text()) and "keeping the last good" in log,
        CHANGE_TIMEOUT,
        "the template error was not reported",
        preview.log,
    )
    assert "site_templates/brief.md.j2" in preview.log.read_text()
    assert preview.proc.poll() is None
    assert "The relationship at the transition" in preview.page()


def without_reload_script(html: str) -> str:
    start = html.index("<script data-briefings-reload>")
    return html[:start] + html[html.index("</script>", start) + len("</script>") :]


def test_a_previewed_page_is_the_published_page(preview: Preview) -> None:
    # Edited while previewed, so the page compared is one the preview rebuilt on its own.
    brief = preview.project.content / "briefs" / "overview.yaml"
    edit(brief, "faced an uncertain future.", "faced a PARITY-EDIT future.")
    wait_for(lambda: "PARITY-EDIT" in preview.page(), CHANGE_TIMEOUT, "the edit did not show", preview.log)
    served = preview.page()
    assert served.count("data-briefings-reload") == 1
    # It says which engine builds the preview, whatever `build --engine` a site uses.
    assert preview.log.read_text().count("building the preview with mkdocs") == 1
    argv = ["--project", str(preview.project.root), "--today", TODAY.isoformat(), "build"]
    assert cli.main(argv) == 0
    built = (preview.project.site / "briefs" / "overview" / "index.html").read_text()
    assert without_reload_script(served) == built


def test_the_rest_of_the_site_stays_navigable(preview: Preview) -> None:
    home = fetch(preview.url + "briefings-test/") or ""
    links = set(re.findall(r'href="((?:\.\./)*[a-z][a-z0-9/-]*/)"', home))
    assert len(links) > 5
    for link in sorted(links):
        assert fetch(preview.url + "briefings-test/" + link) is not None, link
    # A folder without its slash is redirected, as a static host does.
    assert "The relationship at the transition" in (fetch(preview.url + PAGE.rstrip("/")) or "")


def test_every_language_is_served_and_a_saved_translation_reloads_its_page(
    sample_project: Project, tmp_path: Path
) -> None:
    """The sample declares `[en, fr]`: the preview serves `fr/` too, and saving a translation
    rebuilds that French page (its reload stamp changes), leaving the English page as it was."""
    french = "briefings-test/fr/briefs/river-commission/"
    server = Preview(sample_project, tmp_path / "serve.log")
    try:
        wait_for(
            lambda: "La commission fluviale mixte" in (fetch(server.url + french) or ""),
            START_TIMEOUT,
            "no French page",
            server.log,
        )
        english = fetch(server.url + "briefings-test/briefs/river-commission/") or ""
        assert '<html lang="en"' in english and "The joint river commission" in english

        def stamp(path: str) -> str:
            return fetch(f"{server.url}briefings-test/.briefings-reload?page=/{path}") or ""

        before, english_before = stamp(french), stamp("briefings-test/briefs/river-commission/")
        translation = sample_project.content / "translations/fr/briefs/river-commission.yaml"
        edit(translation, "La commission fluviale mixte", "La commission RELUE")
        wait_for(
            lambda: "La commission RELUE" in (fetch(server.url + french) or ""),
            CHANGE_TIMEOUT,
            "the saved translation did not show",
            server.log,
        )
        assert stamp(french) != before  # the page's reload script reloads it
        assert stamp("briefings-test/briefs/river-commission/") == english_before
    finally:
        server.stop()


def problems(preview: Preview) -> str | None:
    """What the page's script is told of the last save's problems (None: no answer)."""
    state = fetch(preview.url + "briefings-test/.briefings-reload?page=/" + PAGE)
    return None if state is None else str(json.loads(state)["problems"])


def test_the_browser_is_told_of_a_bad_save_until_it_is_fixed(preview: Preview) -> None:
    assert problems(preview) == ""
    brief = preview.project.content / "briefs" / "overview.yaml"
    edit(brief, "status: at_risk", "status: sideways")
    wait_for(lambda: bool(problems(preview)), CHANGE_TIMEOUT, "the problem did not show", preview.log)
    assert (problems(preview) or "").startswith(
        "content/briefs/overview.yaml:4:9: error: status: `sideways` is not a valid status"
    )
    edit(brief, "status: sideways", "status: at_risk")
    wait_for(lambda: problems(preview) == "", CHANGE_TIMEOUT, "the fix did not clear it", preview.log)


def test_a_save_of_mkdocs_yml_shows_without_a_restart(preview: Preview) -> None:
    config = preview.project.config_file
    edit(config, "site_name: ", "site_name: Renamed in preview # ")
    wait_for(
        lambda: "mkdocs.yml changed: rebuilt the whole preview" in preview.log.read_text(),
        CHANGE_TIMEOUT,
        "the save of mkdocs.yml was not seen",
        preview.log,
    )
    assert "Renamed in preview" in preview.page().split("</title>")[0]
    # The engine's notice of pages outside the nav (every generated page) is not printed.
    log = preview.log.read_text()
    assert "not included in the" not in log and "INFO" not in log
