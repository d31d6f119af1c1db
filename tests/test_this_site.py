"""Tests of this repository's own site (whatever `content/`, `mkdocs.yml` and `docs/` hold).

The generator's own tests use fixture sites; these are the only tests that read this
repository's content (with `tests/browser/test_this_site_search.py`), and they hold for any
site that `briefings init` writes in its place. They use the real date, as the site's CI does.
The CI workflow also runs `validate --strict`, `schema --check` and `codeowners --check`,
which a swapped-in site passes only once its schema files, CODEOWNERS and issue forms are its own.
"""

from __future__ import annotations

import datetime as dt

import pytest

from generator import cli
from generator.model import Site
from generator.pipeline import check, rendering
from generator.project import Project
from generator.render.editions import folder
from tests.conftest import ROOT


def test_this_site_s_content_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["--project", str(ROOT), "validate"])
    assert code == 0, capsys.readouterr().err


def _site() -> Site:
    result = check(Project(ROOT), dt.date.today())
    assert result.site is not None, [d.message for d in result.diagnostics]
    return result.site


# Pairs of events that overlap in time and share a source but are two events, each with why.
# A new pair fails the test: merge the two into one record, or add it here with its reason.
DISTINCT = {
    (
        "2026-06-22-china-bars-dual-use-exports-to-10-us-companies",
        "2026-06-22-china-bars-government-purchases-from-46-us-companies",
    ): "two measures of one day by two ministries (commerce: export ban; finance: procurement ban), "
    "reported together in one round-up",
}


def test_no_event_is_written_twice() -> None:
    """Two events whose days overlap and that cite one source are one event written twice
    (or one event given two dates): it belongs in one record, listed by every brief."""
    events = sorted(_site().records.values(), key=lambda e: (e.date, e.id))
    twice = set()
    for i, a in enumerate(events):
        for b in events[i + 1 :]:
            if b.date > (a.end_date or a.date):
                break
            if set(a.sources) & set(b.sources):
                twice.add((a.id, b.id))
    assert twice <= set(DISTINCT), sorted(twice - set(DISTINCT))


def test_each_channel_last_met_is_its_newest_meeting() -> None:
    """A channel's last meeting is a recorded event: a `last_met` later than every meeting event
    of the channel names a meeting the timeline lacks; one earlier is refused by validation."""
    from generator.check.records import newest_meetings

    site = _site()
    newest = newest_meetings(site.records.values())
    channels = [(b.id, c) for b in site.briefs for c in b.channels]
    assert sum(c.id in newest for _, c in channels) >= len(channels) // 2, "meetings are not tagged"
    wrong = [
        (b, c.id, c.last_met) for b, c in channels if c.id in newest and site.last_met(c) != newest[c.id].date
    ]
    assert wrong == []


def test_no_channel_is_declared_twice() -> None:
    names = [c.name for b in _site().briefs for c in b.channels]
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_each_language_has_every_page() -> None:
    """Every language the site declares publishes every page of the source language."""
    project = Project(ROOT)
    result = check(project, dt.date.today())
    assert result.site is not None and result.config is not None
    paths = {o.path for o in rendering(project, result.site, result.config, None, result.translations).files}
    source = {p for p in paths if not p.startswith(".i18n/")}
    for code in result.config.languages[1:]:
        prefix = folder(code) + "/"
        assert {p.removeprefix(prefix) for p in paths if p.startswith(prefix)} == source, code
