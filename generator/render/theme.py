"""The theme's overrides (`theme.custom_dir`): the package's files, plus the partials the
generator writes: the site's facts in every page's footer, and the page-not-found text,
both in the site's words."""

from __future__ import annotations

import urllib.parse

import jinja2

from generator.config import SiteConfig
from generator.model import Site
from generator.project import THEME_DIR
from generator.render.tracking import TrackedSite

FACTS_PARTIAL = f"{THEME_DIR}/partials/briefings-facts.html"
"""Written by the generator; included by the theme's `partials/copyright.html`."""
FACTS_TEMPLATE = "_footer.html.j2"
NOT_FOUND_PARTIAL = f"{THEME_DIR}/partials/briefings-404.html"
"""Written by the generator; included by the theme's `404.html`."""
NOT_FOUND_TEMPLATE = "_not_found.html.j2"
PARTIALS = {FACTS_PARTIAL: FACTS_TEMPLATE, NOT_FOUND_PARTIAL: NOT_FOUND_TEMPLATE}


def theme_partial(
    env: jinja2.Environment, template: str, site: Site | TrackedSite, config: SiteConfig
) -> str:
    """A partial (the footer's facts, the page-not-found text) as HTML the theme's Jinja prints verbatim.

    The theme renders this file as a template too: braces from content are written
    as character references, so no value can become template code there.
    """
    root = urllib.parse.urlsplit(config.site_url).path or "/"
    html = env.get_template(template).render(site=site, config=config, root=root)
    return html.replace("{", "&#123;").replace("}", "&#125;")
