"""The one schema: pydantic models for briefs and registries.

Everything else derives from these classes: the generator validates with
them, `schema/*.schema.json` is written from them (`briefings schema`), and
the site's "Schema reference" page documents their fields.  Fields whose
words the site declares (statuses, likelihood, confidence, parties) are
plain words here; `rules.vocabulary_problems` checks them against the site's
`Vocabulary`, and `json_schema` writes the site's words into the published
schema as enums, so an editor still completes them.  A test checks that the
JSON Schema files in the repository are up to date.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from generator.domain import NO_PARTY, Vocabulary

# An id is a URL slug: lower-case words joined by single hyphens.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# A vocabulary word: lower-case words joined by underscores, e.g. `at_risk`.
WORD_PATTERN = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
# Written without backslash escapes inside the class: ECMA-262's unicode mode (Ajv, editors) refuses `\"`.
URL_PATTERN = '^https?://[^\\s<>"]+$'
COLOUR_PATTERN = r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
# In content, a word is checked against the site's vocabulary (`rules.vocabulary_problems`),
# which names the choices; a pattern here would only add a vaguer second error.
Word = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=2000)]
OWNER_PATTERN = r"^@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9._-]+)?$"
Owner = Annotated[str, StringConstraints(pattern=OWNER_PATTERN)]
Colour = Annotated[str, StringConstraints(pattern=COLOUR_PATTERN)]
SourceRefs = Annotated[list[Slug], Field(min_length=1)]


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
    """An estimative judgment, in the words of the site's likelihood scale."""

    id: Slug = Field(
        description="Stable id, unique in the brief: the judgment's anchor (`briefs/<brief>/#<id>`).",
        examples=["commission-meets-again"],
    )
    text: Text = Field(
        description="The judgment, one or two sentences (Markdown).",
        examples=["The commission meets again before the end of the year."],
    )
    likelihood: Word = Field(
        description="A word of the site's likelihood scale, e.g. `likely` (see the methodology page).",
        examples=["likely"],
    )
    confidence: Word = Field(
        description="Analytic confidence, one of the site's levels, e.g. `moderate`.", examples=["moderate"]
    )
    sources: SourceRefs = Field(
        description="Ids from the source registry supporting it.", examples=[["example-ministry-2025-03-01"]]
    )
    resolves_by: dt.date | None = Field(
        None,
        description="The date by which the judgment comes true or not; past it, record the `outcome`.",
        examples=["2026-12-31"],
    )
    outcome: Outcome | None = Field(None, description="How the judgment turned out, once resolved.")
    made: dt.date | None = Field(
        None,
        description="When the judgment was first published (YYYY-MM-DD), shown with it on the track record.",
        examples=["2025-03-01"],
    )


class Channel(Strict):
    """One official dialogue mechanism in the brief's area."""

    id: Slug = Field(
        description="Stable id, unique across the site: events name it as the channel they are a meeting of.",
        examples=["joint-working-group"],
    )
    name: Text = Field(
        description="Name of the channel, as readers see it.", examples=["Joint working group"]
    )
    status: Word = Field(
        description="Status of this channel, one of the site's statuses.", examples=["at_risk"]
    )
    status_note: Text | None = Field(
        None,
        description="Why the channel has this status.",
        examples=["No sourced meeting since January 2025."],
    )
    last_met: dt.date | None = Field(
        None,
        description="First day of the last known meeting or call; null if unknown. Never older than "
        "the newest event that is a meeting of this channel (taken from it when left out).",
        examples=["2025-03-01"],
    )
    sources: list[Slug] = Field(
        default_factory=list,
        description="Sources for the status.",
        examples=[["example-ministry-2025-03-01"]],
    )


class Readout(Strict):
    """One party's account of a meeting."""

    source: Slug = Field(description="Source id of the readout.", examples=["example-ministry-2025-03-01"])
    summary: Text = Field(
        description="What this party said, in your own words.",
        examples=["Both delegations agreed to meet again within six months."],
    )


class Readouts(Strict):
    """Each party's account of the same meeting, shown side by side: one key per party id."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)
    __pydantic_extra__: dict[str, Readout] = Field(init=False)

    differences: Text | None = Field(
        None,
        description="Where the accounts differ.",
        examples=["Only one account mentions the schedule of the next round."],
    )

    @property
    def accounts(self) -> dict[str, Readout]:
        """Party id -> its account, in the order written."""
        return dict(self.__pydantic_extra__ or {})


class Event(Strict):
    """A dated event, written once in `content/events/<year>/<id>.yaml`; briefs list it by id."""

    id: Slug = Field(
        description="Stable id, equal to the file name: the event's anchor on the timeline. "
        "`briefings migrate-events` derives it from the date and the title.",
        examples=["2025-03-01-joint-working-group-meets"],
    )
    date: dt.date = Field(description="Date of the event (YYYY-MM-DD).", examples=["2025-03-01"])
    date_precision: Literal["day", "month", "year"] = Field(
        "day", description="How precise `date` is; `month` shows as `April 2025`.", examples=["month"]
    )
    end_date: dt.date | None = Field(
        None, description="Last day, for events over several days.", examples=["2025-03-02"]
    )
    title: Text = Field(
        description="One-line headline of the event (plain text).",
        examples=["Joint working group meets for its second round"],
    )
    description: LongText | None = Field(
        None, description="What happened (Markdown).", examples=["The first round held in person."]
    )
    actors: list[Slug] = Field(
        default_factory=list, description="Actor ids involved.", examples=[["jane-doe", "example-ministry"]]
    )
    sources: SourceRefs = Field(
        description="Source ids; at least one.", examples=[["example-ministry-2025-03-01"]]
    )
    channels: list[Slug] = Field(
        default_factory=list,
        description="Ids of the channels this event is a meeting of (from briefs' `channels`).",
        examples=[["joint-working-group"]],
    )
    scheduled: bool = Field(
        False, description="True for a planned event; may be after the data cut-off.", examples=[True]
    )
    readouts: Readouts | None = Field(
        None,
        description="The parties' own accounts of the meeting, one per party id (two or more).",
        examples=[
            {
                "northland": {"source": "northland-mfa-2025-03-01", "summary": "..."},
                "southland": {"source": "southland-mfa-2025-03-01", "summary": "..."},
            }
        ],
    )


class EventRef(Strict):
    """An event a brief bears on, by id, with the brief's own note on it."""

    event: Slug = Field(
        description="Id of an event in `content/events/`.", examples=["2025-03-01-joint-working-group-meets"]
    )
    note: Text | None = Field(
        None,
        description="What this event means for this brief (Markdown), shown under it on the brief's page.",
        examples=["The first round since the commission was set up."],
    )


class Risk(Strict):
    """A risk to the channels."""

    text: Text = Field(
        description="The risk (Markdown).",
        examples=["A change of government could let the working groups lapse."],
    )
    sources: list[Slug] = Field(
        default_factory=list, description="Source ids, if any.", examples=[["example-ministry-2025-03-01"]]
    )


Trend = Literal["improving", "steady", "worsening"]
TRENDS: tuple[str, ...] = get_args(Trend)


class Correction(Strict):
    """A correction of the brief, said for readers: it is marked as one in what changed."""

    date: dt.date = Field(description="When the correction was made (YYYY-MM-DD).", examples=["2025-04-02"])
    text: Text = Field(
        description="One plain sentence: what was wrong and what it now says.",
        examples=["Corrected the date of the March meeting, which was the 12th, not the 2nd."],
    )


class Brief(Strict):
    """One issue area: the unit a reader reads and a contributor edits."""

    id: Slug = Field(
        description="Stable id, equal to the file name; used in URLs.", examples=["joint-commission"]
    )
    title: Text = Field(description="Title of the brief (plain text).", examples=["The joint commission"])
    area: Slug = Field(description="Area id from `content/areas.yaml`.", examples=["water"])
    status: Word = Field(
        description="Overall status of the dialogue in this area, one of the site's statuses.",
        examples=["active"],
    )
    status_note: Text = Field(
        description="One sentence: why this status.", examples=["The commission met in March 2025."]
    )
    trend: Trend | None = Field(
        None,
        description="Where the status is heading since the last assessment: improving, steady or worsening.",
        examples=["steady"],
    )
    status_assessed: dt.date | None = Field(
        None,
        description="When the status was last assessed (YYYY-MM-DD); if absent, `last_reviewed`.",
        examples=["2025-04-02"],
    )
    as_of: dt.date = Field(
        description="Data cut-off: the date the content was checked through; later events are not covered.",
        examples=["2025-03-31"],
    )
    last_reviewed: dt.date = Field(
        description="When an editor checked the whole brief through `as_of` (not a later touch).",
        examples=["2025-04-02"],
    )
    review_by: dt.date = Field(
        description="Past this date the page warns it may be out of date.", examples=["2025-07-01"]
    )
    owners: Annotated[list[Owner], Field(min_length=1)] = Field(
        description="GitHub users or teams responsible: `@user` or `@org/team`.", examples=[["@water-desk"]]
    )
    summary: LongText = Field(
        description="Summary of the state of play (Markdown).",
        examples=["The **joint commission** met twice in 2025."],
    )
    key_points: list[Text] = Field(
        default_factory=list,
        description="Bullet points (Markdown).",
        examples=[["The second round agreed a data-sharing plan."]],
    )
    key_judgments: list[KeyJudgment] = Field(default_factory=list, description="Estimative judgments.")
    channels: list[Channel] = Field(default_factory=list, description="Dialogue channels.")
    events: list[EventRef] = Field(
        default_factory=list, description="The events this brief bears on, by id, oldest first on its page."
    )
    risks: list[Risk] = Field(default_factory=list, description="Risks ahead.")
    related: list[Slug] = Field(
        default_factory=list, description="Ids of related briefs.", examples=[["data-sharing"]]
    )
    corrections: list[Correction] = Field(
        default_factory=list, description="Corrections, each dated and said in one sentence for readers."
    )


class Source(Strict):
    """A document cited by briefs."""

    id: Slug = Field(
        description="Stable id: publisher, date and a word, e.g. `example-ministry-2025-03-01`.",
        examples=["example-ministry-2025-03-01"],
    )
    title: Text = Field(
        description="The document's own title.", examples=["Joint statement on the second round of talks"]
    )
    publisher: Text = Field(
        description="Who published it (for a copy: the original publisher).", examples=["Example News Agency"]
    )
    date: dt.date | None = Field(None, description="Publication date.", examples=["2025-03-01"])
    url: Url | None = Field(
        None, description="http(s) address; omit rather than guess.", examples=["https://example.org/article"]
    )
    via: Text | None = Field(
        None,
        description="For a republished copy: where it was read, shown to readers.",
        examples=["copy on example.net"],
    )
    kind: Literal["official", "news", "analysis", "transcript", "legal", "reference"] = Field(
        description="Kind of document.", examples=["news"]
    )
    side: Slug = Field(
        NO_PARTY,
        description="The party whose own account it is (a party id), for readouts; `other` if none.",
        examples=["northland"],
    )


class Actor(Strict):
    """A person or institution named in briefs."""

    id: Slug = Field(description="Stable id: a slug of the name.", examples=["jane-doe"])
    name: Text = Field(description="Name as shown.", examples=["Jane Doe"])
    kind: Literal["person", "institution"] = Field(description="Person or institution.", examples=["person"])
    role: Text = Field(
        description="Role relevant to the briefs, with years.",
        examples=["Commissioner for water resources (2021-2025)"],
    )
    country: Slug = Field(
        NO_PARTY,
        description="The party the actor belongs to (a party id); `other` if none.",
        examples=["northland"],
    )


class Area(Strict):
    """An issue area: briefs are grouped by area in navigation."""

    id: Slug = Field(description="Stable id, used in URLs and by briefs' `area`.", examples=["water"])
    title: Text = Field(description="Name shown in navigation.", examples=["Water"])
    description: Text = Field(
        description="One sentence on what the area covers.",
        examples=["Sharing and managing the river basin."],
    )


class Party(Strict):
    """One of the parties whose channels the site follows."""

    id: Slug = Field(
        description="Stable id, named by actors' `country`, sources' `side` and readouts.",
        examples=["northland"],
    )
    name: Text = Field(description="Full name, used as a heading.", examples=["Republic of Northland"])
    label: Text = Field(description="Short name used in running text.", examples=["Northland"])
    colour: Colour = Field(
        description="Colour of the party's accounts, as #rgb or #rrggbb.", examples=["#1a3f8f"]
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


class PartyRegistry(Strict):
    """`content/parties.yaml`."""

    parties: list[Party] = Field(description="The parties, in the order their accounts are shown.")


class ExportedEvent(Event):
    """An event as exported: the record, with every brief and area it bears on."""

    briefs: list[Slug] = Field(description="Ids of the briefs listing this event.")
    areas: list[Slug] = Field(description="Ids of those briefs' areas, in the site's order.")


class BriefsExport(Strict):
    """`api/briefs.json`: every brief of the site, as the site publishes them for machines."""

    schema_: str = Field(
        alias="schema", description="Where the JSON Schema of this document is, relative to it."
    )
    briefs: list[Brief] = Field(description="Every brief, in the order of the site's areas.")
    events: list[ExportedEvent] = Field(
        default_factory=list, description="Every event briefs list, once each, oldest first."
    )


EXPORT_SCHEMA = "../schema/briefs.schema.json"
"""What `api/briefs.json` says its schema is (the `briefs` entry below, as published)."""

SCHEMAS: dict[str, type[BaseModel]] = {
    "briefs": BriefsExport,
    "brief": Brief,
    "event": Event,
    "sources": SourceRegistry,
    "actors": ActorRegistry,
    "areas": AreaRegistry,
    "parties": PartyRegistry,
}


def json_schema(name: str, vocabulary: Vocabulary | None = None) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of one file kind, with the site's words as enums."""
    schema = SCHEMAS[name].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{name}.schema.json"
    if vocabulary is not None:
        _add_enums(schema, vocabulary)
    return schema


def _add_enums(schema: dict[str, Any], vocabulary: Vocabulary) -> None:
    defs = schema.get("$defs", {})
    parties = [*vocabulary.party_ids, NO_PARTY]
    choices = {
        ("Brief", "status"): vocabulary.status_ids,
        ("Channel", "status"): vocabulary.status_ids,
        ("KeyJudgment", "likelihood"): vocabulary.scale.ids,
        ("KeyJudgment", "confidence"): vocabulary.confidence_ids,
        ("Source", "side"): parties,
        ("Actor", "country"): parties,
    }
    for (model, field), words in choices.items():
        target = schema if schema.get("title") == model else defs.get(model)
        if target is not None:
            target["properties"][field]["enum"] = list(words)
    readouts = defs.get("Readouts")
    if readouts is not None:
        readouts["propertyNames"] = {"enum": ["differences", *vocabulary.party_ids]}


def json_schema_text(name: str, vocabulary: Vocabulary | None = None) -> str:
    """Return the JSON Schema of one file kind as stable, pretty JSON."""
    return json.dumps(json_schema(name, vocabulary), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
