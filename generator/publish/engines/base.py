"""What every site engine is to the generator: the `Engine` interface and what the engines share.

An engine is an object (one module each, beside this one) that says how to
build the generated folder, where its search documents are and how to read
them, what it does not do (plugins it ignores, checks it skips), how large a
search section its index takes, and which versions of it this code is tested
with.  Nothing outside `generator/publish/engines/` compares engine names.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from packaging.requirements import Requirement

from generator.config import load_mkdocs_yaml
from generator.errors import BriefingsError, Problem
from generator.fsio import atomic_write
from generator.project import CONTRIBUTING, Project


class BuildError(BriefingsError):
    """The site engine failed, or cannot run; the previous site is untouched.

    Placed at the top of the engine's configuration file: the engine's own
    messages, quoted in it, name the page or setting concerned.
    """

    def __init__(self, message: str, hint: str | None = None, path: str = ""):
        super().__init__(message, file="mkdocs.yml", path=path, hint=hint, code="engine")


@dataclass
class Notices:
    """What an engine said about a site's configuration, by kind."""

    warnings: list[Problem] = field(default_factory=list)
    """What the site asks for and the engine will not do: the build differs (fails `--strict`)."""
    infos: list[str] = field(default_factory=list)
    """What the engine leaves to another check: said once, never a failure."""


class Engine(ABC):
    """One site engine, as the generator uses it."""

    name: str
    requirements: tuple[Requirement, ...]
    """The distributions the engine runs with, at the versions this code is tested with."""
    extra: str | None = None
    """The extra of the `briefings` package that installs it (None: installed with the generator)."""
    search_index: str
    """Where the built site holds its own search index, relative to the site folder."""
    index_key: str
    """The key of the index's list of entries (`location`, `title`, `text` each)."""
    article_selector = "article.md-content__inner"
    """The page's article in the built HTML, which Pagefind indexes (header, nav, footer left out)."""
    plugins: frozenset[str] | None = None
    """Plugins it implements natively; None: any installed MkDocs plugin works."""
    checks_nav = True
    """Whether it checks `validation.nav` (nav entries pointing at missing pages)."""
    search_off: tuple[Any, ...] = ()
    """Plugin entries that turn its own search off, beyond dropping `search` (for Pagefind)."""

    @abstractmethod
    def build(
        self,
        cmd: list[str],
        root: Path,
        config_file: Path,
        config: dict[str, Any],
        out: Path,
        overrides: dict[str, Any],
    ) -> None:
        """Build the generated folder into `out` with `cmd`; raise BuildError on failure."""

    def section_limit(self, items: int) -> int | None:
        """The most token positions one search section may hold in an index of `items`; None: no limit."""
        return None

    def search_documents(self, site: Path) -> Iterator[dict[str, Any]]:
        """The entries of the built site's search index."""
        data = json.loads((site / self.search_index).read_text(encoding="utf-8"))
        yield from data.get(self.index_key, [])

    def notices(self, config: dict[str, Any]) -> Notices:
        """What this site's configuration asks for that the engine does not do."""
        said = Notices()
        if self.plugins is not None:
            dropped = [p for p in plugin_names(config) if p not in self.plugins]
            if dropped:
                message = f"{self.name} ignores plugins " + ", ".join(dropped)
                said.warnings.append(_warning(("plugins",), message, "remove them"))
        if not self.checks_nav and (config.get("validation") or {}).get("nav"):
            # The generator's own check finds area pages missing from the nav: nothing is lost.
            said.infos.append(
                f"validation.nav: {self.name} does not check validation.nav (nav entries to missing "
                "pages); build with mkdocs to check the navigation"
            )
        return said

    def version_problem(self) -> BuildError | None:
        """A diagnostic when an installed distribution is outside the versions this code is tested with."""
        for requirement in self.requirements:
            try:
                installed = importlib.metadata.version(requirement.name)
            except importlib.metadata.PackageNotFoundError:
                continue  # the engine itself: `command` says how to install it; a theme: the engine says
            if not requirement.specifier.contains(installed, prereleases=True):
                message = (
                    f"{requirement.name} {installed} is installed; the generator is tested with "
                    f"{requirement} for the {self.name} engine, and another version may build a wrong site"
                )
                hint = f"install a tested version: {self.install_command()}, or build with another --engine"
                return BuildError(message, hint=hint, path="engine")
        return None

    def install_command(self) -> str:
        """The command that installs this engine at a tested version, beside the generator."""
        return f"pip install 'briefings[{self.extra}]'" if self.extra else "pip install briefings"

    def command(self) -> list[str]:
        """The engine's command line; raise BuildError, saying how to install it, if it is missing.

        `BRIEFINGS_<ENGINE>` names an executable to use instead (its version is
        the user's choice and not checked); otherwise the engine runs from the
        generator's own Python (each is a module with a `__main__`), else from PATH.
        """
        variable = f"BRIEFINGS_{self.name.upper()}"
        override = os.environ.get(variable)
        if override:
            if shutil.which(override):
                return [override]
            raise BuildError(
                f"{variable}={override} is not an executable", hint=f"unset it, or point it at {self.name}"
            )
        if _installed(self.name):
            problem = self.version_problem()
            if problem is not None:
                raise problem
            return [sys.executable, "-m", self.name]
        found = shutil.which(self.name)
        if found:
            return [found]
        hint = f"{self.install_command()} installs it beside the generator"
        if self.extra:  # an engine of its own extra: a new site lists it with the generator
            hint += (
                f" (in a site made by `briefings init`: `briefings[{self.extra}]` for `briefings` in "
                f"requirements.txt, then `make site ENGINE={self.name}`)"
            )
        raise BuildError(
            f"{self.name} is not installed next to the generator",
            hint=f"{hint}; or set {variable} to its executable",
        )


def _installed(module: str) -> bool:
    """Whether `module` can be imported by the generator's Python."""
    return importlib.util.find_spec(module) is not None


def _warning(path: tuple[str, ...], message: str, hint: str) -> Problem:
    return Problem(path, message, hint, severity="warning", code="engine-notice")


def engine_env(root: Path | None = None) -> dict[str, str]:
    """Environment for the engine: reproducible times, no end-of-life banner."""
    env = dict(os.environ)
    # Engines stamp this time into the sitemap (`lastmod`) and the footer: when the site last changed.
    stamp = source_date(root) if root else None
    if stamp is not None:
        env.setdefault("SOURCE_DATE_EPOCH", stamp)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["DISABLE_MKDOCS_2_WARNING"] = "true"
    env["NO_COLOR"] = "1"  # Zensical colours its diagnostics; BuildError shows them as text
    return env


def source_date(root: Path) -> str | None:
    """When the site at `root` last changed, in epoch seconds, never after now: the HEAD
    commit's time; outside git, the newest modification time of what the site is built from
    (true of the files, and the same for two builds of one folder); None if neither is
    known, and the engine uses the build's own time.  Never 1970."""
    now = int(time.time())
    try:
        proc = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True)
    except OSError:
        proc = None
    if proc is not None and proc.returncode == 0 and proc.stdout.strip().isdigit():
        return str(min(int(proc.stdout.strip()), now))
    project = Project(root)
    sources = (project.content, project.docs, project.templates, project.config_file, root / CONTRIBUTING)
    times = [
        path.stat().st_mtime
        for source in sources
        for path in (source, *source.rglob("*"))
        if path.is_file() and not path.is_symlink()
    ]
    newest = int(max(times, default=0))
    return str(min(newest, now)) if newest > 0 else None


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


def reclaim(path: Path, folder: bool = False) -> None:
    """Make way at a (git-ignored) name only the generator writes: a link or special file put
    there is removed, never written through or read (a committed `.briefings-engine.yml ->
    ~/.bashrc` would otherwise be overwritten)."""
    if path.is_symlink() or (os.path.lexists(path) and not (path.is_dir() if folder else path.is_file())):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


OVERLAY = ".briefings-engine.yml"
"""The config an engine reads when the generator changes keys of mkdocs.yml (`INHERIT`s it)."""


def build_tag(overrides: dict[str, Any]) -> str:
    """What tells a language's build apart in the names of the files it writes beside
    mkdocs.yml: "" for the source language, `.<code>` for another (its docs_dir is
    `generated/.i18n/<code>`)."""
    docs = overrides.get("docs_dir")
    return f".{Path(docs).name}" if isinstance(docs, str) else ""


def overlay_name(overrides: dict[str, Any]) -> str:
    """The overlay config's name for a build with these overrides."""
    return OVERLAY.removesuffix(".yml") + build_tag(overrides) + ".yml"


def overlay_config(root: Path, config_file: Path, overrides: dict[str, Any]) -> Path:
    """Write the overlay config: mkdocs.yml (`INHERIT`) with `overrides` on top; its path.

    Beside mkdocs.yml, so relative paths in it (docs_dir, custom_dir) mean the same.  A
    build of another language (`docs_dir` changed) has its own, `.briefings-engine.<code>.yml`.
    """
    overlay = config_file.parent / overlay_name(overrides)
    reclaim(overlay)
    text = yaml.safe_dump({"INHERIT": os.path.relpath(config_file, overlay.parent), **overrides})
    atomic_write(overlay, text.encode())  # unchanged, it is not touched: `mkdocs serve` sees no edit
    return overlay


def run(cmd: list[str], root: Path, engine: str) -> None:
    """Run an engine's command in `root`; raise BuildError with its complaints if it fails."""
    proc = subprocess.run(cmd, cwd=root, env=engine_env(root), capture_output=True, text=True)
    if proc.returncode != 0:
        raise BuildError(
            f"{engine} build failed:\n" + problems(proc.stderr + proc.stdout),
            hint="the engine's messages above name the page or setting; the previous site is unchanged",
        )


def problems(output: str) -> str:
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
