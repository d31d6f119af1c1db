"""Site engines: MkDocs, ProperDocs or Zensical, each an `Engine` object, run on the generated folder.

All three read the same `mkdocs.yml`.  MkDocs is installed with the
generator; the other two are extras (`pip install 'briefings[zensical]'`).
Each engine's module holds what is particular to it (`base.py` says what
every engine provides); the rest of the generator holds an `Engine` and
never compares names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.publish.engines.base import (
    OVERLAY,
    BuildError,
    Engine,
    Notices,
    engine_env,
    overlay_config,
    plugin_names,
    read_engine_config,
    reclaim,
    source_date,
)
from generator.publish.engines.mkdocs import MKDOCS
from generator.publish.engines.properdocs import PROPERDOCS
from generator.publish.engines.zensical import ZENSICAL

__all__ = [
    "ENGINES",
    "ENGINE_NAMES",
    "MKDOCS",
    "OVERLAY",
    "PROPERDOCS",
    "ZENSICAL",
    "BuildError",
    "Engine",
    "Notices",
    "engine_env",
    "engine_named",
    "overlay_config",
    "read_engine_config",
    "reclaim",
    "run_engine",
    "section_limit",
    "source_date",
]

ENGINES: dict[str, Engine] = {e.name: e for e in (MKDOCS, PROPERDOCS, ZENSICAL)}
ENGINE_NAMES = tuple(ENGINES)


def engine_named(name: str) -> Engine:
    """The engine of that name (the `--engine` option); BuildError for another name."""
    if name not in ENGINES:
        hint = f"choose one of: {', '.join(ENGINES)}"
        raise BuildError(f"unknown engine {name!r}", hint=hint, path="engine")
    return ENGINES[name]


def section_limit(items: int) -> int | None:
    """The strictest engine's limit on a search section's token positions, in an index of `items`.

    Every engine's site keeps its sections under it, so all of them index the same pages.
    """
    limits = [limit for e in ENGINES.values() if (limit := e.section_limit(items)) is not None]
    return min(limits, default=None)


def run_engine(
    root: Path,
    config_file: Path,
    out: Path,
    engine: Engine = MKDOCS,
    overrides: dict[str, Any] | None = None,
    engine_config: dict[str, Any] | None = None,
) -> Notices:
    """Run the site engine on the generated folder into `out`; raise BuildError on failure.

    Returns the engine's notices: warnings about settings it ignores, and what
    it leaves to other checks.  `overrides` are top-level keys that replace
    mkdocs.yml's for this build (the plugins, when Pagefind takes over search).
    `engine_config` is mkdocs.yml as the run already read it (`SiteConfig.engine`).
    """
    cmd = engine.command()
    base = engine_config if engine_config is not None else read_engine_config(config_file)
    config = {**base, **(overrides or {})}
    notices = engine.notices(config)
    engine.build(cmd, root, config_file, config, out, overrides or {})
    if "search" in plugin_names(config) and not (out / engine.search_index).is_file():
        message = f"{engine.name} wrote no search index at {engine.search_index}"
        problem = Problem(("plugins",), message, "check the search plugin", "warning", "engine-notice")
        notices.warnings.append(problem)
    return notices
