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
