"""The preview's page build against MkDocs' public dirty build, after one saved brief.

Both start from the same generated folder and a full build each; then, per
run, one brief's status note is edited and the site regenerated, and each
builder brings its copy of the site up to date:

* copy: `PageBuilder.rebuild` (publish/pagebuild.py), the brief page first,
  then the other pages the save rewrote (as `briefings serve` does);
* public: `mkdocs.commands.build.build(load_config(...), dirty=True)`, as
  `mkdocs serve --dirty` does: configuration, files and navigation again,
  then only the pages newer than their HTML.

    python -m bench.measure_pagebuild bench/out/n100 [--runs 3]
    python -m bench.measure_pagebuild --sample [--runs 3]

Prints, per builder, the median seconds until the brief's page is written and
until every page is.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.corpus import TODAY

ROOT = Path(__file__).resolve().parent.parent


def _edit(brief: Path, word: str) -> None:
    lines = brief.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("status_note:"):
            lines[i] = f"status_note: Edited for the page build benchmark, {word}.\n"
    brief.write_text("".join(lines), encoding="utf-8")


def _public_build(config_file: Path, site_dir: Path, dirty: bool) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=False)
    config.plugins.on_startup(command="build", dirty=dirty)
    try:
        build(config, dirty=dirty)
    finally:
        config.plugins.on_shutdown()


def measure(root: Path, runs: int) -> dict[str, list[float]]:
    """Seconds per run: brief page and whole update, for the copy and the public build."""
    from generator.pipeline import generate
    from generator.project import Project
    from generator.publish.pagebuild import PageBuilder

    project = Project(root)
    assert not generate(project, TODAY).failed
    work = Path(tempfile.mkdtemp(prefix="pagebuild-", dir=root))
    builder = PageBuilder(project.config_file, work / "copy")
    start = time.perf_counter()
    builder.build_all()
    times: dict[str, list[float]] = {"copy_full": [time.perf_counter() - start]}
    start = time.perf_counter()
    _public_build(project.config_file, work / "public", dirty=False)
    times["public_full"] = [time.perf_counter() - start]
    brief = next(p for p in sorted((root / "content" / "briefs").glob("*.yaml")))
    for run in range(runs):
        _edit(brief, f"mark{run}x{time.time_ns()}")
        time.sleep(0.01)  # a modification time after the last build's
        report = generate(project, TODAY).report
        assert report is not None and report.written
        briefs = [p for p in report.written if p.startswith("briefs/") and p.endswith(".md")]
        start = time.perf_counter()
        builder.rebuild(briefs)
        shown = time.perf_counter()
        builder.rebuild([p for p in report.written if p not in briefs])
        times.setdefault("copy_brief", []).append(shown - start)
        times.setdefault("copy_all", []).append(time.perf_counter() - start)
        start = time.perf_counter()
        _public_build(project.config_file, work / "public", dirty=True)
        times.setdefault("public_all", []).append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", help="a corpus project (bench/corpus.py)")
    parser.add_argument("--sample", action="store_true", help="a copy of the sample fixture site instead")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if args.sample:
        from tests.conftest import copy_project

        root = copy_project(Path(tempfile.mkdtemp(prefix="pagebuild-sample-")) / "site").root
    else:
        root = args.root
    times = measure(root.resolve(), args.runs)
    print(
        " ".join(f"{k}={statistics.median(v):.2f}s" for k, v in times.items()),
        f"(one brief edited {args.runs} times)",
    )


if __name__ == "__main__":
    main()
