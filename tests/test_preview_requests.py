"""The preview answers only to its own address (a page of another site cannot reach it by
rebinding its name to 127.0.0.1), and no request makes it print a traceback."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.commands.serve import PreviewServer, reload_script


@pytest.fixture
def server(tmp_path: Path) -> Iterator[PreviewServer]:
    site = tmp_path / "site"
    (site / "briefs").mkdir(parents=True)
    (site / "index.html").write_text("<html><body>home</body></html>")
    preview = PreviewServer(0, "/mount/")
    preview.site = site
    thread = threading.Thread(target=preview.serve_forever, daemon=True)
    thread.start()
    yield preview
    preview.shutdown()
    preview.server_close()


def get(server: PreviewServer, path: str, host: str | None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_the_preview_answers_at_its_own_addresses(server: PreviewServer) -> None:
    port = server.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        status, body = get(server, "/mount/", host)
        assert status == 200 and b"home" in body


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:{port}", "127.0.0.1:1", "", None])
def test_another_host_is_refused(server: PreviewServer, host: str | None) -> None:
    """DNS rebinding: attacker.example now resolves to 127.0.0.1, and its page asks the preview."""
    port = server.server_address[1]
    status, body = get(server, "/mount/", None if host is None else host.format(port=port))
    assert status == 421
    assert body == f"this preview answers only at http://127.0.0.1:{port}/\n".encode()


def test_no_request_prints_a_traceback(server: PreviewServer, capsys: pytest.CaptureFixture[str]) -> None:
    host = f"127.0.0.1:{server.server_address[1]}"
    for path in (
        "/mount/%00",
        "/mount/a%00b/",
        "/mount/.briefings-reload?page=/mount/%00",
        "/mount/../../etc/passwd",
    ):
        status, _ = get(server, path, host)
        assert status in (400, 404), path
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err


def location(server: PreviewServer, path: str) -> tuple[int, str | None]:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    connection.request("GET", path, headers={"Host": f"127.0.0.1:{server.server_address[1]}"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, response.getheader("Location")


def test_the_root_leads_to_the_site_under_its_path(server: PreviewServer) -> None:
    """The site is served under site_url's path; `/` (what one types) leads there."""
    assert location(server, "/") == (302, "/mount/")
    # A page asked for without the path is the same page under it; anything else, the home.
    assert location(server, "/briefs/") == (301, "/mount/briefs/")
    assert location(server, "/nothing/here/") == (302, "/mount/")
    assert location(server, "/mount/briefs") == (301, "/mount/briefs/")


def test_the_reload_address_says_the_last_saves_problems(server: PreviewServer) -> None:
    host = f"127.0.0.1:{server.server_address[1]}"
    status, body = get(server, "/mount/.briefings-reload?page=/mount/", host)
    assert status == 200 and json.loads(body)["problems"] == ""
    assert json.loads(body)["stamp"] != "0"  # the page's file exists: its modification time
    server.show("content/briefs/x.yaml:4:9: error: status: `sideways` is not a valid status\n")
    problems = json.loads(get(server, "/mount/.briefings-reload?page=/mount/", host)[1])["problems"]
    assert problems.startswith("content/briefs/x.yaml:4:9: error: status:")
    server.show("")
    assert json.loads(get(server, "/mount/.briefings-reload?page=/mount/", host)[1])["problems"] == ""


def test_every_page_gets_the_script_once_and_no_address_can_end_it(server: PreviewServer) -> None:
    _, body = get(server, "/mount/", f"127.0.0.1:{server.server_address[1]}")
    assert body.count(b"<script data-briefings-reload>") == 1
    assert body.index(b"<script data-briefings-reload>") < body.index(b"</body>")
    hostile = reload_script("/a</script><script>alert(1)//</")
    assert hostile.count(b"</script>") == 1 and hostile.endswith(b"</script>")
