"""Briefs past their review date, and (optionally) source links that fail.

The weekly review workflow runs `briefings overdue` and puts its Markdown
into one tracking issue; the JSON form gives it the people to assign.  The
report reads the raw content, not the validated model, so a brief with an
unrelated error is still reported (and its owners still reminded).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, get_args

from generator.check.schema import Owner
from generator.check.text import shown
from generator.fsio import atomic_write
from generator.read.load import Content, load_content

_OWNER = re.compile(get_args(Owner)[1].pattern)
LINK_TIMEOUT = 10.0
"""Seconds allowed per link, so one slow host cannot stall the weekly job."""
_USER_AGENT = "briefings-link-check/0.1 (+review workflow)"


@dataclass(frozen=True)
class OverdueBrief:
    """One brief whose `review_by` date has passed."""

    id: str
    title: str
    file: str
    review_by: str
    days_overdue: int
    owners: list[str]


@dataclass(frozen=True)
class BrokenLink:
    """One source whose URL did not answer with success."""

    source: str
    url: str
    problem: str
    cited_by: list[str]


@dataclass(frozen=True)
class Unreadable:
    """A content file the report could not read, so could not check."""

    file: str
    line: int
    column: int
    problem: str


@dataclass
class Report:
    """What the weekly review reports."""

    today: str
    overdue: list[OverdueBrief] = field(default_factory=list)
    broken_links: list[BrokenLink] | None = None
    """None when links were not checked."""
    unreadable: list[Unreadable] = field(default_factory=list)
    """Files whose review date (or sources) could not be read: not silently skipped."""

    def owners(self, content: Content) -> list[str]:
        """Owners of overdue briefs and of briefs citing a broken link, in order of first mention."""
        found = [o for b in self.overdue for o in b.owners]
        by_id = {_text(f.data, "id"): _owners(f.data) for f in content.briefs}
        for link in self.broken_links or []:
            found.extend(o for brief in link.cited_by for o in by_id.get(brief, []))
        return list(dict.fromkeys(found))


def _text(data: Any, key: str) -> str:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


def _owners(data: Any) -> list[str]:
    value = data.get("owners") if isinstance(data, dict) else None
    items = value if isinstance(value, list) else []
    return [o for o in items if isinstance(o, str) and _OWNER.match(o)]


def unreadable_files(content: Content) -> list[Unreadable]:
    """Every brief and registry that could not be read at all, with its first problem."""
    found = []
    for file in [*content.briefs, *content.registries.values()]:
        if file.data is None and file.problems:
            problem, (line, column) = file.problems[0]
            found.append(Unreadable(file.display, line + 1, column + 1, problem.message))
    return found


def overdue_briefs(content: Content, today: dt.date) -> list[OverdueBrief]:
    """Briefs whose `review_by` is before `today`, most overdue first."""
    found = []
    for file in content.briefs:
        review_by = file.data.get("review_by") if isinstance(file.data, dict) else None
        if not isinstance(review_by, dt.date) or review_by >= today:
            continue
        found.append(
            OverdueBrief(
                id=_text(file.data, "id") or file.path.stem,
                title=_text(file.data, "title") or file.path.stem,
                file=file.display,
                review_by=review_by.isoformat(),
                days_overdue=(today - review_by).days,
                owners=_owners(file.data),
            )
        )
    return sorted(found, key=lambda b: (-b.days_overdue, b.id))


def check_url(url: str, timeout: float = LINK_TIMEOUT) -> str | None:
    """None if `url` answers with success, else what went wrong."""
    problem = None
    # HEAD first (cheap); some servers refuse it, so fall back to GET.
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": _USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as err:
            problem = f"HTTP {err.code}"
        except (urllib.error.URLError, OSError, ValueError) as err:
            reason = getattr(err, "reason", err)
            return f"unreachable: {reason}"
    return problem


def broken_links(
    content: Content, check: Callable[[str], str | None] = check_url, workers: int = 8
) -> list[BrokenLink]:
    """Sources whose `url` fails, with the briefs citing each."""
    data = content.registries["sources"].data
    items = data.get("sources") if isinstance(data, dict) else None
    sources = [
        (s["id"], s["url"])
        for s in (items if isinstance(items, list) else [])
        if isinstance(s, dict) and isinstance(s.get("id"), str) and _is_web(s.get("url"))
    ]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(check, [url for _, url in sources]))
    cited = _citations(content)
    return [
        BrokenLink(source=sid, url=url, problem=problem, cited_by=sorted(cited.get(sid, set())))
        for (sid, url), problem in zip(sources, results, strict=True)
        if problem is not None
    ]


def _is_web(url: Any) -> bool:
    # The raw data is not validated here: never let urllib open file:// or ftp:// addresses.
    return isinstance(url, str) and url.startswith(("http://", "https://"))


def _citations(content: Content) -> dict[str, set[str]]:
    """Source id -> ids of the briefs that cite it."""
    from generator.check.rules import brief_refs

    cited: dict[str, set[str]] = {}
    for file in content.briefs:
        for _, registry, ref in brief_refs(file.data):
            if registry == "sources":
                cited.setdefault(ref, set()).add(_text(file.data, "id") or file.path.stem)
    return cited


def to_json(report: Report, content: Content) -> str:
    """The report as JSON, with the GitHub users to assign (teams cannot be assigned)."""
    data: dict[str, Any] = asdict(report)
    data["assignees"] = [o[1:] for o in report.owners(content) if "/" not in o]
    data["count"] = len(report.overdue) + len(report.broken_links or []) + len(report.unreadable)
    return json.dumps(data, indent=2) + "\n"


def to_markdown(report: Report, content: Content) -> str:
    """The body of the tracking issue."""
    lines = [f"Report of {report.today}, written by `briefings overdue`; this issue is updated weekly.", ""]
    lines.append("## Briefs past their review date")
    lines.append("")
    if report.overdue:
        lines += ["| Brief | File | Review by | Days over | Owners |", "|---|---|---|---|---|"]
        for b in report.overdue:
            owners = " ".join(b.owners) or "(none)"
            lines.append(
                f"| {_cell(b.title)} (`{_cell(b.id)}`) | `{_cell(b.file)}` "
                f"| {b.review_by} | {b.days_overdue} | {owners} |"
            )
        lines += ["", "Review the brief, then set `last_reviewed` to today and move `review_by` on."]
    else:
        lines.append("None.")
    lines += ["", "## Source links that fail", ""]
    if report.broken_links is None:
        lines.append("Not checked in this run.")
    elif report.broken_links:
        lines += ["| Source | URL | Problem | Cited by |", "|---|---|---|---|"]
        for link in report.broken_links:
            cited = ", ".join(f"`{c}`" for c in link.cited_by) or "(none)"
            lines.append(
                f"| `{_cell(link.source)}` | <{_cell(link.url)}> | {_cell(link.problem)} | {cited} |"
            )
    else:
        lines.append("None.")
    if report.unreadable:
        lines += ["", "## Files that could not be read", ""]
        lines += ["| File | Problem |", "|---|---|"]
        for u in report.unreadable:
            lines.append(f"| `{_cell(u.file)}:{u.line}:{u.column}` | {_cell(u.problem)} |")
        lines += ["", "Run `briefings validate` on them: their review dates and sources were not checked."]
    mentions = report.owners(content)
    if mentions:
        lines += ["", "Owners: " + " ".join(mentions)]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text safe inside one Markdown table cell, and on a terminal (controls escaped)."""
    return shown(text.replace("|", "\\|").replace("\n", " "))


def run(
    content_dir: Path,
    today: dt.date,
    fmt: str = "markdown",
    check_links: bool = False,
    json_out: Path | None = None,
) -> str:
    """The report in format `fmt`; with `json_out`, the JSON form is written there too."""
    content = load_content(content_dir)
    report = Report(today=today.isoformat(), overdue=overdue_briefs(content, today))
    report.unreadable = unreadable_files(content)
    if check_links:
        report.broken_links = broken_links(content)
    if json_out is not None:
        atomic_write(json_out, to_json(report, content).encode())
    return to_json(report, content) if fmt == "json" else to_markdown(report, content)
