"""The one schema: pydantic models for briefs and registries.

Everything else derives from these classes: the generator validates with
them, `schema/*.schema.json` is written from them (`briefings schema`), and
the site's "Schema reference" page documents their fields.  A test checks
that the JSON Schema files in the repository are up to date.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# An id is a URL slug: lower-case words joined by single hyphens.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"]+$", max_length=2000)]
Owner = Annotated[str, StringConstraints(pattern=r"^@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9._-]+)?$")]
SourceRefs = Annotated[list[Slug], Field(min_length=1)]

Status = Literal["active", "at_risk", "suspended", "ended"]
Likelihood = Literal[
    "almost_no_chance",
    "very_unlikely",
    "unlikely",
    "roughly_even_chance",
    "likely",
    "very_likely",
    "almost_certain",
]
Confidence = Literal["low", "moderate", "high"]

STATUSES: tuple[str, ...] = get_args(Status)
LIKELIHOODS: tuple[str, ...] = get_args(Likelihood)
CONFIDENCES: tuple[str, ...] = get_args(Confidence)


class Strict(BaseModel):
    """Base: unknown keys are errors, values are never coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class KeyJudgment(Strict):
    """An estimative judgment in ICD 203 language."""

    text: Text = Field(description="The judgment, one or two sentences (Markdown).")
    likelihood: Likelihood = Field(description="ICD 203 likelihood word, e.g. `likely`.")
    confidence: Confidence = Field(description="Analytic confidence: low, moderate or high.")
    sources: SourceRefs = Field(description="Ids from the source registry supporting it.")


class Channel(Strict):
    """One official dialogue mechanism in the brief's area."""

    name: Text = Field(description="Name of the channel, e.g. `Theater commander talks`.")
    status: Status = Field(description="Status of this channel.")
    status_note: Text | None = Field(None, description="Why the channel has this status.")
    last_met: dt.date | None = Field(
        None, description="Date of the last known meeting or call; null if unknown."
    )
    sources: list[Slug] = Field(default_factory=list, description="Sources for the status.")


class Readout(Strict):
    """One government's account of a meeting."""

    source: Slug = Field(description="Source id of the readout.")
    summary: Text = Field(description="What this side said, in your own words.")


class Readouts(Strict):
    """US and Chinese accounts of the same meeting, shown side by side."""

    us: Readout = Field(description="The US government's account.")
    china: Readout = Field(description="The Chinese government's account.")
    differences: Text | None = Field(None, description="Where the two accounts differ.")


class TimelineEntry(Strict):
    """A dated event."""

    date: dt.date = Field(description="Date of the event (YYYY-MM-DD).")
    date_precision: Literal["day", "month", "year"] = Field(
        "day", description="How precise `date` is; `month` shows as `April 2025`."
    )
    end_date: dt.date | None = Field(None, description="Last day, for events over several days.")
    title: Text = Field(description="One-line headline of the event (plain text).")
    description: LongText | None = Field(None, description="What happened (Markdown).")
    actors: list[Slug] = Field(default_factory=list, description="Actor ids involved.")
    sources: SourceRefs = Field(description="Source ids; at least one.")
    scheduled: bool = Field(False, description="True for a planned event; may be after the data cut-off.")
    readouts: Readouts | None = Field(None, description="Paired US and Chinese readouts.")


class Risk(Strict):
    """A risk to the channels under the new administration."""

    text: Text = Field(description="The risk (Markdown).")
    sources: list[Slug] = Field(default_factory=list, description="Source ids, if any.")


class Brief(Strict):
    """One issue area: the unit a reader reads and a contributor edits."""

    id: Slug = Field(description="Stable id, equal to the file name; used in URLs.")
    title: Text = Field(description="Title of the brief (plain text).")
    area: Slug = Field(description="Area id from `content/areas.yaml`.")
    status: Status = Field(description="Overall status of the dialogue in this area.")
    status_note: Text = Field(description="One sentence: why this status.")
    as_of: dt.date = Field(description="Data cut-off: events after it are not covered.")
    last_reviewed: dt.date = Field(description="When an editor last checked the whole brief.")
    review_by: dt.date = Field(description="Past this date the page warns it may be out of date.")
    owners: Annotated[list[Owner], Field(min_length=1)] = Field(
        description="GitHub users or teams responsible, e.g. `@defense-desk`."
    )
    summary: LongText = Field(description="Summary of the state of play (Markdown).")
    key_points: list[Text] = Field(default_factory=list, description="Bullet points (Markdown).")
    key_judgments: list[KeyJudgment] = Field(default_factory=list, description="Estimative judgments.")
    channels: list[Channel] = Field(default_factory=list, description="Dialogue channels.")
    timeline: list[TimelineEntry] = Field(default_factory=list, description="Dated events.")
    risks: list[Risk] = Field(default_factory=list, description="Risks ahead.")
    related: list[Slug] = Field(default_factory=list, description="Ids of related briefs.")


class Source(Strict):
    """A document cited by briefs."""

    id: Slug = Field(description="Stable id, e.g. `reuters-2024-11-07`.")
    title: Text = Field(description="Title of the document, or a description in brackets.")
    publisher: Text = Field(description="Who published it, e.g. `Reuters`.")
    date: dt.date | None = Field(None, description="Publication date, if known.")
    url: Url | None = Field(None, description="http(s) address; omit rather than guess.")
    via: Text | None = Field(None, description="Where a republished copy was read, if not the original.")
    kind: Literal["official", "news", "analysis", "transcript", "legal", "reference"] = Field(
        description="Kind of document."
    )
    side: Literal["us", "china", "other"] = Field(
        "other", description="Whose government account it is, for readouts."
    )


class Actor(Strict):
    """A person or institution named in briefs."""

    id: Slug = Field(description="Stable id, e.g. `jake-sullivan`.")
    name: Text = Field(description="Name as shown.")
    kind: Literal["person", "institution"] = Field(description="Person or institution.")
    role: Text = Field(description="Role relevant to the briefs, with years.")
    country: Literal["us", "china", "other"] = Field(description="Country.")


class Area(Strict):
    """An issue area: briefs are grouped by area in navigation."""

    id: Slug = Field(description="Stable id, e.g. `defense`.")
    title: Text = Field(description="Name shown in navigation.")
    description: Text = Field(description="One sentence on what the area covers.")


class SourceRegistry(Strict):
    """`content/sources.yaml`."""

    sources: list[Source] = Field(description="Every source cited anywhere.")


class ActorRegistry(Strict):
    """`content/actors.yaml`."""

    actors: list[Actor] = Field(description="Every actor named anywhere.")


class AreaRegistry(Strict):
    """`content/areas.yaml`."""

    areas: list[Area] = Field(description="Areas, in navigation order.")


SCHEMAS: dict[str, type[BaseModel]] = {
    "brief": Brief,
    "sources": SourceRegistry,
    "actors": ActorRegistry,
    "areas": AreaRegistry,
}


def json_schema(name: str) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of one file kind."""
    schema = SCHEMAS[name].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{name}.schema.json"
    return schema


def json_schema_text(name: str) -> str:
    """Return the JSON Schema of one file kind as stable, pretty JSON."""
    return json.dumps(json_schema(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
