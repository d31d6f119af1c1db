"""Live preview: regenerate when content or templates change; the engine reloads the browser.

`mkdocs serve` watches the generated folder.  This process watches `content/`,
`site_templates/` and `docs/`, and regenerates on each save.  Because the
writer rewrites only files whose bytes changed, the engine rebuilds and
reloads only after a real change.

An invalid save (a content error, a template error, anything else the
generator raises) prints its diagnostics and writes nothing, so the engine
keeps serving the last good pages.  The engine runs without `--strict`: in
strict mode one warning makes `mkdocs serve` stop answering requests until the
next good build, which is the opposite of what a preview is for.  The strict
build is `briefings build`, run by CI.
"""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import threading
import traceback
from types import FrameType
from urllib.parse import urlsplit

import yaml
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from generator.config import read_config
from generator.pipeline import generate
from generator.project import Project
from generator.publish.engines import engine_config, engine_env, read_engine_config
from generator.render.contributing import SOURCE as CONTRIBUTING
from generator.report import format_human

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


def regenerate(project: Project, today: dt.date) -> bool:
    """One regeneration; print what happened; never raise, so the preview survives any save."""
    try:
        result = generate(project, today)
    except Exception:  # a preview must outlive any bad save; the traceback says what broke
        _say(f"unexpected error:\n{traceback.format_exc()}briefings: keeping the last good preview")
        return False
    if result.diagnostics:
        sys.stderr.write(format_human(result.diagnostics, sys.stderr.isatty()))
    if result.failed:
        _say("errors above; keeping the last good preview")
        return False
    written = len(result.report.written) if result.report is not None else 0
    _say(f"regenerated {written} file(s)" if written else "no page changed")
    return True


def preview_url(project: Project, port: int, today: dt.date) -> str:
    """Where the engine serves the site: under the path of `site_url`, as `mkdocs serve` does."""
    try:
        path = urlsplit(read_config(project.config_file, today).site_url).path.strip("/")
    except (OSError, yaml.YAMLError, AttributeError):  # a broken mkdocs.yml is the engine's to report
        path = ""
    return f"http://127.0.0.1:{port}/" + (f"{path}/" if path else "")


def _engine(project: Project, port: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "-a", f"127.0.0.1:{port}"]
    # The same configuration as a build: mkdocs.yml with the package's theme overrides.
    config = engine_config(project.root, project.config_file, read_engine_config(project.config_file))
    return subprocess.Popen([*cmd, "-f", str(config)], cwd=project.root, env=engine_env())


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
    if not regenerate(project, today) and not (project.generated / "index.md").is_file():
        _say("no valid content to preview yet; fix the errors above and run again")
        return 1
    _stop_on_sigterm()
    changed = threading.Event()
    observer = _watch(project, changed)
    engine = _engine(project, port)
    _say(f"preview at {preview_url(project, port, today)} (Ctrl-C to stop)")
    try:
        while engine.poll() is None:
            if changed.wait(timeout=0.5):
                while True:  # wait for the burst of events of one save to end
                    changed.clear()
                    if not changed.wait(timeout=QUIET_PERIOD):
                        break
                regenerate(project, today)
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        if engine.poll() is None:
            engine.terminate()
            try:
                engine.wait(timeout=10)
            except subprocess.TimeoutExpired:
                engine.kill()
        observer.join(timeout=5)
    return engine.returncode if engine.returncode and engine.returncode > 0 else 0
