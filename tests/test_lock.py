"""The hash lock: every package pinned with hashes, and in agreement with requirements.in and pyproject.toml.

`make site`, `make test` and the workflows install with `pip install
--require-hashes -r requirements.txt`; `make lock` regenerates the lock.
"""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from generator.publish.engines import ENGINES
from tests.conftest import ROOT
from tests.lock import DIRECT, PYPROJECT, direct_requirements, lock, pyproject_requirements, read_lock

_HASH = re.compile(r"^sha256:[0-9a-f]{64}$")


def test_every_pin_of_the_lock_is_exact_and_hashed() -> None:
    pins = lock()
    assert len(pins) > 20, "the lock pins the transitive dependencies too"
    for pin in pins.values():
        assert pin.hashes, f"requirements.txt:{pin.line}: {pin.name} has no hash"
        for digest in pin.hashes:
            assert _HASH.match(digest), f"requirements.txt:{pin.line}: {pin.name}: {digest}"


def test_every_direct_requirement_is_pinned_within_its_range() -> None:
    pins = lock()
    for requirement in direct_requirements():
        pin = pins.get(canonicalize_name(requirement.name))
        assert pin is not None, f"{requirement.name} is in requirements.in, not in the lock: run `make lock`"
        assert requirement.specifier.contains(pin.version, prereleases=True), (
            f"requirements.in asks for {requirement}, the lock has {pin.version}: run `make lock`"
        )


def test_the_lock_was_generated_from_requirements_in() -> None:
    """What the lock says came from requirements.in is exactly what requirements.in lists."""
    asked = {canonicalize_name(r.name) for r in direct_requirements()}
    recorded = {pin.name for pin in lock().values() if f"-r {DIRECT.name}" in pin.via}
    assert recorded == asked, "requirements.in changed since the lock was written: run `make lock`"


def test_every_runtime_dependency_of_pyproject_is_pinned_within_its_range() -> None:
    pins = lock()
    direct = {canonicalize_name(r.name) for r in direct_requirements()}
    for requirement in pyproject_requirements():
        name = canonicalize_name(requirement.name)
        assert name in direct, f"pyproject.toml depends on {requirement.name}; list it in requirements.in"
        assert requirement.specifier.contains(pins[name].version, prereleases=True), (
            f"pyproject.toml allows {requirement}, the lock pins {pins[name].version}"
        )


def test_each_engine_is_tested_with_the_versions_the_package_asks_for() -> None:
    """MkDocs' ranges are the package's dependencies; another engine's are its extra, of its name."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    base = _by_name(project["dependencies"])
    for engine in ENGINES.values():
        asked = {**base, **_by_name(extras[engine.extra])} if engine.extra else base
        for requirement in engine.requirements:
            name = canonicalize_name(requirement.name)
            assert asked.get(name) == requirement.specifier, (
                f"the {engine.name} engine is tested with {requirement}; pyproject.toml asks for "
                f"{name}{asked.get(name, ' nothing')}"
            )
    assert set(extras) == {e.extra for e in ENGINES.values() if e.extra}


def _by_name(requirements: list[str]) -> dict[str, SpecifierSet]:
    return {canonicalize_name(r.name): r.specifier for r in map(Requirement, requirements)}


def test_the_lock_reader_refuses_a_pin_without_hash_or_range() -> None:
    assert read_lock("a==1.0 \\\n    --hash=sha256:" + "0" * 64 + "\n")[0].hashes == ("sha256:" + "0" * 64,)
    assert read_lock("a==1.0\n")[0].hashes == ()
    with pytest.raises(ValueError, match="not an exact pin"):
        read_lock("a>=1.0 \\\n    --hash=sha256:" + "0" * 64 + "\n")


def test_installs_read_the_lock_with_hashes() -> None:
    """Every place that installs the project's packages goes through the hash lock."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.txt" in makefile
    assert "--no-deps --no-build-isolation -e ." in makefile
    installs = [
        line
        for path in [ROOT / "Makefile", ROOT / ".ci" / "run", *sorted((ROOT / ".github").rglob("*.yml"))]
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"\bpip3? install\b|\$\(PIP\)", line) and not line.lstrip().startswith("#")
    ]
    assert installs, "no install found"
    for line in installs:
        assert "--require-hashes" in line or "--no-deps" in line or line.lstrip().startswith("PIP :="), line
