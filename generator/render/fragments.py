"""Pieces of pages rendered once per run and placed wherever they appear.

A badge, an actor's link, a source's citation marker or an event's entry on the
timeline is the same text on every page that shows it, up to the links'
way back to the site's root.  Templates ask for it as `once.<macro>(...)`: the
macro of `_macros.md.j2` (the site's override, if it has one) is rendered the
first time it is asked for with those arguments, with `root_url` writing each
link from a marker that each page replaces with its own way up (`place_links`),
and its text is reused for the rest of the run.

Tracking stays exact: what the macro read while it rendered is recorded with the
piece, and noted again on every page (or brief body) that places it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from typing import Any

import jinja2
from markupsafe import Markup

from generator.render.links import root_url
from generator.render.tracking import TrackedBrief

MACROS = "_macros.md.j2"
"""The template whose macros `once` renders."""

_NUMBER = Markup("\x00n\x00")
"""Where a citation's number goes in a piece rendered once for every number (NUL cannot
occur in content: the YAML reader refuses it)."""

_VALUES = frozenset({str, Markup, int, float, bool, dt.date, dt.datetime, type(None)})


class Fragments:
    """`once` in templates: each macro of `_macros.md.j2`, rendered once per distinct arguments.

    An argument is keyed by its type and value, or, for a record (a brief, an event), by its
    type and id: one renderer holds one site, in one language, where an id names one record.
    """

    def __init__(
        self,
        env: jinja2.Environment,
        context: Mapping[str, Any],
        collecting: Callable[[], AbstractContextManager[set[str]]],
        note: Callable[[Iterable[str]], None],
        templates: frozenset[str] = frozenset(),
    ) -> None:
        """`context`: what the macros see besides the words (the site and the configuration,
        tracked); `collecting()` collects the reads made inside it (`SiteRenderer.collecting`);
        `templates`: the input keys of `MACROS` and what it uses, read by every piece."""
        self._env = env
        self._context = context
        self._collecting = collecting
        self._note = note
        self._templates = templates
        self._module: Any = None
        self._texts: dict[tuple[Any, ...], tuple[str, frozenset[str]]] = {}

    def __getattr__(self, name: str) -> Callable[..., Markup]:
        if name.startswith("_"):
            raise AttributeError(name)

        def rendered(*args: Any) -> Markup:
            return self.render(name, *args)

        setattr(self, name, rendered)  # found directly from now on
        return rendered

    def render(self, name: str, *args: Any) -> Markup:
        """The text of `name(*args)`, rendered the first time; its reads noted on every use."""
        return Markup(self._text(name, args))

    def cites(self, ids: Iterable[str], numbers: Mapping[str, int], prefix: str = "") -> Markup:
        """The citation markers of `ids` (macro `cite_source`), each source's marker rendered
        once for every number it is cited under."""
        marks = []
        for i in ids:
            marks.append(self._text("cite_source", (_NUMBER, i, prefix)).replace(_NUMBER, str(numbers[i])))
        return Markup("".join(marks))

    def numbered(self, name: str, number: int, *args: Any) -> Markup:
        """`name(number, *args)`, rendered once for every number (the macro only prints it)."""
        return Markup(self._text(name, (_NUMBER, *args)).replace(_NUMBER, str(number)))

    def _text(self, name: str, args: tuple[Any, ...]) -> str:
        key: tuple[Any, ...] | None = None
        found = None
        try:
            key = (name, *map(_key, args))
            found = self._texts.get(key)
        except TypeError:  # an argument that is neither a value nor a record: not kept
            pass
        if found is None:
            macro = getattr(self._macros(), name, None)
            if not callable(macro):
                raise jinja2.UndefinedError(f"`once.{name}`: {MACROS} has no macro `{name}`")
            with self._collecting() as observed:
                text = str(macro(*args))
            found = (text, frozenset(observed) | self._templates)  # with what the module read
            if key is not None:
                self._texts[key] = found
        self._note(found[1])
        return found[0]

    def _macros(self) -> Any:
        if self._module is None:
            module_vars = {**self._context, "url": root_url, "once": self}
            with self._collecting() as observed:  # a site's macros may read the site at their top
                self._module = self._env.get_template(MACROS).make_module(vars=module_vars)
            self._templates |= observed
        return self._module


def _key(arg: Any) -> Any:
    """How an argument tells one piece from another (TypeError: it cannot)."""
    if type(arg) in _VALUES:
        return (type(arg), arg)
    record = arg._brief if isinstance(arg, TrackedBrief) else arg  # by the brief's id, unnoted
    ident = getattr(record, "id", None)
    if not isinstance(ident, str):
        raise TypeError(f"not a value or a record: {type(arg).__name__}")
    return (type(arg), ident)
