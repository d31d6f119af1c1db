"""Pieces rendered once a run (`once.<macro>(...)`): one render per distinct arguments, the
same text on every page up to its links, and the reads noted on every page that places it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import jinja2
import pytest

from generator.render.fragments import Fragments
from generator.render.links import place_links, relative_url, root_url

MACROS = """\
{% macro link(record) -%}
{{ count() }}<a href="{{ url('briefs/' ~ record.id ~ '/') }}">{{ site[record.id] }}</a>
{%- endmacro %}
{% macro cite_source(n, id, prefix="") -%}
{{ count() }}<a href="#{{ prefix }}source-{{ n }}">[{{ n }}] {{ site[id] }}</a>
{%- endmacro %}
{% macro home() -%}
<a href="{{ url('') }}">home</a>
{%- endmacro %}
"""


class Record:
    def __init__(self, ident: str) -> None:
        self.id = ident


class Recorder:
    """The renderer's side of tracking: a stack of sets, each read noted in the top one."""

    def __init__(self) -> None:
        self.stack: list[set[str]] = [set()]
        self.renders = 0

    @contextmanager
    def collecting(self) -> Iterator[set[str]]:
        seen: set[str] = set()
        self.stack.append(seen)
        try:
            yield seen
        finally:
            self.stack.pop()

    def note(self, keys: object) -> None:
        self.stack[-1].update(keys)  # type: ignore[call-overload]

    def count(self) -> str:
        self.renders += 1
        self.note({"read:site"})
        return ""


def once_for(recorder: Recorder) -> Fragments:
    env = jinja2.Environment(loader=jinja2.DictLoader({"_macros.md.j2": MACROS}), autoescape=True)
    env.globals["count"] = recorder.count
    site = {"a": "Brief <A>", "s1": "Source 1"}
    return Fragments(env, {"site": site}, recorder.collecting, recorder.note, frozenset({"template:m"}))


def test_a_piece_is_rendered_once_and_its_reads_noted_on_every_page() -> None:
    recorder = Recorder()
    once = once_for(recorder)
    pages = []
    for dest in ("index.md", "briefs/b.md", "timeline/area/x/2.md"):
        recorder.stack = [set()]
        text = once.link(Record("a")) + once.link(Record("a"))
        pages.append((dest, place_links(text, dest), recorder.stack[0]))
    assert recorder.renders == 1  # the text is kept: three pages, six placings
    for dest, text, reads in pages:
        link = relative_url(dest, "briefs/a/")
        assert text == f'<a href="{link}">Brief &lt;A&gt;</a>' * 2
        assert reads == {"read:site", "template:m"}  # as if each page had rendered it


def test_a_numbered_piece_is_rendered_once_for_every_number() -> None:
    recorder = Recorder()
    once = once_for(recorder)
    marks = once.cites(["s1", "s1"], {"s1": 3}, "p-") + once.cites(["s1"], {"s1": 12})
    assert marks == '<a href="#p-source-3">[3] Source 1</a>' * 2 + '<a href="#source-12">[12] Source 1</a>'
    assert recorder.renders == 2  # one per prefix: the number is put in each time
    assert once.numbered("cite_source", 7, "s1", "") == '<a href="#source-7">[7] Source 1</a>'
    assert recorder.renders == 2


def test_a_link_to_the_root_reads_as_relative_url_writes_it() -> None:
    once = once_for(Recorder())
    for dest in ("index.md", "about.md", "briefs/a.md"):
        assert place_links(once.home(), dest) == f'<a href="{relative_url(dest, "")}">home</a>'
    assert place_links(root_url("sources/#x"), "briefs/a.md") == relative_url("briefs/a.md", "sources/#x")


def test_a_macro_the_template_lacks_is_a_template_error() -> None:
    with pytest.raises(jinja2.UndefinedError, match="no macro `badge`"):
        once_for(Recorder()).badge("x")
