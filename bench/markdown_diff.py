"""Every Markdown field rendered by Python-Markdown and by the generator's renderer, compared.

    python -m bench.markdown_diff                 # the flagship, the fixtures, the starters
    python -m bench.markdown_diff /tmp/md-n300    # ... and the projects named (a bench corpus)
    python -m bench.markdown_diff --show 3        # three examples of each kind of difference

The values are every text the generator's `markdown` filter receives while it renders
each site's outputs in every language it publishes (`pipeline.rendering`, no cache), so
nothing is chosen by hand: a field the templates do not render is not counted.  Each
value goes through Python-Markdown (`sane_lists`, `tables`: the renderer the generator
used before) and through `fields.MarkdownRenderer`; both HTML strings are then
cleaned by the same `fields.sanitize` and compared byte for byte, nothing normalised.
The same is done for `FORMS`, Markdown a contributor may write that no content holds
yet.  Each difference is put in a class (`CLASSES`, first match, each with its decision)
and the classes are counted.  Exit status 1 when a field of the content renders
differently or a difference falls in no class: the gate for changing the renderer.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import re
import shutil
import sys
import tempfile
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import markdown
import yaml
from markupsafe import Markup

from generator.commands.init import Starter, init_site
from generator.pipeline import check, rendering
from generator.project import Project
from generator.render import fields

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TODAY = dt.date(2026, 11, 29)
"""The tests' fixed day (tests/conftest.py): the fixtures are valid on it."""

_PM = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")


def python_markdown(text: str) -> str:
    """The generator's former renderer, before the sanitizer."""
    _PM.reset()
    return _PM.convert(text)


def old(text: str) -> str:
    return str(fields.sanitize(python_markdown(text)))


def new(text: str) -> str:
    return str(fields.MarkdownRenderer()(text))


FORMS = [
    # Markdown a contributor may write that no content of today holds: how each renders is
    # decided here (the differences' classes below) and promised in CONTRIBUTING.md.
    'Some *emphasis*, **strong**, `code` and a [link](https://example.org "Title").',
    "A bare address https://example.org/page and <https://example.org/angle>.",
    "A [reference link][r].\n\n[r]: https://example.org/ref",
    "- one\n- two\n\n1. first\n2. second",
    "A line, then a list with no blank line:\n- one\n- two",
    "A line, then a numbered list:\n1. first\n2. second",
    "- a list\n1. then a numbered one",
    "* star\n+ plus",
    "1) a parenthesis\n2) as delimiter",
    "- outer\n  - nested by two spaces",
    "- outer\n    - nested by four spaces",
    "- loose\n\n- items",
    "Text\n\n    indented code",
    "```\nfenced code\n```",
    "A backslash at a line's end\\\nbreaks it; two spaces  \nalso.",
    "Escapes: \\* \\_ \\$ \\' \\@",
    "| a | b |\n|:--|--:|\n| 1 | `x \\| y` |",
    "> a quote\nlazily continued",
    "### A heading\n\n# a top heading",
    "x<sup>2</sup>, H<sub>2</sub>O, <del>gone</del>, ~~tildes~~",
    "<!-- a comment --> text",
    "[a link with a space](<a b>)",
    "Tabs\tinside\ttext",
    "Text with trailing spaces   ",
]

_NESTED_LINE = re.compile(r"^ {1,3}(?:[-*+]|\d{1,9}[.)])[ \t]", re.M)


def _lists(html: str) -> int:
    return html.count("<ul>") + html.count("<ol>")


CLASSES: list[tuple[str, str, Callable[[str, str, str], bool]]] = [
    # (class, decision, test on (text, old html, new html)); the first that holds names it
    (
        "whitespace only (between tags, or inside text)",
        "accepted: a browser shows the same",
        lambda t, o, n: re.sub(r"\s+", "", o) == re.sub(r"\s+", "", n),
    ),
    (
        "nested list indented by fewer than four spaces",
        "accepted: CommonMark nests it as written; Python-Markdown made it one flat list",
        lambda t, o, n: bool(_NESTED_LINE.search(t)) and _lists(n) > _lists(o),
    ),
    (
        "numbered list with `)` after the number",
        "accepted: CommonMark's list; Python-Markdown showed the numbers as text",
        lambda t, o, n: bool(re.search(r"^\d{1,9}\)", t, re.M)) and "<ol>" in n,
    ),
    (
        "list with no blank line before it (after a text line or a list of another marker)",
        "accepted: CommonMark's list is what was written; Python-Markdown ran it into the text",
        lambda t, o, n: _lists(n) > _lists(o),
    ),
    (
        "fenced code block",
        "accepted: CommonMark's code block; Python-Markdown made inline code of it",
        lambda t, o, n: "```" in t or "~~~" in t,
    ),
    (
        "backslash: an escape or a line break Python-Markdown does not know",
        "accepted: CommonMark reads the backslash as written (`\\$` is `$`, `\\` at a line's end a break)",
        lambda t, o, n: "\\" in t,
    ),
    (
        "HTML comment",
        "accepted: the comment is dropped either way; the text after it is not in a paragraph",
        lambda t, o, n: "<!--" in t,
    ),
    (
        "link address with a space",
        "accepted: the same address, percent-encoded",
        lambda t, o, n: urllib.parse.unquote(o) == urllib.parse.unquote(n),
    ),
]


def classify(text: str, old_html: str, new_html: str) -> tuple[str, str]:
    """The class of a difference and the decision on it; ("other", …) if none holds."""
    for name, decision, test in CLASSES:
        if test(text, old_html, new_html):
            return name, decision
    return "other", "not accepted: understand it, then add its class"


def fields_of(project: Project, today: dt.date) -> list[str]:
    """Every text the `markdown` filter receives while rendering the project's outputs."""
    result = check(project, today)
    if result.failed or result.site is None or result.config is None:
        sys.exit(f"{project.root}: does not validate: " + "; ".join(str(d) for d in result.diagnostics[:3]))
    seen: list[str] = []
    call = fields.MarkdownRenderer.__call__

    def recording(self: fields.MarkdownRenderer, text: str) -> Markup:
        seen.append(text)
        return call(self, text)

    fields.MarkdownRenderer.__call__ = recording  # type: ignore[method-assign]
    try:
        for output in rendering(project, result.site, result.config, None).files:
            output.render()
    finally:
        fields.MarkdownRenderer.__call__ = call  # type: ignore[method-assign]
    return seen


def _scratch() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="markdown-diff-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def fixture_project(content: Path) -> Project:
    """A starter site holding a fixture's content, as the tests build it (tests/conftest.py)."""
    areas = tuple(a["id"] for a in yaml.safe_load((content / "areas.yaml").read_text())["areas"])
    site = _scratch() / "site"
    init_site(site, Starter("Fixture", None, TODAY, "briefings", areas))
    shutil.rmtree(site / "content")
    shutil.copytree(content, site / "content")
    translated = (site / "content" / "translations").glob("*")
    languages = ["en", *sorted(p.name for p in translated if p.is_dir())]
    if len(languages) > 1:
        config = site / "mkdocs.yml"
        text = re.sub(r"\n    languages: \[[^\]]*\]", "", config.read_text())
        line = f"    languages: [{', '.join(languages)}]\n"
        config.write_text(text.replace("\n  briefings:\n", f"\n  briefings:\n{line}", 1))
    return Project(site)


def starter_project(language: str) -> Project:
    site = _scratch() / "site"
    init_site(site, Starter(None, None, TODAY, "briefings", language=language))
    return Project(site)


def sites(extra: list[Path]) -> Iterator[tuple[str, Project, dt.date]]:
    yield "flagship", Project(ROOT), dt.date.today()
    for content in sorted(FIXTURES.glob("*/content")):
        yield f"fixture {content.parent.name}", fixture_project(content), TODAY
    for language in ("en", "fr", "zh"):
        yield f"starter {language}", starter_project(language), TODAY
    for folder in extra:
        yield str(folder), Project(folder.resolve()), TODAY


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("projects", nargs="*", type=Path, help="more project folders (a bench corpus)")
    parser.add_argument("--show", type=int, default=2, help="examples shown per class of difference")
    args = parser.parse_args(argv)
    classes: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    total = Counter[str]()
    for name, values in [(n, fields_of(p, d)) for n, p, d in sites(args.projects)] + [("forms", FORMS)]:
        distinct = sorted(set(values))
        differing = [(t, old(t), new(t)) for t in distinct]
        differing = [(t, o, n) for t, o, n in differing if o != n]
        for case in differing:
            classes[classify(*case)].append(case)
        if name != "forms":
            total.update(fields=len(values), distinct=len(distinct), different=len(differing))
        print(
            f"{name}: {len(values)} fields, {len(distinct)} distinct, "
            f"{len(distinct) - len(differing)} identical, {len(differing)} different"
        )
    print(
        f"content: {total['fields']} fields, {total['distinct']} distinct (per site), "
        f"{total['distinct'] - total['different']} identical, {total['different']} different"
    )
    for (cls, decision), cases in sorted(classes.items(), key=lambda kv: -len(kv[1])):
        print(f"\n== {len(cases)}: {cls}\n   {decision}")
        for text, o, n in cases[: args.show]:
            print(f"  text: {text!r}\n  old:  {o!r}\n  new:  {n!r}")
    # the gate: content renders as before, and every difference a form shows is understood
    return 1 if total["different"] or any(cls == "other" for cls, _ in classes) else 0


if __name__ == "__main__":
    sys.exit(main())
