"""Site search: Material's lunr index, or a Pagefind index built after the engine.

Lunr (the engine's `search` plugin) puts every word of the site into one
JSON file that each reader downloads before the first result: fine for a
small site, tens of megabytes for a large one.  Pagefind indexes the built
HTML into a chunked bundle, so a query downloads only the chunks holding its
words.  `extra.briefings.search` chooses: `lunr`, `pagefind`, or `auto`
(lunr below `PAGEFIND_FROM_BRIEFS` briefs, Pagefind from there on; the
benchmark's `search_kb` is where that number comes from).

With Pagefind the engine runs without its own search (an overlay config
drops the plugin) and with `assets/pagefind-search.js`, which puts a search
box in the header; this module then indexes each page's article, leaving
out the pages marked `search: exclude: true` (the aggregates, which repeat
what the brief pages hold: a hit lands on the brief) and the metadata lines.
"""

from __future__ import annotations

import asyncio
import importlib.util
import itertools
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.publish.engines import BuildError, Engine, section_limit
from generator.publish.engines.zensical import SEPARATOR
from generator.render.editions import FOLDER

SEARCHES = ("lunr", "pagefind")
PAGEFIND_FROM_BRIEFS = 40
"""`auto` switches to Pagefind at this many briefs: where one query costs a reader fewer bytes with it.

Measured on the benchmark corpus (bench/measure_search.py, gzip as a host sends it): lunr's
index grows about 3.9 KB a brief, Pagefind's answer is about 164 KB whatever the size (199
against 164 KB at 50 briefs, 373 against 164 at 100); see docs/performance.md, "Search"."""
SCRIPT = "assets/pagefind-search.js"
"""The header search box for Pagefind (a package asset, published with the others)."""
BUNDLE = "pagefind"
"""Where the Pagefind bundle lands in the built site."""
IGNORED = (
    ".headerlink",  # the permalink sign after each heading
    "sup.cite",  # citation numbers: "[3]" is no word to find
    ".brief-dates",
    ".brief-actions",
    ".review-banner",
    ".md-source-file",
)
"""Metadata in a page that is not its text (Pagefind's `data-pagefind-ignore`, by selector)."""
CJK_LANGUAGES = ("zh", "ja")
"""Languages whose words Pagefind can only split with its extended build."""
_UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")
"""Pagefind's own UIs: the site has its own search box, so they would only be dead weight."""


class SearchError(BuildError):
    """The Pagefind index could not be built; the previous site is untouched."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message, hint=hint, path="extra.briefings.search")


def choose(setting: str, briefs: int) -> str:
    """The search a site gets: its setting, or for `auto` the one that suits its size."""
    if setting in SEARCHES:
        return setting
    return "pagefind" if briefs >= PAGEFIND_FROM_BRIEFS else "lunr"


def declares_cjk(engine_config: dict[str, Any]) -> bool:
    """Whether `theme.language` needs Pagefind's extended build (zh, ja: no spaces between words)."""
    theme = engine_config.get("theme")
    return cjk(str(theme.get("language") or "") if isinstance(theme, dict) else "")


def cjk(language: str) -> bool:
    """Whether a language writes words without spaces between them (zh, ja): lunr cannot split
    them, Pagefind's extended build can."""
    return language.lower().split("-")[0].split("_")[0] in CJK_LANGUAGES


def with_language(plugins: Any, language: str) -> list[Any]:
    """The plugins with the search plugin's `lang` set to `language` (lunr's stemmer for it)."""
    items = list(plugins.items()) if isinstance(plugins, dict) else [_plugin_item(p) for p in plugins or []]
    found: list[Any] = []
    for name, options in items:
        if name.removeprefix("material/") == "search":
            options = {**(options if isinstance(options, dict) else {}), "lang": language}
        found.append(name if options is None else {name: options})
    return found


def engine_overrides(engine_config: dict[str, Any], engine: Engine) -> dict[str, Any]:
    """The keys an overlay config changes so the engine leaves search to Pagefind."""
    plugins = engine_config.get("plugins") or []
    items = list(plugins.items()) if isinstance(plugins, dict) else [_plugin_item(p) for p in plugins]
    kept: list[Any] = [
        name if options is None else {name: options}
        for name, options in items
        if name.removeprefix("material/") != "search"
    ]
    kept.extend(engine.search_off)
    scripts = [s for s in engine_config.get("extra_javascript") or [] if s != SCRIPT]
    return {"plugins": kept, "extra_javascript": [*scripts, SCRIPT]}


def _plugin_item(entry: Any) -> tuple[str, Any]:
    if isinstance(entry, dict) and len(entry) == 1:
        name, options = next(iter(entry.items()))
        return str(name), options
    return str(entry), None


_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def excluded(markdown: str) -> bool:
    """Whether a Markdown page's front matter says `search: exclude: true`."""
    match = _FRONT_MATTER.match(markdown)
    if not match or "search:" not in match[1]:  # most pages: no YAML to parse
        return False
    try:
        meta = yaml.safe_load(match[1])
    except yaml.YAMLError:
        return False
    search = meta.get("search") if isinstance(meta, dict) else None
    return isinstance(search, dict) and search.get("exclude") is True


def html_path(md: str) -> str:
    """Where the engine writes the page of `md`, with directory URLs (`a/b.md` -> `a/b/index.html`)."""
    stem = md.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def markdown_pages(docs: Path) -> list[Path]:
    """The Markdown pages of a generated folder (not those of its other languages: a dot folder)."""
    return sorted(p for p in docs.rglob("*.md") if not p.relative_to(docs).as_posix().startswith("."))


def searchable_pages(docs: Path) -> Iterator[str]:
    """The built HTML files (relative to the site) of every page not excluded from search."""
    for path in markdown_pages(docs):
        if not excluded(path.read_text(encoding="utf-8")):
            yield html_path(path.relative_to(docs).as_posix())


@dataclass(frozen=True)
class IndexReport:
    """What the Pagefind index holds."""

    pages: int
    skipped: int
    """Pages excluded from search."""


def index_site(site: Path, docs: Path, engine: Engine, cjk: bool = False) -> IndexReport:
    """Index the site `engine` built in `site` into `site/pagefind/`; raise SearchError if Pagefind fails."""
    if cjk and importlib.util.find_spec("pagefind_bin_extended") is None:
        raise SearchError(
            "the site's theme.language needs Pagefind's extended build to split its words",
            hint="install pagefind-bin-extended (pip install 'pagefind[extended]')",
        )
    binaries = ("pagefind_bin_extended",) if cjk else ("pagefind_bin", "pagefind_bin_extended")
    if importlib.util.find_spec("pagefind") is None or not any(map(importlib.util.find_spec, binaries)):
        raise SearchError("Pagefind is not installed", hint="pip install 'pagefind[bin]'")
    pages = [rel for rel in searchable_pages(docs) if (site / rel).is_file()]
    total = len(markdown_pages(docs))
    try:
        # Pagefind's API is async: run it on its own loop, in a thread of its own, so a
        # caller that already runs an event loop (a test's browser driver) can call this.
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, _index(site, pages, engine.article_selector)).result()
    except (OSError, RuntimeError, AssertionError, KeyError) as err:
        raise SearchError(f"pagefind could not index the site: {err}", hint="Pagefind's message") from err
    for pattern in _UNUSED:
        for path in (site / BUNDLE).glob(pattern):
            path.unlink()
    return IndexReport(pages=len(pages), skipped=total - len(pages))


async def _index(site: Path, pages: list[str], article: str) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(
        root_selector=article,
        exclude_selectors=list(IGNORED),
        output_path=str(site / BUNDLE),
    )
    async with PagefindIndex(config=config) as index:
        for rel in pages:
            # source_path gives the result's URL: briefs/x/index.html -> /briefs/x/
            await index.add_html_file(content=(site / rel).read_text(encoding="utf-8"), source_path=rel)


# An engine's index may limit the token positions of one search field (a section of
# a page); a field over it fails the whole build.  Zensical's does (its module holds
# the figures, and SEPARATOR, how it splits a section into tokens).
SAFETY = 0.9
"""Keep a section below this share of the limit: the engine's text differs slightly from this estimate."""
_TAG = re.compile(r"<[^>]*>")
_HEADING = re.compile(r"\n#{1,6}\s")
"""A Markdown heading line (searched from its newline: a literal start makes this fast on big pages)."""
_ATTRS = re.compile(r"\{\s*[:#.][^}]*\}")
_FENCE_LINE = re.compile(r"^\s*(```|~~~)", re.M)


def position_limit(items: int) -> int:
    """The most token positions one section may hold in an index of `items` sections (any engine)."""
    limit = section_limit(items)
    return limit if limit is not None else 2**62


def sections(markdown: str) -> list[str]:
    """A page's search sections: the text before the first heading, then one per heading."""
    body = _body(markdown)
    return [body[a:b] for a, b in _spans(body)]


def _body(markdown: str) -> str:
    """The page without front matter, fenced code blanked (a "#" line in code is no heading)."""
    match = _FRONT_MATTER.match(markdown)
    body = markdown[match.end() :] if match else markdown
    return _without_fences(body) if "```" in body or "~~~" in body else body


def _spans(body: str) -> list[tuple[int, int]]:
    cuts = [m.start() + 1 for m in _HEADING.finditer(body)]
    if re.match(r"#{1,6}\s", body):
        cuts.insert(0, 0)
    bounds = sorted({0, *cuts, len(body)})
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a and (a > 0 or body[:b].strip())]


_LEADING_HEADING = re.compile(r"\s*#{1,6}\s")


def _section_count(markdown: str) -> int:
    """How many sections a page has (`len(sections(...))`, fenced code aside), without copying it."""
    match = _FRONT_MATTER.match(markdown)
    start = match.end() if match else 0
    headings = len(_HEADING.findall(markdown, start))
    if _LEADING_HEADING.match(markdown, start):
        # The page opens with its heading: counted above if a newline comes first, else here.
        return headings + (0 if markdown[start : start + 1] == "\n" else 1)
    return headings + (1 if markdown[start:].strip() else 0)  # text before the first heading


def _without_fences(body: str) -> str:
    kept, fenced = [], False
    for line in body.splitlines(keepends=True):
        fence = bool(_FENCE_LINE.match(line))
        fenced = fenced != fence
        kept.append(" \n" if fenced or fence else line)
    return "".join(kept)


def tokens(section: str) -> int:
    """How many token positions the engine's index gives a section of Markdown with raw HTML."""
    return sum(1 for word in SEPARATOR.split(_TAG.sub(" ", section)) if word)


def _over(section: str, ceiling: int) -> int | None:
    """The section's token positions if over `ceiling`, else None; cheap for the many short ones."""
    if len(section) <= ceiling:  # a token is at least one character and a separator
        return None
    for text in (_TAG.sub(" ", section[: ceiling * 16]), _TAG.sub(" ", section)):
        if len(text.split()) > ceiling:  # whitespace alone makes too many: no need to count exactly
            return ceiling + 1
    count = len(SEPARATOR.findall(text)) + 1  # an upper bound: one more token than separators
    return count if count > ceiling else None


@dataclass(frozen=True)
class KeptOut:
    """A page whose largest section is over the search index limit."""

    dest: str
    heading: str
    positions: int
    limit: int
    items: int

    def notice(self) -> str:
        return (
            f"search: {self.dest} is kept out of the search index: its section {self.heading!r} is "
            f"too long for it (Zensical indexes at most {self.limit:,} words a section in an index of "
            f"{self.items:,} sections); what the page lists stays searchable on its own pages"
        )


@dataclass(frozen=True)
class PageStats:
    """What deciding a page's place in search needs without its text (kept by the write step)."""

    searchable: bool
    sections: int
    length: int


def page_stats(markdown: str) -> PageStats:
    """A Markdown page's search facts (its text before any keep-out)."""
    return PageStats(not excluded(markdown), _section_count(markdown), len(markdown))


def over_limit(pages: dict[str, str]) -> list[KeptOut]:
    """The searchable Markdown pages (dest -> text) with a section over the limit, largest first."""
    stats = {d: page_stats(t) for d, t in pages.items() if d.endswith(".md")}
    return over_limit_of(stats, pages.__getitem__)


def over_limit_of(stats: dict[str, PageStats], text: Callable[[str], str]) -> list[KeptOut]:
    """`over_limit` from each page's facts, asking for the text (`text(dest)`) only of the
    few pages long enough to hold a section over the limit.  Each language's site has its
    own index (another language's pages are in `.i18n/<code>/`): each is counted on its own."""
    indexes: dict[str, dict[str, PageStats]] = {}
    for dest, page in stats.items():
        parts = dest.split("/", 2)
        indexes.setdefault("/".join(parts[:2]) if parts[0] == FOLDER else "", {})[dest] = page
    found = [k for pages in indexes.values() for k in _over_limit_of(pages, text)]
    return sorted(found, key=lambda k: -k.positions)


def _over_limit_of(stats: dict[str, PageStats], text: Callable[[str], str]) -> list[KeptOut]:
    searchable = {d: s for d, s in stats.items() if s.searchable}
    # Every heading starts a section; the few pages long enough to hold one over the limit
    # are split exactly (fenced code set aside), the others only counted.
    items = sum(s.sections for s in searchable.values())
    limit = position_limit(items)
    ceiling = int(limit * SAFETY)
    found = []
    for dest, page in sorted(searchable.items()):
        if page.length <= ceiling:  # a token is at least one character and a separator
            continue
        body = _body(text(dest))
        worst = max(((_over(body[a:b], ceiling) or 0, a, b) for a, b in _spans(body)), default=(0, 0, 0))
        if worst[0]:
            heading = _ATTRS.sub("", body[worst[1] : worst[2]].split("\n", 1)[0]).lstrip("#").strip()
            found.append(KeptOut(dest, heading or dest, worst[0], limit, items))
    return sorted(found, key=lambda k: -k.positions)


def exclude_from_search(markdown: str) -> str:
    """The page with `search: exclude: true` in its front matter (which every engine honours)."""
    match = _FRONT_MATTER.match(markdown)
    if match is None:
        return "---\nsearch:\n  exclude: true\n---\n" + markdown
    meta = match[1]
    if re.search(r"^search:", meta, re.M):
        meta = re.sub(r"^search:.*(\n[ \t]+.*)*\n?", "", meta, flags=re.M)
    return f"---\n{meta}search:\n  exclude: true\n---\n" + markdown[match.end() :]


def keep_under_limit(files: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[KeptOut]]:
    """The generated files with each page that has a section over the limit kept out of search.

    Done for every engine, so all three index the same pages; the pages kept out
    are aggregates (timeline, sources) whose entries each brief page holds too.
    """
    texts = {path: data.decode("utf-8") for path, data in files if path.endswith(".md")}
    found = over_limit(texts)
    out = {k.dest for k in found}
    kept = [
        (path, exclude_from_search(texts[path]).encode() if path in out else data) for path, data in files
    ]
    return kept, found
