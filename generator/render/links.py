"""Links and URLs: between pages of the site, and to the repository host."""

from __future__ import annotations

import urllib.parse

from generator.config import SiteConfig


def page_url(dest: str) -> str:
    """The site URL of a Markdown file, with directory URLs (`briefs/x.md` -> `briefs/x/`)."""
    stem = dest.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative_url(from_dest: str, target: str) -> str:
    """A link from the page `from_dest` to the site path `target` (e.g. `sources/#x`).

    Up to the site root, then down: one string operation, where `relpath` was
    a measurable share of rendering at a thousand briefs.
    """
    return "../" * page_url(from_dest).count("/") + target or "./"


ROOT = "\x00root\x00"
"""The way up to the site's root in text rendered once for several pages (a brief's body,
`render/fragments.py`'s pieces); NUL cannot occur in content: the YAML reader refuses it."""
_HOME = "\x00home\x00"
"""A link to the site's root itself (`./` from the root, unlike `ROOT` + a path)."""


def root_url(target: str) -> str:
    """A link to the site path `target` from any page, placed by `place_links`."""
    return ROOT + target if target else _HOME


def place_links(text: str, dest: str) -> str:
    """Text rendered with `root_url`, as it reads on the page `dest` (`relative_url`'s links)."""
    if "\x00" not in text:
        return text
    root = "../" * page_url(dest).count("/")
    return text.replace(_HOME, root or "./").replace(ROOT, root)


def edit_url(config: SiteConfig, content_path: str) -> str | None:
    """Where "edit this brief" points: the YAML file on the repository host."""
    if not config.repo_url:
        return None
    return f"{config.repo_url.rstrip('/')}/edit/{config.edit_branch}/{content_path}"


def report_url(config: SiteConfig, brief_id: str, title: str) -> str | None:
    """A new issue on the repository host, pre-filled with the brief id and page URL."""
    if not config.repo_url:
        return None
    page = f"{config.site_url.rstrip('/')}/briefs/{brief_id}/"
    query = urllib.parse.urlencode(
        {
            "title": f"Problem in brief {brief_id}",
            "body": f"Brief: {brief_id} ({title})\nPage: {page}\n\nWhat is wrong, and a source:\n",
            "labels": "correction",
        },
        quote_via=urllib.parse.quote,
    )
    return f"{config.repo_url.rstrip('/')}/issues/new?{query}"
