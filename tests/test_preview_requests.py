"""The preview answers only to its own address (a page of another site cannot reach it by
rebinding its name to 127.0.0.1), and no request makes it print a traceback."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.commands.serve import PreviewServer


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
