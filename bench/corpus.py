"""A deterministic synthetic corpus: N valid briefs and their registries, for benchmarks.

Each brief is about 14 KB of YAML with its events (summary, key points, key
judgments, channels, risks, related briefs, and twenty sourced events with
actors, each its own file in `content/events/<year>/`; one of them is the first
event of the next brief, listed with a note, as briefs share events), written
for this project's schema (`generator/check/schema.py`).  Every source and actor
in the registries is cited at least once, so a corpus validates with no error
and no warning.  The same N always gives the same bytes.

    python -m bench.corpus 1000 bench/out/n1000
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import random
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
AREAS = (
    ("overview", "Overview", "The relationship as a whole and the leader-level channel."),
    ("defense", "Defense", "Military-to-military communications and maritime safety talks."),
    ("arms-control", "Arms control", "Nuclear arms control and non-proliferation consultations."),
    ("counternarcotics", "Counternarcotics", "Cooperation on fentanyl and its precursor chemicals."),
    ("climate", "Climate", "Bilateral climate cooperation and the UN climate process."),
    ("economy", "Economy and trade", "Working groups on finance, tariffs and trade talks."),
    ("technology", "Technology and AI", "Talks on artificial intelligence and other emerging technologies."),
)
"""The areas mkdocs.yml's nav lists, in its order."""
PARTIES = (("northland", "#1a3f8f"), ("southland", "#a4262c"))
"""The two parties of the corpus, with their colours."""
PARTY_IDS = tuple(p for p, _ in PARTIES)
TODAY = dt.date(2026, 11, 29)
"""The build date the corpus is valid for (the same fixed date the tests use)."""
TIMELINE_ENTRIES = 20
SOURCES_PER_BRIEF = 25
ACTORS_PER_BRIEF = 8

_WORDS = [
    "talks",
    "delegation",
    "readout",
    "channel",
    "ministry",
    "working",
    "group",
    "agreement",
    "dialogue",
    "tariff",
    "maritime",
    "summit",
    "envoy",
    "statement",
    "framework",
    "export",
    "control",
    "communication",
    "precursor",
    "emissions",
    "treasury",
    "security",
    "council",
    "cooperation",
    "consultation",
    "incident",
    "deconfliction",
    "verification",
    "schedule",
    "negotiation",
    "commitment",
    "review",
    "transition",
    "administration",
]
_PUBLISHERS = ("Reuters", "Xinhua", "The White House", "Associated Press", "MFA of China", "DVIDS")
_STATUSES = ("active", "at_risk", "suspended", "ended")
_LIKELIHOODS = ("unlikely", "roughly_even_chance", "likely", "very_likely")
_CONFIDENCES = ("low", "moderate", "high")


def pool_sizes(n: int) -> tuple[int, int]:
    """(sources, actors) in the registries: shared across briefs, each cited at least once."""
    # The registries stay under the loader's 1 MB file limit at any N.
    return min(3000, 5 * n), min(400, max(20, 2 * n))


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(9, 16)) for _ in range(sentences))


def _markdown(rng: random.Random, sentences: int) -> str:
    """A Markdown paragraph with some emphasis, as contributors write them."""
    text = _paragraph(rng, sentences)
    word = rng.choice(_WORDS)
    return text.replace(f" {word} ", f" **{word}** ", 1)


def brief_id(i: int) -> str:
    """The id (and file name) of brief number i."""
    return f"brief-{i:05d}"


def source_id(j: int) -> str:
    """The id of source number j."""
    return f"src-{j:05d}"


def source_side(j: int) -> str:
    """Every third source is one party's own account, every third the other's."""
    return (*PARTY_IDS, "other")[j % 3]


def event_id(i: int, t: int) -> str:
    """The id of event t of brief i: its date, then the brief and the number (as the migration
    derives ids from a date and a title)."""
    return f"{_event_day(i, t).isoformat()}-brief-{i:05d}-event-{t:02d}"


def _event_day(i: int, t: int) -> dt.date:
    return dt.date(2023, 1, 1) + dt.timedelta(days=(t * 53 + i) % 1150)


def make_brief(i: int, n: int) -> dict[str, Any]:
    """Brief number i of a corpus of n (without its event files: `make_events`)."""
    return make_brief_and_events(i, n)[0]


def make_events(i: int, n: int) -> list[dict[str, Any]]:
    """The events brief i writes (others may list them too)."""
    return make_brief_and_events(i, n)[1]


def make_brief_and_events(i: int, n: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Brief number i of a corpus of n and its events: deterministic, valid, about 14 KB as YAML."""
    rng = random.Random(f"brief-{i}")
    n_sources, n_actors = pool_sizes(n)
    cited = [source_id((i * SOURCES_PER_BRIEF + k) % n_sources) for k in range(SOURCES_PER_BRIEF)]
    actors = [f"actor-{(i * ACTORS_PER_BRIEF + k) % n_actors:04d}" for k in range(ACTORS_PER_BRIEF)]
    as_of = dt.date(2026, 3, 1) + dt.timedelta(days=i % 200)

    def refs(k: int) -> list[str]:
        return rng.sample(cited, k)

    timeline = []
    for t in range(TIMELINE_ENTRIES):
        day = _event_day(i, t)
        entry: dict[str, Any] = {
            "id": event_id(i, t),
            "date": day,
            "title": _sentence(rng, 9)[:-1],
            "description": _markdown(rng, 2),
            # The first entries cite every source once, so none is left unused.
            "actors": [actors[t % ACTORS_PER_BRIEF], rng.choice(actors)],
            "sources": [cited[t], *refs(1)] if t < SOURCES_PER_BRIEF else refs(2),
        }
        if t == 3:
            entry["end_date"] = day + dt.timedelta(days=2)
        timeline.append(entry)
    readouts: dict[str, Any] = {}
    for party in PARTY_IDS:
        own = next(s for s in cited if source_side(int(s[4:])) == party)
        readouts[party] = {"source": own, "summary": _markdown(rng, 2)}
    timeline[5]["readouts"] = {**readouts, "differences": _paragraph(rng, 1)}
    for extra, src in enumerate(cited[TIMELINE_ENTRIES:]):
        timeline[extra]["sources"].append(src)
    channel = f"brief-{i:05d}-channel-0"
    timeline[1]["channels"] = [channel]  # a meeting of the brief's first channel
    events = [{"event": e["id"]} for e in timeline]
    if n > 1:  # the next brief's first event bears on this brief too
        events.append({"event": event_id((i + 1) % n, 0), "note": _markdown(rng, 1)})
    area = AREAS[i % len(AREAS)][0]
    brief = {
        "id": brief_id(i),
        "title": f"Brief {i}: " + _sentence(rng, 5)[:-1],
        "area": area,
        "status": _STATUSES[i % len(_STATUSES)],
        "status_note": _sentence(rng, 18),
        "as_of": as_of,
        "last_reviewed": dt.date(2026, 11, 1),
        "review_by": dt.date(2027, 2, 1) + dt.timedelta(days=i % 90),
        "owners": [f"@{area}-desk"],
        "summary": "\n\n".join(_markdown(rng, 4) for _ in range(3)),
        "key_points": [_markdown(rng, 1) for _ in range(5)],
        "key_judgments": [
            {
                "id": f"judgment-{k}",
                "text": _markdown(rng, 1),
                "likelihood": rng.choice(_LIKELIHOODS),
                "confidence": rng.choice(_CONFIDENCES),
                "sources": refs(2),
            }
            for k in range(3)
        ],
        "channels": [
            {
                "id": f"brief-{i:05d}-channel-{c}",
                "name": f"Channel {c}: " + _sentence(rng, 4)[:-1],
                "status": rng.choice(_STATUSES),
                "status_note": _sentence(rng, 14),
                # Never older than the channel's meeting (event 1 is one of channel 0).
                "last_met": max(
                    as_of - dt.timedelta(days=30 * c + 5), timeline[1]["date"] if c == 0 else dt.date.min
                ),
                "sources": refs(2),
            }
            for c in range(3)
        ],
        "events": events,
        "risks": [{"text": _markdown(rng, 2), "sources": refs(1)} for _ in range(3)],
        "related": [brief_id((i + step) % n) for step in (1, 7) if (i + step) % n != i],
    }
    return brief, timeline


def make_registries(n: int) -> dict[str, dict[str, Any]]:
    """sources.yaml, actors.yaml, areas.yaml and parties.yaml for a corpus of n briefs."""
    n_sources, n_actors = pool_sizes(n)
    rng = random.Random(f"registries-{n}")
    sources = [
        {
            "id": source_id(j),
            "title": _sentence(rng, 8)[:-1],
            "publisher": _PUBLISHERS[j % len(_PUBLISHERS)],
            "date": dt.date(2023, 1, 1) + dt.timedelta(days=j % 1150),
            "url": f"https://example.org/news/{j}/{rng.choice(_WORDS)}",
            "kind": "official" if j % 3 != 2 else "news",
            "side": source_side(j),
        }
        for j in range(n_sources)
    ]
    actors = [
        {
            "id": f"actor-{k:04d}",
            "name": f"Actor {k} {rng.choice(_WORDS).title()}",
            "kind": "person" if k % 4 else "institution",
            "role": _sentence(rng, 6)[:-1],
            "country": (*PARTY_IDS, "other")[k % 3],
        }
        for k in range(n_actors)
    ]
    areas = [{"id": a, "title": t, "description": d} for a, t, d in AREAS]
    parties = [
        {"id": p, "name": f"Republic of {p.title()}", "label": p.title(), "colour": c} for p, c in PARTIES
    ]
    return {
        "sources": {"sources": sources},
        "actors": {"actors": actors},
        "areas": {"areas": areas},
        "parties": {"parties": parties},
    }


class _Dumper(yaml.CSafeDumper):
    """Lists of ids in flow style (`[a, b]`), as the real briefs write them."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = bool(data) and all(isinstance(v, str) and len(v) < 40 for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def dump(data: Any) -> str:
    """YAML as a contributor would write it: keys in schema order, id lists inline."""
    text: str = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)
    return text


_NAV_AREA = re.compile(r"^\s+- [^:]+: (areas/[a-z0-9-]+\.md)\s*$")


_LANGUAGES = re.compile(r"^([ \t]+)languages:.*\n(?:\1[ \t]+.*\n)*", re.M)
"""The languages setting: its line and the lines indented under it (a list in block form)."""

SECOND_LANGUAGE = "fr"
"""The language a two-language corpus is translated into (a built-in word set)."""


def copy_config(dest: Path, languages: int = 1) -> None:
    """The project's configuration, templates and hand-written pages (as the tests copy them),
    declaring the source language alone, or with `SECOND_LANGUAGE` (`languages=2`)."""
    dest.mkdir(parents=True, exist_ok=True)
    # The nav names this site's areas; the corpus has its own (AREAS): drop the others'
    # entries, or a strict build fails on a nav entry to a page that does not exist.
    ours = {f"areas/{a}.md" for a, _, _ in AREAS}
    lines = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not (_NAV_AREA.match(line) and _NAV_AREA.match(line)[1] not in ours)]
    declared = "[en]" if languages == 1 else f"[en, {SECOND_LANGUAGE}]"  # theme.language is en
    config, found = _LANGUAGES.subn(rf"\1languages: {declared}\n", "".join(kept), count=1)
    assert found == 1, "mkdocs.yml declares no extra.briefings.languages"
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copy(ROOT / "CONTRIBUTING.md", dest / "CONTRIBUTING.md")
    for folder in ("docs", "site_templates"):
        shutil.rmtree(dest / folder, ignore_errors=True)
        shutil.copytree(ROOT / folder, dest / folder)


def write_content(content: Path, n: int) -> None:
    """Write n briefs and the registries into a `content/` folder (replacing what was there)."""
    shutil.rmtree(content, ignore_errors=True)
    (content / "briefs").mkdir(parents=True)
    for name, data in make_registries(n).items():
        (content / f"{name}.yaml").write_text(dump(data), encoding="utf-8")
    for i in range(n):
        brief, events = make_brief_and_events(i, n)
        (content / "briefs" / f"{brief_id(i)}.yaml").write_text(dump(brief), encoding="utf-8")
        for event in events:
            folder = content / "events" / str(event["date"].year)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{event['id']}.yaml").write_text(dump(event), encoding="utf-8")


def write_project(dest: Path, n: int, languages: int = 1) -> Path:
    """A whole project folder with n briefs; reuses the content if it was written for the same
    n and languages.  With two, the second language's translation files are scaffolded by
    `briefings translate` and some of their units filled (`fill_translations`)."""
    copy_config(dest, languages)
    stamp = dest / "content" / ".corpus"
    wanted = f"n={n} languages={languages} version=4\n"
    if not (stamp.is_file() and stamp.read_text() == wanted):
        write_content(dest / "content", n)
        if languages > 1:
            translate(dest)
        stamp.write_text(wanted)
    return dest


def translate(dest: Path) -> None:
    """Scaffold the second language's translations with the public command, then translate
    some units, as translators would have: each brief's title and status note, each
    event's title."""
    from generator import cli

    argv = ["--project", str(dest), "--today", TODAY.isoformat(), "translate", SECOND_LANGUAGE]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = cli.main(argv)
    if code != 0:
        raise SystemExit(f"briefings translate {SECOND_LANGUAGE} failed:\n{err.getvalue()[-3000:]}")
    fill_translations(dest / "content" / "translations" / SECOND_LANGUAGE)


def fill_translations(folder: Path) -> int:
    """Fill the first text units of each brief's (two) and event's (one) translation file; how many."""
    filled = 0
    for kind, count in (("briefs", 2), ("events", 1)):
        for path in sorted((folder / kind).rglob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            units = min(count, text.count("text: null"))
            for k in range(units):
                text = text.replace("text: null", f"text: 'Texte traduit {k + 1} de {path.stem}.'", 1)
            path.write_text(text, encoding="utf-8")
            filled += units
    return filled


def main(argv: list[str] | None = None) -> None:
    """Command line: write a corpus of N briefs into a project folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("dest", type=Path)
    args = parser.parse_args(argv)
    write_project(args.dest, args.n)


if __name__ == "__main__":
    main()
