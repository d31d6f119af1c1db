"""One file of the generated folder: where it goes, what it is made from, how to make it.

Every file the generator writes is an `Output`, listed by one step
(`render/assemble.py`).  `inputs` names everything its bytes may depend on,
as keys of one small vocabulary, so a run can tell which outputs an edit
reaches:

* `config`: the site's configuration (`mkdocs.yml` as the generator reads it, the words);
* `date`: the build date, an input only of the outputs that read it (review banners,
  "built on" lines, the feed), so the others do not change from one day to the next;
* `registry:<name>`: a registry (`sources`, `actors`, `areas`, `parties`), or `registry:events`,
  every event record;
* `event:<id>`: one event record;
* `brief:<id>` and `history:<id>`: one brief's content and its git history;
  `brief:*` and `history:*`: those of every brief; `briefs`: which briefs
  there are, in their order, in which areas; `field:<name>`: one field of
  every brief (a page listing every brief's title need not change when a
  status note does);
* `template:<name>`: a template, as resolved (a site's override or the package's);
* `file:<path>`: a file copied or transformed (hand-written pages, assets,
  `CONTRIBUTING.md`), relative to the project root.

The generator's own code is an input of every output.  `inputs` is what the
assemble step knows; rendering adds what templates and renderers read of the
site, the configuration and the words (`observed`): a site's own template may
read more than the defaults, and a page that reads no date is not rendered
again when only the date changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

CONFIG = "config"
DATE = "date"
BRIEFS = "briefs"
ALL_BRIEFS = "brief:*"
ALL_HISTORIES = "history:*"


def brief_input(brief_id: str) -> str:
    """The input key of one brief's content."""
    return f"brief:{brief_id}"


def field_input(name: str) -> str:
    """The input key of one field of every brief."""
    return f"field:{name}"


def event_input(event_id: str) -> str:
    """The input key of one event record."""
    return f"event:{event_id}"


def history_input(brief_id: str) -> str:
    """The input key of one brief's history."""
    return f"history:{brief_id}"


def registry_input(name: str) -> str:
    """The input key of a registry (`sources`, `actors`, `areas`, `parties`, `events`)."""
    return f"registry:{name}"


def template_input(name: str) -> str:
    """The input key of a template."""
    return f"template:{name}"


def file_input(path: str) -> str:
    """The input key of a file read as it is, relative to the project root."""
    return f"file:{path}"


@dataclass(frozen=True)
class Output:
    """A file of the generated folder, relative to it, and how to render its bytes."""

    path: str
    inputs: frozenset[str]
    render: Callable[[], bytes]
    observed: Callable[[], frozenset[str]] = field(default=frozenset, compare=False)
    """After `render`: the inputs rendering read beyond `inputs`."""
