"""Where each part of a briefing site lives, and the package's defaults beneath it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
PACKAGE_TEMPLATES = PACKAGE / "templates"
"""Default Jinja templates; a site overrides one by placing a file of the same name in site_templates/."""
PACKAGE_ASSETS = PACKAGE / "assets"
"""Default CSS and JavaScript, published under assets/."""
PACKAGE_THEME = PACKAGE / "theme"
"""Overrides of the Material theme (the footer, the title, the tabs), for every site."""
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
        found: dict[str, Path] = {}
        for folder in (PACKAGE_ASSETS, self.templates / "assets"):
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    found["assets/" + path.relative_to(folder).as_posix()] = path
        return dict(sorted(found.items()))

    def theme(self) -> dict[str, Path]:
        """Every theme override (`.theme/<name>`): the package's, with the site's
        (`site_templates/theme/`) on top."""
        found: dict[str, Path] = {}
        for folder in (PACKAGE_THEME, self.templates / "theme"):
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    found[f"{THEME_DIR}/" + path.relative_to(folder).as_posix()] = path
        return dict(sorted(found.items()))

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
    def engine_theme(self) -> Path:
        """The theme overrides the engine reads: the package's, under the site's own `custom_dir`.

        Staged by `publish.engines.engine_config` on every build (safe to delete)."""
        return self.cache / "theme"

    @property
    def cache(self) -> Path:
        """Results kept between runs, keyed by content hash (git-ignored; safe to delete)."""
        return self.root / ".cache" / "briefings"
