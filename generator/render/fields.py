"""Field values as they appear on a page: Markdown fields sanitized, plain text escaped.

Every value from YAML is untrusted.  The Jinja environment autoescapes all
output, so plain-text fields land in HTML as text.  Fields the schema marks as
Markdown go through `MarkdownRenderer`: rendered as CommonMark (with GitHub's
tables) by pulldown-cmark (`pyromark`), then sanitized by nh3, so no raw HTML,
event handler or `javascript:` URL survives.
Headings in the Markdown skeleton use `md_text`, which also escapes Markdown.
Front matter uses `front_matter_text`: the theme prints `title` and
`description` into HTML unescaped, so they are HTML-escaped before being quoted.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import nh3
import pyromark
from markupsafe import Markup

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
_NESTING = re.compile(r"<(/?)(?:ul|ol|li|blockquote)\b[^>]*>")
MAX_DEPTH = 64
"""Lists and quotes a field may nest; deeper, it is shown as its text (`MarkdownRenderer`),
and `validate` reports it (`check/text.py`)."""
_OPTIONS = pyromark.Options.ENABLE_TABLES
"""CommonMark's syntax and GitHub's tables: no other extension (the renderer before had none)."""
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


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


def sanitize(rendered: str) -> Markup:
    """HTML a Markdown field rendered to, with only `ALLOWED_TAGS`, links' `href` and `title`
    (`http`, `https`, `mailto`), and no comment, script or event handler."""
    return Markup(
        nh3.clean(
            rendered,
            tags=ALLOWED_TAGS,
            attributes={"a": {"href", "title"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer nofollow",
        )
    )


class MarkdownRenderer:
    """Markdown fields to sanitized HTML: CommonMark with GFM tables (pulldown-cmark), then nh3."""

    def __call__(self, text: str) -> Markup:
        # Raw HTML reaches nh3, which keeps the text and drops the tags it does not allow.
        # The last newline goes: the templates place fields inline.
        rendered = pyromark.html(text, options=_OPTIONS).removesuffix("\n")
        if rendered.count("<") > MAX_DEPTH and _depth(rendered) > MAX_DEPTH:
            # nh3's parser takes time growing with the square of the depth: 1.2 s for the
            # 10,000 lists that `+ + + …` nests in the 20,000 characters a field may hold.
            return Markup("<p>%s</p>") % text
        return sanitize(rendered)


def markdown_depth(text: str) -> int:
    """How deep Markdown `text` nests lists and quotes."""
    return _depth(pyromark.html(text, options=_OPTIONS))


def _depth(rendered: str) -> int:
    """How deep lists and quotes nest in HTML."""
    depth = deepest = 0
    for tag in _NESTING.finditer(rendered):
        depth += -1 if tag[1] else 1
        deepest = max(deepest, depth)
    return deepest


_TEX_SPECIAL = re.compile(r"[\\{}%&$#_^~]")
_TEX_ESCAPES = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


def tex_text(text: str) -> str:
    """Text as a BibTeX field holds it: LaTeX's special characters escaped."""
    return _TEX_SPECIAL.sub(lambda m: _TEX_ESCAPES.get(m.group(), "\\" + m.group()), text)


def bibtex(key: str, title: str, site: str, url: str, day: dt.date, note: str) -> str:
    """A `@misc` BibTeX entry for a page of a site (biblatex's `date` and `url` fields, with
    `year` and `howpublished` for classic BibTeX styles); the site is its corporate author."""
    fields = [
        ("title", "{" + tex_text(title) + "}"),  # braced: its capitals kept
        ("author", "{" + tex_text(site) + "}"),  # braced: a corporate author, not a person's name
        ("year", str(day.year)),
        ("date", day.isoformat()),
        ("url", url.replace("%", r"\%").replace("#", r"\#")),
        ("howpublished", r"\url{" + url.replace("%", r"\%").replace("#", r"\#") + "}"),
        ("note", tex_text(note)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"
