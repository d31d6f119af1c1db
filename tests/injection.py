"""An injection corpus, a copy of the content with a payload in every text field, and an HTML scanner.

The payloads are what a hostile or careless contributor could put in a brief:
markup, scripts, event handlers, `javascript:` URLs, template syntax, Markdown
that would break a table or a heading, front-matter breakers, entities,
bidirectional-override characters and very long strings.  `inject_content`
writes a copy of a content folder in which every free-text field of every
brief and registry holds one of them, while ids, dates, enums, URLs and
references stay valid, so the copy builds.  `scan_html` lists what must
never come out of such content: scripts, frames, SVG, event-handler
attributes and script URLs.
"""

from __future__ import annotations

import html.parser
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample" / "content"

PAYLOADS: tuple[str, ...] = (
    "</a><script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% raw %}",
    "{% for x in range(9) %}x{% endfor %}",
    "| broken | table |",
    "| a | b |\n|---|---|\n| c | d |",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">js link</a>',
    '<a href="  JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data url</a>',
    "<javascript:alert(1)>",
    "javascript:alert(1)",
    '<iframe src="https://example.org/"></iframe>',
    '"><svg onload=alert(1)>',
    "'><svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "---\ntitle: pwned\n---",
    "---",
    "text\n# heading",
    "\n\n## second heading\n\nparagraph",
    "[ref]\n\n[ref]: javascript:alert(1)",
    '![img](x" onerror="alert(1))',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp; &#60; &#x3C; &copy; &",
    "<!-- unclosed comment",
    "]]> <![CDATA[ x ]]>",
    "\u05e2\u05d1\u05e8\u05d9\u05ea mixed right-to-left, without bidi controls (those are refused)",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "<style>body{display:none}</style>",
    '<object data="javascript:alert(1)"></object>',
    "<details open ontoggle=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    "<<script>script>alert(1)<</script>/script>",
    "{: onclick=alert(1) }",
    "*em* **strong** `code` _u_ ~~del~~ \\*escaped\\*",
    "C:\\path\\to\\file \\ backslash",
    "'; alert(1); //",
    '\\"; alert(1); //',
    "${7*7} <%= 7*7 %> #{7*7}",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "emoji \U0001f680 astral \U0001d4b3 combining e\u0301",
    "x" * 1200 + "<script>alert(1)</script>",
)
"""49 payloads; each text field receives the next one in turn."""

# Free-text fields, by the key that holds them.  Everything else (ids, dates,
# enums, URLs, owners, references) is left alone so the copy still validates.
PLAIN_KEYS = frozenset({"title", "status_note", "name", "role", "publisher", "via"})
MARKDOWN_KEYS = frozenset({"summary", "text", "differences", "note"})


@dataclass
class Injected:
    """What `inject_content` placed: text fields shown as text, and Markdown fields."""

    plain: list[tuple[str, str]] = field(default_factory=list)
    """(where, payload) for fields rendered as plain text."""
    markdown: list[tuple[str, str]] = field(default_factory=list)
    """(where, payload) for fields rendered as sanitized Markdown."""

    @property
    def count(self) -> int:
        """How many fields hold a payload."""
        return len(self.plain) + len(self.markdown)


def content_source() -> Path:
    """The content the site-wide tests run on: the sample fixture, which uses every field."""
    return SAMPLE


class _Injector:
    """Walks loaded YAML and replaces every free-text value with payloads.

    With more fields than payloads, field i gets payload i modulo their number;
    with fewer (a small fixture), field i gets payloads i, i + fields, ... joined,
    so every payload is tried either way.
    """

    def __init__(self, fields: int, record: Injected | None = None) -> None:
        self.fields = max(fields, 1)
        self.record = record
        self.turn = 0

    def put(self, where: str, markdown: bool) -> str:
        i, self.turn = self.turn, self.turn + 1
        if self.fields >= len(PAYLOADS):
            payload = PAYLOADS[i % len(PAYLOADS)]
        else:
            payload = " ".join(PAYLOADS[i :: self.fields])
        if self.record is not None:
            (self.record.markdown if markdown else self.record.plain).append((where, payload))
        return payload

    def walk(self, value: Any, where: str, key: str = "", parent: str = "") -> Any:
        if isinstance(value, dict):
            return {k: self.walk(v, f"{where}.{k}", k, key) for k, v in value.items()}
        if isinstance(value, list):
            if key == "key_points":
                return [self.put(f"{where}[{i}]", True) for i in range(len(value))]
            return [self.walk(v, f"{where}[{i}]", key, parent) for i, v in enumerate(value)]
        if not isinstance(value, str):
            return value
        if key in PLAIN_KEYS or (key == "description" and parent == "areas"):
            return self.put(where, False)
        if key in MARKDOWN_KEYS or key == "description":
            return self.put(where, True)
        return value


def _fill_optional(data: dict[str, Any]) -> None:
    """Add the optional text fields that are absent, so they are attacked too."""
    for channel in data.get("channels", []):
        if isinstance(channel, dict):  # an event's `channels` are ids
            channel.setdefault("status_note", "note")
    for ref in data.get("events", []):
        ref.setdefault("note", "note")
    if "date" in data and "title" in data:  # an event
        data.setdefault("description", "description")
        if "readouts" in data:
            data["readouts"].setdefault("differences", "differences")
    for source in data.get("sources", []):
        if isinstance(source, dict):  # an event's `sources` are ids
            source.setdefault("via", "via")
    if "summary" in data:
        data.setdefault("key_points", ["point"])
        data.setdefault("risks", [{"text": "risk"}])


def inject_content(source: Path, dest: Path) -> Injected:
    """Copy the content folder `source` to `dest` with payloads in every free-text field."""
    shutil.copytree(source, dest)
    # Translations are not rendered (yet): only the source's text reaches a page.
    files = sorted(p for p in dest.rglob("*.yaml") if "translations" not in p.relative_to(dest).parts)
    documents = []
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        _fill_optional(data)
        documents.append(data)
    counter = _Injector(0)
    for path, data in zip(files, documents, strict=True):
        counter.walk(data, path.name)
    record = Injected()
    injector = _Injector(counter.turn, record)
    for path, data in zip(files, documents, strict=True):
        new = injector.walk(data, path.relative_to(dest).as_posix())
        text = yaml.safe_dump(new, allow_unicode=True, sort_keys=False, width=1 << 16)
        path.write_text(text, encoding="utf-8")
    return record


def visible(text: str) -> str:
    """Text the way a reader sees it: runs of whitespace collapsed."""
    return " ".join(text.split())


# --- scanning built HTML -------------------------------------------------

URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"})
FORBIDDEN_TAGS = frozenset({"iframe", "svg", "object", "embed", "frame", "frameset", "base", "math"})
_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)


@dataclass
class Scan:
    """What a page holds that content must never add."""

    scripts: list[str] = field(default_factory=list)
    """One signature per script element: its src, or its inline text."""
    handlers: list[str] = field(default_factory=list)
    """`tag[onx]` for every event-handler attribute."""
    forbidden: list[str] = field(default_factory=list)
    """Frames, SVG, MathML, object, base, meta refresh."""
    script_urls: list[str] = field(default_factory=list)
    """URL attributes with a javascript:, vbscript: or data: scheme."""
    text: list[str] = field(default_factory=list)
    """Text content outside scripts and styles."""
    title: str = ""


class _Scanner(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self.inside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script":
            self.scan.scripts.append("src=" + values["src"] if "src" in values else "inline")
        if tag in FORBIDDEN_TAGS or (tag == "meta" and "http-equiv" in values):
            self.scan.forbidden.append(tag)
        for name, value in values.items():
            if name.startswith("on"):
                self.scan.handlers.append(f"{tag}[{name}]")
            if name in URL_ATTRS and _SCRIPT_URL.match(value):
                self.scan.script_urls.append(f"{tag}[{name}={value[:40]}]")
        if tag in ("script", "style", "title", "textarea"):
            self.inside.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.inside and self.inside[-1] == tag:
            self.inside.pop()

    def handle_data(self, data: str) -> None:
        if not self.inside:
            self.scan.text.append(data)
        elif self.inside[-1] == "script" and self.scan.scripts[-1] == "inline":
            self.scan.scripts[-1] = "inline:" + _script_shape(data)
        elif self.inside[-1] == "title":
            self.scan.title += data


def _script_shape(body: str) -> str:
    """An inline script with page-specific paths blanked, to compare pages with each other."""
    return re.sub(r'"(\.\./)*\.{0,2}/?"|"(\.\./)+[^"]*"', '""', body.strip())[:200]


def scan_html(text: str) -> Scan:
    """Parse a page the way a browser tokenizes it, and list what content must not add."""
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    return scanner.scan


def iter_pages(site: Path) -> Iterator[tuple[str, str]]:
    """(relative path, text) of every HTML page of a built site, sorted."""
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), path.read_text(encoding="utf-8")
