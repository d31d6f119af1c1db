"""Field values as they appear on a page: Markdown fields sanitized, plain text escaped, dates.

Every value from YAML is untrusted.  The Jinja environment autoescapes all
output, so plain-text fields land in HTML as text.  Fields the schema marks as
Markdown go through `MarkdownRenderer`: rendered by Python-Markdown, then
sanitized by nh3, so no raw HTML, event handler or `javascript:` URL survives.
Headings in the Markdown skeleton use `md_text`, which also escapes Markdown.
Front matter uses `front_matter_text`: the theme prints `title` and
`description` into HTML unescaped, so they are HTML-escaped before being quoted.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import markdown
import nh3
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
