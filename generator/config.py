"""The site's configuration: `mkdocs.yml`, read once, checked like content.

One file configures the whole site.  The engine reads its standard keys; the
generator reads a few of them (site name and URL, repository URL, `docs_dir`,
the nav) and its own settings under `extra.briefings`: the statuses, the
likelihood scale, the confidence levels, the words pages show and a few switches.
The site's language is `theme.language`, the one setting the theme reads too.
Every problem is a positioned diagnostic (`mkdocs.yml:12:3: nav: ...`), never
a traceback.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import pathspec
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from generator import words as words_module
from generator.check.schema import COLOUR_PATTERN, URL_PATTERN, WORD_PATTERN, Text
from generator.check.text import text_problems
from generator.check.validate import place, schema_problems
from generator.domain import Term, Vocabulary, default_confidences, default_statuses, scale
from generator.errors import BriefingsError, Diagnostic, FieldPath, Problem, did_you_mean
from generator.project import THEME_DIR
from generator.read.load import LoadedFile, read_file
from generator.words import Words

GENERATED_DIR = "generated"
"""The engine's `docs_dir`: the folder only the generator writes."""
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "localhost", "127.0.0.1")


PluralForm = Literal["zero", "one", "two", "few", "many", "other"]


class _Setting(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class TermSetting(_Setting):
    """A status or a confidence level declared by the site."""

    id: Annotated[str, StringConstraints(pattern=WORD_PATTERN, max_length=80)] = Field(
        description="The word as content writes it, e.g. `at_risk`."
    )
    label: Text | dict[str, Text] | None = Field(
        None,
        description="How pages show it, or one text per language (`{fr: ..., en: ...}`); "
        "default: the word set's `status_<id>` or `confidence_<id>`, else the id with spaces.",
    )
    definition: Text | dict[str, Text] = Field(
        description="What it means, shown on the methodology page; or one text per language."
    )
    colour: Annotated[str, StringConstraints(pattern=COLOUR_PATTERN)] | None = Field(
        None, description="Badge colour (#rgb or #rrggbb), for statuses."
    )


LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]


class LanguageSetting(_Setting):
    """One language the site publishes in (`extra.briefings.languages`)."""

    code: LanguageCode = Field(description="The language's code, e.g. `zh` or `pt-BR`.")
    site_name: Text | None = Field(None, description="The site's name in that language.")
    site_description: Text | None = Field(None, description="The site's description in that language.")
    words: dict[str, Text | dict[PluralForm, Text]] = Field(
        default_factory=dict,
        description="Replacements for the words pages in that language show (the keys of the word sets).",
    )


class BriefingsSettings(_Setting):
    """`extra.briefings` in mkdocs.yml: the generator's own settings."""

    edit_branch: Text = Field("main", description="Branch that 'Edit this brief' links open.")
    statuses: Annotated[list[TermSetting], Field(min_length=1)] | None = Field(
        None, description="The statuses content may use; default: active, at_risk, suspended, ended."
    )
    confidence_levels: Annotated[list[TermSetting], Field(min_length=1)] | None = Field(
        None, description="The confidence levels; default: low, moderate, high."
    )
    likelihood_scale: Literal["icd203", "phia"] = Field(
        "icd203", description="The built-in likelihood scale: `icd203` or `phia`."
    )
    words: dict[str, Text | dict[PluralForm, Text]] = Field(
        default_factory=dict,
        description="Replacements for the words pages show (the keys of the word sets); a word with "
        "a `{count}` may give CLDR's plural forms, e.g. `{one: ..., other: ...}`.",
    )
    freshness_days: int | None = Field(
        None, description="A brief whose data cut-off is older than this many days shows as out of date."
    )
    licence: Text | None = Field(None, description="The content's licence, shown in the footer.")
    search: Literal["auto", "lunr", "pagefind"] = Field("auto", description="Search engine of the site.")
    languages: Annotated[list[LanguageCode | LanguageSetting], Field(min_length=1)] | None = Field(
        None,
        description="The languages the site is written in, the source language (`theme.language`) first; "
        "a code, or `{code, site_name, site_description}`.",
    )

    def language_codes(self, source: str) -> tuple[str, ...]:
        """The codes of the site's languages, the source language `source` first."""
        codes = [item if isinstance(item, str) else item.code for item in self.languages or [source]]
        return tuple(codes)

    def language(self, code: str) -> LanguageSetting:
        """The declaration of one of the site's languages (a bare code is `{code: ...}`)."""
        for item in self.languages or []:
            if item == code:
                return LanguageSetting(code=code)
            if isinstance(item, LanguageSetting) and item.code == code:
                return item
        return LanguageSetting(code=code)


class EngineConfig(BaseModel):
    """The keys of mkdocs.yml the generator reads; everything else is the engine's."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)

    site_name: Text = Field(description="The site's name, shown in the header and in titles.")
    site_url: Annotated[str, StringConstraints(pattern=URL_PATTERN)] | None = Field(
        None, description="The address the site is published at."
    )
    repo_url: Annotated[str, StringConstraints(pattern=URL_PATTERN)] | None = Field(
        None, description="The repository, for 'Edit this brief' and 'Report a problem' links."
    )
    docs_dir: str = Field("docs", description=f"Must be `{GENERATED_DIR}`, the generator's output folder.")
    exclude_docs: str | None = Field(
        None, description="Pages of docs/ not to publish, one gitignore-style pattern a line."
    )
    nav: list[Any] | None = Field(None, description="The navigation: one entry per page or section.")
    extra: dict[str, Any] | None = Field(
        None, description="Free settings; the generator's are under `briefings`."
    )


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
    words: Words = field(default_factory=Words)
    """The words pages show (`ui.<key>` in templates): the built-in set of the site's language,
    with the site's own on top; and how the language writes dates and numbers."""
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    """Statuses, likelihood scale and confidence levels (parties come from the content)."""
    settings: BriefingsSettings = field(default_factory=BriefingsSettings)
    exclude_docs: tuple[str, ...] = ()
    """Patterns of hand-written pages kept out of the site (MkDocs' `exclude_docs`), e.g. developer notes."""
    engine: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """`mkdocs.yml` as plain data, other programs' tags read as null: what the engines are run
    with, from the one parse of the file (no page shows it, so it is in no digest)."""
    editions: Mapping[str, SiteConfig] = field(default_factory=dict, repr=False, compare=False)
    """The configuration of each other language the site publishes in, by code: its words,
    its vocabulary's words, its name and its address (`site_url` + `<code>/`)."""

    def fresh_until(self, as_of: dt.date, review_by: dt.date) -> dt.date:
        """The last day a brief counts as current: its review date, or its data cut-off
        plus the site's `freshness_days`, whichever comes first."""
        last = review_by
        limit = self.settings.freshness_days
        if limit is not None:
            last = min(last, as_of + dt.timedelta(days=limit))
        return last

    def out_of_date(self, as_of: dt.date, review_by: dt.date) -> bool:
        """Whether a brief is out of date on the build date (see `fresh_until`)."""
        return self.fresh_until(as_of, review_by) < self.today

    @property
    def languages(self) -> tuple[str, ...]:
        """The codes of the site's languages, the source language first."""
        return self.settings.language_codes(site_language(self.engine))

    @property
    def source_url(self) -> str:
        """The address of the source language's site (an edition's `site_url` adds its code)."""
        code = self.words.language
        if code != self.languages[0] and self.site_url.endswith(f"/{code}/"):
            return self.site_url.removesuffix(f"{code}/")
        return self.site_url

    def excluded(self, rel: str) -> bool:
        """Whether the hand-written page `rel` (relative to docs/) stays out of the site."""
        return bool(self.exclude_docs) and _spec(self.exclude_docs).match_file(rel)


def load_config(config_file: Path, today: dt.date) -> tuple[SiteConfig | None, list[Diagnostic]]:
    """Read and check `mkdocs.yml`; the config is None when it has an error."""
    file = read_file(config_file, config_file.name, foreign_tags=True)
    if file.problems:
        if any(p.code == "unreadable" for p, _ in file.problems) and not config_file.exists():
            problem = Problem(
                (),
                f"the site has no {config_file.name}: it is the configuration every site needs",
                "run the command in the site's folder, pass --project, or start a site with `briefings init`",
                code="no-config",
            )
            return None, [_diagnostic(file, problem)]
        return None, [place(file, p, mark) for p, mark in file.problems]
    engine, problems = schema_problems(EngineConfig, file.data)
    characters = list(text_problems(file.data)) + list(_markup_problems(file.data))
    if engine is None:
        return None, [place(file, p) for p in problems + characters]
    raw = (engine.extra or {}).get("briefings") or {}
    renamed = list(_renamed_problems(raw))
    if renamed:  # reported as what it is, not also as an unknown field
        raw = {k: v for k, v in raw.items() if k != "labels"}
    settings, problems = schema_problems(BriefingsSettings, raw)
    problems = characters + renamed + [_under(p, ("extra", "briefings")) for p in problems]
    problems += list(_consistency(engine, settings)) + list(_word_problems(raw))
    problems += list(_outside_problems(engine, config_file.parent))
    words, found = site_words(engine, settings)
    problems += found
    diagnostics = [place(file, p) for p in problems]
    if settings is None or words is None or any(d.severity == "error" for d in diagnostics):
        return None, diagnostics
    terms, found = _terms_problems(settings, words)
    diagnostics += [place(file, p) for p in found]
    if terms is None:
        return None, diagnostics
    config = SiteConfig(
        site_name=engine.site_name,
        site_url=engine.site_url or "http://localhost/",
        repo_url=engine.repo_url,
        edit_branch=settings.edit_branch,
        today=today,
        nav=tuple(_nav_files(engine.nav or [])),
        words=words,
        vocabulary=terms,
        settings=settings,
        exclude_docs=tuple(line for line in (engine.exclude_docs or "").splitlines() if line.strip()),
        engine=file.data,
    )
    editions, found = _editions(config, settings)
    diagnostics += [place(file, p) for p in found]
    if any(d.severity == "error" for d in diagnostics):
        return None, diagnostics
    return dataclasses.replace(config, editions=editions), diagnostics


def _editions(config: SiteConfig, settings: BriefingsSettings) -> tuple[dict[str, SiteConfig], list[Problem]]:
    """The configuration of each language after the first: its words (the built-in set, the
    language's own `words` on top), its vocabulary in them, its name and address."""
    editions, problems = {}, []
    base = config.site_url.rstrip("/") + "/"
    for i, code in enumerate(config.languages[1:], 1):
        declared = settings.language(code)
        at = ("extra", "briefings", "languages", i)
        words, found = language_words(code, declared.words, at, f"`words:` of `{{code: {code}}}` here")
        problems += found
        if words is None:
            continue
        terms, found = _terms_problems(settings, words, source=False)
        problems += found
        if terms is None:
            continue
        editions[code] = dataclasses.replace(
            config,
            site_name=declared.site_name or config.site_name,
            site_url=f"{base}{code}/",
            words=words,
            vocabulary=terms,
        )
    return editions, problems


def config_problems(config_file: Path, problems: list[Problem]) -> list[Diagnostic]:
    """Problems found outside the configuration's checks (the engine, the output folders),
    placed at the setting they concern, or at the top of the file when it is not set."""
    if not problems:
        return []
    file = read_file(config_file, config_file.name, foreign_tags=True)
    return [place(file, p) for p in problems]


def placeholder_problems(config_file: Path, config: SiteConfig) -> list[Diagnostic]:
    """Warnings for URLs still pointing at a placeholder host (published links would be wrong)."""
    found = []
    for key, url in (("site_url", config.site_url), ("repo_url", config.repo_url)):
        host = urllib.parse.urlsplit(url or "").hostname or ""
        if url and (host in PLACEHOLDER_HOSTS or host.endswith(".example")):
            found.append(
                Problem(
                    (key,),
                    f"{url} is a placeholder address: canonical links, the sitemap and the feed "
                    "would point at it",
                    f"set `{key}` to the address the site is published at",
                    severity="warning",
                    code="placeholder-url",
                )
            )
    return config_problems(config_file, found)


def site_words(
    engine: EngineConfig, settings: BriefingsSettings | None
) -> tuple[Words | None, list[Problem]]:
    """The site's words: the built-in set of `theme.language`, the site's own on top."""
    language = site_language(engine.model_extra or {})
    return language_words(language, settings.words if settings else {}, ("theme", "language"))


def language_words(
    language: str, own: Mapping[str, Any], at: FieldPath, where: str = "extra.briefings.words"
) -> tuple[Words | None, list[Problem]]:
    """The words of one language: its built-in set, `own` on top; a problem at `at` when the
    generator cannot write the language's dates, or has no words in it and `own` lacks some."""
    locale = words_module.locale_of(language)
    if locale is None:
        problem = Problem(
            at,
            f"`{language}` is not a language the generator can write dates and numbers in",
            f"use a language code such as {', '.join(words_module.languages())}",
            code="unknown-language",
        )
        return None, [problem]
    found = words_module.builtin(language)
    base = found[1] if found else words_module.builtin(words_module.REFERENCE)[1]  # type: ignore[index]
    problems = []
    missing = sorted(words_module.keys() - set(own)) if found is None else []
    if missing:
        problems.append(
            Problem(
                at,
                f"the generator has no words in `{language}`: {len(missing)} words would show in English "
                f"(e.g. {', '.join(f'`{k}`' for k in missing[:3])})",
                f"give every word under {where} (the keys of the package's words/en.yaml), "
                f"or use a built-in language: {', '.join(words_module.languages())}",
                severity="warning",
                code="no-words",
            )
        )
    table = {**base, **{k: v for k, v in own.items() if k in base}}
    return Words(language, locale, table), problems


def _terms_problems(
    settings: BriefingsSettings, words: Words, source: bool = True
) -> tuple[Vocabulary | None, list[Problem]]:
    """The site's statuses, levels and scale in a language; a term with texts per language
    that has none in the site's language is an error at that text.  In another language
    (`source` false) a term without a text of its own is shown in the language's word for
    it, else in the source language's text."""
    problems: list[Problem] = []

    def text(value: str | dict[str, str] | None, path: tuple[str | int, ...]) -> str | None:
        if not source:
            return value.get(words.language) if isinstance(value, dict) else None
        if not isinstance(value, dict):
            return value
        if words.language not in value:
            problems.append(
                Problem(
                    path,
                    f"has no text in `{words.language}`, the site's language (theme.language)",
                    f"add `{words.language}: ...` beside {', '.join(f'`{k}`' for k in sorted(value))}",
                    code="missing-language",
                )
            )
            return ""
        return value[words.language]

    def terms(name: str, kind: str, items: list[TermSetting]) -> tuple[Term, ...]:
        found = []
        for i, t in enumerate(items):
            at = ("extra", "briefings", name, i)
            label = text(t.label, (*at, "label")) or words.get(f"{kind}_{t.id}") or _source_text(t.label)
            definition = text(t.definition, (*at, "definition"))
            if not source:
                definition = definition or words.get(f"{kind}_{t.id}_definition")
            definition = definition or _source_text(t.definition)
            found.append(Term(t.id, label or t.id.replace("_", " "), definition, t.colour))
        return tuple(found)

    result = Vocabulary(
        statuses=terms("statuses", "status", settings.statuses)
        if settings.statuses
        else default_statuses(words),
        confidences=(
            terms("confidence_levels", "confidence", settings.confidence_levels)
            if settings.confidence_levels
            else default_confidences(words)
        ),
        scale=scale(settings.likelihood_scale, words),
    )
    return (None if problems else result), problems


def _source_text(value: str | dict[str, str] | None) -> str:
    """A term's own text where the language has none: the first the site gives."""
    if isinstance(value, dict):
        return next(iter(value.values()), "")
    return value or ""


def _consistency(engine: EngineConfig, settings: BriefingsSettings | None) -> Iterator[Problem]:
    if engine.docs_dir.rstrip("/") != GENERATED_DIR:
        yield Problem(
            ("docs_dir",),
            f"is `{engine.docs_dir}`, but the generator writes the site's pages to `{GENERATED_DIR}/`",
            f"set `docs_dir: {GENERATED_DIR}`; hand-written pages stay in docs/ and are copied in",
            code="docs-dir",
        )
    yield from _theme_problems(engine)
    if settings is None:
        return
    yield from _language_problems(engine, settings)
    for name in ("statuses", "confidence_levels"):
        seen: set[str] = set()
        for i, term in enumerate(getattr(settings, name) or []):
            if term.id in seen:
                yield Problem(
                    ("extra", "briefings", name, i, "id"),
                    f"`{term.id}` is declared twice",
                    "give each word its own id",
                    code="duplicate-id",
                )
            seen.add(term.id)


def site_language(engine_data: Mapping[str, Any]) -> str:
    """The source language: `theme.language` (Material's default, `en`, when unset)."""
    theme = engine_data.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    return language if isinstance(language, str) and language else words_module.REFERENCE


def _language_problems(engine: EngineConfig, settings: BriefingsSettings) -> Iterator[Problem]:
    """The first language is the one the content is written in; each is declared once."""
    if not settings.languages:
        return
    source = site_language(engine.model_extra or {})
    codes = settings.language_codes(source)
    if codes[0] != source:
        yield Problem(
            ("extra", "briefings", "languages", 0),
            f"the first language is `{codes[0]}`, but the content is written in `{source}` "
            "(`theme.language`)",
            f"list `{source}` first: the first language is the source the others translate",
            code="source-language",
        )
    for i, code in enumerate(codes):
        if code in codes[:i]:
            yield Problem(
                ("extra", "briefings", "languages", i),
                f"`{code}` is declared twice",
                "list each language once",
                code="duplicate-id",
            )
    if len(codes) > 1 and not engine.site_url:
        yield Problem(
            ("extra", "briefings", "languages"),
            "the site is published in several languages but sets no `site_url`: its pages can "
            "carry no `hreflang` links, which search engines read only as full addresses",
            "set `site_url` to the address the site is published at",
            severity="warning",
            code="no-site-url",
        )


def _outside_problems(engine: EngineConfig, root: Path) -> Iterator[Problem]:
    """The engine publishes the static files of `theme.custom_dir`: a folder outside the
    project (`/home/runner/.ssh`, or a link that leads there) would put them on the site."""
    theme = (engine.model_extra or {}).get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str) and not (root / custom).resolve().is_relative_to(root.resolve()):
        yield Problem(
            ("theme", "custom_dir"),
            "is outside the project: the engine would publish the files it finds there",
            f"set `custom_dir: {GENERATED_DIR}/{THEME_DIR}`; the site's own go in site_templates/theme/",
            code="outside-project",
        )


def _theme_problems(engine: EngineConfig) -> Iterator[Problem]:
    """The theme must read the generator's overrides (the footer, the title, the tabs, the
    repository link without an API call): without them pages still build, so it is a warning."""
    wanted = f"{GENERATED_DIR}/{THEME_DIR}"
    theme = (engine.model_extra or {}).get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str) and custom.rstrip("/") == wanted:
        return
    at_setting = isinstance(theme, dict) and custom is not None
    yield Problem(
        ("theme", "custom_dir") if at_setting else ("theme",),
        f"the theme does not read the generator's overrides in `{wanted}`: pages would lose the "
        "footer's facts, the section tab and the repository link that calls no API",
        f"set `custom_dir: {wanted}` under `theme:`; a site's own overrides go in site_templates/theme/",
        severity="warning",
        code="theme-dir",
        at_key=not at_setting,
    )


THEME_TEXT = ("site_name", "site_description", "site_author", "repo_name", "copyright")
"""Settings the engine's theme (Material) inserts into every page as they are, unescaped."""
_MARKUP = re.compile(r'[<>"]')


def _markup_problems(data: Any) -> Iterator[Problem]:
    """`<`, `>` and `"` in what the theme inserts unescaped (those settings, and the nav's titles):
    they would be read as HTML, e.g. `site_name: x" onmouseover="...`.  The generator's own
    pages escape every setting; the theme's cannot be made to."""
    if not isinstance(data, dict):
        return
    places: list[tuple[FieldPath, Any, bool]] = [((key,), data.get(key), False) for key in THEME_TEXT]
    places += [(path, title, True) for path, title in _nav_titles(data.get("nav"), ("nav",))]
    for path, value, at_key in places:
        found = _MARKUP.search(value) if isinstance(value, str) else None
        if found is not None:
            yield Problem(
                path,
                f"holds `{found[0]}`, which the theme would insert into pages as HTML",
                'write it without <, > and " (typographic quotes \u201c \u201d are fine)',
                code="markup-in-setting",
                at_key=at_key,
            )


def _nav_titles(nav: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    """(path, title) of every titled entry of the nav."""
    if isinstance(nav, list):
        for i, item in enumerate(nav):
            yield from _nav_titles(item, (*path, i))
    elif isinstance(nav, dict):
        for title, value in nav.items():
            yield (*path, title), str(title)
            yield from _nav_titles(value, (*path, title))


def _renamed_problems(raw: Any) -> Iterator[Problem]:
    """`labels` became `words`: an old key is an error that names the new one, never ignored."""
    if isinstance(raw, dict) and "labels" in raw:
        yield Problem(
            ("extra", "briefings", "labels"),
            "`labels` is now called `words`",
            "rename `labels:` to `words:`; the keys are listed in the package's words/en.yaml",
            code="renamed-setting",
            at_key=True,
        )


def _word_problems(raw: Any) -> Iterator[Problem]:
    """Unknown word keys, read from the raw settings so they show even when another setting is wrong:
    the site's words and each language's own."""
    raw = raw if isinstance(raw, dict) else {}
    sets: list[tuple[FieldPath, Any]] = [(("extra", "briefings", "words"), raw.get("words"))]
    languages = raw.get("languages")
    for i, entry in enumerate(languages if isinstance(languages, list) else []):
        if isinstance(entry, dict):
            sets.append((("extra", "briefings", "languages", i, "words"), entry.get("words")))
    known = words_module.keys()
    for at, words in sets:
        words = words if isinstance(words, dict) else {}
        for key in sorted(words, key=str):
            if isinstance(words[key], dict) and "other" not in words[key]:
                yield Problem(
                    (*at, key),
                    "plural forms without `other`, the form every language uses",
                    "add `other: ...`; the forms are CLDR's: zero, one, two, few, many, other",
                    code="plural-other",
                    at_key=True,
                )
            if key not in known:
                yield Problem(
                    (*at, key),
                    f"unknown word `{key}`",
                    did_you_mean(str(key), known) or "the words are listed in the package's words/en.yaml",
                    code="unknown-word",
                    at_key=True,
                )


def _under(problem: Problem, prefix: tuple[str, ...]) -> Problem:
    return Problem(
        (*prefix, *problem.path),
        problem.message,
        problem.hint,
        problem.severity,
        problem.code,
        problem.at_key,
    )


def _diagnostic(file: LoadedFile, problem: Problem) -> Diagnostic:
    return place(file, problem, (0, 0))


@cache
def _spec(patterns: tuple[str, ...]) -> pathspec.PathSpec[Any]:
    return pathspec.PathSpec.from_lines("gitignore", patterns)


def _nav_files(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_files(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_files(value)


class ConfigError(BriefingsError):
    """mkdocs.yml cannot be used; carries its diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(f"{d.location()}: {d.message}" for d in diagnostics))
        self.diagnostics = diagnostics


def read_config(config_file: Path, today: dt.date) -> SiteConfig:
    """The configuration, for callers that have already validated it (raises ConfigError otherwise)."""
    config, diagnostics = load_config(config_file, today)
    if config is None:
        raise ConfigError(diagnostics)
    return config


def load_mkdocs_yaml(config_file: Path) -> dict[str, Any]:
    """`mkdocs.yml` as plain data, other programs' tags read as null (for the engines)."""
    data = read_file(config_file, config_file.name, foreign_tags=True).data
    return data if isinstance(data, dict) else {}
