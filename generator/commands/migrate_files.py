"""What `briefings migrate-events` writes: each brief edited as text, each event as a new file.

A brief is edited in place, at the positions its YAML gives (`Positions`), so its
comments and layout stay: an id inserted at the start of each channel and
judgment, a `last_met` line left out, and the `timeline:` block replaced by an
`events:` list.  Every file is written through a temporary file and a rename.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.read.load import Positions


@dataclass
class BriefEdits:
    """The changes to one brief, by the index of each item in its file."""

    channel_ids: dict[int, str] = field(default_factory=dict)
    judgment_ids: dict[int, str] = field(default_factory=dict)
    drop_last_met: set[int] = field(default_factory=set)
    """Channels whose `last_met` is now their meeting event's date."""
    events: list[tuple[str, str | None]] | None = None
    """(event id, the brief's note) replacing its `timeline:`; None where it has none."""


def edited(text: str, changes: BriefEdits) -> str:
    """The brief's text with `changes` made, everything else as it was."""
    positions = Positions.of(text)
    starts = _line_starts(text)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) as offsets into text
    for i, new_id in changes.channel_ids.items():
        edits.append(_insert_id(text, starts, positions.find(("channels", i)), new_id))
    for i in changes.drop_last_met:
        line = positions.find(("channels", i, "last_met"), at_key=True)[0]
        if text[starts[line] :].lstrip(" ").startswith("last_met:"):  # its own line, not an item's first
            edits.append((starts[line], starts[line + 1] if line + 1 < len(starts) else len(text), ""))
    for i, new_id in changes.judgment_ids.items():
        edits.append(_insert_id(text, starts, positions.find(("key_judgments", i)), new_id))
    if changes.events is not None:
        line = positions.find(("timeline",), at_key=True)[0]
        end = _block_end(text.splitlines(keepends=True), line)
        stop = starts[end] if end < len(starts) else len(text)
        edits.append((starts[line], stop, _events_block(changes.events)))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _line_starts(text: str) -> list[int]:
    starts, total = [], 0
    for line in text.splitlines(keepends=True):
        starts.append(total)
        total += len(line)
    return starts


def _insert_id(text: str, starts: list[int], mark: tuple[int, int], new_id: str) -> tuple[int, int, str]:
    offset = starts[mark[0]] + mark[1]
    if text[offset] == "{":  # a flow mapping: the id first, inside the braces
        return offset + 1, offset + 1, f"id: {new_id}, "
    return offset, offset, f"id: {new_id}\n" + " " * mark[1]


def _block_end(lines: list[str], key_line: int) -> int:
    """The first line after the top-level block that starts at `key_line` (its trailing comments and
    blank lines belong to what follows)."""
    end = key_line + 1
    while end < len(lines) and (lines[end][:1] in (" ", "\t", "-", "\n", "#") or not lines[end].strip()):
        end += 1
    while end - 1 > key_line and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return end


def _events_block(refs: list[tuple[str, str | None]]) -> str:
    if not refs:
        return "events: []\n"
    lines = ["events:\n"]
    for event_id, note in refs:
        lines.append(f"  - event: {event_id}\n")
        if note:
            body = "".join(f"      {line}\n" if line else "\n" for line in note.splitlines())
            lines.append("    note: |\n" + body)
    return "".join(lines)


class _Dumper(yaml.SafeDumper):
    """Event files as a person writes them: block text for paragraphs, ids in one line."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


def _seq(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    flow = all(isinstance(v, str) and "\n" not in v for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _seq)


def event_text(data: dict[str, Any]) -> str:
    """The text of an event's file."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10**6)
    return "# yaml-language-server: $schema=../../../schema/event.schema.json\n" + body


def replace(path: Path, text: str) -> None:
    """Write through a temporary file and a rename: a file is either old or new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.migrating")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
