"""`briefings new`: write a new brief from the commented template, valid as written.

Like `hugo new` with an archetype: the template `scaffold/brief.yaml.j2` (the
package's, or the site's own in `site_templates/`) carries the comments a
contributor needs, today's dates are filled in, and every list starts empty
(with commented examples), so the file validates before a single source has
been chosen.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import get_args

import jinja2

from generator.check.schema import SLUG_PATTERN, Owner
from generator.config import load_config
from generator.domain import RESERVED_BRIEF_IDS, Party, Vocabulary
from generator.errors import BriefingsError, did_you_mean
from generator.project import Project
from generator.read.load import read_file

TEMPLATE = "scaffold/brief.yaml.j2"
REVIEW_DAYS = 90
"""A new brief is due for review three months after it is written."""
RESOLVE_DAYS = 180
"""The example judgment's horizon, six months on."""
_OWNER = re.compile(get_args(Owner)[1].pattern)


class ScaffoldError(BriefingsError):
    """The brief cannot be written; `exit_code` is 1 (it exists) or 2 (usage)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message, code="scaffold")
        self.exit_code = exit_code


@dataclass(frozen=True)
class NewBrief:
    """What the template needs."""

    id: str
    area: str
    area_title: str
    owners: list[str]
    today: dt.date
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    """The site's words, listed in the template's comments."""
    source: str = "a-source-id"
    """A source id of the site, for the commented examples (a placeholder when it has none)."""

    @property
    def title(self) -> str:
        """A first title from the id: `military-comms` -> `Military comms`."""
        return self.id.replace("-", " ").capitalize()


def slugify(text: str) -> str:
    """The nearest valid id to `text`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def check_id(brief_id: str) -> None:
    """Refuse an id that is not a slug, suggesting the nearest one."""
    if brief_id in RESERVED_BRIEF_IDS:
        raise ScaffoldError(
            f"`{brief_id}` cannot be a brief's id: `briefs/{brief_id}.md` is a page the site generates; "
            f"choose another, e.g. `{brief_id}-talks`",
            2,
        )
    if re.fullmatch(SLUG_PATTERN, brief_id) and len(brief_id) <= 80:
        return
    near = slugify(brief_id)[:80].strip("-")
    hint = f"; did you mean `{near}`?" if near else ""
    raise ScaffoldError(
        f"`{brief_id}` is not a valid id: use lower-case letters and digits joined by hyphens{hint}", 2
    )


def area_titles(project: Project) -> dict[str, str]:
    """Area id -> title, from `content/areas.yaml` (tolerating a broken file)."""
    data = read_file(project.content / "areas.yaml", "content/areas.yaml", root=project.root).data
    items = data.get("areas") if isinstance(data, dict) else None
    return {
        a["id"]: str(a.get("title", a["id"]))
        for a in (items if isinstance(items, list) else [])
        if isinstance(a, dict) and isinstance(a.get("id"), str)
    }


def first_source(project: Project) -> str | None:
    """The first source id of `content/sources.yaml` (tolerating a broken file)."""
    data = read_file(project.content / "sources.yaml", "content/sources.yaml", root=project.root).data
    items = data.get("sources") if isinstance(data, dict) else None
    ids = [s["id"] for s in (items if isinstance(items, list) else []) if isinstance(s, dict)]
    return next((i for i in ids if isinstance(i, str) and re.fullmatch(SLUG_PATTERN, i)), None)


def site_vocabulary(project: Project, today: dt.date) -> Vocabulary:
    """The site's declared words and parties, read leniently: a broken file leaves the defaults."""
    config, _ = load_config(project.config_file, today)
    words = config.vocabulary if config else Vocabulary()
    data = read_file(project.content / "parties.yaml", "content/parties.yaml", root=project.root).data
    items = data.get("parties") if isinstance(data, dict) else None
    parties = tuple(
        Party(p["id"], str(p.get("name", p["id"])), str(p.get("label", p["id"])), str(p.get("colour", "")))
        for p in (items if isinstance(items, list) else [])
        if isinstance(p, dict) and isinstance(p.get("id"), str)
    )
    return words.with_parties(parties)


def render(new: NewBrief, project: Project) -> str:
    """The text of the new brief."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(project.template_dirs)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # YAML, not HTML: values are quoted with `tojson` where needed
    )
    words = new.vocabulary
    return env.get_template(TEMPLATE).render(
        id=new.id,
        title=new.title,
        area=new.area,
        area_title=new.area_title,
        owners=new.owners,
        today=new.today.isoformat(),
        review_by=(new.today + dt.timedelta(days=REVIEW_DAYS)).isoformat(),
        resolves_by=(new.today + dt.timedelta(days=RESOLVE_DAYS)).isoformat(),
        status=words.status_ids[0],
        statuses=words.status_ids,
        scale_name=words.scale.name,
        likelihoods=words.scale.ids,
        confidences=words.confidence_ids,
        parties=words.party_ids,
        source=new.source,
    )


def new_brief(project: Project, brief_id: str, area: str, owners: list[str], today: dt.date) -> str:
    """Write `content/briefs/<id>.yaml`; return its path relative to the project."""
    check_id(brief_id)
    areas = area_titles(project)
    if area not in areas:
        hint = did_you_mean(area, areas) or "known areas: " + (", ".join(areas) or "none")
        raise ScaffoldError(f"unknown area `{area}` (not in content/areas.yaml); {hint}", 2)
    owners = owners or [f"@{area}-desk"]
    for owner in owners:
        if not _OWNER.fullmatch(owner):
            raise ScaffoldError(f"`{owner}` is not a GitHub user or team, e.g. `@{area}-desk`", 2)
    path = project.content / "briefs" / f"{brief_id}.yaml"
    rel = path.relative_to(project.root).as_posix()
    if path.exists():
        raise ScaffoldError(f"{rel} already exists; edit it instead (nothing was written)", 1)
    vocabulary = site_vocabulary(project, today)
    source = first_source(project) or NewBrief.source
    text = render(NewBrief(brief_id, area, areas[area], owners, today, vocabulary, source), project)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(text)
    return rel


def next_steps(rel: str, brief_id: str) -> str:
    """What to do after `briefings new`, naming each command."""
    return "\n".join(
        [
            f"created {rel}",
            "next steps:",
            f"  1. edit {rel}: title, status, summary; cite sources from content/sources.yaml",
            "     (add new sources there first; see CONTRIBUTING.md)",
            f"  2. make serve, then open the brief's page (briefs/{brief_id}/) and watch it update on save",
            "  3. .venv/bin/briefings validate --strict",
            "  4. .venv/bin/briefings codeowners   (CODEOWNERS follows the brief's owners)",
            "  5. commit, push and open a pull request: CI checks it and uploads a preview of the site",
        ]
    )
