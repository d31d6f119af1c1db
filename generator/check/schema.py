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


Result = Literal["happened", "did_not_happen", "partly", "cannot_tell"]
RESULTS: tuple[str, ...] = get_args(Result)


class Outcome(Strict):
    """How a key judgment turned out, recorded once its horizon has passed."""

    result: Result = Field(
        description="What happened: happened, did_not_happen, partly or cannot_tell.", examples=["happened"]
    )
    date: dt.date = Field(description="When the outcome was observed (YYYY-MM-DD).", examples=["2026-05-15"])
    note: Text = Field(
        description="What happened, in one or two sentences (Markdown).",
        examples=["The meeting took place in the second week of May."],
    )
    sources: SourceRefs = Field(
        description="Source ids showing the outcome.", examples=[["example-2026-05-15"]]
    )


class KeyJudgment(Strict):
    """An estimative judgment in ICD 203 language."""

    text: Text = Field(
        description="The judgment, one or two sentences (Markdown).",
        examples=["The channel will meet again before the end of 2026."],
    )
    likelihood: Likelihood = Field(description="ICD 203 likelihood word, e.g. `likely`.", examples=["likely"])
    confidence: Confidence = Field(
        description="Analytic confidence: low, moderate or high.", examples=["moderate"]
    )
    sources: SourceRefs = Field(
        description="Ids from the source registry supporting it.", examples=[["reuters-2024-11-07"]]
    )
    resolves_by: dt.date | None = Field(
        None,
        description="The date by which the judgment comes true or not; past it, record the `outcome`.",
        examples=["2026-12-31"],
    )
    outcome: Outcome | None = Field(None, description="How the judgment turned out, once resolved.")


class Channel(Strict):
    """One official dialogue mechanism in the brief's area."""

    name: Text = Field(
        description="Name of the channel, e.g. `Theater commander talks`.",
        examples=["Theater commander talks"],
    )
    status: Status = Field(description="Status of this channel.", examples=["at_risk"])
    status_note: Text | None = Field(
        None,
        description="Why the channel has this status.",
        examples=["No sourced contact since January 2025."],
    )
    last_met: dt.date | None = Field(
        None, description="Date of the last known meeting or call; null if unknown.", examples=["2024-09-09"]
    )
    sources: list[Slug] = Field(
        default_factory=list, description="Sources for the status.", examples=[["dvids-2024-09-09"]]
    )


class Readout(Strict):
    """One government's account of a meeting."""

    source: Slug = Field(description="Source id of the readout.", examples=["wh-readout-2024-08-29"])
    summary: Text = Field(
        description="What this side said, in your own words.",
        examples=["Both sides noted progress in military-to-military talks."],
    )


class Readouts(Strict):
    """US and Chinese accounts of the same meeting, shown side by side."""

    us: Readout = Field(
        description="The US government's account.",
        examples=[{"source": "wh-readout-2024-08-29", "summary": "..."}],
    )
    china: Readout = Field(
        description="The Chinese government's account.",
        examples=[{"source": "xinhua-2024-08-29", "summary": "..."}],
    )
    differences: Text | None = Field(
        None,
        description="Where the two accounts differ.",
        examples=["Only the US account mentions the theater commander call."],
    )


class TimelineEntry(Strict):
    """A dated event."""

    date: dt.date = Field(description="Date of the event (YYYY-MM-DD).", examples=["2024-08-29"])
    date_precision: Literal["day", "month", "year"] = Field(
        "day", description="How precise `date` is; `month` shows as `April 2025`.", examples=["month"]
    )
    end_date: dt.date | None = Field(
        None, description="Last day, for events over several days.", examples=["2024-08-29"]
    )
    title: Text = Field(
        description="One-line headline of the event (plain text).",
        examples=["Sullivan meets CMC Vice Chairman Zhang Youxia in Beijing"],
    )
    description: LongText | None = Field(
        None, description="What happened (Markdown).", examples=["The first such meeting since 2018."]
    )
    actors: list[Slug] = Field(
        default_factory=list, description="Actor ids involved.", examples=[["jake-sullivan", "zhang-youxia"]]
    )
    sources: SourceRefs = Field(description="Source ids; at least one.", examples=[["wh-readout-2024-08-29"]])
    scheduled: bool = Field(
        False, description="True for a planned event; may be after the data cut-off.", examples=[True]
    )
    readouts: Readouts | None = Field(None, description="Paired US and Chinese readouts.")


class Risk(Strict):
    """A risk to the channels under the new administration."""

    text: Text = Field(
        description="The risk (Markdown).",
        examples=["The new administration could let working groups lapse."],
    )
    sources: list[Slug] = Field(
        default_factory=list, description="Source ids, if any.", examples=[["reuters-2024-11-07"]]
    )


class Brief(Strict):
    """One issue area: the unit a reader reads and a contributor edits."""

    id: Slug = Field(
        description="Stable id, equal to the file name; used in URLs.", examples=["military-communications"]
    )
    title: Text = Field(
        description="Title of the brief (plain text).", examples=["Military-to-military communications"]
    )
    area: Slug = Field(description="Area id from `content/areas.yaml`.", examples=["defense"])
    status: Status = Field(description="Overall status of the dialogue in this area.", examples=["active"])
    status_note: Text = Field(
        description="One sentence: why this status.", examples=["Maritime talks met in November 2025."]
    )
    as_of: dt.date = Field(
        description="Data cut-off: events after it are not covered.", examples=["2026-03-17"]
    )
    last_reviewed: dt.date = Field(
        description="When an editor last checked the whole brief.", examples=["2026-11-29"]
    )
    review_by: dt.date = Field(
        description="Past this date the page warns it may be out of date.", examples=["2027-02-28"]
    )
    owners: Annotated[list[Owner], Field(min_length=1)] = Field(
        description="GitHub users or teams responsible, e.g. `@defense-desk`.", examples=[["@defense-desk"]]
    )
    summary: LongText = Field(
        description="Summary of the state of play (Markdown).",
        examples=["Military channels reopened after the **Woodside** summit."],
    )
    key_points: list[Text] = Field(
        default_factory=list,
        description="Bullet points (Markdown).",
        examples=[["Theater-level talks resumed in September 2024."]],
    )
    key_judgments: list[KeyJudgment] = Field(default_factory=list, description="Estimative judgments.")
    channels: list[Channel] = Field(default_factory=list, description="Dialogue channels.")
    timeline: list[TimelineEntry] = Field(default_factory=list, description="Dated events.")
    risks: list[Risk] = Field(default_factory=list, description="Risks ahead.")
    related: list[Slug] = Field(
        default_factory=list, description="Ids of related briefs.", examples=[["nuclear-arms-control"]]
    )


class Source(Strict):
    """A document cited by briefs."""

    id: Slug = Field(description="Stable id, e.g. `reuters-2024-11-07`.", examples=["reuters-2024-11-07"])
    title: Text = Field(
        description="Title of the document, or a description in brackets.",
        examples=["China-U.S. talks on critical issues under threat as new Trump era looms"],
    )
    publisher: Text = Field(description="Who published it, e.g. `Reuters`.", examples=["Reuters"])
    date: dt.date | None = Field(None, description="Publication date, if known.", examples=["2024-11-07"])
    url: Url | None = Field(
        None, description="http(s) address; omit rather than guess.", examples=["https://example.org/article"]
    )
    via: Text | None = Field(
        None,
        description="Where a republished copy was read, if not the original.",
        examples=["copy on energynews.oedigital.com"],
    )
    kind: Literal["official", "news", "analysis", "transcript", "legal", "reference"] = Field(
        description="Kind of document.", examples=["news"]
    )
    side: Literal["us", "china", "other"] = Field(
        "other", description="Whose government account it is, for readouts.", examples=["us"]
    )


class Actor(Strict):
    """A person or institution named in briefs."""

    id: Slug = Field(description="Stable id, e.g. `jake-sullivan`.", examples=["jake-sullivan"])
    name: Text = Field(description="Name as shown.", examples=["Jake Sullivan"])
    kind: Literal["person", "institution"] = Field(description="Person or institution.", examples=["person"])
    role: Text = Field(
        description="Role relevant to the briefs, with years.",
        examples=["US National Security Advisor (2021-2025)"],
    )
    country: Literal["us", "china", "other"] = Field(description="Country.", examples=["us"])


class Area(Strict):
    """An issue area: briefs are grouped by area in navigation."""

    id: Slug = Field(description="Stable id, e.g. `defense`.", examples=["defense"])
    title: Text = Field(description="Name shown in navigation.", examples=["Defense"])
    description: Text = Field(
        description="One sentence on what the area covers.", examples=["Military-to-military communications."]
    )


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
