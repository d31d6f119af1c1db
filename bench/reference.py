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
    """Load every brief and registry, render one page per brief into `out`; return the page count."""
    content = project / "content"
    sources = {s["id"]: s for s in _load(content / "sources.yaml")["sources"]}
    actors = {a["id"]: a for a in _load(content / "actors.yaml")["actors"]}
    areas = {a["id"]: a for a in _load(content / "areas.yaml")["areas"]}
    events = {e["id"]: e for e in map(_load, sorted((content / "events").glob("*/*.yaml")))}
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    env.filters["accounts"] = _accounts
    template = env.get_template("reference_brief.md.j2")
    (out / "briefs").mkdir(parents=True, exist_ok=True)
    count = 0
    for path in sorted((content / "briefs").glob("*.yaml")):
        brief = _load(path)
        brief["timeline"] = [{**events[e["event"]], "note": e.get("note")} for e in brief.get("events", [])]
        text = template.render(
            brief=brief, numbers=_citations(brief), sources=sources, actors=actors, areas=areas
        )
        (out / "briefs" / f"{brief['id']}.md").write_text(text, encoding="utf-8")
        count += 1
    return count


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
