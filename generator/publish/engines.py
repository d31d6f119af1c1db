"""Site engines: run MkDocs, ProperDocs or Zensical on the generated folder.

All three read the same `mkdocs.yml` and are installed in the generator's
own environment (`requirements.txt`). What differs is their command line,
where the search index lands, and what each does not do; this module holds
that knowledge, so the rest of the generator stays engine-neutral.
"""

from __future__ import annotations

import importlib.util
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.config import load_mkdocs_yaml
from generator.errors import BriefingsError, Problem
from generator.fsio import atomic_write


class BuildError(BriefingsError):
    """The site engine failed; the previous site is untouched.

    Placed at the top of the engine's configuration file: the engine's own
    messages, quoted in it, name the page or setting concerned.
    """

    def __init__(self, message: str, hint: str | None = None, path: str = ""):
        super().__init__(message, file="mkdocs.yml", path=path, hint=hint, code="engine")


@dataclass(frozen=True)
class Engine:
    """What the generator knows about one site engine."""

    name: str
    search_index: str
    """Where the built site holds the search index, relative to the site folder."""
    plugins: frozenset[str] | None = None
    """Plugins it implements natively; None: any installed MkDocs plugin works."""
    nav_validation: bool = True
    """Whether `validation.nav` (nav entries pointing at missing pages) is checked."""


ENGINES: dict[str, Engine] = {
    "mkdocs": Engine("mkdocs", "search/search_index.json"),
    "properdocs": Engine("properdocs", "search/search_index.json"),
    "zensical": Engine(
        "zensical",
        "search.json",
        # The plugins Zensical 0.0.73 recognises (zensical/config.py); it drops others silently.
        plugins=frozenset(
            "api-autonav autorefs awesome-nav blog callouts exclude gh-admonitions glightbox "  # noqa: SIM905
            "include-markdown literate-nav llmstxt macros mkdocs-nav-weight markdown-exec "
            "markdownextradata meta mike minify mkdocs-audio mkdocs-autoapi mkdocs-video "
            "mkdocstrings offline privacy redirects rss search social table-reader tags".split()
        ),
        nav_validation=False,
    ),
}
ENGINE_NAMES = tuple(ENGINES)


def engine_env(root: Path | None = None) -> dict[str, str]:
    """Environment for the engine: reproducible times, no end-of-life banner."""
    env = dict(os.environ)
    # Engines stamp the build time into the sitemap: use the time of the commit being built.
    env.setdefault("SOURCE_DATE_EPOCH", commit_time(root) if root else "0")
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["DISABLE_MKDOCS_2_WARNING"] = "true"
    env["NO_COLOR"] = "1"  # Zensical colours its diagnostics; BuildError shows them as text
    return env


def commit_time(root: Path) -> str:
    """The time of the HEAD commit of the repository holding `root`, in epoch seconds; "0" outside git."""
    try:
        proc = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True)
    except OSError:
        return "0"
    stamp = proc.stdout.strip()
    return stamp if proc.returncode == 0 and stamp.isdigit() else "0"


def command(engine: Engine) -> list[str]:
    """The engine's command line; raise BuildError, saying how to install it, if it is missing.

    `BRIEFINGS_<ENGINE>` names an executable to use instead; otherwise the engine
    runs from the generator's own Python (each is a module with a `__main__`),
    else from PATH.
    """
    variable = f"BRIEFINGS_{engine.name.upper()}"
    override = os.environ.get(variable)
    if override:
        if shutil.which(override):
            return [override]
        raise BuildError(
            f"{variable}={override} is not an executable", hint=f"unset it, or point it at {engine.name}"
        )
    if _installed(engine.name):
        return [sys.executable, "-m", engine.name]
    found = shutil.which(engine.name)
    if found:
        return [found]
    raise BuildError(
        f"{engine.name} is not installed next to the generator",
        hint=f"`make site` installs every engine from requirements.txt into .venv "
        f"(elsewhere: `pip install {engine.name}`), or set {variable} to its executable",
    )


def _installed(module: str) -> bool:
    """Whether `module` can be imported by the generator's Python."""
    return importlib.util.find_spec(module) is not None


def read_engine_config(config_file: Path) -> dict[str, Any]:
    """The parts of `mkdocs.yml` engines differ on; an unreadable file is the engine's to report
    (read as empty: the reader reports problems, it never raises)."""
    return load_mkdocs_yaml(config_file)


def plugin_names(config: dict[str, Any]) -> list[str]:
    """Names of the plugins in `plugins:` (a list of names or one-key mappings, or a mapping)."""
    plugins = config.get("plugins") or []
    items = plugins.items() if isinstance(plugins, dict) else [(p, None) for p in plugins]
    names: list[str] = []
    for name, _ in items:
        if isinstance(name, dict):
            names.extend(str(key) for key in name)
        else:
            names.append(str(name))
    return [n.removeprefix("material/") for n in names]


def shortcomings(engine: Engine, config: dict[str, Any]) -> list[Problem]:
    """What this site's configuration asks for that the engine does not do."""
    lacks = []
    if engine.plugins is not None:
        dropped = [p for p in plugin_names(config) if p not in engine.plugins]
        if dropped:
            lacks.append(
                _notice(("plugins",), f"{engine.name} ignores plugins " + ", ".join(dropped), "remove them")
            )
    if not engine.nav_validation and (config.get("validation") or {}).get("nav"):
        lacks.append(
            _notice(
                ("validation", "nav"),
                f"{engine.name} does not check validation.nav (nav entries to missing pages)",
                "build with mkdocs to check the navigation",
            )
        )
    return lacks


OVERLAY = ".briefings-engine.yml"
"""The config an engine reads when the generator changes keys of mkdocs.yml (`INHERIT`s it)."""


def _notice(path: tuple[str, ...], message: str, hint: str) -> Problem:
    return Problem(path, message, hint, severity="warning", code="engine-notice")


def run_engine(
    root: Path,
    config_file: Path,
    out: Path,
    engine: str = "mkdocs",
    overrides: dict[str, Any] | None = None,
    engine_config: dict[str, Any] | None = None,
) -> list[Problem]:
    """Run the site engine on the generated folder into `out`; raise BuildError on failure.

    Returns the engine's notices (what it ignored or did not write), as warnings
    about the settings concerned.  `overrides` are top-level keys that replace
    mkdocs.yml's for this build (the plugins, when Pagefind takes over search).
    `engine_config` is mkdocs.yml as the run already read it (`SiteConfig.engine`).
    """
    spec = ENGINES.get(engine)
    if spec is None:
        raise BuildError(
            f"unknown engine {engine!r}", hint=f"choose one of: {', '.join(ENGINE_NAMES)}", path="engine"
        )
    cmd = command(spec)
    base = engine_config if engine_config is not None else read_engine_config(config_file)
    config = {**base, **(overrides or {})}
    notices = shortcomings(spec, config)
    if spec.name == "zensical":
        _run_zensical(cmd, root, config_file, config, out, overrides or {})
    else:
        used = overlay_config(root, config_file, overrides) if overrides else config_file
        # Not --quiet: MkDocs then drops warnings before --strict can count them.
        _run([*cmd, "build", "--strict", "-f", str(used), "-d", str(out)], root, engine)
    if "search" in plugin_names(config) and not (out / spec.search_index).is_file():
        notices.append(
            _notice(
                ("plugins",),
                f"{engine} wrote no search index at {spec.search_index}",
                "check the search plugin",
            )
        )
    return notices


def overlay_config(root: Path, config_file: Path, overrides: dict[str, Any]) -> Path:
    """Write the overlay config: mkdocs.yml (`INHERIT`) with `overrides` on top; its path.

    Beside mkdocs.yml, so relative paths in it (docs_dir, custom_dir) mean the same.
    """
    overlay = config_file.parent / OVERLAY
    text = yaml.safe_dump({"INHERIT": os.path.relpath(config_file, overlay.parent), **overrides})
    atomic_write(overlay, text.encode())  # unchanged, it is not touched: `mkdocs serve` sees no edit
    return overlay


def _run(cmd: list[str], root: Path, engine: str) -> None:
    proc = subprocess.run(cmd, cwd=root, env=engine_env(root), capture_output=True, text=True)
    if proc.returncode != 0:
        raise BuildError(
            f"{engine} build failed:\n" + _problems(proc.stderr + proc.stdout),
            hint="the engine's messages above name the page or setting; the previous site is unchanged",
        )


def _problems(output: str) -> str:
    """The engine's complaints: no progress lines, and of a Python traceback only its last line."""
    lines: list[str] = []
    info = traceback = False
    for line in re.sub(r"\x1b\[[0-9;]*m", "", output).splitlines():
        traceback = traceback or line.startswith("Traceback")
        if traceback:
            # Zensical reports a failed build by raising; the message is the exception's.
            if line and not line[:1].isspace() and not line.startswith("Traceback"):
                lines.append(line)
            continue
        # An INFO line's indented continuation (e.g. the pages not in nav) is INFO too.
        info = line.startswith(("INFO", "Build started", "Build finished", "No issues found")) or (
            info and line[:1].isspace()
        )
        if not info:
            lines.append(line)
    return "\n".join(lines).strip()


def _run_zensical(
    cmd: list[str],
    root: Path,
    config_file: Path,
    config: dict[str, Any],
    out: Path,
    overrides: dict[str, Any],
) -> None:
    """Zensical has no `-d`: a config beside mkdocs.yml inherits it and sets the folders.

    Zensical also resolves relative links in raw HTML from the Markdown file,
    where MkDocs leaves them to the browser (relative to the page URL); it reads
    a staged copy of the docs folder with those links re-based.  Both keep
    their names between builds, so Zensical's cache (`.cache/`) stays valid.
    """
    # All three must lie inside the folder of the config file (Zensical's project root).
    staged, overlay = root / ".zensical-docs", root / ".zensical-config.yml"
    inside = out.resolve().is_relative_to(root.resolve())
    site_dir = out if inside else Path(tempfile.mkdtemp(prefix=".site-build-", dir=root))
    try:
        stage_docs(config_file.parent / str(config.get("docs_dir", "docs")), staged)
        inherit = os.path.relpath(config_file, root)
        settings = {"INHERIT": inherit, **overrides, "docs_dir": staged.name, "site_dir": str(site_dir)}
        atomic_write(overlay, yaml.safe_dump(settings).encode())
        _run([*cmd, "build", "--strict", "-f", str(overlay)], root, "zensical")
        if not inside:
            shutil.move(site_dir, out)
    finally:
        if not inside:
            shutil.rmtree(site_dir, ignore_errors=True)


_FENCE = re.compile(r"^\s*(```|~~~)")
_RELATIVE_ATTR = re.compile(r'\b(href|src)="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#|")([^"]*)"')


def stage_docs(docs: Path, staged: Path) -> None:
    """Mirror the docs folder into `staged`, raw-HTML links re-based; rewrite only what changed."""
    wanted: set[Path] = set()
    for path in sorted(docs.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(docs)
        data = path.read_bytes()
        if path.suffix == ".md":
            data = rebase_html_links(data.decode("utf-8"), rel.as_posix()).encode("utf-8")
        target = staged / rel
        wanted.add(target)
        atomic_write(target, data)  # rewritten only if its bytes changed
    for path in sorted(staged.rglob("*"), reverse=True):  # files before their folders
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def rebase_html_links(text: str, dest: str) -> str:
    """Make page-URL-relative `href`/`src` in raw HTML relative to the Markdown file instead.

    The page `d/x.md` is served at `d/x/`, so a link written for the page URL
    starts from `d/x/`; the engine reads it from `d/`.  Index pages are served
    from their own folder and need nothing.  Fenced code is left alone.
    """
    stem = posixpath.basename(dest).removesuffix(".md")
    if stem == "index":
        return text
    source_dir = posixpath.dirname(dest)
    url_dir = posixpath.join(source_dir, stem)
    lines, fenced = [], False
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _RELATIVE_ATTR.sub(lambda m: f'{m[1]}="{_rebase(m[2], url_dir, source_dir)}"', line)
        lines.append(line)
    return "".join(lines)


def _rebase(link: str, url_dir: str, source_dir: str) -> str:
    """`link`, written to be read from `url_dir`, as read from `source_dir`."""
    cut = min((i for i in (link.find("?"), link.find("#")) if i >= 0), default=len(link))
    path, tail = link[:cut], link[cut:]
    rel = posixpath.relpath(posixpath.normpath(posixpath.join(url_dir, path)), source_dir or ".")
    return rel + ("/" if path.endswith("/") and not rel.endswith("/") else "") + tail


def search_documents(site: Path, engine: str) -> Iterator[dict[str, Any]]:
    """The entries of a built site's search index, whichever engine wrote it."""
    data = json.loads((site / ENGINES[engine].search_index).read_text(encoding="utf-8"))
    # MkDocs and ProperDocs (lunr, via Material) say "docs"; Zensical says "items".
    yield from data.get("docs", data.get("items", []))
