"""The site's Contributing page, rendered from the repository's `CONTRIBUTING.md`.

One text serves both readers: GitHub shows `CONTRIBUTING.md` to people
opening a pull request, and the site shows the same text as `contributing.md`.
Links in it are written for the repository; here they are made to work on the
site: `docs/x.md` becomes the site page `x.md`, and any other relative link
points at the file on the repository host.
"""

from __future__ import annotations

import re
from collections.abc import Callable

PAGE = "contributing.md"
_LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")
_ABSOLUTE = re.compile(r"^([a-z][a-z0-9+.-]*:|#|/)", re.IGNORECASE)


def contributing_page(
    text: str, repo_url: str | None, branch: str, unpublished: Callable[[str], bool] = lambda rel: False
) -> str:
    """`CONTRIBUTING.md` with its relative links rewritten for the site.

    A page of docs/ the site leaves out (`unpublished`) is linked on the repository host.
    """

    def fix(match: re.Match[str]) -> str:
        target = match["target"]
        if _ABSOLUTE.match(target):
            return match[0]
        if target.startswith("docs/") and not unpublished(target.removeprefix("docs/").split("#")[0]):
            return f"]({target.removeprefix('docs/')})"
        if repo_url:
            return f"]({repo_url.rstrip('/')}/blob/{branch}/{target})"
        return match[0]

    return _LINK.sub(fix, text)


OUT_OF_SEARCH = "---\nsearch:\n  exclude: true\n---\n\n"
"""The page's front matter: a page for contributors, not readers, is out of the reader's search."""


def site_page(text: str) -> str:
    """The Contributing page as the site publishes it: out of the reader's search (unless the
    file has front matter of its own)."""
    return text if text.startswith("---\n") else OUT_OF_SEARCH + text
