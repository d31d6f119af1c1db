"""Live preview: regenerate on each save, rebuild the pages that changed, reload the browser.

This process watches `content/`, `site_templates/` and `docs/` and
regenerates on each save; the writer rewrites only the files whose bytes
changed.  Between saves it keeps the site in memory (`session.Session`): the
content files as read, their validated models, the caches and the rendered
bodies, so a save re-reads and re-validates only the files it changed.  The
engine (MkDocs, in this process: `publish/pagebuild.py`) built the whole site
once at start and then rebuilds just those pages, the brief pages first, so
the edited brief shows about as soon as it is regenerated while the large
aggregate pages follow.  A built-in server serves the site
under the path of `site_url`, as `mkdocs serve` did, and adds one small
script to each HTML page that reloads it when its own file is rebuilt.

The pages are built from the configuration `briefings build` uses, so a
previewed page is the published page plus that script.  A file added or
removed makes a full build; the search index and the sitemap are those of
the last full build.

The server answers only requests addressed to it (`Host: 127.0.0.1:<port>` or
`localhost:<port>`): a page of another site that rebinds its own name to
127.0.0.1 gets 421, not the preview.  A request it cannot answer (an address
with `%00`) gets 400, and no request prints a traceback.

An invalid save (a content error, a template error, anything else the
generator raises) prints its diagnostics and writes nothing, so the preview
keeps serving the last good pages.  Engine warnings are printed, never
fatal: the strict build is `briefings build`, run by CI.
"""

from __future__ import annotations

import datetime as dt
import http.server
import mimetypes
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from generator.check.text import shown
from generator.config import ConfigError, SiteConfig, read_config
from generator.pipeline import Result, check, engine_overrides, generate
from generator.project import CONTRIBUTING, Project
from generator.publish.engines import engine_env, overlay_config
from generator.publish.pagebuild import PageBuilder
from generator.report import format_human
from generator.session import Session

QUIET_PERIOD = 0.2
"""Seconds without file events before regenerating: editors save in several steps."""
_IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part")


def _say(message: str) -> None:
    print(f"briefings: {message}", file=sys.stderr, flush=True)


class _Changed(FileSystemEventHandler):
    """Set a flag on any file event except editors' backup and swap files."""

    def __init__(self, flag: threading.Event, only: str | None = None) -> None:
        self.flag = flag
        self.only = only
        # If set, the one file name to react to (a root folder holds much else).

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed", "closed_no_write"):
            return
        name = str(event.src_path).rsplit("/", 1)[-1]
        if self.only is not None and name != self.only:
            return
        if not name.endswith(_IGNORED_SUFFIXES) and not name.startswith(".#"):
            self.flag.set()


def regenerate(project: Project, today: dt.date, session: Session | None = None) -> Result | None:
    """One regeneration; print what happened; never raise, so the preview survives any save.

    The result when it wrote the generated folder (possibly nothing new), None when it failed.
    `session`: what the preview keeps in memory between saves (the files as read, the
    validated models, the caches), so a save re-reads and re-validates only what it changed.
    """
    try:
        result = generate(project, today, session=session)
    except Exception:  # a preview must outlive any bad save; the traceback says what broke
        _say(f"unexpected error:\n{traceback.format_exc()}briefings: keeping the last good preview")
        return None
    if result.diagnostics:
        sys.stderr.write(format_human(result.diagnostics, sys.stderr.isatty()))
    if result.failed:
        _say("errors above; keeping the last good preview")
        return None
    for note in result.notes:
        _say(note)
    written = len(result.report.written) if result.report is not None else 0
    _say(f"regenerated {written} file(s)" if written else "no page changed")
    return result


def preview_url(project: Project, port: int, today: dt.date) -> str:
    """Where the engine serves the site: under the path of `site_url`, as `mkdocs serve` does."""
    try:
        return preview_address(read_config(project.config_file, today), port)
    except ConfigError:  # a broken mkdocs.yml is reported by the run that reads it
        return preview_address(None, port)


def preview_address(config: SiteConfig | None, port: int) -> str:
    """The preview's address for a configuration already read (the site's root without one)."""
    path = urlsplit(config.site_url).path.strip("/") if config is not None else ""
    return f"http://127.0.0.1:{port}/" + (f"{path}/" if path else "")


RELOAD = ".briefings-reload"
"""The address each page polls (under the site's path) to learn whether its file was rebuilt."""
RELOAD_SCRIPT = (
    "<script data-briefings-reload>(function(){{var u=location.pathname,s=null;function p(){{"
    'fetch("{url}?page="+encodeURIComponent(u),{{cache:"no-store"}}).then(function(r){{return r.text()}})'
    ".then(function(t){{if(s!==null&&t!==s)location.reload();s=t}}).catch(function(){{}})"
    ".then(function(){{setTimeout(p,300)}})}}p()}})();</script>"
)
"""Reload when this page's file changes (its stamp is its modification time)."""


class PreviewServer(http.server.ThreadingHTTPServer):
    """Serves a built site under `mount` (e.g. `/briefings-test/`), each page with the reload script."""

    daemon_threads = True

    def __init__(self, port: int, mount: str) -> None:
        self.mount = mount
        self.site: Path | None = None
        self.script = RELOAD_SCRIPT.format(url=mount + RELOAD).encode()
        super().__init__(("127.0.0.1", port), _Handler)
        bound = self.server_address[1]  # the port asked for, or the one given for port 0
        self.address = f"127.0.0.1:{bound}"
        self.hosts = frozenset({self.address, f"localhost:{bound}"})
        """The Host headers of this server's own addresses: any other is a page of another
        site reaching the preview through a name it rebound to 127.0.0.1 (DNS rebinding)."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line, never a traceback: a browser that went away mid-answer (a reload, a
        closed tab) is no error at all; anything else is named and the preview goes on."""
        error = sys.exc_info()[1]
        if error is not None and not isinstance(error, ConnectionError):
            _say(shown(f"the preview could not answer a request ({type(error).__name__}: {error})"))

    def path_for(self, url_path: str) -> Path | None:
        """The file or folder of the site an address names; None outside the site."""
        if self.site is None or not url_path.startswith(self.mount):
            return None
        path = (self.site / unquote(url_path[len(self.mount) :])).resolve()
        return path if path.is_relative_to(self.site.resolve()) else None

    def file_for(self, url_path: str) -> Path | None:
        """The file an address serves (a folder: its index.html)."""
        path = self.path_for(url_path)
        return path / "index.html" if path is not None and path.is_dir() else path


class _Handler(http.server.BaseHTTPRequestHandler):
    server: PreviewServer

    def log_message(self, format: str, *args: Any) -> None:
        """No request log: the terminal is for diagnostics."""

    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in self.server.hosts:
            body = f"this preview answers only at http://{self.server.address}/\n"
            return self._send(421, body.encode(), "text/plain; charset=utf-8")
        try:
            return self._get()
        except ValueError:  # an address the file system cannot name, e.g. with %00 in it
            return self._send(400, b"bad address\n", "text/plain; charset=utf-8")

    def _get(self) -> None:
        url = urlsplit(self.path)
        if url.path == self.server.mount + RELOAD:
            page = self.server.file_for(parse_qs(url.query).get("page", [""])[0])
            stamp = str(page.stat().st_mtime_ns) if page is not None and page.is_file() else "0"
            return self._send(200, stamp.encode(), "text/plain")
        folder = self.server.path_for(url.path)
        if folder is not None and folder.is_dir() and not url.path.endswith("/"):
            self.send_response(301)  # as a static host does: relative links need the slash
            self.send_header("Location", url.path + "/")
            self.end_headers()
            return None
        path = self.server.file_for(url.path)
        if path is None or not path.is_file():
            missing = self.server.file_for(self.server.mount + "404.html")
            body = missing.read_bytes() if missing is not None and missing.is_file() else b"not found"
            return self._send(404, self._with_script(body), "text/html")
        data = path.read_bytes()
        if path.suffix == ".html":
            return self._send(200, self._with_script(data), "text/html; charset=utf-8")
        return self._send(200, data, _content_type(path))

    def _with_script(self, html: bytes) -> bytes:
        at = html.rfind(b"</body>")
        return html + self.server.script if at < 0 else html[:at] + self.server.script + html[at:]

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def _content_type(path: Path) -> str:
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    textual = guessed.startswith("text/") or guessed.endswith(("javascript", "json", "xml"))
    return guessed + ("; charset=utf-8" if textual else "")


def engine_config(project: Project, result: Result) -> Path:
    """The configuration `briefings build` gives the engine: mkdocs.yml, or its overlay for Pagefind."""
    overrides = engine_overrides(result, PageBuilder.engine)
    return overlay_config(project.root, project.config_file, overrides) if overrides else project.config_file


def build_order(written: list[str], removed: list[str]) -> list[str] | None:
    """The files to rebuild, brief pages first, then the other pages smallest first; None: a full build."""
    if removed:
        return None
    briefs = sorted(p for p in written if p.startswith("briefs/") and p.endswith(".md"))
    others = [p for p in written if p not in briefs]
    return briefs + sorted(others, key=lambda p: (not p.endswith(".md"), p))


def _watch(project: Project, flag: threading.Event) -> BaseObserver:
    observer = Observer()
    for folder in (project.content, project.templates, project.docs):
        if folder.is_dir():
            observer.schedule(_Changed(flag), str(folder), recursive=True)
    # The site's Contributing page is rendered from this file at the root.
    observer.schedule(_Changed(flag, only=CONTRIBUTING), str(project.root), recursive=False)
    observer.start()
    return observer


def _stop_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so the engine subprocess is stopped too."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, handler)


def serve(project: Project, today: dt.date, port: int) -> int:
    """Run the preview until interrupted; return the exit code."""
    session = Session()
    result = regenerate(project, today, session)
    if result is None:
        if not (project.generated / "index.md").is_file():
            _say("no valid content to preview yet; fix the errors above and run again")
            return 1
        result = check(project, today)  # the last good pages: build those
        if result.site is None:
            _say("the configuration has errors; fix them and run again")
            return 1
    problem = PageBuilder.engine.version_problem()
    if problem is not None:  # the page builder follows one version's build steps
        sys.stderr.write(format_human([problem.diagnostic()], sys.stderr.isatty()))
        return 1
    address = preview_address(result.config, port)
    try:  # before anything is written: a port in use leaves nothing behind
        server = PreviewServer(port, "/" + address.split("/", 3)[3])
    except OSError as err:
        _say(
            f"--port {port}: cannot serve on 127.0.0.1:{port}: {err.strerror or err}\n"
            f"  hint: another program (perhaps another preview) uses it; stop it, or run "
            f"`briefings serve --port {port + 1}`"
        )
        return 2
    _stop_on_sigterm()
    os.environ.update(engine_env(project.root))  # the same build environment as `briefings build`
    work = Path(tempfile.mkdtemp(prefix=".briefings-preview-", dir=project.root))
    builder = PageBuilder(engine_config(project, result), work / "site")
    changed = threading.Event()
    observer: BaseObserver | None = None
    try:
        observer = _watch(project, changed)  # before the build: a save during it is not missed
        engine = PageBuilder.engine.name
        _say(f"building the preview with {engine} (`briefings build --engine` may use another)...")
        builder.build_all()
        server.site = work / "site"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        _say(f"preview at {address} (Ctrl-C to stop)")
        while True:
            if changed.wait(timeout=0.5):
                while True:  # wait for the burst of events of one save to end
                    changed.clear()
                    if not changed.wait(timeout=QUIET_PERIOD):
                        break
                _update(project, today, builder, session)
    except KeyboardInterrupt:
        pass
    finally:
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)
        if server.site is not None:
            server.shutdown()
        server.server_close()
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _update(project: Project, today: dt.date, builder: PageBuilder, session: Session) -> None:
    """Regenerate, then rebuild what changed; an engine error keeps the last good pages."""
    start = time.perf_counter()
    result = regenerate(project, today, session)
    report = result.report if result is not None else None
    if report is None or not (report.written or report.removed):
        return
    order = build_order(report.written, report.removed)
    generated = time.perf_counter()
    try:
        if order is None:
            builder.build_all()
            _say(f"rebuilt the whole preview in {time.perf_counter() - generated:.1f} s")
            return
        # The brief pages first, in a batch of their own: they show while the rest builds.
        briefs = [p for p in order if p.startswith("briefs/") and p.endswith(".md")]
        first = builder.rebuild(briefs) if briefs else []
        shown = time.perf_counter()
        rest = builder.rebuild([p for p in order if p not in briefs])
        _say(
            f"rebuilt {len(first) + len(rest)} page(s): generate {generated - start:.1f} s, "
            f"brief pages {shown - generated:.1f} s, the others {time.perf_counter() - shown:.1f} s"
        )
    except Exception:  # the engine's own error; a preview must outlive it
        _say(f"engine error:\n{traceback.format_exc()}briefings: keeping the last good preview")
