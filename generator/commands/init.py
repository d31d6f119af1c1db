"""`briefings init DIR`: start a new briefing site that validates and builds as written.

Like `hugo new site` or `npm create astro`: the package's starter site
(`generator/starter/`) is copied into an empty folder, in one of the languages
the generator has words for: `generator/starters/<language>/` holds the files
written in that language (the hand-written pages, the example brief and
registries), which replace the English ones of the same path; the navigation
is named from the language's words.  Files ending in `.j2`
are rendered with the title, addresses and today's dates (the example brief
must be current the day it is written); every other file is copied as it is,
so workflow files keep their `${{ }}` expressions.  Then the site's JSON
Schema files and CODEOWNERS are written by the same code as `briefings schema`
and `briefings codeowners`, so a new site starts in sync.

One install: run from the site's own environment (`python3 -m venv .venv`, the
generator installed into it, then `briefings init .`), the folder may hold that
`.venv`, and the Makefile's install mark is written in it after
`requirements.txt`, so `make site` has nothing to install again.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import re
import shutil
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

from generator import words
from generator.check.schema import SCHEMAS, json_schema_text
from generator.commands import codeowners
from generator.errors import BriefingsError
from generator.fsio import atomic_write
from generator.pipeline import check
from generator.project import PACKAGE, Project

STARTER = PACKAGE / "starter"
"""The starter site, shipped inside the package."""
STARTERS = PACKAGE / "starters"
"""Its files in other languages than English, one folder per language."""
STARTER_TEXT = "_starter.yaml"
"""The starter's default title and description in its language (not copied)."""
_GITHUB = re.compile(r"^https://github\.com/(?P<owner>[A-Za-z0-9-]+)/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$")


class InitError(BriefingsError):
    """The site cannot be started; nothing was written."""


@dataclass(frozen=True)
class Starter:
    """What the starter's templates are filled with."""

    title: str | None
    """The site's name; None: the starter's, in its language."""
    repo_url: str | None
    today: dt.date
    requirement: str
    areas: tuple[str, ...] = ("water",)
    """The area ids the new-brief form offers (those of the example content)."""
    language: str = words.REFERENCE
    """One of the languages the generator has words for (`theme.language` of the new site)."""

    @property
    def site_url(self) -> str:
        """GitHub Pages' address for a GitHub repository; a placeholder otherwise (the build warns)."""
        match = _GITHUB.match(self.repo_url or "")
        if match:
            return f"https://{match['owner'].lower()}.github.io/{match['repo']}/"
        return "https://example.org/"

    def context(self) -> dict[str, object]:
        first, second = self.today - dt.timedelta(days=60), self.today - dt.timedelta(days=20)
        locale, table = words.builtin(self.language) or words.builtin(words.REFERENCE)  # type: ignore[misc]
        ui = words.Words(self.language, locale, table)
        text = yaml.safe_load(_starter_file(STARTER_TEXT, self.language).read_text(encoding="utf-8"))
        title = self.title or str(text["title"])
        return {
            "title": title,
            "description": str(text["description"]).replace("{title}", title),
            "language": self.language,
            "ui": ui,
            "repo_url": self.repo_url,
            "site_url": self.site_url,
            "today": self.today.isoformat(),
            "review_by": (self.today + dt.timedelta(days=90)).isoformat(),
            "resolves_by": (self.today + dt.timedelta(days=180)).isoformat(),
            "first_meeting": first.isoformat(),
            "second_meeting": second.isoformat(),
            "first_year": first.year,
            "second_year": second.year,
            "first_meeting_text": ui.date(first),
            "second_meeting_text": ui.date(second),
            "requirement": self.requirement,
            "areas": list(self.areas),
        }


def _starter_file(rel: str, language: str) -> Path:
    """The starter's file `rel` in `language`: its own version if it has one, else the English."""
    own = STARTERS / language / rel
    return own if own.is_file() else STARTER / rel


VENV = ".venv"
"""The site's environment, where its `make` targets run the generator from."""
STAMP = ".installed-stamp"
"""The starter Makefile's mark, in the environment, of an install that is up to date."""


def check_target(target: Path) -> None:
    """Refuse a folder that exists and holds anything (nothing of anyone's is overwritten), but
    the environment this generator runs from, as `.venv`: the site's own, installed once."""
    if target.exists() and not target.is_dir():
        raise InitError(f"{target} exists and is not a folder; choose another path")
    if target.is_dir() and any(p.name != VENV or not own_environment(target) for p in target.iterdir()):
        raise InitError(
            f"{target} is not empty; `briefings init` starts a site only in a new or empty folder "
            f"(or one that holds only {VENV}, the environment running it)"
        )


def own_environment(target: Path) -> bool:
    """Whether `target/.venv` is the environment this generator runs from (`make site` then
    has nothing to install: the one install is the one that gave this command)."""
    venv = target / VENV
    return venv.is_dir() and venv.resolve() == Path(sys.prefix).resolve()


def check_repo_url(repo_url: str | None) -> None:
    """A repository address must be an http(s) URL."""
    if repo_url is None:
        return
    parts = urllib.parse.urlsplit(repo_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InitError(
            f"`{repo_url}` is not a repository address; give one like https://github.com/owner/repo"
        )


def generator_requirement() -> str:
    """How the new site installs this generator: from where this copy was installed, if pip recorded it."""
    try:
        dist = importlib.metadata.distribution("briefings")
    except importlib.metadata.PackageNotFoundError:
        return "briefings"
    direct = dist.read_text("direct_url.json")
    if direct:
        url = json.loads(direct).get("url")
        if isinstance(url, str) and url:
            return f"briefings @ {url}"
    return f"briefings=={dist.version}"


def init_site(target: Path, starter: Starter) -> list[str]:
    """Write the starter into `target` (new or empty); return the files written, relative to it."""
    if starter.language not in words.languages():
        raise InitError(
            f"the generator has no words in `{starter.language}`; "
            f"start the site in one of: {', '.join(words.languages())}"
        )
    target = target.absolute()  # `init .`: the staging folder goes beside it, not in it
    check_target(target)
    check_repo_url(starter.repo_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.init-tmp"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        written = _write_starter(staging, starter)
        project = Project(staging)
        result = check(project, starter.today)
        if result.site is None:  # the starter itself is broken: a bug of the package, said plainly
            problems = "; ".join(f"{d.location()}: {d.message}" for d in result.diagnostics)
            raise InitError(f"the starter site does not validate ({problems})")
        for name in SCHEMAS:
            schema_file = project.schema_dir / f"{name}.schema.json"
            atomic_write(schema_file, json_schema_text(name, result.site.vocabulary).encode())
            written.append(f"schema/{name}.schema.json")
        codeowners.write(codeowners.render(result.site.briefs, result.site.paths), project)
        written.append("CODEOWNERS")
        shutil.rmtree(project.cache.parent, ignore_errors=True)  # the check's cache is not part of the site
        target.mkdir(parents=True, exist_ok=True)
        for entry in sorted(staging.iterdir()):
            entry.rename(target / entry.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if own_environment(target):  # written after requirements.txt: the Makefile sees it up to date
        (target / VENV / STAMP).touch()
    return sorted(written)


def _write_starter(dest: Path, starter: Starter) -> list[str]:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(STARTER),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown, YAML and Make files, not HTML; values are quoted with `tojson`
    )
    context = starter.context()
    written = []
    for english in sorted(STARTER.rglob("*")):
        if not english.is_file() or "__pycache__" in english.parts or english.name == STARTER_TEXT:
            continue
        rel = english.relative_to(STARTER).as_posix()
        path = _starter_file(rel, starter.language)
        # A path may name a value too: an event's folder is the year of its date.
        out = dest / env.from_string(rel).render(**context).removesuffix(".j2")
        data = (
            env.from_string(path.read_text(encoding="utf-8")).render(**context).encode()
            if rel.endswith(".j2")
            else path.read_bytes()
        )
        atomic_write(out, data)
        written.append(out.relative_to(dest).as_posix())
    return written


def next_steps(target: Path, shown: str) -> str:
    """What to do after `briefings init`."""
    installed = own_environment(target)
    return "\n".join(
        [
            f"created a briefing site in {shown}",
            "next steps:",
            *([f"  cd {shown}"] if target.absolute() != Path.cwd() else []),
            "  make site      # validates, builds site/ (the generator is in .venv already)"
            if installed
            else "  make site      # installs the generator into .venv, validates, builds site/",
            "  make serve     # live preview at http://127.0.0.1:8000",
            "  make test      # the checks CI runs",
            "then make it yours:",
            "  mkdocs.yml             site_name, site_url, repo_url; extra.briefings for your words",
            "  content/parties.yaml   the parties whose channels you follow",
            "  content/areas.yaml     your issue areas (and in .github/ISSUE_TEMPLATE/new-brief.yml)",
            "  content/briefs/        replace the example brief: briefings new <id> --area <area>",
            "  requirements.txt       where CI installs the generator from",
            "  git init && git add -A && git commit -m 'Start the site'   (dates come from git history)",
        ]
    )
