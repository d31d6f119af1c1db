"""Print diagnostics: for people, for machines, and for GitHub pull requests."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from generator.check.text import UNSHOWABLE, shown
from generator.errors import Diagnostic, count

FORMATS = ("human", "json", "github")

_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m", "dim": "\033[2m", "bold": "\033[1m"}
_RESET = "\033[0m"


def report(diagnostics: Sequence[Diagnostic], fmt: str, out: TextIO, colour: bool = False) -> None:
    """Write `diagnostics` to `out` in the chosen format."""
    if fmt == "json":
        out.write(format_json(diagnostics))
    elif fmt == "github":
        out.write(format_github(diagnostics))
    else:
        out.write(format_human(diagnostics, colour))


def format_human(diagnostics: Sequence[Diagnostic], colour: bool = False) -> str:
    """`file:line:col: path: message`, the line quoted, a caret, the hint."""

    def paint(text: str, style: str) -> str:
        return f"{_COLOURS[style]}{text}{_RESET}" if colour else text

    lines: list[str] = []
    for d in diagnostics:
        where = f"{shown(d.path)}: " if d.path else ""
        head = f"{paint(shown(d.location()), 'bold')}: {paint(d.severity, d.severity)}"
        lines.append(f"{head}: {where}{shown(d.message)}")
        if d.source_line is not None and d.source_line.strip():
            text, caret = _window(d.source_line.rstrip(), d.column - 1)
            gutter = f"{d.line:>5} | "
            lines.append(paint(gutter, "dim") + shown(text, keep="\t"))
            lines.append(" " * (len(gutter) + len(shown(text[:caret], keep="\t"))) + paint("^", d.severity))
        if d.hint:
            lines.append(f"      hint: {shown(d.hint)}")
    errors, warnings = count(diagnostics)
    if diagnostics:
        files = len({d.file for d in diagnostics})
        lines.append(
            f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {_plural(files, 'file')}"
        )
    return "\n".join(lines) + ("\n" if lines else "")


def _window(line: str, column: int, width: int = 100) -> tuple[str, int]:
    """Cut a long line to `width` characters around `column`; return it and the caret offset."""
    if len(line) <= width:
        return line, column
    start = max(0, min(column - width // 2, len(line) - width))
    text = line[start : start + width]
    prefix = "..." if start > 0 else ""
    suffix = "..." if start + width < len(line) else ""
    return prefix + text + suffix, column - start + len(prefix)


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A stable list of objects, one per diagnostic."""
    items = [
        {
            "file": d.file,
            "line": d.line,
            "column": d.column,
            "path": d.path,
            "severity": d.severity,
            "code": d.code,
            "message": d.message,
            "hint": d.hint,
        }
        for d in diagnostics
    ]
    # json escapes C0 controls itself; C1, bidi and zero-width characters too, as \uXXXX.
    text = json.dumps(items, indent=2, ensure_ascii=False)
    return UNSHOWABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", text) + "\n"


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """Workflow commands: each diagnostic becomes an annotation on its line."""
    lines = []
    for d in diagnostics:
        level = "error" if d.severity == "error" else "warning"
        props = ",".join(
            f"{k}={_escape_property(v)}"
            for k, v in (
                ("file", shown(d.file)),
                ("line", str(d.line)),
                ("col", str(d.column)),
                ("title", shown(d.path) or d.code),
            )
        )
        text = shown(d.message) + (f" (hint: {shown(d.hint)})" if d.hint else "")
        lines.append(f"::{level} {props}::{_escape_data(text)}")
    return "\n".join(lines) + ("\n" if lines else "")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
