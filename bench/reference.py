"""The floor: a bare load + render + write pipeline, with no validation at all.

libyaml's `CSafeLoader` reads each file (the registries, the events under
`content/events/`, the briefs), one Jinja template comparable to the brief
page (the same sections, each event the brief lists with its note, citations
numbered, actor names looked up) renders it with Markdown fields passed
through as they are, and the page is written.  No schema, no reference
checks, no positions, no aggregate pages: whatever the generator spends
beyond this is the price of what it adds.

    python -m bench.reference bench/out/n1000 /tmp/reference-out
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

import jinja2
import yaml

TEMPLATE_DIR = Path(__file__).resolve().parent


def _load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def _citations(brief: dict[str, Any]) -> dict[str, int]:
    """Source id -> number, in the order the page cites them."""
    ids: list[str] = []
    for section in ("key_judgments", "channels"):
        for item in brief.get(section, []):
            ids += item.get("sources", [])
    for entry in sorted(brief.get("timeline", []), key=lambda e: e["date"]):
        ids += entry["sources"]
        for account in _accounts(entry):
            ids.append(account["source"])
    for risk in brief.get("risks", []):
        ids += risk.get("sources", [])
    numbers: dict[str, int] = {}
    for source_id in ids:
        numbers.setdefault(source_id, len(numbers) + 1)
    return numbers


def _accounts(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The parties' readouts of a timeline entry, in the order written."""
    readouts = entry.get("readouts") or {}
    return [v for k, v in readouts.items() if k != "differences"]


def run(project: Path, out: Path) -> int:
    """Load every brief and registry, render one page per brief into `out`, and again for
    each language of `content/translations/` into `out/<code>/`; return the page count."""
    content = project / "content"
    sources = {s["id"]: s for s in _load(content / "sources.yaml")["sources"]}
    actors = {a["id"]: a for a in _load(content / "actors.yaml")["actors"]}
    areas = {a["id"]: a for a in _load(content / "areas.yaml")["areas"]}
    events = {e["id"]: e for e in map(_load, sorted((content / "events").glob("*/*.yaml")))}
    briefs = [_load(path) for path in sorted((content / "briefs").glob("*.yaml"))]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    env.filters["accounts"] = _accounts
    template = env.get_template("reference_brief.md.j2")
    folder = content / "translations"
    languages = [None, *sorted(p.name for p in folder.iterdir() if p.is_dir())] if folder.is_dir() else [None]
    count = 0
    for code in languages:
        units = _units(folder / code) if code else {}
        into = (out / code if code else out) / "briefs"
        into.mkdir(parents=True, exist_ok=True)
        for brief in briefs:
            page = _translated(brief, units.get(f"briefs/{brief['id']}"))
            page["timeline"] = [
                {**_translated(events[e["event"]], units.get(f"events/{e['event']}")), "note": e.get("note")}
                for e in brief.get("events", [])
            ]
            text = template.render(
                brief=page, numbers=_citations(page), sources=sources, actors=actors, areas=areas
            )
            (into / f"{brief['id']}.md").write_text(text, encoding="utf-8")
            count += 1
    return count


def _units(folder: Path) -> dict[str, Any]:
    """A language's translation files of briefs and events, by `briefs/<id>` or `events/<id>`."""
    found = {}
    for kind in ("briefs", "events"):
        for path in (folder / kind).rglob("*.yaml"):
            found[f"{kind}/{path.stem}"] = _load(path) or {}
    return found


def _translated(record: dict[str, Any], units: dict[str, Any] | None) -> dict[str, Any]:
    """The record with each translated text field in place (a floor: texts only)."""
    texts = {k: u.get("text") for k, u in (units or {}).items() if isinstance(u, dict)}
    texts = {k: text for k, text in texts.items() if isinstance(text, str)}
    return {**record, **texts}


def main(argv: list[str] | None = None) -> None:
    """Command line: run the reference pipeline once."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    shutil.rmtree(args.out, ignore_errors=True)
    print(run(args.project, args.out), "pages")


if __name__ == "__main__":
    main()
