"""Markdown fields render as CONTRIBUTING.md's "Markdown in text fields" says: CommonMark
with GitHub's tables, then the sanitizer (tests/test_render.py and tests/test_injection.py
check what it removes)."""

from __future__ import annotations

import html

import pytest

from bench.markdown_diff import FORMS, classify, new, old
from generator.render.fields import MAX_DEPTH, MarkdownRenderer, _depth

REL = 'rel="noopener noreferrer nofollow"'
LIST = "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"


@pytest.mark.parametrize(
    "text, html",
    [
        (
            'Some *emphasis*, **strong**, `code` and a [link](https://example.org "Title").',
            "<p>Some <em>emphasis</em>, <strong>strong</strong>, <code>code</code> and a "
            f'<a href="https://example.org" title="Title" {REL}>link</a>.</p>',
        ),
        # a bare address stays text; in angle brackets it is a link
        (
            "See https://example.org/a and <https://example.org/b>.",
            f'<p>See https://example.org/a and <a href="https://example.org/b" {REL}>'
            "https://example.org/b</a>.</p>",
        ),
        ("Talks on:\n\n- one\n- two", f"<p>Talks on:</p>\n{LIST}"),
        ("Talks on:\n- one\n- two", f"<p>Talks on:</p>\n{LIST}"),  # no blank line needed
        ("Steps:\n1. first\n2. second", "<p>Steps:</p>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>"),
        ("- outer\n  - inner", "<ul>\n<li>outer\n<ul>\n<li>inner</li>\n</ul>\n</li>\n</ul>"),
        ("- outer\n    - inner", "<ul>\n<li>outer\n<ul>\n<li>inner</li>\n</ul>\n</li>\n</ul>"),
        ("1. outer\n   - inner", "<ol>\n<li>outer\n<ul>\n<li>inner</li>\n</ul>\n</li>\n</ol>"),
        ("```python\nx = 1\n```", "<pre><code>x = 1\n</code></pre>"),
        ("\\*not emphasis\\*, 5\\$", "<p>*not emphasis*, 5$</p>"),
        ("one line\\\nanother", "<p>one line<br>\nanother</p>"),
        ("one line\nthe same paragraph", "<p>one line\nthe same paragraph</p>"),
        ("### Kept\n\n# Text only", "<h3>Kept</h3>\nText only"),
        (
            "H<sub>2</sub>O, x<sup>2</sup>, <del>gone</del>, ~~tildes~~",
            "<p>H<sub>2</sub>O, x<sup>2</sup>, <del>gone</del>, ~~tildes~~</p>",
        ),
        ("a <b>bold</b> <span onclick=x>word</span>", "<p>a bold word</p>"),
        ("![a picture](x.png)", "<p></p>"),
        (
            "| a | b |\n|---|--:|\n| 1 | 2 |",
            "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n"
            "<tr><td>1</td><td>2</td></tr>\n</tbody></table>",
        ),
    ],
)
def test_contributors_markdown(text: str, html: str) -> None:
    assert str(MarkdownRenderer()(text)) == html


def test_lists_and_quotes_nested_too_deep_show_as_text() -> None:
    """nh3 parses nesting in time growing with the square of its depth: a field nested deeper
    than MAX_DEPTH is shown as the text written, escaped."""
    render = MarkdownRenderer()
    deep = "> " * (MAX_DEPTH // 2) + "- " * (MAX_DEPTH // 4) + "end"  # 64 levels: quotes, lists, items
    assert _depth(str(render(deep))) == MAX_DEPTH and "end" in str(render(deep))
    for text in ("> " + deep, "+ " * 9_999 + "<b>x</b>", ">" * 20_000):
        assert str(render(text)) == "<p>" + html.escape(text) + "</p>"
    assert _depth('<ul><li>a<ol start="2"><li>b</li></ol></li></ul><blockquote></blockquote>') == 4


def test_each_difference_from_python_markdown_is_decided() -> None:
    """The forms `bench/markdown_diff.py` compares with the former renderer (Python-Markdown):
    every one that renders differently falls in a class with a decision."""
    differing = [(t, old(t), new(t)) for t in FORMS if old(t) != new(t)]
    assert differing  # the forms do show the differences the classes decide
    assert [t for t, o, n in differing if classify(t, o, n)[0] == "other"] == []
