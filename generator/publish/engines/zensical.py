"""Zensical 0.0.73: Material's successor, reading mkdocs.yml, building in Rust.

What this module knows was measured on (or read from) Zensical 0.0.73, the
version in its tested range: the plugins it recognises, that it has no `-d`,
that it resolves relative links in raw HTML from the Markdown file, that its
search needs turning off rather than leaving out, and its search index's
budget of token positions.  A version outside the range is refused by
`Engine.version_problem` before any of it is relied on.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from packaging.requirements import Requirement

from generator.fsio import atomic_write
from generator.publish.engines.base import Engine, build_tag, reclaim, run
from generator.render.editions import FOLDER

SEPARATOR = re.compile(r'[\s\-_,:!=\[\]()\\"`/]+|\.(?!\d)')
"""Zensical's default `search.separator`: what splits a section's text into token positions."""


class Zensical(Engine):
    """`zensical build --strict -f OVERLAY`, on a staged copy of the generated folder."""

    name = "zensical"
    # 0.0.74 and later need zensical-ui, which the package index this project uses does not serve.
    requirements = (Requirement("zensical==0.0.73"),)
    extra = "zensical"
    search_index = "search.json"
    index_key = "items"
    # The plugins Zensical 0.0.73 recognises (zensical/config.py); it drops others silently.
    plugins = frozenset(
        "api-autonav autorefs awesome-nav blog callouts exclude gh-admonitions glightbox "  # noqa: SIM905
        "include-markdown literate-nav llmstxt macros mkdocs-nav-weight markdown-exec "
        "markdownextradata meta mike minify mkdocs-audio mkdocs-autoapi mkdocs-video "
        "mkdocstrings offline privacy redirects rss search social table-reader tags".split()
    )
    checks_nav = False
    search_off = ({"search": {"enabled": False}},)  # it searches even without the plugin listed

    position_budget = 2**30
    """Token positions its index shares out among its sections (measured: 222,524 positions
    refused at 10,071 items, "maximum 65536"); a section over its share fails the whole build."""

    def section_limit(self, items: int) -> int | None:
        """2^30 / 2^ceil(log2(items)): 65,536 from 8,193 to 16,384 items, 32,768 above."""
        return self.position_budget >> max(0, (items - 1).bit_length())

    def build(
        self,
        cmd: list[str],
        root: Path,
        config_file: Path,
        config: dict[str, Any],
        out: Path,
        overrides: dict[str, Any],
    ) -> None:
        """Zensical has no `-d`: a config beside mkdocs.yml inherits it and sets the folders.

        Zensical also resolves relative links in raw HTML from the Markdown file,
        where MkDocs leaves them to the browser (relative to the page URL); it reads
        a staged copy of the docs folder with those links re-based.  Both keep
        their names between builds, so Zensical's cache (`.cache/`) stays valid.
        """
        # All three must lie inside the folder of the config file (Zensical's project root).
        tag = build_tag(overrides)  # one staged folder per language: each keeps its cache
        staged, overlay = root / f".zensical-docs{tag}", root / f".zensical-config{tag}.yml"
        reclaim(staged, folder=True)
        reclaim(overlay)
        inside = out.resolve().is_relative_to(root.resolve())
        site_dir = out if inside else Path(tempfile.mkdtemp(prefix=".site-build-", dir=root))
        try:
            stage_docs(config_file.parent / str(config.get("docs_dir", "docs")), staged)
            inherit = os.path.relpath(config_file, root)
            settings = {"INHERIT": inherit, **overrides, "docs_dir": staged.name, "site_dir": str(site_dir)}
            atomic_write(overlay, yaml.safe_dump(settings).encode())
            run([*cmd, "build", "--strict", "-f", str(overlay)], root, self.name)
            if not inside:
                shutil.move(site_dir, out)
        finally:
            if not inside:
                shutil.rmtree(site_dir, ignore_errors=True)


ZENSICAL = Zensical()

_FENCE = re.compile(r"^\s*(```|~~~)")
_RELATIVE_ATTR = re.compile(r'\b(href|src)="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#|")([^"]*)"')


def stage_docs(docs: Path, staged: Path) -> None:
    """Mirror the docs folder into `staged`, raw-HTML links re-based; rewrite only what changed."""
    wanted: set[Path] = set()
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs)
        if not path.is_file() or rel.parts[0] == FOLDER:  # other languages: built on their own
            continue
        data = path.read_bytes()
        if path.suffix == ".md":
            data = rebase_html_links(data.decode("utf-8"), rel.as_posix()).encode("utf-8")
        target = staged / rel
        wanted.add(target)
        atomic_write(target, data)  # rewritten only if its bytes changed
    for path in sorted(staged.rglob("*"), reverse=True):  # files before their folders
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def rebase_html_links(text: str, dest: str) -> str:
    """Make page-URL-relative `href`/`src` in raw HTML relative to the Markdown file instead.

    The page `d/x.md` is served at `d/x/`, so a link written for the page URL
    starts from `d/x/`; the engine reads it from `d/`.  Index pages are served
    from their own folder and need nothing.  Fenced code is left alone.
    """
    stem = posixpath.basename(dest).removesuffix(".md")
    if stem == "index":
        return text
    source_dir = posixpath.dirname(dest)
    url_dir = posixpath.join(source_dir, stem)
    lines, fenced = [], False
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _RELATIVE_ATTR.sub(lambda m: f'{m[1]}="{_rebase(m[2], url_dir, source_dir)}"', line)
        lines.append(line)
    return "".join(lines)


def _rebase(link: str, url_dir: str, source_dir: str) -> str:
    """`link`, written to be read from `url_dir`, as read from `source_dir`."""
    cut = min((i for i in (link.find("?"), link.find("#")) if i >= 0), default=len(link))
    path, tail = link[:cut], link[cut:]
    rel = posixpath.relpath(posixpath.normpath(posixpath.join(url_dir, path)), source_dir or ".")
    return rel + ("/" if path.endswith("/") and not rel.endswith("/") else "") + tail
