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
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from generator.cache import DiskMemo
from generator.check import rules
from generator.check.records import section_anchors
from generator.check.validate import place, validate_content
from generator.config import SiteConfig, config_problems, load_config, placeholder_problems
from generator.errors import BriefingsError, Diagnostic, Problem, sort_diagnostics
from generator.history import brief_histories, shallow_clone_problem
from generator.model import Site
from generator.progress import Progress
from generator.project import Project
from generator.publish import search
from generator.publish.engines import MKDOCS, Engine, Notices, read_engine_config, run_engine
from generator.publish.write import WriteReport, publish_site, recover_site, write_outputs
from generator.read.load import REGISTRIES, event_files, load_content, read_file
from generator.read.safe_yaml import ParseResult, parse
from generator.render.assemble import assemble
from generator.render.inputs import Digests
from generator.render.output import Output
from generator.render.site import BodyCache, make_environment

log = logging.getLogger(__name__)


@dataclass
class Result:
    """What a run found and did."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    site: Site | None = None
    config: SiteConfig | None = None
    report: WriteReport | None = None
    notes: list[str] = field(default_factory=list)
    """What the run decided that is no problem to fix (e.g. a page kept out of search)."""

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
    briefs = len(list((project.content / "briefs").glob("*.yaml")))
    progress.stage("Loading", briefs + len(REGISTRIES) + len(event_files(project.content)))

    def parse_text(text: str) -> ParseResult:
        progress.advance()
        return cached_parse(text)

    content = load_content(project.content, parse_text)
    parses.save()
    diagnostics += [err.diagnostic() for err in project.unsafe_files()]
    progress.stage("Validating")
    anchors = section_anchors(config.words)
    site, found = validate_content(content, today, config.vocabulary, anchors)
    diagnostics += found
    if site is not None:
        areas_file = content.registries["areas"]
        diagnostics += [place(areas_file, p) for p in rules.nav_problems(site.areas, config.nav)]
        form = read_file(project.issue_form, project.display(project.issue_form), root=project.root)
        if form.data is not None:
            diagnostics += [place(form, p) for p in rules.issue_form_problems(form.data, site.areas)]
    diagnostics = sort_diagnostics(diagnostics)
    if any(d.severity == "error" for d in diagnostics):
        site = None
    return Result(diagnostics=diagnostics, site=site, config=config, strict=strict)


def _environment(project: Project, config: SiteConfig, memo: DiskMemo[str] | None) -> jinja2.Environment:
    env = make_environment(project.template_dirs, config.words, config.vocabulary)
    if memo is not None:
        env.filters["markdown"] = memo.wrap(env.filters["markdown"])
    return env


def outputs(
    project: Project, site: Site, config: SiteConfig, memo: DiskMemo[str] | None = None
) -> list[Output]:
    """Every file of the generated folder, not yet rendered (see `render/assemble.py`).

    With a `memo`, each distinct Markdown field is converted once (the briefing
    book repeats every brief) and reused from earlier runs.
    """
    env = _environment(project, config, memo)
    histories = brief_histories(project.content, [b.id for b in site.briefs])
    return assemble(project, site, config, env, histories)


def generate(project: Project, today: dt.date, strict: bool = False) -> Result:
    """Validate, then render and write the outputs whose inputs changed; write nothing on error."""
    with Progress() as progress:
        result = check(project, today, strict, progress)
        if result.config is not None:
            result.diagnostics += placeholder_problems(project.config_file, result.config)
            shallow = shallow_clone_problem(project.content)
            if shallow is not None:
                result.diagnostics.append(_folder_diagnostic(project, project.content / "briefs", shallow))
        if result.failed or result.site is None or result.config is None:
            return result
        try:
            _render_and_write(project, result.site, result.config, result, progress)
        except BriefingsError as err:
            result.diagnostics.append(err.diagnostic())
        except OSError as err:  # the generated folder cannot be written: the setting that names it
            result.diagnostics += _unwritable(project, "docs_dir", project.generated, err)
    return result


def _render_and_write(
    project: Project, site: Site, config: SiteConfig, result: Result, progress: Progress
) -> None:
    memo: DiskMemo[str] = DiskMemo(project.cache / "markdown.pickle")
    env = _environment(project, config, memo)
    histories = brief_histories(project.content, [b.id for b in site.briefs])
    memos: dict[str, DiskMemo[Any]] = {}

    def memoized(name: str, function: Callable[[str], Any]) -> Callable[[str], Any]:
        memos[name] = DiskMemo(project.cache / f"{name}.pickle")
        return memos[name].wrap(function)

    digests = Digests(project, site, config, env, histories)
    bodies = BodyCache(project.cache / "bodies.pickle", digests.fingerprint)
    files = assemble(project, site, config, env, histories, memoized, bodies)
    progress.stage("Rendering", len(files))
    # The loaded content lives until the end of the run: keep the cyclic garbage
    # collector from scanning it again and again while pages are rendered.
    gc.freeze()
    try:
        result.report = write_outputs(
            files, digests, project.generated, project.cache / "manifest.json", progress.advance
        )
    finally:
        gc.unfreeze()
    everything = len(result.report.rendered) == len(files)
    for cache in (memo, *memos.values()):
        cache.save(prune=everything)
    bodies.save(b.id for b in site.briefs)


def _unwritable(project: Project, setting: str, folder: Path, err: OSError) -> list[Diagnostic]:
    problem = Problem(
        (setting,),
        f"cannot write {project.display(folder)}/: {err.strerror or err}",
        f"make the folder writable, or point `{setting}` at a folder the generator may write",
        code="unwritable-output",
    )
    return config_problems(project.config_file, [problem])


def _folder_diagnostic(project: Project, folder: Path, problem: Problem) -> Diagnostic:
    """A problem about a folder as a whole, placed at its first line."""
    return Diagnostic(
        project.display(folder), 1, 1, "", problem.message, problem.hint, problem.severity, problem.code
    )


def build(project: Project, today: dt.date, engine: Engine = MKDOCS, strict: bool = False) -> Result:
    """Generate, then build the site into a temporary folder and swap it in.

    The engine's warnings join the result's diagnostics, so `--strict` fails on
    them too, before the new site replaces the old one; its informational
    notices join the notes.
    """
    recover_site(project.site)
    result = generate(project, today, strict)
    if result.failed:
        return result
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".site-build-", dir=project.root))
    except OSError as err:
        result.diagnostics += _unwritable(project, "site_dir", project.root, err)
        return result
    try:
        notices = build_site(project, result, tmp, engine)
        result.diagnostics += config_problems(project.config_file, notices.warnings)
        result.notes += notices.infos
        if not result.failed:
            publish_site(tmp, project.site)
    except BriefingsError as err:
        result.diagnostics.append(err.diagnostic())
    except OSError as err:
        result.diagnostics += _unwritable(project, "site_dir", project.site, err)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return result


def search_of(result: Result) -> str:
    """The search the site gets (`extra.briefings.search`; `auto` by the number of briefs)."""
    assert result.config is not None and result.site is not None
    return search.choose(result.config.settings.search, len(result.site.briefs))


def engine_overrides(project: Project, result: Result, engine: Engine) -> dict[str, Any] | None:
    """What the engine's config needs changed for this site: None for lunr (mkdocs.yml as written)."""
    if search_of(result) != "pagefind":
        return None
    return search.engine_overrides(read_engine_config(project.config_file), engine)


def build_site(project: Project, result: Result, out: Path, engine: Engine) -> Notices:
    """The engine's build into `out`, then the Pagefind index when the site uses it; the engine's notices."""
    # The engines index what generated/ holds: keep each searchable section under
    # Zensical's limit there first (for all three, so they index the same pages).
    result.notes += [k.notice() for k in search.keep_under_limit_on_disk(project.generated)]
    overrides = engine_overrides(project, result, engine)
    notices = run_engine(project.root, project.config_file, out, engine, overrides)
    if overrides is not None:
        cjk = search.declares_cjk(read_engine_config(project.config_file))
        report = search.index_site(out, project.generated, engine, cjk)
        result.notes.append(f"search: pagefind, {report.pages} pages indexed, {report.skipped} not searched")
    return notices
