"""One engine build per language, each from a generated configuration.

A site in one language builds as it always did.  A site in several builds the
source language from `generated/` into the build folder, then each other language
from `generated/.i18n/<code>/` into `<code>/` inside it, through an overlay config
(`.briefings-engine.<code>.yml`, which `INHERIT`s mkdocs.yml) that changes only
what differs: `docs_dir`, `site_url` (+ `<code>/`), `site_name` and
`site_description` (from the language's entry), `theme.language` and the theme
folder the generator wrote for it, the nav's titles (the language's words and
area titles), and search (Pagefind for a language whose words lunr cannot split,
else the search plugin's `lang`).  Every build gets `extra.alternate`, which the
theme's language switcher and `hreflang` links read.  MkDocs, ProperDocs and
Zensical all read such a config: no engine plugin is involved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import babel

from generator.config import GENERATED_DIR, SiteConfig
from generator.model import Site
from generator.publish import search
from generator.publish.engines import Engine, Notices, run_engine
from generator.render.editions import folder


@dataclass(frozen=True)
class LanguageBuild:
    """One engine build of the site: which language, from where, into where, with what changed."""

    code: str
    docs: str
    """The engine's `docs_dir`, relative to the project."""
    out: str
    """The folder inside the build folder: "" for the source language, else `<code>`."""
    overrides: dict[str, Any] | None
    """Keys of mkdocs.yml this build changes (None: mkdocs.yml as written)."""
    search: str


def language_builds(
    config: SiteConfig,
    sites: dict[str, Site],
    setting: str,
    briefs: int,
    engine: Engine,
    own_assets: Sequence[str] = (),
) -> list[LanguageBuild]:
    """The builds of the site, the source language's first (its folder holds the others').

    `sites` is the model of each language, by code (its area titles name nav entries);
    `own_assets` the site's own stylesheets and scripts, linked from every page of each."""
    builds = _builds(config, sites, setting, briefs, engine)
    if not own_assets:
        return builds
    engine_config = dict(config.engine)
    return [replace(b, overrides=with_assets(b.overrides, engine_config, own_assets)) for b in builds]


def with_assets(
    overrides: dict[str, Any] | None, engine_config: dict[str, Any], own: Sequence[str]
) -> dict[str, Any] | None:
    """`overrides` with the site's own stylesheets and scripts (`site_templates/assets/`, not
    replacing the package's) added after those mkdocs.yml or the overrides list."""
    changed = dict(overrides or {})
    for key, suffix in (("extra_css", ".css"), ("extra_javascript", ".js")):
        listed = list(changed.get(key, engine_config.get(key) or []))
        added = [name for name in own if name.endswith(suffix) and name not in listed]
        if added:
            changed[key] = [*listed, *added]
    return changed or None


def _builds(
    config: SiteConfig, sites: dict[str, Site], setting: str, briefs: int, engine: Engine
) -> list[LanguageBuild]:
    engine_config = dict(config.engine)
    source = config.languages[0]
    chosen = search.choose(setting, briefs)
    overrides = search.engine_overrides(engine_config, engine) if chosen == "pagefind" else None
    if len(config.languages) == 1:
        return [LanguageBuild(source, GENERATED_DIR, "", overrides, chosen)]
    builds = [
        LanguageBuild(
            source,
            GENERATED_DIR,
            "",
            {**(overrides or {}), "extra": _extra(engine_config, config, source)},
            chosen,
        )
    ]
    for code, edition in config.editions.items():
        docs = f"{GENERATED_DIR}/{folder(code)}"
        changed: dict[str, Any] = {
            "docs_dir": docs,
            "site_url": edition.site_url,
            "site_name": edition.site_name,
            "theme": _theme(engine_config, code),
            "extra": _extra(engine_config, config, code),
        }
        declared = config.settings.language(code)
        if declared.site_description:
            changed["site_description"] = declared.site_description
        if isinstance(engine_config.get("nav"), list):
            changed["nav"] = translated_nav(engine_config["nav"], config, edition, sites[source], sites[code])
        searched = "pagefind" if setting == "auto" and search.cjk(code) else chosen
        if searched == "pagefind":
            changed.update(search.engine_overrides({**engine_config, **changed}, engine))
        else:
            changed["plugins"] = search.with_language(engine_config.get("plugins"), code)
        builds.append(LanguageBuild(code, docs, code, changed, searched))
    return builds


def run_builds(
    root: Path,
    config_file: Path,
    builds: list[LanguageBuild],
    engine_config: dict[str, Any],
    out: Path,
    engine: Engine,
    notes: list[str],
) -> Notices:
    """Run the engine for each build into `out` (another language into `out/<code>/`), then
    Pagefind for each that searches with it; the engines' notices, each once."""
    notices = Notices()
    for each in builds:
        target = out / each.out if each.out else out
        said = run_engine(root, config_file, target, engine, each.overrides, engine_config)
        notices.warnings += [w for w in said.warnings if w not in notices.warnings]
        notices.infos += [i for i in said.infos if i not in notices.infos]
        if each.search == "pagefind":
            report = search.index_site(target, root / each.docs, engine, search.cjk(each.code))
            where = f" ({each.code})" if each.out else ""
            notes.append(
                f"search{where}: pagefind, {report.pages} pages indexed, {report.skipped} not searched"
            )
    return notices


def autonym(code: str) -> str:
    """A language's name in itself, from CLDR ("中文", "français"); the code if unknown."""
    try:
        locale = babel.Locale.parse(code.replace("-", "_"))
    except (ValueError, babel.UnknownLocaleError):
        return code
    return locale.get_display_name(locale) or code


def alternates(config: SiteConfig, code: str) -> list[dict[str, str]]:
    """`extra.alternate` for the build of `code`: each language and its root relative to this
    build's root (`link`: the switcher adds the page's path to it); and, when mkdocs.yml sets
    `site_url`, its absolute root (`href`: the `hreflang` links add the page's path to it, as
    search engines want them absolute; without an address there is none to give)."""
    source = config.languages[0]
    published = config.engine.get("site_url")
    base = published.rstrip("/") + "/" if isinstance(published, str) and published else None
    found = []
    for other in config.languages:
        if code == source:
            link = "./" if other == source else f"{other}/"
        else:
            link = "./" if other == code else ("../" if other == source else f"../{other}/")
        entry = {"name": autonym(other), "link": link, "lang": other}
        if base:
            entry["href"] = base if other == source else f"{base}{other}/"
        found.append(entry)
    return found


def _extra(engine_config: dict[str, Any], config: SiteConfig, code: str) -> dict[str, Any]:
    extra = engine_config.get("extra")
    return {**(extra if isinstance(extra, dict) else {}), "alternate": alternates(config, code)}


def _theme(engine_config: dict[str, Any], code: str) -> dict[str, Any]:
    """The theme in that language, with the theme folder the generator wrote for it."""
    theme = engine_config.get("theme")
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme}
    theme["language"] = code
    custom = theme.get("custom_dir")
    prefix = GENERATED_DIR + "/"
    if isinstance(custom, str) and custom.startswith(prefix):
        theme["custom_dir"] = f"{prefix}{folder(code)}/{custom.removeprefix(prefix)}"
    return theme


def translated_nav(
    nav: list[Any], config: SiteConfig, edition: SiteConfig, source: Site, site: Site
) -> list[Any]:
    """The nav with each title in the language: a title that is one of the source language's
    words becomes that word in the language; an area's title, the area's translated title.
    Other titles stay as written (a page without a title takes its own heading)."""
    words = {config.words[k]: edition.words[k] for k in config.words if k in edition.words}
    areas = {f"areas/{a.id}.md": str(site.area(a.id).title) for a in source.areas}
    titles = {a.title: areas[f"areas/{a.id}.md"] for a in source.areas}

    def title(text: str, target: Any) -> str:
        if isinstance(target, str) and target in areas:
            return areas[target]
        return words.get(text) or titles.get(text) or text

    def walk(items: list[Any]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            if isinstance(item, dict) and len(item) == 1:
                ((text, target),) = item.items()
                new = walk(target) if isinstance(target, list) else target
                out.append({title(str(text), target) if isinstance(text, str) else text: new})
            else:
                out.append(item)
        return out

    return walk(nav)
