"""Orchestration: load and validate everything, then render, then write.

Nothing is written unless every file validated and every page rendered.
The site build runs the engine on the generated folder into a temporary
folder, and swaps it in only when the build succeeded.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.cache import DiskMemo
from generator.check import rules, schema
from generator.check.validate import place, validate_content
from generator.config import SiteConfig, load_config, placeholder_problems
from generator.domain import domain_css
from generator.errors import Diagnostic, sort_diagnostics
from generator.history import brief_histories
from generator.model import Site
from generator.progress import Progress
from generator.project import Project
from generator.publish import search
from generator.publish.engines import read_engine_config, run_engine
from generator.publish.write import WriteReport, publish_site, recover_site, write_pages
from generator.read.load import REGISTRIES, load_content, read_file
from generator.read.safe_yaml import ParseResult, parse
from generator.render import definitions
from generator.render.contributing import PAGE as CONTRIBUTING_PAGE
from generator.render.contributing import SOURCE as CONTRIBUTING
from generator.render.contributing import contributing_page
from generator.render.pages import Page, RenderError, make_environment, render_site

log = logging.getLogger(__name__)

SITE_CSS = "assets/briefings.css"
"""The stylesheet every page loads; the site's status and party colours are appended to it."""


@dataclass
class Result:
    """What a run found and did."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    site: Site | None = None
    config: SiteConfig | None = None
    report: WriteReport | None = None

    strict: bool = False
    """Warnings count as errors."""

    @property
    def failed(self) -> bool:
        """True when nothing may be written."""
        if self.site is None or any(d.severity == "error" for d in self.diagnostics):
            return True
        return self.strict and bool(self.diagnostics)


def check(project: Project, today: dt.date, strict: bool = False, progress: Progress | None = None) -> Result:
    """Load and check the configuration and all content; render nothing."""
    progress = progress or Progress(enabled=False)
    config, diagnostics = load_config(project.config_file, today)
    if config is None:  # the content's words depend on the configuration: it comes first
        return Result(diagnostics=sort_diagnostics(diagnostics), strict=strict)
    parses: DiskMemo[ParseResult] = DiskMemo(project.cache / "parse.pickle")
    cached_parse = parses.wrap(parse)
    progress.stage("Loading", len(list((project.content / "briefs").glob("*.yaml"))) + len(REGISTRIES))

    def parse_text(text: str) -> ParseResult:
        progress.advance()
        return cached_parse(text)

    content = load_content(project.content, parse_text)
    parses.save()
    progress.stage("Validating")
    site, found = validate_content(content, today, config.vocabulary)
    diagnostics += found
    if site is not None:
        areas_file = content.registries["areas"]
        diagnostics += [place(areas_file, p) for p in rules.nav_problems(site.areas, config.nav)]
        form = read_file(project.issue_form, project.display(project.issue_form))
        if form.data is not None:
            diagnostics += [place(form, p) for p in rules.issue_form_problems(form.data, site.areas)]
    diagnostics = sort_diagnostics(diagnostics)
    if any(d.severity == "error" for d in diagnostics):
        site = None
    return Result(diagnostics=diagnostics, site=site, config=config, strict=strict)


def render_all(
    project: Project, site: Site, config: SiteConfig, memo: DiskMemo[str] | None = None
) -> list[Page | tuple[str, bytes]]:
    """Every file of the generated folder: rendered pages, hand-written pages, assets.

    With a `memo`, each distinct Markdown field is converted once (the briefing
    book repeats every brief) and reused from earlier runs.
    """
    env = make_environment(project.template_dirs)
    env.globals["ui"] = config.labels
    if memo is not None:
        env.filters["markdown"] = memo.wrap(env.filters["markdown"])
    histories = brief_histories(project.content, [b.id for b in site.briefs])
    pages: list[Page | tuple[str, bytes]] = list(render_site(site, env, config, histories))
    taken = {p.dest for p in pages if isinstance(p, Page)}
    for path in sorted(project.docs.rglob("*")):
        rel = path.relative_to(project.docs).as_posix()
        if path.is_file() and not config.excluded(rel):
            if rel in taken:
                raise RenderError(f"docs/{rel} has the same path as a generated page; rename it")
            data = path.read_bytes()
            if rel.endswith(".md"):
                try:
                    data = definitions.expand(data.decode(), env, site, config, rel).encode()
                except definitions.UnknownBlock as err:
                    raise RenderError(f"docs/{err}") from None
            pages.append((rel, data))
    contributing = project.root / CONTRIBUTING
    if contributing.is_file():  # one text for the repository and the site's Contributing page
        if CONTRIBUTING_PAGE in taken or (project.docs / CONTRIBUTING_PAGE).exists():
            raise RenderError(
                f"{CONTRIBUTING_PAGE} comes from {CONTRIBUTING}; remove docs/{CONTRIBUTING_PAGE}"
            )
        text = contributing_page(
            contributing.read_text(), config.repo_url, config.edit_branch, config.excluded
        )
        pages.append((CONTRIBUTING_PAGE, text.encode()))
    for dest, path in project.assets().items():
        data = path.read_bytes()
        if dest == SITE_CSS:  # the site's declared colours, in the one stylesheet pages load
            data += b"\n" + domain_css(site.vocabulary).encode()
        pages.append((dest, data))
    for name in schema.SCHEMAS:
        text = schema.json_schema_text(name, site.vocabulary)
        pages.append((f"schema/{name}.schema.json", text.encode()))
    return pages


def generate(project: Project, today: dt.date, strict: bool = False) -> Result:
    """Validate, render and write the generated folder; write nothing on error."""
    with Progress() as progress:
        result = check(project, today, strict, progress)
        if result.config is not None:
            result.diagnostics += placeholder_problems(project.config_file, result.config)
        if result.failed or result.site is None or result.config is None:
            return result
        progress.stage("Rendering")
        memo: DiskMemo[str] = DiskMemo(project.cache / "markdown.pickle")
        # The loaded content lives until the end of the run: keep the cyclic garbage
        # collector from scanning it again and again while pages are rendered.
        gc.freeze()
        try:
            pages = render_all(project, result.site, result.config, memo)
        finally:
            gc.unfreeze()
        progress.stage("Writing", len(pages))
        result.report = write_pages(
            _drain(pages, progress), project.generated, project.cache / "manifest.json"
        )
        memo.save()
    return result


def _drain(pages: list[Page | tuple[str, bytes]], progress: Progress) -> Iterator[Page | tuple[str, bytes]]:
    """Hand over the pages one by one, letting go of each: the writer keeps their bytes,
    and holding the text as well would double the peak memory of a large site."""
    pages.reverse()
    while pages:
        yield pages.pop()
        progress.advance()


def build(project: Project, today: dt.date, engine: str = "mkdocs", strict: bool = False) -> Result:
    """Generate, then build the site into a temporary folder and swap it in."""
    recover_site(project.site)
    result = generate(project, today, strict)
    if result.failed:
        return result
    tmp = Path(tempfile.mkdtemp(prefix=".site-build-", dir=project.root))
    try:
        build_site(project, result, tmp, engine)
        publish_site(tmp, project.site)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return result


def search_of(project: Project, result: Result) -> str:
    """The search the site gets (`extra.briefings.search`; `auto` by the number of briefs)."""
    assert result.config is not None and result.site is not None
    return search.choose(result.config.settings.search, len(result.site.briefs))


def engine_overrides(project: Project, result: Result, engine: str) -> dict[str, Any] | None:
    """What the engine's config needs changed for this site: None for lunr (mkdocs.yml as written)."""
    if search_of(project, result) != "pagefind":
        return None
    return search.engine_overrides(read_engine_config(project.config_file), engine)


def build_site(project: Project, result: Result, out: Path, engine: str) -> None:
    """The engine's build into `out`, then the Pagefind index when the site uses it."""
    overrides = engine_overrides(project, result, engine)
    run_engine(project.root, project.config_file, out, engine, overrides)
    if overrides is not None:
        cjk = search.declares_cjk(read_engine_config(project.config_file))
        report = search.index_site(out, project.generated, cjk)
        print(
            f"briefings: search: pagefind, {report.pages} pages indexed, {report.skipped} kept out of search",
            file=sys.stderr,
        )
