"""This repository's own timeline in the browser: each area's filter shows every event of the area.

Like `tests/test_this_site.py`, a test of the flagship's content (built as the site's CI builds it);
the generator's own timeline tests run on the sample fixture (`test_reader.py`).
"""

from __future__ import annotations

from typing import Any

from tests.browser import test_reader
from tests.browser.conftest import Served
from tests.browser.test_this_site_search import this_site  # noqa: F401  (the fixture)


def test_this_site_s_timeline_counts_every_event_once(page: Any, this_site: Served) -> None:  # noqa: F811
    test_reader.test_the_timeline_shows_each_event_once_with_the_true_count(page, this_site)


def test_this_site_s_area_filters_drop_no_event(page: Any, this_site: Served) -> None:  # noqa: F811
    test_reader.test_each_area_filter_shows_every_event_of_that_area(page, this_site)
