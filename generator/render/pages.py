"""Render the site model into Markdown pages with Jinja; touches no disk but templates.

Every value from YAML is untrusted.  The Jinja environment autoescapes all
output, so plain-text fields land in HTML as text.  Fields the schema marks as
Markdown go through `markdown_html`: rendered by Python-Markdown, then
sanitized by nh3, so no raw HTML, event handler or `javascript:` URL survives.
Headings in the Markdown skeleton use `md_text`, which also escapes Markdown.
Front matter uses `json_text`: the theme prints `title` and `description`
into HTML unescaped, so they are HTML-escaped before being quoted.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import traceback
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markdown
import nh3
from markupsafe import Markup

from generator.config import SiteConfig
from generator.errors import BriefingsError
from generator.history import BriefHistory
from generator.model import Event, Site
from generator.render.exports import atom_feed, briefs_json, group_changes, timeline_csv
from generator.render.reference import schema_reference

ALLOWED_TAGS = {
    "p",
    "a",
    "em",
    "strong",
    "code",
    "ul",
    "ol",
    "li",
    "blockquote",
    "br",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "pre",
    "hr",
    "del",
    "sup",
    "sub",
}
_YAML_UNPRINTABLE = re.compile(r"[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


@dataclass(frozen=True)
class Page:
    """A rendered file and where it goes, relative to the generated docs folder."""

    dest: str
    content: str


def page_url(dest: str) -> str:
    """The site URL of a Markdown file, with directory URLs (`briefs/x.md` -> `briefs/x/`)."""
    stem = dest.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative_url(from_dest: str, target: str) -> str:
    """A link from the page `from_dest` to the site path `target` (e.g. `sources/#x`).

    Up to the site root, then down: one string operation, where `relpath` was
    a measurable share of rendering at a thousand briefs.
    """
    return "../" * page_url(from_dest).count("/") + target or "./"


def md_text(value: str) -> Markup:
    """Escape plain text for a Markdown line: HTML first, then Markdown syntax."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(value.split()))))


def front_matter_text(value: str) -> Markup:
    """A front-matter value: HTML-escaped (the theme prints titles unescaped), then quoted for YAML."""
    escaped = html.escape(" ".join(value.split()), quote=True)
    # JSON's escapes are YAML's, but YAML rejects JSON's surrogate pairs (and a front
    # matter that fails to parse is rendered as Markdown): escape what YAML won't take raw.
    quoted = json.dumps(escaped, ensure_ascii=False)
    return Markup(_YAML_UNPRINTABLE.sub(lambda m: f"\\U{ord(m[0]):08x}", quoted))


def html_safe_json(text: str) -> str:
    """JSON with `<`, `>` and `&` as \\u escapes: same data, and no markup if a browser sniffs it."""
    # These characters can only occur inside JSON strings, where the escapes mean the same.
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


class MarkdownRenderer:
    """Markdown fields to sanitized HTML; one Python-Markdown instance, reset per use."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")

    def __call__(self, text: str) -> Markup:
        self._md.reset()
        rendered = self._md.convert(text)
        clean = nh3.clean(
            rendered,
            tags=ALLOWED_TAGS,
            attributes={"a": {"href", "title"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer nofollow",
        )
        return Markup(clean)


def format_date(value: dt.date | None, precision: str = "day") -> str:
    """One date format across the site: `7 November 2024`."""
    if value is None:
        return "unknown"
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


def format_range(start: dt.date, end: dt.date | None, precision: str = "day") -> str:
    """`27-29 August 2024`, or a single date."""
    if end is None or end == start or precision != "day":
        return format_date(start, precision)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}\u2013{format_date(end)}"
    if start.year == end.year:
        return f"{start.day} {start.strftime('%B')} \u2013 {format_date(end)}"
    return f"{format_date(start)} \u2013 {format_date(end)}"


def label(value: str) -> str:
    """`at_risk` -> `at risk`."""
    return value.replace("_", " ")


def make_environment(template_dirs: Sequence[Path]) -> jinja2.Environment:
    """The one Jinja environment: strict, autoescaping, templates from the first folder holding each."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(template_dirs)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md_text=md_text,
        markdown=MarkdownRenderer(),
        date=format_date,
        daterange=format_range,
        label=label,
        json_text=front_matter_text,
    )
    return env


def report_url(config: SiteConfig, brief_id: str, title: str) -> str | None:
    """A new issue on the repository host, pre-filled with the brief id and page URL."""
    if not config.repo_url:
        return None
    page = f"{config.site_url.rstrip('/')}/briefs/{brief_id}/"
    query = urllib.parse.urlencode(
        {
            "title": f"Problem in brief {brief_id}",
            "body": f"Brief: {brief_id} ({title})\nPage: {page}\n\nWhat is wrong, and a source:\n",
            "labels": "correction",
        },
        quote_via=urllib.parse.quote,
    )
    return f"{config.repo_url.rstrip('/')}/issues/new?{query}"


class RenderError(BriefingsError):
    """A template or a hand-written page cannot be rendered; placed at its file and line."""

    def __init__(self, message: str, file: str, line: int = 1, hint: str | None = None):
        super().__init__(message, file=file, line=line, hint=hint, code="render")


def render_site(
    site: Site, env: jinja2.Environment, config: SiteConfig, histories: dict[str, BriefHistory]
) -> list[Page]:
    """Render every generated file of the site, in a stable order."""
    pages = list(_pages(site, env, config, histories))
    pages += [
        Page("feed.xml", atom_feed(site, histories, config)),
        Page("api/briefs.json", html_safe_json(briefs_json(site))),
        Page("api/timeline.csv", timeline_csv(site)),
    ]
    return sorted(pages, key=lambda p: p.dest)


def _pages(
    site: Site, env: jinja2.Environment, config: SiteConfig, histories: dict[str, BriefHistory]
) -> Iterator[Page]:
    bodies = {b.id: render_body(site, env, config, histories[b.id]) for b in site.briefs}
    yield _render(env, "index.md.j2", "index.md", site, config)
    shallow = any(h.unavailable == "shallow" for h in histories.values())
    yield _render(
        env,
        "updates.md.j2",
        "updates.md",
        site,
        config,
        groups=group_changes(histories)[:200],
        shallow=shallow,
    )
    yield from _book_pages(site, env, config, bodies)
    yield _render(env, "briefs_index.md.j2", "briefs/index.md", site, config)
    yield from timeline_pages(site, env, config)
    yield _render(env, "sources.md.j2", "sources.md", site, config)
    yield _render(env, "actors.md.j2", "actors.md", site, config)
    yield _render(env, "track_record.md.j2", "track-record.md", site, config)
    yield _render(env, "schema_reference.md.j2", "schema.md", site, config, reference=schema_reference())
    for area in site.areas:
        yield _render(env, "area.md.j2", f"areas/{area.id}.md", site, config, area=area)
    for brief in site.briefs:
        yield render_brief(site, env, config, brief.id, bodies[brief.id])


TIMELINE_LATEST = 100
"""Events on the timeline's first page: the newest, across all years."""
TIMELINE_PART_SIZE = 500
"""Events per page of one year: a year of a large site comes in parts, so no page
grows past about half a megabyte (a thousand briefs hold some 6,000 events a year)."""


def timeline_pages(site: Site, env: jinja2.Environment, config: SiteConfig) -> Iterator[Page]:
    """The combined timeline, newest first: the latest events, then one page per year (in parts)."""
    newest = site.events[::-1]
    by_year: dict[int, list[Event]] = {}
    for event in newest:
        by_year.setdefault(event.entry.date.year, []).append(event)
    years = [(year, len(events)) for year, events in by_year.items()]
    common = {"years": years, "total": len(newest)}
    yield _render(
        env,
        "timeline.md.j2",
        "timeline.md",
        site,
        config,
        events=newest[:TIMELINE_LATEST],
        year=None,
        parts=[],
        part=1,
        **common,
    )
    for year, events in by_year.items():
        chunks = [events[i : i + TIMELINE_PART_SIZE] for i in range(0, len(events), TIMELINE_PART_SIZE)]
        dests = [f"timeline/{year}.md"] + [f"timeline/{year}/{n}.md" for n in range(2, len(chunks) + 1)]
        parts = [(n, page_url(d)) for n, d in enumerate(dests, 1)]
        for n, (dest, chunk) in enumerate(zip(dests, chunks, strict=True), 1):
            yield _render(
                env,
                "timeline.md.j2",
                dest,
                site,
                config,
                events=chunk,
                year=year,
                parts=parts,
                part=n,
                **common,
            )


BOOK_PART_SIZE = 50
"""Briefs per page of the briefing book: one page for a small site, parts for a large one
(a single page of a thousand briefs is too large to build, search or print)."""


def _book_pages(
    site: Site, env: jinja2.Environment, config: SiteConfig, bodies: dict[str, str]
) -> Iterator[Page]:
    briefs = list(site.briefs)
    chunks = [briefs[i : i + BOOK_PART_SIZE] for i in range(0, len(briefs), BOOK_PART_SIZE)] or [[]]
    dests = ["book.md"] + [f"book/{n}.md" for n in range(2, len(chunks) + 1)]
    parts = [(n, page_url(d)) for n, d in enumerate(dests, 1)]
    for n, (dest, chunk) in enumerate(zip(dests, chunks, strict=True), 1):
        placed = {b.id: place_body(bodies[b.id], dest, "###", f"{b.id}-", "") for b in chunk}
        yield _render(env, "book.md.j2", dest, site, config, bodies=placed, briefs=chunk, part=n, parts=parts)


# What differs between a brief's page and its place in the book, marked in the body
# rendered once.  NUL cannot occur in content: the YAML reader refuses it.
_ROOT, _HEADING, _ANCHOR, _ACTIONS = "\x00root\x00", "\x00h\x00", "\x00a\x00", "\x00actions\x00\n"


def render_body(site: Site, env: jinja2.Environment, config: SiteConfig, history: BriefHistory) -> str:
    """A brief's body, rendered once for its page and the briefing book (see `place_body`)."""
    brief = site.brief(history.brief_id)
    return _render_text(
        env,
        "_brief_body.md.j2",
        f"briefs/{brief.id}.md",
        lambda target: _ROOT + target,
        site=site,
        config=config,
        brief=brief,
        numbers=site.citations(brief),
        history=history,
        h=Markup(_HEADING),
        a=Markup(_ANCHOR),
        actions=Markup(_ACTIONS.removesuffix("\n")),
    ).removesuffix("\n")  # the page template ends the line


def place_body(body: str, dest: str, heading: str, anchor: str, actions: str) -> Markup:
    """A rendered body as it reads on the page `dest`: links from that page, its heading
    level, its anchor prefix and its edit/report line (all already escaped)."""
    root = "../" * page_url(dest).count("/")
    placed = body.replace(_ROOT, root).replace(_HEADING, heading).replace(_ANCHOR, anchor)
    return Markup(placed.replace(_ACTIONS, actions))


def render_brief(site: Site, env: jinja2.Environment, config: SiteConfig, brief_id: str, body: str) -> Page:
    """Render one brief page around its body."""
    brief = site.brief(brief_id)
    dest = f"briefs/{brief.id}.md"
    actions = _render_text(
        env,
        "_brief_actions.md.j2",
        dest,
        lambda target: relative_url(dest, target),
        edit_url=edit_url(config, site.paths[brief.id]),
        report_url=report_url(config, brief.id, brief.title),
    )
    placed = place_body(body, dest, "##", "", actions)
    return _render(env, "brief.md.j2", dest, site, config, brief=brief, body=placed)


def edit_url(config: SiteConfig, content_path: str) -> str | None:
    """Where "edit this brief" points: the YAML file on the repository host."""
    if not config.repo_url:
        return None
    return f"{config.repo_url.rstrip('/')}/edit/{config.edit_branch}/{content_path}"


def _render(
    env: jinja2.Environment, template: str, dest: str, site: Site, config: SiteConfig, **extra: Any
) -> Page:
    def url(target: str) -> str:
        return relative_url(dest, target)

    return Page(dest, _render_text(env, template, dest, url, site=site, config=config, **extra))


def _render_text(
    env: jinja2.Environment, template: str, dest: str, url: Callable[[str], str], **context: Any
) -> str:
    try:
        return env.get_template(template).render(url=url, **context)
    except jinja2.TemplateError as err:
        name, line = _failing_template(err, template)
        message = f"template `{err.name}` not found" if isinstance(err, jinja2.TemplateNotFound) else str(err)
        raise RenderError(
            f"template error: {message}",
            _template_path(env, name),
            line,
            hint=f"while rendering {dest}; fix the template, or remove the site's override of it",
        ) from err


def _failing_template(err: jinja2.TemplateError, rendered: str) -> tuple[str, int]:
    """The template (by name or file) and line at fault: a syntax error knows them; for any
    other error, Jinja's rewritten traceback ends in the template frame that failed."""
    if isinstance(err, jinja2.TemplateSyntaxError):
        return err.name or rendered, err.lineno or 1
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if frame.filename.endswith(".j2"):
            return frame.filename, frame.lineno or 1
    return rendered, 1


def _template_path(env: jinja2.Environment, name: str) -> str:
    """Where a template lives, as a user would open it: the site's override, relative to the
    site's folder (the first search path is the site's `site_templates/`), or the package's file."""
    loader = env.loader
    if isinstance(loader, jinja2.FileSystemLoader):
        for index, folder in enumerate(Path(f) for f in loader.searchpath):
            path = folder / name
            if path.is_file() and path.resolve().is_relative_to(folder.resolve()):
                rel = path.resolve().relative_to(folder.resolve())
                return (folder.name / rel).as_posix() if index == 0 else _shown(path)
    return name


def _shown(path: Path) -> str:
    """A path relative to the working folder when it is inside it, else whole."""
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
