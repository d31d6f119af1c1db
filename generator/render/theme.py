"""The theme's overrides (`theme.custom_dir`): the package's files, plus the one partial
that carries the site's facts into every page's footer."""

from __future__ import annotations

import jinja2

from generator.config import SiteConfig
from generator.model import Site
from generator.project import THEME_DIR
from generator.render.tracking import TrackedSite

FACTS_PARTIAL = f"{THEME_DIR}/partials/briefings-facts.html"
"""Written by the generator; included by the theme's `partials/copyright.html`."""
FACTS_TEMPLATE = "_footer.html.j2"


def facts_partial(env: jinja2.Environment, site: Site | TrackedSite, config: SiteConfig) -> str:
    """The footer's facts as HTML the theme's Jinja prints verbatim.

    The theme renders this file as a template too: braces from content are written
    as character references, so no value can become template code there.
    """
    html = env.get_template(FACTS_TEMPLATE).render(site=site, config=config)
    return html.replace("{", "&#123;").replace("}", "&#125;")


def timeline_filter_css(area_ids: list[str]) -> str:
    """The timeline's area filter without JavaScript: a link to `#area-<id>` targets an
    empty marker placed before the list, and these rules hide the other areas' events.
    Sibling selectors, not `:has()`: those made every change to the page restyle it."""
    rules = ["/* The timeline's area filter (`#area-<id>` links), from the site's areas. */"]
    for area in area_ids:  # ids are slugs: safe in a selector
        others = f'li.event:not([data-area="{area}"])'
        rules.append(f".md-typeset #area-{area}:target ~ ol.timeline {others} {{ display: none; }}")
    return "\n".join(rules) + "\n"
