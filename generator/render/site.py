"""The site renderer: the site model through Jinja templates into Markdown pages.

One Jinja environment (strict, autoescaping, templates from the first folder
holding each); every page gets the site, the configuration and a `url()`
relative to itself.  A brief's body is rendered once and placed both on its
own page and in the briefing book (`place_body`).  Touches no disk but templates.

Templates see the site, the configuration and the words through the tracked
views of `render/tracking.py`, which record what each page reads as input
keys (`render/output.py`): what a page read decides when it is rendered again.
"""

from __future__ import annotations

import functools
import os
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.cache import Store
from generator.config import SiteConfig
from generator.domain import Vocabulary
from generator.errors import BriefingsError
from generator.history import BriefHistory
from generator.model import Site
from generator.read import files
from generator.render.changelog import ChangeLog
from generator.render.fields import MarkdownRenderer, bibtex, front_matter_text, md_text
from generator.render.fragments import Fragments
from generator.render.links import edit_url, place_links, relative_url, report_url, root_url
from generator.render.tracking import TrackedBrief, TrackedConfig, TrackedSite, TrackedWords
from generator.words import Words


class RenderError(BriefingsError):
    """A template or a hand-written page cannot be rendered; placed at its file and line."""

    def __init__(self, message: str, file: str, line: int = 1, hint: str | None = None):
        super().__init__(message, file=file, line=line, hint=hint, code="render")


class SafeLoader(jinja2.FileSystemLoader):
    """Templates from the first folder holding each, read only as regular files inside the
    folder's project (`read/files.py`): a link out of it, or a FIFO, is an error, not a page."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if not os.path.lexists(path) or (path.is_dir() and not path.is_symlink()):
                continue
            source = files.read_text(path, Path(folder).parent)  # the site's folder, or the package
            return source, str(path), functools.partial(_unchanged, path, path.stat().st_mtime)
        raise jinja2.TemplateNotFound(template)


def _unchanged(path: Path, mtime: float) -> bool:
    try:
        return path.stat().st_mtime == mtime
    except OSError:
        return False


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process, for every environment made in it (each language,
    `--verify`, every run of the preview): Jinja checks each against its source's checksum."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = CompiledTemplates()


def make_environment(
    template_dirs: Sequence[Path], words: Words | None = None, vocabulary: Vocabulary | None = None
) -> jinja2.Environment:
    """The one Jinja environment: strict, autoescaping, templates from the first folder holding each;
    the site's words as `ui`, and filters that write dates and numbers in its language."""
    words = words or Words()
    terms = vocabulary or Vocabulary()
    env = jinja2.Environment(
        loader=SafeLoader(list(template_dirs)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment renders one run: its templates do not change
        bytecode_cache=_COMPILED,
    )
    env.filters.update(
        md_text=md_text,
        markdown=MarkdownRenderer(),
        json_text=front_matter_text,
        date=words.date,
        daterange=words.daterange,
        number=words.number,
        percent=words.percent,
        join_words=words.join,
        change=lambda change: change.describe(words, terms),
        bibtex=bibtex,
    )
    env.globals["ui"] = words
    return env


# What differs between a brief's page and its place in the book, marked in the body
# rendered once (with the links' way up, `links.root_url`).  NUL cannot occur in content.
_HEADING, _ANCHOR, _ACTIONS = "\x00h\x00", "\x00a\x00", "\x00actions\x00\n"

BRIEF_TEMPLATES = ("brief.md.j2", "_brief_body.md.j2", "_brief_actions.md.j2")
"""The templates a brief's page is rendered from (each with what it includes)."""


def place_body(body: str, dest: str, heading: str, anchor: str, actions: str) -> Markup:
    """A rendered body as it reads on the page `dest`: links from that page, its heading
    level, its anchor prefix and its edit/report line (all already escaped)."""
    placed = place_links(body, dest).replace(_HEADING, heading).replace(_ANCHOR, anchor)
    return Markup(placed.replace(_ACTIONS, actions))


class BodyCache:
    """Rendered bodies kept between runs, each under the fingerprint of the inputs it was
    rendered from (declared, and read through `TrackedSite`), so the briefing book's other
    briefs need not be rendered again when one brief changes."""

    NAMESPACE = "bodies"

    @classmethod
    def namespace_of(cls, language: str | None) -> str:
        """Where the bodies of a language are kept (the source language's: None)."""
        return cls.NAMESPACE if language is None else f"{cls.NAMESPACE}-{language}"

    def __init__(
        self,
        store: Store,
        fingerprint: Callable[[Iterable[str]], str],
        language: str | None = None,
        kept: dict[str, tuple[str, frozenset[str], str]] | None = None,
    ) -> None:
        """`language`: one namespace per language, since a brief's body differs in each; `kept`:
        the entries a long-lived process kept from its last run (else read from `store`)."""
        self.namespace = self.namespace_of(language)
        self._store = store
        self.fingerprint = fingerprint
        self._old = kept
        self._new: dict[str, tuple[str, frozenset[str], str]] = {}
        self._rendered = False

    def lookup(self, brief_id: str, declared: frozenset[str]) -> tuple[str, set[str]] | None:
        """The body and the inputs it read, if none of them changed since it was rendered."""
        entry = self.entries().get(brief_id)
        if entry is None or self.fingerprint(declared | entry[1]) != entry[0]:
            return None
        self._new[brief_id] = entry
        return entry[2], set(entry[1])

    def store(self, brief_id: str, declared: frozenset[str], observed: set[str], text: str) -> None:
        """Keep a body just rendered."""
        self._new[brief_id] = (self.fingerprint(declared | observed), frozenset(observed), text)
        self._rendered = True

    def save(self, briefs: Iterable[str]) -> None:
        """Keep the bodies of these briefs for the next run: this run's, else the last one's
        (written only when a body was rendered: the file holds every body of the site)."""
        kept = {b: self._new.get(b) or self.entries().get(b) for b in briefs}
        entries = {b: e for b, e in kept.items() if e is not None}
        if self._rendered or entries.keys() != self.entries().keys():
            self._store.save(self.namespace, entries)
        self._old, self._new, self._rendered = entries, {}, False

    def entries(self) -> dict[str, tuple[str, frozenset[str], str]]:
        """Every body kept: brief id -> (fingerprint, inputs read, text)."""
        if self._old is None:
            self._old = self._store.load(self.namespace)
        return self._old


class SiteRenderer:
    """Renders pages of one site; each brief's body at most once per run."""

    def __init__(
        self,
        env: jinja2.Environment,
        site: Site,
        config: SiteConfig,
        histories: dict[str, BriefHistory],
        body_cache: BodyCache | None = None,
        body_inputs: Callable[[str], frozenset[str]] = lambda brief_id: frozenset(),
        macro_templates: frozenset[str] = frozenset(),
    ) -> None:
        """`body_inputs`: what a brief's body is declared to depend on (the cache adds what it
        read); `macro_templates`: the input keys of the macros' templates (`render/fragments.py`)."""
        self.env = env
        self.site = site
        self.config: SiteConfig = TrackedConfig(config, self._note)  # type: ignore[assignment]
        """The configuration as templates and this renderer read it (each read observed)."""
        self.histories = histories
        self.view = TrackedSite(site, self._note)
        """The site as templates see it."""
        words = TrackedWords(config.words, self._note)
        env.globals["ui"] = words
        # Dates and numbers are written in the site's language: reading them is reading the words.
        env.filters.update(
            date=words.date, daterange=words.daterange, number=words.number, percent=words.percent
        )
        env.filters["join_words"] = words.join
        self.body_cache = body_cache
        self.body_inputs = body_inputs
        self._bodies: dict[str, tuple[str, set[str]]] = {}
        self._observed: dict[str, set[str]] = {}
        self._recording: list[set[str]] = []
        context = {"site": self.view, "config": self.config}
        self.once = Fragments(env, context, self.collecting, self._note, macro_templates)
        """Pieces rendered once per run and placed in every page that shows them."""
        self.changes = ChangeLog(
            words,  # type: ignore[arg-type]
            config.vocabulary,
            lambda: self.view.records,  # read while a page renders: noted as its input
            # Read as the field of every brief: an edit of a brief's summary renders no log again.
            lambda brief_id: TrackedBrief(self.site.brief(brief_id), self._note).corrections,
        )
        """What changed, said for readers (`render/changelog.py`)."""
        env.filters["change_days"] = lambda history: self.changes.brief_days(history.brief_id, history)

    def observed(self, dest: str) -> frozenset[str]:
        """The inputs templates read while rendering `dest` (empty before it is rendered)."""
        return frozenset(self._observed.get(dest, ()))

    @contextmanager
    def recording(self, dest: str) -> Iterator[None]:
        """Note what the site is read for, while rendering `dest`, as inputs of `dest`."""
        self._recording.append(self._observed.setdefault(dest, set()))
        try:
            yield
        finally:
            self._recording.pop()

    @contextmanager
    def collecting(self) -> Iterator[set[str]]:
        """Collect what is read inside it apart from the page being rendered (a piece of
        several pages: each page it is placed in notes the collected reads)."""
        seen: set[str] = set()
        self._recording.append(seen)
        try:
            yield seen
        finally:
            self._recording.pop()

    def _note(self, keys: Iterable[str]) -> None:
        if self._recording:
            self._recording[-1].update(keys)

    def page(self, template: str, dest: str, **extra: Any) -> str:
        """The page `dest` from `template`, with the site, the configuration and `extra`."""

        def url(target: str) -> str:
            return relative_url(dest, target)

        with self.recording(dest):
            text = self._text(template, dest, url, site=self.view, config=self.config, **extra)
        return place_links(text, dest)  # the pieces rendered once (`self.once`) it holds

    def body(self, brief_id: str) -> str:
        """A brief's body, rendered once for its page and the briefing book (see `place_body`)."""
        if brief_id not in self._bodies:
            declared = self.body_inputs(brief_id)
            found = self.body_cache.lookup(brief_id, declared) if self.body_cache else None
            if found is None:
                found = self._render_body(brief_id)
                if self.body_cache:
                    self.body_cache.store(brief_id, declared, found[1], found[0])
            self._bodies[brief_id] = found
        text, seen = self._bodies[brief_id]
        self._note(seen)  # on every page it is placed in
        return text

    def _render_body(self, brief_id: str) -> tuple[str, set[str]]:
        brief = self.site.brief(brief_id)
        with self.collecting() as seen:
            text = self._text(
                "_brief_body.md.j2",
                f"briefs/{brief.id}.md",
                root_url,
                site=self.view,
                config=self.config,
                brief=brief,
                numbers=self.site.citations(brief),
                history=self.histories[brief_id],
                h=Markup(_HEADING),
                a=Markup(_ANCHOR),
                actions=Markup(_ACTIONS.removesuffix("\n")),
            ).removesuffix("\n")  # the page template ends the line
        return text, seen

    def brief_page(self, brief_id: str) -> str:
        """One brief's page around its body."""
        brief = self.site.brief(brief_id)
        dest = f"briefs/{brief.id}.md"
        with self.recording(dest):
            actions = self._text(
                "_brief_actions.md.j2",
                dest,
                lambda target: relative_url(dest, target),
                brief=brief,
                edit_url=edit_url(self.config, self.site.paths[brief.id]),
                report_url=report_url(self.config, brief.id, brief.title),
            )
            placed = place_body(self.body(brief_id), dest, "##", "", actions)
            return self.page("brief.md.j2", dest, brief=brief, body=placed)

    def book_part(self, dest: str, part: int, brief_ids: Sequence[str], parts: list[tuple[int, str]]) -> str:
        """One page of the briefing book: the bodies of `brief_ids`, headed for the book."""
        briefs = [self.site.brief(b) for b in brief_ids]
        with self.recording(dest):
            placed = {b: place_body(self.body(b), dest, "###", f"{b}-", "") for b in brief_ids}
        return self.page("book.md.j2", dest, bodies=placed, briefs=briefs, part=part, parts=parts)

    def _text(self, template: str, dest: str, url: Callable[[str], str], **context: Any) -> str:
        try:
            return self.env.get_template(template).render(url=url, once=self.once, **context)
        except jinja2.TemplateError as err:
            name, line = _failing_template(err, template)
            message = (
                f"template `{err.name}` not found" if isinstance(err, jinja2.TemplateNotFound) else str(err)
            )
            raise RenderError(
                f"template error: {message}",
                template_path(self.env, name),
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


def template_path(env: jinja2.Environment, name: str) -> str:
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
