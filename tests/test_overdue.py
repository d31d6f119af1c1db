"""`briefings overdue`: the weekly review's report, with and without link checking."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator import cli
from generator.commands.overdue import broken_links, check_url, overdue_briefs
from generator.project import Project
from generator.read.load import load_content
from tests.conftest import TODAY


def run(project: Project, today: dt.date, *args: str) -> int:
    return cli.main(["--project", str(project.root), "--today", today.isoformat(), "overdue", *args])


def test_lists_briefs_past_review_by_with_owners(
    minimal_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(minimal_project, TODAY, "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert [b["id"] for b in report["overdue"]] == ["military-communications", "overview"]
    first = report["overdue"][0]
    assert first["review_by"] == "2025-02-07" and first["days_overdue"] == (TODAY - dt.date(2025, 2, 7)).days
    assert first["owners"] == ["@defense-desk"]
    assert first["file"] == "content/briefs/military-communications.yaml"
    assert report["assignees"] == ["defense-desk", "overview-desk"]
    assert report["broken_links"] is None and report["count"] == 2


def test_nothing_is_overdue_on_the_review_date(minimal_project: Project) -> None:
    content = load_content(minimal_project.content)
    assert overdue_briefs(content, dt.date(2025, 2, 7)) == []
    assert [b.id for b in overdue_briefs(content, dt.date(2025, 2, 8))] == [
        "military-communications",
        "overview",
    ]


def test_markdown_is_an_issue_body_mentioning_owners(
    minimal_project: Project, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_json = tmp_path / "report.json"
    assert run(minimal_project, TODAY, "--json-out", str(out_json)) == 0
    body = capsys.readouterr().out
    assert "| Military-to-military communications (`military-communications`) |" in body
    assert "| 2025-02-07 |" in body
    assert "Source links that fail\n\nNot checked in this run." in body
    assert body.rstrip().endswith("Owners: @defense-desk @overview-desk")
    assert json.loads(out_json.read_text())["count"] == 2


def test_a_brief_with_an_unrelated_error_is_still_reported(minimal_project: Project) -> None:
    path = minimal_project.content / "briefs" / "overview.yaml"
    path.write_text(path.read_text().replace("status: at_risk", "status: sideways"))
    content = load_content(minimal_project.content)
    assert "overview" in [b.id for b in overdue_briefs(content, TODAY)]


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        # /no-head refuses HEAD, as some servers do; GET then succeeds.
        self.send_response({"/ok": 200, "/no-head": 405}.get(self.path, 404))
        self.end_headers()

    def do_GET(self) -> None:
        self.send_response(200 if self.path in ("/ok", "/no-head") else 404)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_check_url(local_server: str) -> None:
    assert check_url(f"{local_server}/ok") is None
    assert check_url(f"{local_server}/no-head") is None
    assert check_url(f"{local_server}/gone") == "HTTP 404"
    # A closed port: refused at once, well within the timeout.
    assert (check_url("http://127.0.0.1:9/", timeout=2) or "").startswith("unreachable")


def test_check_links_reports_failing_sources_and_who_cites_them(
    minimal_project: Project, local_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = minimal_project.content / "sources.yaml"
    text = sources.read_text()
    text = text.replace("url: https://energynews", f"url: {local_server}/ok#https://energynews")
    text = text.replace("url: https://www.dvidshub.net/", f"url: {local_server}/gone/")
    sources.write_text(text)
    assert run(minimal_project, TODAY, "--check-links", "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    [broken] = report["broken_links"]
    assert broken["source"] == "dvids-2024-09-09" and broken["problem"] == "HTTP 404"
    assert broken["cited_by"] == ["military-communications"]
    assert report["count"] == 3


def test_only_web_addresses_are_opened(minimal_project: Project) -> None:
    sources = minimal_project.content / "sources.yaml"
    sources.write_text(sources.read_text().replace("url: https://www.dvidshub.net/", "url: file:///etc/"))
    opened: list[str] = []

    def fake_check(url: str) -> str | None:
        opened.append(url)
        return None

    assert broken_links(load_content(minimal_project.content), fake_check) == []
    assert len(opened) == 1 and opened[0].startswith("https://energynews")
