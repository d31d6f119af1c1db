"""MkDocs in this process: one full build that keeps its state, then a page at a time.

The live preview's engine.  `mkdocs serve` rebuilds the whole site after
every change (at 1,000 briefs, about as long as `mkdocs build`), and its
`--dirty` mode still renders every changed page before the browser sees any
(the timeline and sources pages are megabytes of Markdown).  This module
runs MkDocs' own build steps (`mkdocs.commands.build`, MkDocs 1.6) once in
full, keeps the configuration, file list, navigation and template
environment, and then rebuilds only the pages a regeneration rewrote, in the
order given: the edited brief's page is on disk a fraction of a second after
the save, the aggregates follow.

The configuration is the one `briefings build` uses (same file, same
overrides, same `site_url`), so a page rebuilt here has the bytes of the
same page in `site/`.  What a page build cannot refresh are the outputs of a
whole build: the search index and the sitemap, the navigation of a page
added or removed; any added or removed file makes a full build instead.

MkDocs' public `build(config, dirty=True)` was measured in its place
(bench/measure_pagebuild.py, docs/engines.md): it shows the edited page 3 to
13 times later and rewrites the search index from the rebuilt pages only.
So this copy stays; it calls private functions of MkDocs 1.6.1, and the
preview refuses another MkDocs (`engine`'s tested range).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs import utils as mkdocs_utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

from generator.publish.engines import MKDOCS, Engine

log = logging.getLogger(__name__)


@dataclass
class _State:
    config: Any
    files: Files
    nav: Navigation
    env: Any


class PageBuilder:
    """A site built by MkDocs into `site_dir`, whose pages can then be rebuilt one by one."""

    engine: Engine = MKDOCS
    """The engine it runs, whose tested versions (`MKDOCS.requirements`) this copy of its build follows."""

    def __init__(self, config_file: Path, site_dir: Path) -> None:
        self.config_file = config_file
        self.site_dir = site_dir
        self._state: _State | None = None

    def build_all(self) -> None:
        """A full build, as `mkdocs build` does it (not strict: a preview shows warnings, keeps serving)."""
        config = load_config(config_file=str(self.config_file), site_dir=str(self.site_dir), strict=False)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            self._state = _full_build(config)
        finally:
            config.plugins.on_shutdown()

    def knows(self, paths: Iterable[str]) -> bool:
        """Whether the last full build had each of these files (else `rebuild` builds all)."""
        if self._state is None:
            return False
        known = {f.src_uri for f in self._state.files}
        return all(path in known for path in paths)

    def rebuild(self, changed: Iterable[str]) -> list[str]:
        """Rebuild the pages and copy the files of `changed` (paths in docs_dir), in that order.

        Returns the pages rebuilt.  A path the last full build did not know
        (a file added) makes a full build; call `build_all` for removals too.
        """
        state = self._state
        if state is None:
            self.build_all()
            return []
        wanted = list(changed)
        known = {f.src_uri: f for f in state.files}
        if any(path not in known for path in wanted):
            self.build_all()
            return wanted
        doc_files = state.files.documentation_pages(inclusion=InclusionLevel.is_included)
        built = []
        for path in wanted:
            file = known[path]
            if file.is_documentation_page():
                self._build_page(state, file, doc_files)
                built.append(path)
            else:
                file.copy_file()
        return built

    def _build_page(self, state: _State, file: File, doc_files: Any) -> None:
        page = file.page
        if page is None:
            page = Page(None, file, state.config)
        mkdocs_build._populate_page(page, state.config, state.files)
        excluded = file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
        mkdocs_build._build_page(page, state.config, doc_files, state.nav, state.env, excluded=excluded)


def _full_build(config: Any) -> _State:
    """`mkdocs.commands.build.build` (1.6.1), step for step, keeping what a page build needs."""
    inclusion = InclusionLevel.is_included
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    mkdocs_utils.clean_directory(config.site_dir)
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    for file in files.documentation_pages(inclusion=inclusion):
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)
        assert file.page is not None
        mkdocs_build._populate_page(file.page, config, files)
    env = config.plugins.on_env(env, config=config, files=files)
    files.copy_static_files(inclusion=inclusion)
    for template in config.theme.static_templates:
        mkdocs_build._build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        mkdocs_build._build_extra_template(template, files, config, nav)
    doc_files = files.documentation_pages(inclusion=inclusion)
    for file in doc_files:
        assert file.page is not None
        mkdocs_build._build_page(
            file.page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded()
        )
    config.plugins.on_post_build(config=config)
    return _State(config, files, nav, env)
