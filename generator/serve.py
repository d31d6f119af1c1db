"""Live preview: regenerate when content or templates change; the engine reloads the browser.

`mkdocs serve` watches the generated folder.  This process watches `content/`,
`site_templates/` and `docs/`, and regenerates on each save.  Because the
writer rewrites only files whose bytes changed, the engine reloads only what
changed.  An invalid save prints its diagnostics and leaves the last good
pages in place, so the preview keeps running.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
import time

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .build import Project, generate
from .engines import engine_env
from .render import RenderError
from .report import format_human


class _Debounced(FileSystemEventHandler):
    """Collapse a burst of file events (editors save in several steps) into one run."""

    def __init__(self, action: threading.Event) -> None:
        self.action = action

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not str(event.src_path).endswith("~"):
            self.action.set()


def regenerate(project: Project, today: dt.date) -> bool:
    """One regeneration; print what happened; never raise for content problems."""
    try:
        result = generate(project, today)
    except RenderError as err:
        print(f"briefings: {err}; keeping the last good preview", file=sys.stderr, flush=True)
        return False
    if result.diagnostics:
        print(format_human(result.diagnostics, sys.stderr.isatty()), file=sys.stderr, flush=True)
    if result.failed:
        print("briefings: content has errors; keeping the last good preview", file=sys.stderr, flush=True)
        return False
    if result.report is not None and result.report.written:
        print(f"briefings: regenerated {len(result.report.written)} file(s)", file=sys.stderr, flush=True)
    return True


def serve(project: Project, today: dt.date, port: int) -> int:
    """Run the preview until interrupted."""
    regenerate(project, today)
    if not project.generated.is_dir():
        print("briefings: no valid content to preview yet", file=sys.stderr)
        return 1
    changed = threading.Event()
    observer = Observer()
    for folder in (project.content, project.templates, project.docs):
        if folder.is_dir():
            observer.schedule(_Debounced(changed), str(folder), recursive=True)
    observer.start()
    engine = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--livereload",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(project.config_file),
        ],
        cwd=project.root,
        env=engine_env(),
    )
    try:
        while engine.poll() is None:
            if changed.wait(timeout=0.5):
                time.sleep(0.1)
                changed.clear()
                regenerate(project, today)
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        engine.terminate()
        engine.wait(timeout=10)
        observer.join(timeout=5)
    return 0
