"""Known advisories against the lock, offline: no pinned version may fall in a recorded vulnerable range.

`tests/advisories.toml` records the advisories known for the packages this
project pins; `pip-audit` in the CI workflow checks the same lock against the
live advisory database, which this machine cannot reach.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import ROOT
from tests.lock import Pin, lock, read_lock

ADVISORIES = ROOT / "tests" / "advisories.toml"
_ID = re.compile(r"^(GHSA(-[23456789cfghjmpqrvwx]{4}){3}|PYSEC-\d{4}-\d+|CVE-\d{4}-\d{4,})$")


@dataclass(frozen=True)
class Advisory:
    package: str
    id: str
    vulnerable: SpecifierSet
    fixed: str
    summary: str
    aliases: tuple[str, ...] = ()
    mitigation: str = ""
    """For an advisory no release fixes: the test showing our code never reaches the vulnerable path."""


def advisories() -> list[Advisory]:
    data = tomllib.loads(ADVISORIES.read_text(encoding="utf-8"))
    return [
        Advisory(
            canonicalize_name(a["package"]),
            a["id"],
            SpecifierSet(a["vulnerable"]),
            a["fixed"],
            a["summary"],
            tuple(a.get("aliases", ())),
            a.get("mitigation", ""),
        )
        for a in data["advisory"]
    ]


def vulnerable_pins(pins: dict[str, Pin], known: list[Advisory]) -> list[str]:
    """One line per pin that a recorded advisory covers."""
    return [
        f"{pin.name}=={pin.version} (requirements.txt:{pin.line}): {a.id} {a.summary}; fixed in {a.fixed}"
        for a in known
        if not a.mitigation
        and (pin := pins.get(a.package)) is not None
        and a.vulnerable.contains(pin.version, prereleases=True)
    ]


def test_no_pin_falls_in_a_known_vulnerable_range() -> None:
    assert vulnerable_pins(lock(), advisories()) == []


def test_a_vulnerable_pin_is_reported() -> None:
    """The check can fail: the Material pin before this lock (9.7.0) is caught, with the advisory."""
    fake = {p.name: p for p in read_lock("mkdocs-material==9.7.0 \\\n    --hash=sha256:" + "0" * 64 + "\n")}
    assert vulnerable_pins(fake, advisories()) == [
        "mkdocs-material==9.7.0 (requirements.txt:1): GHSA-xvg9-69gf-fjrf DOM-based XSS in search "
        "suggestions (search.suggest) through the q query parameter; fixed in 9.7.7"
    ]
    assert vulnerable_pins({p.name: p for p in read_lock("mkdocs-material==9.7.7\n")}, advisories()) == []


def test_the_record_is_consistent() -> None:
    """Real identifiers, a fixed release outside its range, and only packages the lock pins."""
    known = advisories()
    assert len(known) >= 10
    pins = lock()
    for a in known:
        assert all(_ID.match(i) for i in (a.id, *a.aliases)), a.id
        assert a.package in pins, f"{a.id}: {a.package} is not pinned; drop the record or pin the package"
        if not a.fixed:  # no release fixes it: our own code must keep the path from being reached
            assert a.mitigation and (ROOT / a.mitigation).exists(), f"{a.id}: no fix and no mitigation"
            continue
        assert not a.vulnerable.contains(a.fixed, prereleases=True), f"{a.id}: {a.fixed} is in {a.vulnerable}"
        assert Version(a.fixed), a.id
    assert len({a.id for a in known}) == len(known), "an advisory is recorded twice"
