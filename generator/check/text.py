"""Text that cannot be published, and text as a terminal may show it.

A YAML escape writes any character (`"Bell\\x07"`, `"\\e[31m"`, `"\\0"`), and a
file may hold raw bidi controls.  Each is checked here, at its field:

* C0 and C1 control characters other than tab and newline, and DEL, are
  errors: feeds and terminals break on them, and NUL is the generator's own
  marker inside rendered pages (`render/site.py`);
* bidirectional controls (U+202A-E, U+2066-9, U+200E-F, U+061C) are errors:
  they make text read differently from what it is (the "Trojan Source" trick);
* zero-width characters are warnings: some scripts need a joiner, but in an
  id or a title they hide a difference.

`shown()` is the one way a diagnostic shows text it did not write: every such
character as an escape, so nothing from a repository reaches a terminal raw.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from generator.errors import FieldPath, Problem
from generator.render.fields import MAX_DEPTH, markdown_depth

_OTHER_CONTROL = "\x01-\x08\x0b-\x1f\x7f-\x9f"
_CONTROL = "\x00" + _OTHER_CONTROL
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"
_WARNING = re.compile(f"[{_ZERO_WIDTH}]")
UNSHOWABLE = re.compile(f"[{_CONTROL}{_BIDI}{_ZERO_WIDTH}]")


def shown(text: str, keep: str = "") -> str:
    """`text` with every control, bidi and zero-width character escaped (`\\x1b`, `\\u202e`),
    except those in `keep` (e.g. a tab in a quoted line)."""
    return UNSHOWABLE.sub(lambda m: m[0] if m[0] in keep else _escape(m[0]), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _name(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def text_problems(data: Any, path: FieldPath = ()) -> Iterator[Problem]:
    """Problems with the characters of every text (and key) in `data`, at its field."""
    if not _clean(_texts(data)):  # nearly every file is: then no field's path is worked out
        yield from _walk(data, path)


def _walk(data: Any, path: FieldPath) -> Iterator[Problem]:
    """`text_problems`, each text checked on its own with its field's path."""
    stack: list[tuple[FieldPath, Any]] = [(path, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            yield from _string_problems(where, value, at_key=False)
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                if isinstance(key, str):
                    yield from _string_problems((*where, key), key, at_key=True)
                stack.append(((*where, key), item))
        elif isinstance(value, list):
            stack.extend(((*where, i), item) for i, item in reversed(list(enumerate(value))))


def _texts(data: Any) -> list[str]:
    """Every text and key in `data`, in no particular order."""
    found: list[str] = []
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            found += value  # its keys
            stack += value.values()
        elif isinstance(value, list):
            stack += value
    return found


def _clean(texts: list[str]) -> bool:
    """Whether none of `texts` has a problem `_string_problems` would find: one scan of them all."""
    try:
        joined = "\n".join(texts)  # a newline is no problem
    except TypeError:  # a key that is not text: the walk with paths skips it
        return False
    if UNSHOWABLE.search(joined) is not None:
        return False
    if "[" in joined and any(_link_scan(t)[0] for t in texts if "[" in t):
        return False
    return not any(_too_deep(t) for t in texts if len(t) > 2 * MAX_DEPTH)


_HINT = (
    "remove it (a YAML escape such as `\\x07`, `\\e` or `\\0` in double quotes writes one); "
    "tab and newline are the only control characters a text may hold"
)
_BIDI_HINT = "remove it: browsers lay out mixed right-to-left and left-to-right text without it"
_KINDS = (
    (re.compile("\x00"), "a NUL character", "the generator uses it as a marker in pages", _HINT),
    (
        re.compile(f"[{_BIDI}]"),
        "a bidirectional control",
        "it makes text read differently from what it is",
        _BIDI_HINT,
    ),
    (re.compile(f"[{_OTHER_CONTROL}]"), "a control character", "it cannot be published", _HINT),
)


def _string_problems(where: FieldPath, text: str, at_key: bool) -> Iterator[Problem]:
    if "[" in text:
        yield from _bracket_problems(where, text, at_key)
    if len(text) > 2 * MAX_DEPTH and _too_deep(text):
        yield Problem(
            where,
            f"nests lists or quotes more than {MAX_DEPTH} deep: it would be shown as plain text "
            "(sanitizing deeper HTML takes time growing with the square of the depth)",
            "write the items at fewer levels; a `-`, `+`, `*`, `>` or `1.` that starts no item "
            "is written with a backslash, `\\-`",
            code="markdown-too-deep",
            at_key=at_key,
        )
    if UNSHOWABLE.search(text) is None:  # the common case: one scan of clean text
        return
    for pattern, kind, why, hint in _KINDS:
        found = pattern.search(text)
        if found is not None:
            message = f"holds {kind} ({_name(found[0])}) at character {found.start() + 1}: {why}"
            yield Problem(where, message, hint, code="control-character", at_key=at_key)
    invisible = _WARNING.search(text)
    if invisible is not None:
        yield Problem(
            where,
            f"holds an invisible character ({_name(invisible[0])}) at character {invisible.start() + 1}",
            "remove it, unless the language needs it (a joiner in some scripts or emoji)",
            severity="warning",
            code="zero-width-character",
            at_key=at_key,
        )


_MARKERS = re.compile(r"[-+*>]|[0-9][.)]")
_LINK_SYNTAX = re.compile(r"[\\\[\]()]")
LINK_SCAN_BUDGET = 16
"""Characters Python-Markdown may scan per character of a text looking for links' ends."""
LINK_SCAN_BASE = 4096


def link_scan_cost(text: str) -> tuple[int, int]:
    """How many characters Python-Markdown's link patterns scan in `text`, and how many
    brackets never close; in one pass.

    For each `[` the link patterns scan forward to its matching `]` (or the end), and for
    each `](` to its matching `)`: a text of unmatched `[` costs the square of its length
    (19,900 of them took 99 s).  Escaped characters (`\\[`) are not brackets.
    """
    cost = unmatched = 0
    brackets: list[int] = []
    parens: list[int] = []
    escaped = -1  # the index of a character a backslash escapes
    n = len(text)
    for found in _LINK_SYNTAX.finditer(text):  # only the characters that matter: linear, in C
        i, char = found.start(), found[0]
        if i == escaped:
            continue
        if char == "\\":
            escaped = i + 1
        elif char == "[":
            brackets.append(i)
        elif char == "]" and brackets:
            cost += i - brackets.pop()
            if text.startswith("(", i + 1):
                parens.append(i + 1)
                escaped = i + 1  # that `(` opens the address: counted here, not again
        elif char == "(" and parens:
            parens.append(-1)  # nested in a link's address: closes one of its `)`
        elif char == ")" and parens:
            start = parens.pop()
            cost += i - start if start >= 0 else 0
    for start in brackets + [p for p in parens if p >= 0]:
        cost += n - start
        unmatched += 1
    return cost, unmatched


def _link_scan(text: str) -> tuple[bool, int]:
    """Whether rendering `text` would scan more than its budget, and how many brackets never close."""
    cost, unmatched = link_scan_cost(text)
    return cost > LINK_SCAN_BUDGET * len(text) + LINK_SCAN_BASE, unmatched


def _too_deep(text: str) -> bool:
    """Whether Markdown would nest lists or quotes in `text` deeper than `MAX_DEPTH`: each level
    takes a marker (`-`, `+`, `*`, `>`, `1.`, `1)`), so only a text with that many is rendered."""
    return len(_MARKERS.findall(text)) > MAX_DEPTH and markdown_depth(text) > MAX_DEPTH


def _bracket_problems(where: FieldPath, text: str, at_key: bool) -> Iterator[Problem]:
    over, unmatched = _link_scan(text)
    if over:
        yield Problem(
            where,
            f"holds {unmatched:,} `[` (or `](`) that never close, or brackets nested too deep: "
            "rendering it as Markdown would take time growing with the square of their number",
            "write a bracket that opens no link as `\\[` (and `\\(` after a `]`), or remove them",
            code="pathological-markdown",
            at_key=at_key,
        )
