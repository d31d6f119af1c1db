"""The one list of every file of the generated folder, each with its inputs (see `output.py`).

Rendered pages (through `SiteRenderer`), the exports, copies of the
hand-written pages (with their definition blocks expanded), the Contributing
page, the assets and the JSON Schema files.  Nothing is rendered here: each
`Output` renders when asked, so a run can skip those whose inputs did not change.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, cast

import jinja2
import jinja2.meta

from generator.check import schema
from generator.config import SiteConfig
from generator.domain import BRIEFS_INDEX, domain_css
from generator.history import BriefHistory
from generator.model import TIMELINE_PART_SIZE, Event, Site, source_part_path, timeline_part_path
from generator.project import CONTRIBUTING, PACKAGE, Project
from generator.read import files
from generator.render import definitions
from generator.render.contributing import PAGE as CONTRIBUTING_PAGE
from generator.render.contributing import contributing_page, site_page
from generator.render.editions import Edition, translation_input
from generator.render.exports import brief_item, export_outputs
from generator.render.fragments import MACROS
from generator.render.links import page_url
from generator.render.output import (
    ALL_BRIEFS,
    ALL_HISTORIES,
    BRIEFS,
    CONFIG,
    Output,
    brief_input,
    field_input,
    file_input,
    history_input,
    registry_input,
    template_input,
)
from generator.render.reference import schema_reference
from generator.render.site import BRIEF_TEMPLATES, BodyCache, RenderError, SiteRenderer
from generator.render.theme import PARTIALS, theme_partial

PARTIES, AREAS = registry_input("parties"), registry_input("areas")

SITE_CSS = "assets/briefings.css"
"""The stylesheet every page loads; the site's status and party colours are appended to it."""

BOOK_PART_SIZE = 20
"""Briefs per page of the briefing book: one page for a small site, parts for a large one
(a single page of a thousand briefs is too large to build, search or print). A brief of
the benchmark's corpus is about 47 KB of HTML in the book: 20 keep a part under 1 MB."""

UPDATES_SHOWN = 200
"""Days of one brief's changes on the updates page (the feed and the briefs' pages hold the rest)."""

TIMELINE_LATEST = 100
"""Events on the timeline's first page: the newest, across all years."""

EVERY_BRIEF = frozenset({BRIEFS})
"""The inputs of a page that lists every brief (the fields, registries, configuration and
words it reads are observed)."""
SCHEMA_EXAMPLES = frozenset(
    {BRIEFS, ALL_BRIEFS, CONFIG, *(registry_input(r) for r in ("sources", "actors", "areas", "parties"))}
)
"""What the Schema reference's examples and word lists are read from: any record of the site."""
BOOK_TEMPLATES = ("book.md.j2", "_brief_body.md.j2")
TIMELINE_INPUTS = EVERY_BRIEF | {field_input("events"), field_input("title"), registry_input("events")}
"""Which events a page of the timeline holds: every listed event, in date and title order."""


def assemble(
    project: Project,
    site: Site,
    config: SiteConfig,
    env: jinja2.Environment,
    histories: dict[str, BriefHistory],
    memo: Callable[[str, Callable[[str], Any]], Callable[[str], Any]] = lambda name, f: f,
    bodies: BodyCache | None = None,
    edition: Edition | None = None,
) -> list[Output]:
    """Every file of the generated folder, sorted by path; refuses two files at one path.

    `memo(name, f)` may answer the pure function `f` of a text from a cache kept between
    runs (the references of a template, a brief's item of the JSON export); `bodies`
    keeps briefs' rendered bodies.  For another language than the source, `edition`
    gives its hand-written pages (`site` and `config` are then the language's).
    """
    templates = TemplateGraph(env, memo("templates", referenced_templates))
    body_templates = templates.inputs("_brief_body.md.j2")
    renderer = SiteRenderer(
        env,
        site,
        config,
        histories,
        bodies,
        lambda b: _brief_inputs(b, site.brief(b).related) | body_templates,
        templates.inputs(MACROS),
    )
    outputs = _pages(renderer, templates)
    outputs += _exports(renderer, memo("briefs-json", brief_item))
    outputs += _docs(project, renderer, templates, {o.path for o in outputs}, edition)
    outputs += _assets(project, site)
    outputs += _theme(project, renderer, templates)
    outputs += [
        Output(
            f"schema/{name}.schema.json",
            frozenset({CONFIG, PARTIES}),
            _encoded(schema.json_schema_text, name, site.vocabulary),
        )
        for name in schema.SCHEMAS
    ]
    paths = [o.path for o in outputs]
    if len(set(paths)) != len(paths):  # e.g. a brief whose id is the name of another page
        twice = sorted({p for p in paths if paths.count(p) > 1})
        raise RenderError(
            f"two pages would be written to {', '.join(twice)}",
            project.display(project.content),
            hint="rename the brief or area whose page has the name of another page",
        )
    return sorted(outputs, key=lambda o: o.path)


def referenced_templates(source: str) -> tuple[str | None, ...]:
    """The templates a template's source includes, imports or extends (None: a computed name)."""
    env = jinja2.Environment()
    return tuple(jinja2.meta.find_referenced_templates(env.parse(source)))


class TemplateGraph:
    """Which templates a template uses: itself and, transitively, what it includes, imports or extends."""

    def __init__(
        self,
        env: jinja2.Environment,
        references: Callable[[str], tuple[str | None, ...]] = referenced_templates,
    ) -> None:
        self.env = env
        self.references = references
        self.closure = cache(self._closure)

    def inputs(self, *names: str) -> frozenset[str]:
        """The input keys of these templates and of every template they use."""
        return frozenset(template_input(t) for name in names for t in self.closure(name))

    def _closure(self, name: str) -> frozenset[str]:
        found = {name}
        loader = self.env.loader
        assert loader is not None
        try:
            source, _, _ = loader.get_source(self.env, name)
        except jinja2.TemplateNotFound:
            return frozenset(found)  # rendering reports it, with the page that wanted it
        try:
            referenced = self.references(source)
        except jinja2.TemplateSyntaxError:
            return frozenset(found)  # rendering reports it, with its line
        for other in referenced:
            if other is None:  # a name computed while rendering: it may be any template
                found.update(self.env.list_templates(extensions=["j2"]))
            else:
                found |= self.closure(other)
        return frozenset(found)


def _encoded(render: Callable[..., str], *args: Any, **kwargs: Any) -> Callable[[], bytes]:
    """`render(*args, **kwargs)` as UTF-8, when called."""
    return lambda: render(*args, **kwargs).encode()


def _tracked(
    renderer: SiteRenderer, dest: str, inputs: frozenset[str], render: Callable[[], bytes]
) -> Output:
    """An output rendered through the site renderer, which observes what templates read."""
    return Output(dest, inputs, render, lambda: renderer.observed(dest) - inputs)


def _page(
    renderer: SiteRenderer,
    templates: TemplateGraph,
    template: str,
    dest: str,
    inputs: Iterable[str] = EVERY_BRIEF,
    **extra: Any,
) -> Output:
    known = frozenset(inputs) | templates.inputs(template)
    return _tracked(renderer, dest, known, _encoded(renderer.page, template, dest, **extra))


def _pages(renderer: SiteRenderer, templates: TemplateGraph) -> list[Output]:
    site = renderer.site

    def updates() -> str:
        with renderer.recording("updates.md"):  # the corrections and events it names are inputs
            briefs = [b.id for b in renderer.view.briefs]
            days = renderer.changes.site_days(renderer.histories, briefs)[:UPDATES_SHOWN]
        grouped = [(day, list(items)) for day, items in itertools.groupby(days, key=lambda d: d.date)]
        shallow = any(h.unavailable == "shallow" for h in renderer.histories.values())
        return renderer.page("updates.md.j2", "updates.md", days=grouped, shallow=shallow)

    def schema_page() -> str:
        # Its examples are the site's own records, read here (declared below), not by the template.
        records = [*site.briefs, *site.sources.values(), *site.actors.values(), *site.areas]
        reference = schema_reference(site.vocabulary, records)
        return renderer.page("schema_reference.md.j2", "schema.md", reference=reference)

    outputs = [
        _page(renderer, templates, "index.md.j2", "index.md"),
        _tracked(
            renderer,
            "updates.md",
            templates.inputs("updates.md.j2") | {ALL_HISTORIES},
            _encoded(updates),
        ),
        _page(renderer, templates, "briefs_index.md.j2", f"briefs/{BRIEFS_INDEX}.md"),
        _page(renderer, templates, "actors.md.j2", "actors.md"),
        _page(renderer, templates, "track_record.md.j2", "track-record.md"),
        _tracked(
            renderer,
            "schema.md",
            templates.inputs("schema_reference.md.j2") | SCHEMA_EXAMPLES,
            _encoded(schema_page),
        ),
    ]
    outputs += _book(renderer, templates)
    outputs += _source_list(renderer, templates)
    for area in site.areas:
        inputs = EVERY_BRIEF | {AREAS}  # the fields its template reads of the area's briefs are observed
        outputs.append(_page(renderer, templates, "area.md.j2", f"areas/{area.id}.md", inputs, area=area))
    outputs += _timeline(renderer, templates)
    for brief in site.briefs:
        dest = f"briefs/{brief.id}.md"
        inputs = _brief_inputs(brief.id, brief.related) | templates.inputs(*BRIEF_TEMPLATES)
        outputs.append(_tracked(renderer, dest, inputs, _encoded(renderer.brief_page, brief.id)))
    return outputs


def _exports(renderer: SiteRenderer, brief_json: Callable[[str], str]) -> list[Output]:
    """The data exports, made from the tracked views: what they read of the site and the
    configuration (the build date included) is observed, as for pages."""
    view = cast(Site, renderer.view)
    exports = export_outputs(view, renderer.histories, renderer.config, brief_json)
    return [_tracked(renderer, o.path, o.inputs, _recorded(renderer, o.path, o.render)) for o in exports]


def _recorded(renderer: SiteRenderer, dest: str, render: Callable[[], bytes]) -> Callable[[], bytes]:
    """`render`, with what it reads noted as inputs of `dest`."""

    def recorded() -> bytes:
        with renderer.recording(dest):
            return render()

    return recorded


def _brief_inputs(brief_id: str, related: Iterable[str]) -> frozenset[str]:
    """A brief's body: its content, its history, and the briefs it lists as related."""
    return frozenset({brief_input(brief_id), history_input(brief_id)} | {brief_input(r) for r in related})


def _timeline(renderer: SiteRenderer, templates: TemplateGraph) -> list[Output]:
    """The combined timeline, newest first: the latest events, one page per year and one per
    area (each in parts when long), so every event of a year or an area is on its pages.

    Which pages there are comes from the site itself; each page's events are handed to its
    template through the tracked site when it renders (what it reads of their briefs is
    observed), so a run that renders no timeline page wraps no event.
    """
    site, view = renderer.site, renderer.view
    newest = site.events[::-1]
    years = site.timeline_years
    common: dict[str, Any] = {
        "years": [(year, sum(len(p) for p in parts)) for year, parts in years.items()],
        "total": len(newest),
    }

    def page(dest: str, events: list[Event], **scope: Any) -> Output:
        fields = {"year": None, "area": None, "parts": [], "part": 1, **scope}

        def render() -> bytes:
            text = renderer.page(
                "timeline.md.j2", dest, events=view.tracked_events(events), **fields, **common
            )
            return text.encode()

        known = TIMELINE_INPUTS | templates.inputs("timeline.md.j2")
        return _tracked(renderer, dest, known, render)

    outputs = [page("timeline.md", newest[:TIMELINE_LATEST])]
    for year, parts in years.items():
        dests = [timeline_part_path(year, n).rstrip("/") + ".md" for n in range(1, len(parts) + 1)]
        links = [(n, timeline_part_path(year, n)) for n in range(1, len(parts) + 1)]
        for n, (dest, chunk) in enumerate(zip(dests, parts, strict=True), 1):
            outputs.append(page(dest, chunk, year=year, parts=links, part=n))
    size = TIMELINE_PART_SIZE
    for area in site.areas:
        events = [ev for ev in newest if area.id in ev.areas]
        chunks = [events[i : i + size] for i in range(0, len(events), size)] or [[]]
        paths = [area_timeline_path(area.id, n) for n in range(1, len(chunks) + 1)]
        links = list(enumerate(paths, 1))
        for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), 1):
            outputs.append(page(path.rstrip("/") + ".md", chunk, area=area, parts=links, part=n))
    outputs.append(Output(EVENT_PAGES, TIMELINE_INPUTS, lambda: event_pages_json(site).encode()))
    return outputs


EVENT_PAGES = "timeline/events.json"
"""Where each event is, for its permalink `timeline/#<event-id>` (resolved by the site's script)."""


def event_pages_json(site: Site) -> str:
    """Event id -> the page of the timeline holding it, relative to `timeline/`."""
    pages = {ev.id: site.event_url(ev.id).split("#")[0].removeprefix("timeline/") for ev in site.events}
    return json.dumps(dict(sorted(pages.items())), separators=(",", ":")) + "\n"


def area_timeline_path(area_id: str, part: int = 1) -> str:
    """The site path of an area's timeline (part `part`): every event its briefs list."""
    return f"timeline/area/{area_id}/" if part == 1 else f"timeline/area/{area_id}/{part}/"


def _source_list(renderer: SiteRenderer, templates: TemplateGraph) -> list[Output]:
    """The source list: one page, or parts of `SOURCE_PART_SIZE` sources on a large site."""
    count = len(renderer.site.source_parts)
    dests = ["sources.md"] + [f"sources/{n}.md" for n in range(2, count + 1)]
    parts = [(n, source_part_path(n)) for n in range(1, count + 1)]
    return [
        _page(renderer, templates, "sources.md.j2", dest, part=n, parts=parts)
        for n, dest in enumerate(dests, 1)
    ]


def _book(renderer: SiteRenderer, templates: TemplateGraph) -> list[Output]:
    briefs = list(renderer.site.briefs)
    chunks = [briefs[i : i + BOOK_PART_SIZE] for i in range(0, len(briefs), BOOK_PART_SIZE)] or [[]]
    dests = ["book.md"] + [f"book/{n}.md" for n in range(2, len(chunks) + 1)]
    parts = [(n, page_url(d)) for n, d in enumerate(dests, 1)]
    outputs = []
    for n, (dest, chunk) in enumerate(zip(dests, chunks, strict=True), 1):
        ids = [b.id for b in chunk]
        inputs = frozenset({BRIEFS}) | templates.inputs(*BOOK_TEMPLATES)
        for brief in chunk:
            inputs |= _brief_inputs(brief.id, brief.related)
        outputs.append(_tracked(renderer, dest, inputs, _encoded(renderer.book_part, dest, n, ids, parts)))
    return outputs


def _docs(
    project: Project,
    renderer: SiteRenderer,
    templates: TemplateGraph,
    taken: set[str],
    edition: Edition | None = None,
) -> list[Output]:
    """Hand-written pages, copied; a definitions block in one is expanded from the site's words.
    In another language, each page is its translation, or the source's marked as untranslated."""
    config = renderer.config
    outputs = []
    for path in files.files_under(project.docs, project.root):
        rel = path.relative_to(project.docs).as_posix()
        if config.excluded(rel):
            continue
        if rel in taken:
            raise RenderError(
                "this hand-written page has the same path as a generated page",
                f"docs/{rel}",
                hint="rename or move it: the generated page would be replaced",
            )
        inputs = frozenset({_file_key(project, path)})
        if rel.endswith(".md") and edition is not None:
            inputs |= {translation_input(f"docs/{rel}"), CONFIG} | templates.inputs(
                definitions.TEMPLATE, definitions.MACROS
            )
            render = _encoded(_expanded, project, path, rel, renderer, edition)
            outputs.append(_tracked(renderer, rel, inputs, render))
        elif rel.endswith(".md") and definitions.MARKER.encode() in project.read(path):
            inputs |= templates.inputs(definitions.TEMPLATE, definitions.MACROS)
            outputs.append(_tracked(renderer, rel, inputs, _encoded(_expanded, project, path, rel, renderer)))
        elif rel.endswith(".md"):
            outputs.append(Output(rel, inputs, _page_text(project, path)))
        else:
            outputs.append(Output(rel, inputs, _file_bytes(project, path)))
    contributing = project.root / CONTRIBUTING
    if os.path.lexists(contributing):  # one text for the repository and the site's Contributing page
        if CONTRIBUTING_PAGE in taken or (project.docs / CONTRIBUTING_PAGE).exists():
            raise RenderError(
                f"{CONTRIBUTING_PAGE} comes from {CONTRIBUTING}",
                f"docs/{CONTRIBUTING_PAGE}",
                hint=f"remove docs/{CONTRIBUTING_PAGE}: the site's page is made from {CONTRIBUTING}",
            )

        def render_contributing() -> bytes:
            source = files.read_text(contributing, project.root)
            if edition is not None:
                source = edition.page(CONTRIBUTING, source)
            with renderer.recording(CONTRIBUTING_PAGE):  # a block of the site's words, e.g. its areas
                expanded = definitions.expand(
                    source, renderer.env, renderer.view, renderer.config, CONTRIBUTING_PAGE, CONTRIBUTING
                )
            text = contributing_page(expanded, config.repo_url, config.edit_branch, config.excluded)
            return site_page(text).encode()

        inputs = frozenset({file_input(CONTRIBUTING), CONFIG})
        if edition is not None:  # a translation may hold a definitions block the source lacks
            inputs |= {translation_input(CONTRIBUTING)}
        if edition is not None or definitions.MARKER.encode() in project.read(contributing):
            inputs |= templates.inputs(definitions.TEMPLATE, definitions.MACROS)
        outputs.append(_tracked(renderer, CONTRIBUTING_PAGE, inputs, render_contributing))
    return outputs


def _page_text(project: Project, path: Path) -> Callable[[], bytes]:
    """A hand-written page's bytes, once they are known to be UTF-8 (a bad byte is placed)."""

    def read() -> bytes:
        data = project.read(path)
        files.decode(data, project.display(path))
        return data

    return read


def _file_bytes(project: Project, path: Path) -> Callable[[], bytes]:
    return lambda: project.read(path)


def _expanded(
    project: Project, path: Path, rel: str, renderer: SiteRenderer, edition: Edition | None = None
) -> str:
    text = files.decode(project.read(path), project.display(path))
    if edition is not None:
        text = edition.page(f"docs/{rel}", text)
        if definitions.MARKER not in text:
            return text
    with renderer.recording(rel):
        return definitions.expand(text, renderer.env, renderer.view, renderer.config, rel)


def _file_key(project: Project, path: Path) -> str:
    """A file of the site, or of the package (whose code is an input of everything anyway)."""
    if path.is_relative_to(project.root):
        return file_input(project.display(path))
    return file_input("<package>/" + path.relative_to(PACKAGE).as_posix())


def _assets(project: Project, site: Site) -> list[Output]:
    outputs = []
    for dest, path in project.assets().items():
        inputs = frozenset({_file_key(project, path)})
        if dest == SITE_CSS:  # the site's declared colours, in the one stylesheet pages load

            def css(path: Path = path) -> bytes:
                return project.read(path) + b"\n" + domain_css(site.vocabulary).encode()

            inputs |= {CONFIG, registry_input("parties")}
            outputs.append(Output(dest, inputs, css))
        else:
            outputs.append(Output(dest, inputs, _file_bytes(project, path)))
    return outputs


def _theme(project: Project, renderer: SiteRenderer, templates: TemplateGraph) -> list[Output]:
    """The theme's overrides (`theme.custom_dir`), and the partials the generator writes."""
    outputs = [
        Output(dest, frozenset({_file_key(project, path)}), _file_bytes(project, path))
        for dest, path in project.theme().items()
        if dest not in PARTIALS
    ]
    for dest, template in PARTIALS.items():

        def partial(dest: str = dest, template: str = template) -> str:
            with renderer.recording(dest):
                return theme_partial(renderer.env, template, renderer.view, renderer.config)

        inputs = (
            EVERY_BRIEF | templates.inputs(template)
            if dest.endswith("facts.html")
            else templates.inputs(template)
        )
        outputs.append(_tracked(renderer, dest, inputs | {CONFIG}, _encoded(partial)))
    return outputs
