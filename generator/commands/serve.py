"""Live preview: regenerate on each save, rebuild the pages that changed, reload the browser.

This process watches `content/`, `site_templates/`, `docs/`, `CONTRIBUTING.md`
and `mkdocs.yml` and regenerates on each save (a save of `mkdocs.yml`, where
the site's words and settings are, also rebuilds the whole preview with the
engine reading it afresh); the writer rewrites only the files whose bytes
changed.  Between saves it keeps the site in memory (`session.Session`): the
content files as read, their validated models, the caches and the rendered
bodies, so a save re-reads and re-validates only the files it changed.  The
engine (MkDocs, in this process: `publish/pagebuild.py`) built the whole site
once at start and then rebuilds just those pages, the brief pages first, so
the edited brief shows about as soon as it is regenerated while the large
aggregate pages follow.  A built-in server serves the site under the path of
`site_url`, as `mkdocs serve` did (`/`, and any address outside that path,
lead under it), and adds one small script to each HTML page that reloads it
when its own file is rebuilt and lays the last save's problems over it, as
the terminal shows them.

The pages are built from the configuration `briefings build` uses, so a
previewed page is the published page plus that script.  A file added or
removed makes a full build; the search index and the sitemap are those of
the last full build.

The server answers only requests addressed to it (`Host: 127.0.0.1:<port>` or
`localhost:<port>`): a page of another site that rebinds its own name to
127.0.0.1 gets 421, not the preview.  A request it cannot answer (an address
with `%00`) gets 400, and no request prints a traceback.

An invalid save (a content error, a template error, anything else the
generator raises) prints its diagnostics, shows them over every open page
and writes nothing, so the preview keeps serving the last good pages.
Engine warnings are printed, never fatal: the strict build is `briefings
build`, run by CI; the engine's INFO lines (among them MkDocs' list of pages
"not included in the nav", which are the generated pages) are not, as in
`briefings build`.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import logging
import mimetypes
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from generator.check.text import shown
from generator.config import ConfigError, SiteConfig, read_config
from generator.pipeline import Result, builds_of, check, generate
from generator.project import CONTRIBUTING, Project
from generator.publish.engines import engine_env, overlay_config
from generator.publish.pagebuild import PageBuilder
from generator.render.editions import folder as language_folder
from generator.report import format_human
from generator.session import Session

QUIET_PERIOD = 0.2
"""Seconds without file events before regenerating: editors save in several steps."""
_IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part")


def _say(message: str) -> None:
    print(f"briefings: {message}", file=sys.stderr, flush=True)


class _Changed(FileSystemEventHandler):
    """Set a flag on any file event except editors' backup and swap files."""

    def __init__(self, *flags: threading.Event, only: str | None = None) -> None:
        self.flags = flags
        self.only = only
        # If set, the one file name to react to (a root folder holds much else).

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed", "closed_no_write"):
            return
        # An editor that saves by renaming a temporary file names the file only as the destination.
        paths = (event.src_path, getattr(event, "dest_path", "") or "")
        names = [str(path).rsplit("/", 1)[-1] for path in paths if path]
        if self.only is not None:
            names = [name for name in names if name == self.only]
        if any(not name.endswith(_IGNORED_SUFFIXES) and not name.startswith(".#") for name in names):
            for flag in self.flags:
                flag.set()


def _ignore(problems: str) -> None:
    """Where a regeneration's problems go when no browser shows them."""


def regenerate(
    project: Project,
    today: dt.date,
    show: Callable[[str], None] = _ignore,
    session: Session | None = None,
) -> Result | None:
    """One regeneration; print what happened; never raise, so the preview survives any save.

    The result when it wrote the generated folder (possibly nothing new), None when it failed.
    `show` gets the problems that kept it from writing, as the terminal shows them (the
    browser's overlay), and "" when it wrote.  `session`: what the preview keeps in memory
    between saves (the files as read, the validated models, the caches), so a save re-reads
    and re-validates only what it changed.
    """
    try:
        result = generate(project, today, session=session)
    except Exception:  # a preview must outlive any bad save; the traceback says what broke
        _say(f"unexpected error:\n{traceback.format_exc()}briefings: keeping the last good preview")
        show(f"unexpected error:\n{traceback.format_exc()}")
        return None
    if result.diagnostics:
        sys.stderr.write(format_human(result.diagnostics, sys.stderr.isatty()))
    if result.failed:
        _say("errors above; keeping the last good preview")
        show(format_human(result.diagnostics, False))
        return None
    show("")
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
"""The address each page polls (under the site's path) to learn whether its file was rebuilt,
and what the last save's problems are."""
RELOAD_SCRIPT = """<script data-briefings-reload>(function(){
var u=location.pathname,s=null,closed=null,id="briefings-problems";
function show(t){var o=document.getElementById(id);
if(!t||t===closed){if(o)o.remove();if(!t)closed=null;return}
if(!o){o=document.createElement("div");o.id=id;o.setAttribute("role","alert");
o.style.cssText="position:fixed;top:0;left:0;right:0;max-height:85vh;z-index:100000;overflow:auto;"+
"padding:1.5rem 2rem;background:#1b1b1b;color:#f5f5f5;font:14px/1.5 ui-monospace,monospace;"+
"border-bottom:4px solid #e53935;box-shadow:0 4px 24px rgba(0,0,0,.5)";
var b=document.createElement("button");b.type="button";b.textContent="\u00d7";b.title="close";
b.style.cssText="float:right;font:24px/1 sans-serif;color:inherit;background:none;border:0;cursor:pointer";
b.onclick=function(){closed=o.querySelector("pre").textContent;o.remove()};
var h=document.createElement("p");h.textContent=@HEADING@;h.style.cssText="margin:0 0 1em;color:#ff8a80";
var pre=document.createElement("pre");pre.style.cssText="margin:0;white-space:pre-wrap";
o.append(b,h,pre);document.body.appendChild(o)}
o.querySelector("pre").textContent=t}
function p(){fetch(@URL@+"?page="+encodeURIComponent(u),{cache:"no-store"})
.then(function(r){return r.json()}).then(function(d){
if(s!==null&&d.stamp!==s)location.reload();s=d.stamp;show(d.problems)})
.catch(function(){}).then(function(){setTimeout(p,300)})}
p()})();</script>"""
"""Reload when this page's file changes (its stamp is its modification time), and lay the last
save's problems over the page until a save fixes them (or the reader closes them)."""
OVERLAY_HEADING = "briefings: the last save has errors; this page is the last good version"
"""The command's own words, like its terminal output (the site's words are for its pages)."""


def reload_script(mount: str) -> bytes:
    """The script each served page gets, polling `mount`'s reload address."""
    script = RELOAD_SCRIPT.replace("@URL@", _js(mount + RELOAD)).replace("@HEADING@", _js(OVERLAY_HEADING))
    return script.encode()


def _js(text: str) -> str:
    """A JavaScript string literal that cannot end the script element it is in."""
    return json.dumps(text).replace("<", "\\u003c")


class PreviewServer(http.server.ThreadingHTTPServer):
    """Serves a built site under `mount` (e.g. `/briefings-test/`), each page with the reload script."""

    daemon_threads = True

    def __init__(self, port: int, mount: str) -> None:
        self.mount = mount
        self.site: Path | None = None
        self.script = reload_script(mount)
        self.problems = ""
        """The problems of the last save that could not be previewed ("" when it could)."""
        super().__init__(("127.0.0.1", port), _Handler)
        bound = self.server_address[1]  # the port asked for, or the one given for port 0
        self.address = f"127.0.0.1:{bound}"
        self.hosts = frozenset({self.address, f"localhost:{bound}"})
        """The Host headers of this server's own addresses: any other is a page of another
        site reaching the preview through a name it rebound to 127.0.0.1 (DNS rebinding)."""

    def show(self, problems: str) -> None:
        """Show these problems over every page from now on ("": none); `regenerate` reports here."""
        self.problems = problems

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

    def mount_of(self, url_path: str) -> str:
        """Where an address outside the site's path leads: the same page under it, if there is
        one (a link written without the path), else the site's home."""
        inside = self.mount + url_path.lstrip("/")
        path = self.path_for(inside)
        return inside if path is not None and path.exists() and url_path != "/" else self.mount

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
            state = json.dumps({"stamp": stamp, "problems": self.server.problems})
            return self._send(200, state.encode(), "application/json")
        if not url.path.startswith(self.server.mount):  # e.g. `/`: the site is under site_url's path
            return self._redirect(self.server.mount_of(url.path))
        folder = self.server.path_for(url.path)
        if folder is not None and folder.is_dir() and not url.path.endswith("/"):
            return self._redirect(url.path + "/")  # as a static host does: relative links need the slash
        path = self.server.file_for(url.path)
        if path is None or not path.is_file():
            missing = self.server.file_for(self.server.mount + "404.html")
            body = missing.read_bytes() if missing is not None and missing.is_file() else b"not found"
            return self._send(404, self._with_script(body), "text/html")
        data = path.read_bytes()
        if path.suffix == ".html":
            return self._send(200, self._with_script(data), "text/html; charset=utf-8")
        return self._send(200, data, _content_type(path))

    def _redirect(self, location: str) -> None:
        self.send_response(302 if location == self.server.mount else 301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

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


def engine_configs(project: Project, result: Result) -> list[tuple[str, Path]]:
    """The configurations `briefings build` gives the engine, one per language (the source
    language's first): where in the site each builds, and mkdocs.yml or its overlay."""
    return [
        (
            each.out,
            overlay_config(project.root, project.config_file, each.overrides)
            if each.overrides
            else project.config_file,
        )
        for each in builds_of(project, result, PageBuilder.engine)
    ]


class Builders:
    """The preview's page builder of each language: the source language's builds the site's
    root, each other language's its `<code>/` folder and the pages of `.i18n/<code>/`."""

    def __init__(self, configs: list[tuple[str, Path]], site: Path) -> None:
        self.site = site
        self.builders = [(out, PageBuilder(config, site / out if out else site)) for out, config in configs]

    def build_all(self) -> None:
        for _, builder in self.builders:  # the source language first: its build empties the folder
            builder.build_all()

    def rebuild(self, changed: list[str]) -> list[str]:
        """Rebuild these generated files (paths in generated/), each by its language's builder;
        a file the source language's last build did not know rebuilds every language."""
        mine: dict[str, list[str]] = {out: [] for out, _ in self.builders}
        for path in changed:
            out = next((o for o, _ in self.builders if o and path.startswith(f"{language_folder(o)}/")), "")
            mine[out].append(path.removeprefix(f"{language_folder(out)}/") if out else path)
        if not self.builders[0][1].knows(mine[""]):
            self.build_all()
            return changed
        done: list[str] = []
        for out, builder in self.builders:
            prefix = f"{language_folder(out)}/" if out else ""
            done += [prefix + p for p in builder.rebuild(mine[out])] if mine[out] else []
        return done


def build_order(written: list[str], removed: list[str]) -> list[str] | None:
    """The files to rebuild, brief pages first, then the other pages smallest first; None: a full build."""
    if removed:
        return None
    briefs = sorted(p for p in written if p.startswith("briefs/") and p.endswith(".md"))
    others = [p for p in written if p not in briefs]
    return briefs + sorted(others, key=lambda p: (not p.endswith(".md"), p))


def _watch(project: Project, flag: threading.Event, config: threading.Event) -> BaseObserver:
    """Set `flag` on a save of the site's files, and `config` too on a save of mkdocs.yml."""
    observer = Observer()
    for folder in (project.content, project.templates, project.docs):
        if folder.is_dir():
            observer.schedule(_Changed(flag), str(folder), recursive=True)
    # The site's Contributing page is rendered from this file at the root, and the engine's
    # configuration (the site's words and settings) is this one.
    observer.schedule(_Changed(flag, only=CONTRIBUTING), str(project.root), recursive=False)
    observer.schedule(
        _Changed(flag, config, only=project.config_file.name), str(project.root), recursive=False
    )
    observer.start()
    return observer


def _quiet_engine() -> None:
    """The engine's INFO lines (its progress, the pages "not included in the nav", which are
    the generated pages the site's nav reaches through its sections) are not printed: as in
    `briefings build`, only its warnings and errors are."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)


def _stop_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so the engine subprocess is stopped too."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, handler)


def serve(project: Project, today: dt.date, port: int) -> int:
    """Run the preview until interrupted; return the exit code."""
    first: list[str] = []  # the problems of the start, shown once the server is up
    session = Session()
    result = regenerate(project, today, first.append, session)
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
    server.problems = first[-1] if first else ""
    _stop_on_sigterm()
    _quiet_engine()
    os.environ.update(engine_env(project.root))  # the same build environment as `briefings build`
    work = Path(tempfile.mkdtemp(prefix=".briefings-preview-", dir=project.root))
    builder = Builders(engine_configs(project, result), work / "site")
    changed, config_changed = threading.Event(), threading.Event()
    observer: BaseObserver | None = None
    try:
        observer = _watch(project, changed, config_changed)  # before the build: no save is missed
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
                if config_changed.is_set():
                    config_changed.clear()
                    builder = _reconfigure(project, today, builder, server, session)
                else:
                    _update(project, today, builder, server.show, session)
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


def _reconfigure(
    project: Project, today: dt.date, builder: Builders, server: PreviewServer, session: Session
) -> Builders:
    """After a save of mkdocs.yml: regenerate, and build the whole preview again with the engine
    reading the new configuration (its theme, nav and words may all have changed).  The builder
    that serves from now on: the old one while the new configuration fails."""
    start = time.perf_counter()
    result = regenerate(project, today, server.show, session)
    if result is None:
        return builder
    fresh = Builders(engine_configs(project, result), builder.site)
    try:
        fresh.build_all()
    except Exception:  # the engine's own error; a preview must outlive it
        _engine_error(server.show)
        return builder
    _say(f"mkdocs.yml changed: rebuilt the whole preview in {time.perf_counter() - start:.1f} s")
    moved = preview_address(result.config, int(server.address.rsplit(":", 1)[1]))
    if urlsplit(moved).path != server.mount:
        _say(f"site_url's path changed: restart the preview to serve it at {moved}")
    return fresh


def _engine_error(show: Callable[[str], None]) -> None:
    _say(f"engine error:\n{traceback.format_exc()}briefings: keeping the last good preview")
    show(f"engine error:\n{traceback.format_exc()}")


def _update(
    project: Project,
    today: dt.date,
    builder: Builders,
    show: Callable[[str], None] = _ignore,
    session: Session | None = None,
) -> None:
    """Regenerate, then rebuild what changed; an engine error keeps the last good pages."""
    start = time.perf_counter()
    result = regenerate(project, today, show, session)
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
        _engine_error(show)
