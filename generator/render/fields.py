"""Field values as they appear on a page: Markdown fields sanitized, plain text escaped.

Every value from YAML is untrusted.  The Jinja environment autoescapes all
output, so plain-text fields land in HTML as text.  Fields the schema marks as
Markdown go through `MarkdownRenderer`: rendered as CommonMark (with GitHub's
tables) by cmark-gfm, then sanitized by nh3, so no raw HTML, event handler or
`javascript:` URL survives.
Headings in the Markdown skeleton use `md_text`, which also escapes Markdown.
Front matter uses `front_matter_text`: the theme prints `title` and
`description` into HTML unescaped, so they are HTML-escaped before being quoted.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import cmarkgfm  # type: ignore[import-untyped]
import nh3
from cmarkgfm.cmark import Options  # type: ignore[import-untyped]
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
_DEEP_QUOTE = re.compile(r"^((?:[ \t]*>){32})(?=[ \t]*>)", re.M)
"""A line's first 32 quote markers when more follow (what `MarkdownRenderer` nests no deeper)."""
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
    """Markdown fields to sanitized HTML: CommonMark with GFM tables (cmark-gfm), then nh3."""

    def __call__(self, text: str) -> Markup:
        if ">" in text:
            # nh3's parser takes time growing with the square of the depth of nested quotes
            # (1.5 s for the 20,000 `>` a field may hold): a 33rd `>` on a line is text.
            text = _DEEP_QUOTE.sub(r"\1\\", text)
        # Raw HTML is passed through (UNSAFE) to nh3, which keeps the text and drops the tags
        # it does not allow, as it did under Python-Markdown; cmark's own filter would drop
        # the text of an HTML block. The last newline goes: the templates place fields inline.
        rendered = cmarkgfm.markdown_to_html_with_extensions(text, Options.CMARK_OPT_UNSAFE, ["table"])
        return sanitize(rendered.removesuffix("\n"))


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
