"""Where each part of a briefing site lives, and the package's defaults beneath it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.read import files

PACKAGE = Path(__file__).resolve().parent
PACKAGE_TEMPLATES = PACKAGE / "templates"
"""Default Jinja templates; a site overrides one by placing a file of the same name in site_templates/."""
PACKAGE_ASSETS = PACKAGE / "assets"
"""Default CSS and JavaScript, published under assets/."""
PACKAGE_THEME = PACKAGE / "theme"
"""Overrides of the Material theme (the footer, the title, the tabs), for every site."""
CONTRIBUTING = "CONTRIBUTING.md"
"""The contributor guide: the repository's, and the site's Contributing page."""
THEME_DIR = ".theme"
"""Where the theme's overrides land in the generated folder: `theme.custom_dir` is
`generated/.theme` (a dot folder, so the engine does not publish it as pages)."""


@dataclass(frozen=True)
class Project:
    """Where each part of a briefing project lives."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def docs(self) -> Path:
        """Hand-written pages; never written by the generator."""
        return self.root / "docs"

    @property
    def templates(self) -> Path:
        """The site's own templates and assets: each overrides the package's file of the same name."""
        return self.root / "site_templates"

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        """Where templates are looked up, the site's own first."""
        return (self.templates, PACKAGE_TEMPLATES)

    def assets(self) -> dict[str, Path]:
        """Every asset of the site (`assets/<name>`): the package's, with the site's on top."""
        return self._overlay("assets", PACKAGE_ASSETS, self.templates / "assets")

    def own_assets(self) -> list[str]:
        """The site's assets that replace none of the package's (`assets/<name>`): its own
        stylesheets and scripts, which the build links from every page."""
        package = {
            f"assets/{p.relative_to(PACKAGE_ASSETS).as_posix()}"
            for p in files.files_under(PACKAGE_ASSETS, PACKAGE)
        }
        return [
            name
            for name, path in self.assets().items()
            if name not in package and path.is_relative_to(self.root)
        ]

    def theme(self) -> dict[str, Path]:
        """Every theme override (`.theme/<name>`): the package's, with the site's
        (`site_templates/theme/`) on top."""
        return self._overlay(THEME_DIR, PACKAGE_THEME, self.templates / "theme")

    def _overlay(self, dest: str, package: Path, site: Path) -> dict[str, Path]:
        """The package's files under `package`, with the site's under `site` on top, by destination.
        A link out of the site, or a special file, raises `files.UnsafeFile`."""
        found: dict[str, Path] = {}
        for folder, root in ((package, PACKAGE), (site, self.root)):
            for path in files.files_under(folder, root):
                found[f"{dest}/" + path.relative_to(folder).as_posix()] = path
        return dict(sorted(found.items()))

    def unsafe_files(self) -> list[files.UnsafeFile]:
        """Every link out of the project and every special file among what the generator reads
        (content/, docs/, site_templates/, CONTRIBUTING.md), reported at once by `validate`."""
        found = []
        for folder in (self.content, self.docs, self.templates):
            found += files.unsafe_under(folder, self.root)
        contributing = self.root / CONTRIBUTING
        if os.path.lexists(contributing):
            found += files.unsafe_under(contributing, self.root)
        return found

    def read(self, path: Path) -> bytes:
        """A file of the site, or of the package's defaults, read safely (`read/files.py`)."""
        return files.read_bytes(path, PACKAGE if path.is_relative_to(PACKAGE) else self.root)

    @property
    def generated(self) -> Path:
        """The folder only the generator writes (git-ignored); the engine's docs_dir."""
        return self.root / "generated"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def issue_form(self) -> Path:
        """The repository host's form for proposing a brief; its area list follows the areas."""
        return self.root / ".github" / "ISSUE_TEMPLATE" / "new-brief.yml"

    def display(self, path: Path) -> str:
        """A path as diagnostics show it: relative to the site's folder."""
        return path.relative_to(self.root).as_posix()

    @property
    def schema_dir(self) -> Path:
        return self.root / "schema"

    @property
    def cache(self) -> Path:
        """Results kept between runs, keyed by content hash (git-ignored; safe to delete)."""
        return self.root / ".cache" / "briefings"
