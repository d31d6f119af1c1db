"""Definitions from the site's vocabulary, placed in hand-written pages.

A page in `docs/` (or `CONTRIBUTING.md`, the Contributing page) asks for a
block with one line, `<!-- briefings:statuses -->` (or `likelihood`,
`confidence`, `parties`, `trends`, `areas`, `coverage`), and the generated copy
of the page holds the site's own definitions there.  The page stays plain Markdown that
reads well on the repository host, and the words are declared in one place.
"""

from __future__ import annotations

import re

import jinja2

from generator.check.schema import TRENDS
from generator.config import SiteConfig
from generator.errors import BriefingsError
from generator.model import Site
from generator.render.links import relative_url
from generator.render.tracking import TrackedSite

BLOCKS = ("statuses", "likelihood", "confidence", "parties", "trends", "areas", "coverage")
"""`areas` and `coverage` state facts of the content (its areas, with the id a brief's `area`
takes, and the period it covers), so an About or Contributing page cannot contradict it."""
_MARKER = re.compile(r"^<!-- briefings:(?P<block>[a-z]+) -->$", re.MULTILINE)
TEMPLATE = "_definitions.md.j2"
MACROS = "_macros.md.j2"
MARKER = "<!-- briefings:"
"""Pages without it are copied as they are."""


class UnknownBlock(BriefingsError):
    """A page asks for a block that does not exist."""


def expand(
    text: str,
    env: jinja2.Environment,
    site: Site | TrackedSite,
    config: SiteConfig,
    dest: str,
    source: str | None = None,
) -> str:
    """`text` with each marker line replaced by its block of definitions; `source` is the
    file it was read from (default: `docs/<dest>`)."""
    if MARKER not in text:
        return text
    template = env.get_template(TEMPLATE)
    macros = env.get_template(MACROS)

    def block(match: re.Match[str]) -> str:
        name = match["block"]
        if name not in BLOCKS:
            line = text.count("\n", 0, match.start()) + 1
            raise UnknownBlock(
                f"unknown block `{name}`",
                file=source or f"docs/{dest}",
                line=line,
                path="briefings",
                hint=f"the blocks are: {', '.join(BLOCKS)}",
                code="unknown-block",
            )

        def url(target: str) -> str:
            return relative_url(dest, target)

        context = {"site": site, "config": config, "url": url}
        m = macros.make_module(context)
        return template.render(block=name, m=m, trends=TRENDS, **context).strip("\n")

    return _MARKER.sub(block, text)
