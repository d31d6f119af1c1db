"""Settings the generator reads from `mkdocs.yml` (one file configures the whole site)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from functools import cache
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

LABELS_FILE = Path(__file__).resolve().parent / "labels.yaml"


@cache
def default_labels() -> Mapping[str, str]:
    """The package's labels (`generator/labels.yaml`)."""
    data = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


@dataclass(frozen=True)
class SiteConfig:
    """What pages need to know beyond the content."""

    site_name: str
    site_url: str
    repo_url: str | None
    edit_branch: str
    today: dt.date
    """The build date: review banners compare `review_by` with it."""
    nav: tuple[str, ...] = ()
    """Every page file the navigation lists."""
    labels: Mapping[str, str] = field(default_factory=lambda: default_labels())
    """The words pages use (`ui.<key>` in templates): the package's, with the site's on top."""


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, which may hold `!!python/name:` or `!ENV` tags we do not need."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)  # type: ignore[no-untyped-call]


def load_mkdocs_yaml(config_file: Path) -> dict[str, Any]:
    """`mkdocs.yml` as plain data, tags the generator does not need read as null."""
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_LenientLoader)
    return data if isinstance(data, dict) else {}


def read_config(config_file: Path, today: dt.date) -> SiteConfig:
    """Site name, URLs, edit branch and the nav's page list from `mkdocs.yml`."""
    data = load_mkdocs_yaml(config_file)
    extra = (data.get("extra") or {}).get("briefings") or {}
    return SiteConfig(
        site_name=str(data.get("site_name", "Briefings")),
        site_url=str(data.get("site_url") or "http://localhost/"),
        repo_url=data.get("repo_url"),
        edit_branch=str(extra.get("edit_branch", "main")),
        today=today,
        nav=tuple(_nav_files(data.get("nav") or [])),
        labels={**default_labels(), **{str(k): str(v) for k, v in (extra.get("labels") or {}).items()}},
    )


def _nav_files(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_files(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_files(value)
