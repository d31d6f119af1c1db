"""The hash lock (`requirements.txt`) read as data, for the lock and advisory tests."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

LOCK = ROOT / "requirements.txt"
DIRECT = ROOT / "requirements.in"
PYPROJECT = ROOT / "pyproject.toml"


@dataclass(frozen=True)
class Pin:
    """One package of the lock: exact version, marker, hashes, and what asked for it."""

    name: str
    """Canonical name (lower case, dashes)."""
    version: str
    marker: str | None
    hashes: tuple[str, ...]
    via: tuple[str, ...]
    line: int


_PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)\s*(?:;\s*(?P<marker>[^\\]+?))?\s*$"
)


def read_lock(text: str) -> list[Pin]:
    """The pins of a lock written by `uv pip compile --generate-hashes`; ValueError for any other line."""
    pins: list[Pin] = []
    entry: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            # `# via -r requirements.in`, or `# via` then `#   mkdocs`: who asked for the pin above.
            reason = line.lstrip("#").strip().removeprefix("via").strip()
            if raw.startswith("    #") and pins and reason:
                pins[-1] = replace(pins[-1], via=(*pins[-1].via, reason))
            continue
        if not entry:
            start = number
        entry.append(line.removesuffix("\\").strip())
        if not line.endswith("\\"):
            pins.append(_pin(" ".join(entry), start))
            entry.clear()
    if entry:
        raise ValueError(f"requirements.txt:{start}: the last entry ends in a line continuation")
    return pins


def _pin(entry: str, line: int) -> Pin:
    head, *options = entry.split(" --")
    match = _PIN.match(head.strip())
    if match is None:
        raise ValueError(f"requirements.txt:{line}: not an exact pin: {head.strip()}")
    hashes = tuple(o.removeprefix("hash=").strip() for o in options if o.startswith("hash="))
    if len(hashes) != len(options):
        raise ValueError(f"requirements.txt:{line}: an option other than --hash: {options}")
    return Pin(canonicalize_name(match["name"]), match["version"], match["marker"], hashes, (), line)


def lock() -> dict[str, Pin]:
    """The project's lock, by canonical name."""
    return {pin.name: pin for pin in read_lock(LOCK.read_text(encoding="utf-8"))}


def direct_requirements() -> list[Requirement]:
    """The requirements of requirements.in (comments and blank lines dropped)."""
    lines = (line.partition("#")[0].strip() for line in DIRECT.read_text(encoding="utf-8").splitlines())
    return [Requirement(line) for line in lines if line]


def pyproject_requirements() -> list[Requirement]:
    """pyproject.toml's runtime dependencies, optional ones included."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    found = [Requirement(r) for r in project.get("dependencies", [])]
    for extra in project.get("optional-dependencies", {}).values():
        found += [Requirement(r) for r in extra]
    return found
