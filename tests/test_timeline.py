"""The combined timeline is honest: each event once, the true count, every event of an area on its pages."""

from __future__ import annotations

import datetime as dt
import json
import re

from generator import cli
from generator.pipeline import check
from generator.project import Project
from generator.render.assemble import TIMELINE_LATEST
from tests.conftest import TODAY

EVENT = re.compile(r'<li class="event" id="([a-z0-9-]+)" data-areas="([a-z0-9 -]+)"')
COUNT = re.compile(r'id="timeline-count">(\d+) of (\d+) events<')


def generate(project: Project) -> None:
    assert (
        cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), "generate", "--strict"]) == 0
    )


def add_events(project: Project, count: int) -> list[str]:
    """`count` more events, all listed by the defense brief, one a day back from its cut-off."""
    ids = []
    for n in range(count):
        day = dt.date(2024, 11, 7) - dt.timedelta(days=3 * n + 1)
        event_id = f"{day}-round-{n}"
        folder = project.content / "events" / str(day.year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{event_id}.yaml").write_text(
            f"id: {event_id}\ndate: {day}\ntitle: Round {n}\nsources: [dvids-2024-09-09]\n"
        )
        ids.append(event_id)
    brief = project.content / "briefs" / "military-communications.yaml"
    listed = "".join(f"  - event: {i}\n" for i in ids)
    brief.write_text(brief.read_text().replace("events:\n", "events:\n" + listed))
    return ids


def page(project: Project, rel: str) -> str:
    return (project.generated / rel).read_text()


def test_an_event_two_briefs_list_is_one_event_with_both(sample_project: Project) -> None:
    site = check(sample_project, TODAY).site
    assert site is not None
    listed = {r.event for b in site.briefs for r in b.events}
    assert len(site.events) == len(listed) == 7
    shared = next(ev for ev in site.events if len(ev.briefs) > 1)
    assert [b.id for b in shared.briefs] == ["river-commission", "grid-interconnector"]
    assert shared.areas == ("water", "energy")  # in the site's order of areas
    generate(sample_project)
    timeline = page(sample_project, "timeline.md")
    assert [i for i, _ in EVENT.findall(timeline)].count(shared.id) == 1
    assert (shared.id, "water energy") in EVENT.findall(timeline)
    for area in ("water", "energy"):
        assert shared.id in [i for i, _ in EVENT.findall(page(sample_project, f"timeline/area/{area}.md"))]


def test_the_count_is_the_true_total_and_no_area_page_drops_an_event(minimal_project: Project) -> None:
    added = add_events(minimal_project, TIMELINE_LATEST + 20)
    total = len(added) + 2
    generate(minimal_project)
    latest = page(minimal_project, "timeline.md")
    assert COUNT.findall(latest) == [(str(TIMELINE_LATEST), str(total))]
    assert len(EVENT.findall(latest)) == TIMELINE_LATEST
    # Every event of an area is on its area's page, once; together the area pages hold every event.
    defense = [i for i, _ in EVENT.findall(page(minimal_project, "timeline/area/defense.md"))]
    assert sorted(defense) == sorted([*added, "2024-09-09-paparo-and-wu-hold-a-video-call"])
    assert COUNT.findall(page(minimal_project, "timeline/area/defense.md")) == [(str(total - 1), str(total))]
    overview = [i for i, _ in EVENT.findall(page(minimal_project, "timeline/area/overview.md"))]
    assert overview == ["2024-11-07-reuters-asks-which-channels-will-survive"]
    # The year pages hold every event once, and the permalink map knows each one's page.
    years = sorted(p.stem for p in (minimal_project.generated / "timeline").glob("[0-9]*.md"))
    on_years = [i for y in years for i, _ in EVENT.findall(page(minimal_project, f"timeline/{y}.md"))]
    assert sorted(on_years) == sorted([*added, *overview, "2024-09-09-paparo-and-wu-hold-a-video-call"])
    pages = json.loads(page(minimal_project, "timeline/events.json"))
    assert set(pages) == set(on_years)
    assert all(pages[i] == f"{i[:4]}/" for i in on_years)


def test_an_area_with_many_events_comes_in_parts(minimal_project: Project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import generator.model
    import generator.render.assemble

    monkeypatch.setattr(generator.model, "TIMELINE_PART_SIZE", 10)
    monkeypatch.setattr(generator.render.assemble, "TIMELINE_PART_SIZE", 10)
    added = add_events(minimal_project, 25)
    generate(minimal_project)
    parts = ["timeline/area/defense.md", "timeline/area/defense/2.md", "timeline/area/defense/3.md"]
    shown = [i for p in parts for i, _ in EVENT.findall(page(minimal_project, p))]
    assert sorted(shown) == sorted([*added, "2024-09-09-paparo-and-wu-hold-a-video-call"])


def test_a_channel_s_last_met_comes_from_its_meetings(minimal_project: Project) -> None:
    brief = minimal_project.content / "briefs" / "military-communications.yaml"
    brief.write_text(brief.read_text().replace("    last_met: 2024-09-09\n", ""))
    site = check(minimal_project, TODAY).site
    assert site is not None
    channel = site.brief("military-communications").channels[0]
    assert channel.last_met is None
    assert site.last_met(channel) == dt.date(2024, 9, 9)
    assert site.latest_meeting(site.brief("military-communications")) == dt.date(2024, 9, 9)
