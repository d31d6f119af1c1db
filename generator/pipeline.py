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

from generator.cache import DiskMemo, Store
from generator.check import rules, upgrade
from generator.check.records import section_anchors
from generator.check.translations import Status, check_translations
from generator.check.validate import place, validate_content
from generator.check.verdicts import Verdicts
from generator.config import SiteConfig, config_problems, load_config, placeholder_problems
from generator.errors import BriefingsError, Diagnostic, Problem, sort_diagnostics
from generator.fsio import remove_folders, run_lock, write_error
from generator.history import brief_histories, shallow_clone_problem
from generator.model import Site
from generator.progress import Progress
from generator.project import Project
from generator.publish.engines import MKDOCS, Engine, Notices
from generator.publish.languages import LanguageBuild, language_builds, run_builds
from generator.publish.swap import publish_site, recover_site
from generator.publish.write import WriteReport, verify_outputs, write_outputs
from generator.read import translations
from generator.read.load import REGISTRIES, Content, LoadedFile, event_files, load_content, read_file
from generator.read.safe_yaml import ParseResult, parse
from generator.render.assemble import assemble
from generator.render.editions import Edition, edition_outputs, editions, marked_environment
from generator.render.inputs import Digests, EditionDigests, Text
from generator.render.output import Output
from generator.render.site import BodyCache, make_environment
from generator.session import INDEX, Known, Session, digest_of

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
    translations: Status | None = None
    """The state of every translation unit, when the site has translations."""
    texts: dict[str, Text] = field(default_factory=dict)
    """What each brief, event and registry was made of (`render/inputs.py`)."""

    @property
    def failed(self) -> bool:
        """True when nothing may be written."""
        if self.site is None or any(d.severity == "error" for d in self.diagnostics):
            return True
        return self.strict and bool(self.diagnostics)


def check(project: Project, today: dt.date, strict: bool = False, progress: Progress | None = None) -> Result:
    """Load and check the configuration and all content; render nothing."""
    with run_lock(project.cache):
        store = store_of(project)
        result = _check(project, today, strict, progress or Progress(enabled=False), store)
        result.notes += store.notes
        return result


def store_of(project: Project) -> Store:
    """The project's cache store."""
    return Store(project.cache, project.display(project.cache))


def _memo(store: Store, namespace: str, session: Session | None) -> DiskMemo[Any]:
    """A namespace's memo: the session's, kept from its last run, or one for this run."""
    return session.memo(store, namespace) if session is not None else DiskMemo(store, namespace)


def _check(
    project: Project,
    today: dt.date,
    strict: bool,
    progress: Progress,
    store: Store,
    session: Session | None = None,
) -> Result:
    config, diagnostics = load_config(project.config_file, today)
    if config is None:  # the content's words depend on the configuration: it comes first
        return Result(diagnostics=sort_diagnostics(diagnostics), strict=strict)
    parses: DiskMemo[ParseResult] = _memo(store, "parse", session)
    cached_parse = parses.wrap(parse)
    briefs = len(list((project.content / "briefs").glob("*.yaml")))
    progress.stage("Loading", briefs + len(REGISTRIES) + len(event_files(project.content)))

    known = Known(project.root, _memo(store, INDEX, session), parses, session)

    def counted(path: str, read: Callable[[], LoadedFile]) -> LoadedFile:
        progress.advance()  # each file loaded, parsed or known by its stamp
        return known(path, read)

    content = load_content(project.content, cached_parse, counted)
    unsafe = project.unsafe_files()
    diagnostics += [err.diagnostic() for err in unsafe]
    diagnostics += upgrade.local_requirement_problems(project)
    if not unsafe:  # an override that is a link out of the project is not read
        diagnostics += upgrade.upstream_problems(project)
    progress.stage("Validating")
    anchors = section_anchors(config.words)
    verdicts = Verdicts(_memo(store, "checked", session), session.models if session is not None else None)
    site, found = validate_content(content, today, config.vocabulary, anchors, verdicts)
    verdicts.memo.save()
    if session is not None:  # what the next run may take as it is
        session.models = verdicts.models
    diagnostics += found
    status = None
    if len(config.languages) > 1 or translations.languages(project.content):
        broken = {d.file for d in found if d.severity == "error"}
        # The pages of another language mark every unit's state: then the whole work list.
        checked = _memo(store, "translated", session)
        editions = bool(config.editions)
        status = check_translations(project, config, content, cached_parse, broken, editions, known, checked)
        checked.save(prune=session is None)
        diagnostics += status.diagnostics
    known.save(session)
    parses.save(prune=session is None)  # a session parses only what changed: keep the rest
    if site is not None:
        areas_file = content.registries["areas"]
        diagnostics += [place(areas_file, p) for p in rules.nav_problems(site.areas, config.nav)]
        form = read_file(project.issue_form, project.display(project.issue_form), root=project.root)
        if form.data is not None:
            diagnostics += [place(form, p) for p in rules.issue_form_problems(form.data, site.areas)]
    diagnostics = sort_diagnostics(diagnostics)
    if any(d.severity == "error" for d in diagnostics):
        site = None
    texts = _texts(content, verdicts.digests)
    return Result(
        diagnostics=diagnostics, site=site, config=config, strict=strict, translations=status, texts=texts
    )


def _texts(content: Content, digests: dict[str, str]) -> dict[str, Text]:
    """Each brief's, event's and registry's file (its hash, its translation's path), by input key."""
    found = {}
    named = [(f"brief:{f.path.stem}", f) for f in content.briefs]
    named += [(f"event:{f.path.stem}", f) for f in content.events]
    named += [(f"registry:{name}", f) for name, f in content.registries.items()]
    for key, file in named:
        digest = digests.get(file.display)
        if digest is not None:  # the folder of translations mirrors the content folder
            found[key] = Text(digest, file.display.partition("/")[2])
    return found


def translation_status(project: Project, today: dt.date) -> tuple[Status | None, list[Diagnostic]]:
    """The state of every translation unit, and the diagnostics of the translations
    (or of the configuration, when it cannot be read: then there is no status)."""
    with run_lock(project.cache):
        config, diagnostics = load_config(project.config_file, today)
        if config is None:
            return None, sort_diagnostics(diagnostics)
        parses: DiskMemo[ParseResult] = DiskMemo(store_of(project), "parse")
        cached_parse = parses.wrap(parse)
        content = load_content(project.content, cached_parse)
        status = check_translations(project, config, content, cached_parse)
        parses.save()
        return status, sort_diagnostics(diagnostics + status.diagnostics)


@dataclass
class Rendering:
    """Every output of one run, assembled with the run's caches: the one wiring that
    `generate`, the preview and the tests share (`render/assemble.py` lists the outputs)."""

    files: list[Output]
    digests: Digests
    memos: list[DiskMemo[Any]]
    bodies: list[BodyCache]

    def save(self, everything: bool, briefs: list[str]) -> None:
        """Keep the caches for the next run; pruned to this run's entries if it rendered everything."""
        for memo in self.memos:
            memo.save(prune=everything)
        for bodies in self.bodies:
            bodies.save(briefs)


def rendering(
    project: Project,
    site: Site,
    config: SiteConfig,
    store: Store | None,
    status: Status | None = None,
    session: Session | None = None,
    texts: dict[str, Text] | None = None,
) -> Rendering:
    """The outputs of the site, in every language it publishes in, with the caches of `store`
    (and those `session` kept in memory); with no store, rendered from scratch (what
    `--verify` compares the generated folder with).  `status` is the translations' state,
    read here when the run has not read it.  `texts`: what each model was made of, when
    the check knows it (`Result.texts`)."""
    memos: dict[str, DiskMemo[Any]] = {}

    def memoized(name: str, function: Callable[[str], Any]) -> Callable[[str], Any]:
        if store is None:
            return function
        if name not in memos:  # one per namespace, for every language
            memos[name] = _memo(store, name, session)
        return memos[name].wrap(function)

    histories = brief_histories(project.content, [b.id for b in site.briefs])
    env = _environment(project, config, memoized)
    fields = _memo(store, "fields", session) if store is not None else None
    if fields is not None:  # each brief's part of each field's digest
        memos["fields"] = fields
    digests = Digests(project, site, config, env, histories, texts, fields)
    kept = session.bodies if session is not None else {}
    bodies = (
        [BodyCache(store, digests.fingerprint, None, kept.get(BodyCache.namespace_of(None)))] if store else []
    )
    files = assemble(project, site, config, env, histories, memoized, bodies[0] if bodies else None)
    if config.editions:
        status = status or translation_status_of(project, config)
        for edition in editions(site, config, status):
            edition_env = marked_environment(_environment(project, edition.config, memoized))
            own = EditionDigests(
                project, edition, edition_env, histories, texts, _translations(status, edition.code), fields
            )
            digests.editions[edition.code] = own
            namespace = BodyCache.namespace_of(edition.code)
            cache = BodyCache(store, own.fingerprint, edition.code, kept.get(namespace)) if store else None
            bodies += [cache] if cache is not None else []

            def assembled(
                e: Edition, env: Any = edition_env, cache: BodyCache | None = cache
            ) -> list[Output]:
                return assemble(project, e.site, e.config, env, histories, memoized, cache, e)

            files += edition_outputs(edition, assembled)
    return Rendering(sorted(files, key=lambda o: o.path), digests, list(memos.values()), bodies)


def _translations(status: Status, language: str) -> dict[str, str]:
    """The hash of each translation file of a language, by its path in the language's folder."""
    found = {}
    for (code, rel), translation in status.files.items():
        digest = digest_of(translation.file) if code == language else None
        if digest is not None:
            found[rel] = digest
    return found


def _environment(
    project: Project,
    config: SiteConfig,
    memoized: Callable[[str, Callable[[str], Any]], Callable[[str], Any]],
) -> Any:
    env = make_environment(project.template_dirs, config.words, config.vocabulary)
    env.filters["markdown"] = memoized("markdown", env.filters["markdown"])
    return env


def translation_status_of(project: Project, config: SiteConfig) -> Status:
    """The state of every translation unit (for a run that did not check them)."""
    content = load_content(project.content, parse)
    return check_translations(project, config, content, parse)


def generate(
    project: Project,
    today: dt.date,
    strict: bool = False,
    verify: bool = False,
    session: Session | None = None,
) -> Result:
    """Validate, then render and write the outputs whose inputs changed; write nothing on error.

    With `verify`, then render every output afresh (no cache) and report each file
    that differs from its fresh render (the incremental core's oracle).  A long-lived
    process passes its `session`: what it keeps in memory from run to run.
    """
    with run_lock(project.cache), Progress() as progress:
        store = store_of(project)
        result = _check(project, today, strict, progress, store, session)
        if result.config is not None:
            result.diagnostics += placeholder_problems(project.config_file, result.config)
            shallow = shallow_clone_problem(project.content)
            if shallow is not None:
                result.diagnostics.append(_folder_diagnostic(project, project.content / "briefs", shallow))
        if result.failed or result.site is None or result.config is None:
            result.notes += store.notes
            return result
        try:
            _render_and_write(project, result.site, result.config, result, progress, store, session)
            if verify:
                result.diagnostics += _verify(project, result.site, result.config, result.translations)
        except BriefingsError as err:
            result.diagnostics.append(err.diagnostic())
        except OSError as err:
            result.diagnostics += _write_problem(project, err)
        finally:
            result.notes += store.notes
    return result


def _render_and_write(
    project: Project,
    site: Site,
    config: SiteConfig,
    result: Result,
    progress: Progress,
    store: Store,
    session: Session | None,
) -> None:
    run = rendering(project, site, config, store, result.translations, session, result.texts)
    progress.stage("Rendering", len(run.files))
    # The loaded content lives until the end of the run: keep the cyclic garbage
    # collector from scanning it again and again while pages are rendered.
    gc.freeze()
    try:
        result.report = write_outputs(run.files, run.digests, project.generated, store, progress.advance)
    finally:
        gc.unfreeze()
    run.save(len(result.report.rendered) == len(run.files), [b.id for b in site.briefs])
    if session is not None:
        session.bodies = {b.namespace: b.entries() for b in run.bodies}
    if result.report.repaired:
        result.notes.append(
            f"repaired {project.display(project.generated)}/: put in place {result.report.repaired} "
            "file(s) an interrupted run had written"
        )
    result.notes += [k.notice() for k in result.report.kept_out]


def _verify(project: Project, site: Site, config: SiteConfig, status: Status | None) -> list[Diagnostic]:
    """Each generated file that differs from a render with no cache, as an error."""
    differ = verify_outputs(rendering(project, site, config, None, status).files, project.generated)
    return [
        Diagnostic(
            f"{project.display(project.generated)}/{dest}",
            1,
            1,
            "",
            "this file differs from a fresh render of its inputs: an incremental run skipped a change",
            "delete .cache/briefings/ and run `briefings generate` again; if it differs again after "
            "an edit, report the edit: an input of this page is not tracked",
            code="verify",
        )
        for dest in differ
    ]


def _write_problem(project: Project, err: OSError) -> list[Diagnostic]:
    """A failed write: at the setting that names the folder, if the folder itself cannot be
    made or written, else at the file that could not be written (a full disk)."""
    folder = str(project.generated)
    if err.filename in (None, folder) or not project.generated.is_dir():
        return _unwritable(project, "docs_dir", project.generated, err)
    return [write_error(err, project.display).diagnostic()]


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
    notices join the notes.  Under the folder's lock, a temporary build folder
    left by a killed run is removed first.
    """
    with run_lock(project.cache):
        recover_site(project.site)
        stale = remove_folders(project.root, BUILD_PREFIX)
        result = generate(project, today, strict)
        if stale:
            result.notes.append(f"removed {', '.join(stale)}: left by a build that was stopped")
        if not result.failed:
            _build_and_swap(project, result, engine)
    return result


BUILD_PREFIX = ".site-build-"
"""The temporary folders the engine builds into, in the project's folder (one per build)."""


def _build_and_swap(project: Project, result: Result, engine: Engine) -> None:
    try:
        tmp = Path(tempfile.mkdtemp(prefix=BUILD_PREFIX, dir=project.root))
    except OSError as err:
        result.diagnostics += _unwritable(project, "site_dir", project.root, err)
        return
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


def builds_of(project: Project, result: Result, engine: Engine) -> list[LanguageBuild]:
    """The engine builds of the site: one per language, the source language's first."""
    assert result.config is not None and result.site is not None
    config, site = result.config, result.site
    sites = {config.languages[0]: site}
    if config.editions:
        status = result.translations or translation_status_of(project, config)
        sites |= {e.code: e.site for e in editions(site, config, status)}
    own = project.own_assets()
    return language_builds(config, sites, config.settings.search, len(site.briefs), engine, own)


def build_site(project: Project, result: Result, out: Path, engine: Engine) -> Notices:
    """The engine's build of each language into `out` (another language into `out/<code>/`),
    then the Pagefind index of each that uses it; the engines' notices.

    The engines index what generated/ holds, which the write kept under the search limit.
    """
    assert result.config is not None
    builds = builds_of(project, result, engine)
    return run_builds(
        project.root, project.config_file, builds, dict(result.config.engine), out, engine, result.notes
    )
