"""The site's domain vocabulary: statuses, the likelihood scale, confidence levels, parties.

Nothing here names a topic or holds a word: the built-in statuses, levels and
scales are ids, ranges and colours, and their words are in the word sets.  A
site declares its parties in `content/parties.yaml` and, under
`extra.briefings` in `mkdocs.yml`, may replace the statuses and the confidence
levels and choose a built-in likelihood scale.  Validation, the JSON Schema
given to editors, the methodology page and the CSS all read the one
`Vocabulary` built from those declarations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.words import Words

NO_PARTY = "other"
"""An actor's `country` or a source's `side` that is none of the declared parties."""
RESERVED_PARTY_IDS = frozenset({NO_PARTY, "differences"})
"""Ids a party may not take: `other` is the value above, `differences` a field of readouts."""
BRIEFS_INDEX = "index"
"""The page the site generates beside the briefs' own under `briefs/`: the list of briefs."""
RESERVED_BRIEF_IDS = frozenset({BRIEFS_INDEX})
"""Ids a brief may not take: its page `briefs/<id>.md` would be a page the site generates."""


@dataclass(frozen=True)
class Term:
    """One word of a vocabulary: its id in YAML, how pages show it, and what it means."""

    id: str
    label: str
    definition: str
    colour: str | None = None
    """A CSS colour, where the word is shown as a badge."""


@dataclass(frozen=True)
class Word:
    """One word of a likelihood scale with its probability range, in percent."""

    id: str
    label: str
    low: int
    high: int


@dataclass(frozen=True)
class Scale:
    """A likelihood scale: estimative words with fixed probability ranges."""

    id: str
    name: str
    description: str
    words: tuple[Word, ...]

    def word(self, word_id: str) -> Word:
        """The word with this id."""
        return next(w for w in self.words if w.id == word_id)

    @property
    def ids(self) -> tuple[str, ...]:
        """The words' ids, from least to most likely."""
        return tuple(w.id for w in self.words)


SCALE_RANGES: dict[str, tuple[tuple[str, int, int], ...]] = {
    "icd203": (
        ("almost_no_chance", 1, 5),
        ("very_unlikely", 5, 20),
        ("unlikely", 20, 45),
        ("roughly_even_chance", 45, 55),
        ("likely", 55, 80),
        ("very_likely", 80, 95),
        ("almost_certain", 95, 99),
    ),
    # The UK PHIA yardstick's seven ranges leave deliberate gaps between them.
    "phia": (
        ("remote_chance", 0, 5),
        ("highly_unlikely", 10, 20),
        ("unlikely", 25, 35),
        ("realistic_possibility", 40, 50),
        ("likely", 55, 75),
        ("highly_likely", 80, 90),
        ("almost_certain", 95, 100),
    ),
}
"""The built-in likelihood scales a site chooses from (`extra.briefings.likelihood_scale`):
each word's id and probability range; their names and words are in the word sets
(`scale_<id>`, `scale_<id>_description`, `likelihood_<word>`)."""
DEFAULT_SCALE = "icd203"
DEFAULT_STATUSES = (
    ("active", "#1b6e3a"),
    ("at_risk", "#8a5a00"),
    ("suspended", "#a4262c"),
    ("ended", "#4a4a4a"),
)
"""The statuses of a site that declares none, with their colours; their words are
`status_<id>` and `status_<id>_definition` in the word sets."""
DEFAULT_CONFIDENCES = ("low", "moderate", "high")
"""The confidence levels of a site that declares none (`confidence_<id>` in the word sets)."""


def scale(scale_id: str, words: Mapping[str, str]) -> Scale:
    """A built-in scale in the site's words."""
    return Scale(
        scale_id,
        words[f"scale_{scale_id}"],
        words[f"scale_{scale_id}_description"],
        tuple(Word(w, words[f"likelihood_{w}"], low, high) for w, low, high in SCALE_RANGES[scale_id]),
    )


def default_statuses(words: Mapping[str, str]) -> tuple[Term, ...]:
    """The built-in statuses in the site's words."""
    return tuple(
        Term(s, words[f"status_{s}"], words[f"status_{s}_definition"], colour)
        for s, colour in DEFAULT_STATUSES
    )


def default_confidences(words: Mapping[str, str]) -> tuple[Term, ...]:
    """The built-in confidence levels in the site's words."""
    return tuple(
        Term(c, words[f"confidence_{c}"], words[f"confidence_{c}_definition"]) for c in DEFAULT_CONFIDENCES
    )


@dataclass(frozen=True)
class Party:
    """One of the parties whose channels a site follows (from `content/parties.yaml`)."""

    id: str
    name: str
    label: str
    """Short form used in running text, e.g. in "<label> account"."""
    colour: str


@dataclass(frozen=True)
class Vocabulary:
    """Every word content may use where the schema expects a choice."""

    statuses: tuple[Term, ...] = field(default_factory=lambda: default_statuses(Words()))
    confidences: tuple[Term, ...] = field(default_factory=lambda: default_confidences(Words()))
    scale: Scale = field(default_factory=lambda: scale(DEFAULT_SCALE, Words()))
    parties: tuple[Party, ...] = ()

    @property
    def status_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.statuses)

    @property
    def confidence_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.confidences)

    @property
    def party_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.parties)

    def status(self, status_id: str) -> Term:
        """The status with this id."""
        return next(t for t in self.statuses if t.id == status_id)

    def confidence(self, level: str) -> Term:
        """The confidence level with this id."""
        return next(t for t in self.confidences if t.id == level)

    def party(self, party_id: str) -> Party:
        """The party with this id."""
        return next(p for p in self.parties if p.id == party_id)

    def with_parties(self, parties: tuple[Party, ...]) -> Vocabulary:
        """The same vocabulary with the site's parties."""
        return Vocabulary(self.statuses, self.confidences, self.scale, parties)


def domain_css(vocabulary: Vocabulary) -> str:
    """The colours the site declared, as CSS appended to the package's stylesheet."""
    lines = ["/* Generated from the site's statuses and parties. */", ":root {"]
    lines += [f"  --badge-{t.id}: {t.colour};" for t in vocabulary.statuses if t.colour]
    lines += [f"  --party-{p.id}: {p.colour};" for p in vocabulary.parties]
    lines.append("}")
    lines += [
        f".md-typeset .badge--{t.id} {{ background: var(--badge-{t.id}); }}"
        for t in vocabulary.statuses
        if t.colour
    ]
    lines += [
        f".md-typeset .readout--{p.id} {{ border-top-color: var(--party-{p.id}); }}"
        for p in vocabulary.parties
    ]
    return "\n".join(lines) + "\n"
