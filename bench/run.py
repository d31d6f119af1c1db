"""The benchmark harness: `make bench` (or `python -m bench.run --n 100 1000`).

For each N it writes a synthetic corpus (bench/corpus.py) into bench/out/nN,
then measures, each in a fresh child process so no run warms the next:

* generator: `generator.build.generate` (validate + render + write) on a fresh
  output folder with the incremental cache cleared, i.e. a cold `briefings generate`;
* reference: bench/reference.py, the bare libyaml + Jinja + write floor;
* site: the real `mkdocs build --strict` (generator.engines.run_engine) on the
  generated pages, and the same pages built with MkDocs' default navigation
  (a copy of mkdocs.yml without `nav`, so every page is listed in it);
* edit: one brief changed, then `generate` again: time, outputs rendered and
  files rewritten;
* verify: `generate --verify` (the oracle: every output rendered afresh, no cache,
  compared with the generated folder) after the edits: `ok`, or `fail`;
* max_page_kb: the largest HTML page of the built site;
* preview, search_kb, zensical: from bench/measure_serve.py and
  bench/measure_search.py when they are present, else `n/a`.

Every N is measured on a site in one language; the largest N (or --languages-n) once
more on the same corpus declaring two (`en` and `fr`: bench/corpus.py scaffolds the
French translations with `briefings translate fr` and fills some units), where the
site figure is `briefings build` (`pipeline.build`, which publishes every language
the generator publishes) with the generated folder up to date.

Times are medians of --runs runs (the site builds: --site-runs).  Each child
also reports its CPU time (user + system): on a machine shared with other
work, wall-clock times stretch with the load and CPU times much less, so
`cpu_ratio` (generator / reference, CPU) is the steadier comparison.  Peak
memory is each child's `ru_maxrss`; for the site build it is the engine
process (RUSAGE_CHILDREN of the child that ran it).  The last line is one
fixed-format summary per N, the largest N last.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bench.corpus import TODAY, brief_id, write_project

OUT = Path(__file__).resolve().parent / "out"
DEFAULT_NAV_CONFIG = "mkdocs-default-nav.yml"


def _peak_kb(who: int) -> int:
    return resource.getrusage(who).ru_maxrss  # kilobytes on Linux


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def clear_generated(root: Path) -> None:
    """A fresh output folder and no incremental cache: what a cold run sees."""
    shutil.rmtree(root / "generated", ignore_errors=True)
    shutil.rmtree(root / ".cache", ignore_errors=True)


def child_generate(root: Path, cold: bool) -> dict[str, Any]:
    """One `generate` run, in this process; the project's content must be valid."""
    from generator.pipeline import Project, generate

    if cold:
        clear_generated(root)
    start, cpu = time.perf_counter(), _cpu()
    result = generate(Project(root), TODAY)
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    if result.failed or result.report is None:
        raise SystemExit(f"generate failed: {[str(d) for d in result.diagnostics[:5]]}")
    return {
        "seconds": seconds,
        "cpu": cpu,
        "peak_kb": _peak_kb(resource.RUSAGE_SELF),
        "written": result.report.written,
        "rendered": result.report.rendered,
    }


def child_reference(root: Path) -> dict[str, Any]:
    """One run of the reference pipeline into a fresh folder."""
    from bench.reference import run

    out = root / "reference-out"
    shutil.rmtree(out, ignore_errors=True)
    start, cpu = time.perf_counter(), _cpu()
    pages = run(root, out)
    return {
        "seconds": time.perf_counter() - start,
        "cpu": _cpu() - cpu,
        "peak_kb": _peak_kb(resource.RUSAGE_SELF),
        "pages": pages,
    }


def default_nav_config(root: Path) -> Path:
    """mkdocs.yml without `nav`: MkDocs then lists every page in the navigation."""
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    lines = config.splitlines()
    cut = next(i for i, line in enumerate(lines) if line.startswith("nav:"))
    end = next((i for i in range(cut + 1, len(lines)) if lines[i][:1] not in ("", " ", "#")), len(lines))
    path = root / DEFAULT_NAV_CONFIG
    path.write_text("\n".join(lines[:cut] + lines[end:]) + "\n", encoding="utf-8")
    assert "nav" not in (yaml.safe_load(path.read_text().replace("!!python", "")) or {})
    return path


def child_site(root: Path, default_nav: bool) -> dict[str, Any]:
    """One engine build of the generated folder into a temporary folder; sizes of what it wrote."""
    from generator.publish.engines import run_engine

    config = default_nav_config(root) if default_nav else root / "mkdocs.yml"
    with tempfile.TemporaryDirectory(prefix="bench-site-", dir=root) as tmp:
        out = Path(tmp) / "site"
        start = time.perf_counter()
        run_engine(root, config, out)
        seconds = time.perf_counter() - start
        page = out / "briefs" / brief_id(0) / "index.html"
        index = out / "search" / "search_index.json"
        total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        largest = max(out.rglob("*.html"), key=lambda p: p.stat().st_size)
        return {
            "max_page_kb": largest.stat().st_size / 1024,
            "max_page": largest.relative_to(out).as_posix(),
            "seconds": seconds,
            "peak_kb": _peak_kb(resource.RUSAGE_CHILDREN),
            "page_kb": page.stat().st_size / 1024,
            "index_mb": index.stat().st_size / 1024**2,
            "site_mb": total / 1024**2,
        }


def child_verify(root: Path) -> dict[str, Any]:
    """`generate --verify` on the project as the edits left it: the files that differ."""
    from generator.pipeline import Project, generate

    start = time.perf_counter()
    result = generate(Project(root), TODAY, verify=True)
    differ = [d.file for d in result.diagnostics if d.code == "verify"]
    return {"ok": not result.failed and not differ, "differ": differ, "seconds": time.perf_counter() - start}


def child_build(root: Path) -> dict[str, Any]:
    """`briefings build` (validate, generate, every language's engine build, swap into site/)."""
    from generator.pipeline import Project, build

    start = time.perf_counter()
    result = build(Project(root), TODAY)
    seconds = time.perf_counter() - start
    if result.failed:
        raise SystemExit(f"build failed: {[str(d) for d in result.diagnostics[:5]]}")
    pages = list((root / "site").rglob("*.html"))
    largest = max(pages, key=lambda p: p.stat().st_size)
    return {"seconds": seconds, "max_page_kb": largest.stat().st_size / 1024, "pages": len(pages)}


def edit_brief(root: Path, run: int) -> None:
    """Change one brief the way a contributor would: a new word in its status note."""
    path = root / "content" / "briefs" / f"{brief_id(0)}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("status_note:"):
            lines[i] = f"status_note: Edited for benchmark run {run} at {time.time_ns()}.\n"
    path.write_text("".join(lines), encoding="utf-8")


def in_child(*args: str) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; return what it printed."""
    cmd = [sys.executable, "-m", "bench.run", "--child", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(r[key] for r in runs))


def measure(n: int, runs: int, site_runs: int, skip_site: bool, languages: int = 1) -> dict[str, Any]:
    """Every figure for one N, on a site in `languages` languages."""
    root = write_project(OUT / (f"n{n}" if languages == 1 else f"n{n}-languages{languages}"), n, languages)
    say = _say
    say(f"N={n}: corpus in {root}")
    gen = [in_child("generate", str(root), "cold") for _ in range(runs)]
    say(f"N={n}: generator {_median(gen, 'seconds'):.2f}s")
    ref = [in_child("reference", str(root)) for _ in range(runs)]
    say(f"N={n}: reference {_median(ref, 'seconds'):.2f}s")
    warm = [in_child("generate", str(root), "warm") for _ in range(runs)]
    edits = []
    for run in range(runs):
        edit_brief(root, run)
        edits.append(in_child("generate", str(root), "warm"))
    say(f"N={n}: edit {_median(edits, 'seconds'):.2f}s, {len(edits[-1]['written'])} rewritten")
    verified = in_child("verify", str(root), "-")
    say(f"N={n}: verify {'ok' if verified['ok'] else 'fail ' + ', '.join(verified['differ'][:5])}")
    row: dict[str, Any] = {
        "n": n,
        "languages": languages,
        "verify": "ok" if verified["ok"] else "fail",
        "verify_seconds": verified["seconds"],
        "generator": _median(gen, "seconds"),
        "generator_cpu": _median(gen, "cpu"),
        "reference_cpu": _median(ref, "cpu"),
        "edit_cpu": _median(edits, "cpu"),
        "warm_rendered": len(warm[-1]["rendered"]),
        "edit_rendered": len(edits[-1]["rendered"]),
        "edit_rendered_files": edits[-1]["rendered"],
        "generator_peak_mb": max(r["peak_kb"] for r in gen) / 1024,
        "reference": _median(ref, "seconds"),
        "reference_peak_mb": max(r["peak_kb"] for r in ref) / 1024,
        "warm": _median(warm, "seconds"),
        "edit": _median(edits, "seconds"),
        "rewritten": len(edits[-1]["written"]),
        "rewritten_files": edits[-1]["written"],
        "runs": runs,
    }
    if languages > 1:  # the public build, whatever it publishes; the extras are the first line's
        if not skip_site:
            built = in_child("build", str(root), "-")
            row.update(site=built["seconds"], max_page_kb=built["max_page_kb"], site_runs=1)
        return row
    # They build the site (the preview, both searches, Zensical): skipped with the site builds.
    if not skip_site and (available("measure_serve") or available("measure_search")):  # else n/a
        row.update(in_child("extras", str(root), "-"))
    if not skip_site:
        site = [in_child("site", str(root), "explicit") for _ in range(site_runs)]
        say(f"N={n}: site {_median(site, 'seconds'):.1f}s")
        default = [in_child("site", str(root), "default") for _ in range(site_runs)]
        say(f"N={n}: default-navigation site {_median(default, 'seconds'):.1f}s")
        row.update(
            site=_median(site, "seconds"),
            site_peak_mb=max(r["peak_kb"] for r in site) / 1024,
            page_kb=_median(site, "page_kb"),
            index_mb=_median(site, "index_mb"),
            site_mb=_median(site, "site_mb"),
            max_page_kb=max(r["max_page_kb"] for r in site),
            max_page=site[-1]["max_page"],
            default_site=_median(default, "seconds"),
            default_page_kb=_median(default, "page_kb"),
            default_index_mb=_median(default, "index_mb"),
            site_runs=site_runs,
        )
    return row


def _say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def table(rows: list[dict[str, Any]]) -> str:
    """The report as a Markdown table, one column per N."""
    lines = [
        ("generator: validate + render + write, cold (s)", "generator", "{:.2f}"),
        ("reference: libyaml + Jinja + write (s)", "reference", "{:.2f}"),
        ("ratio generator / reference", "ratio", "{:.2f}"),
        ("generator, CPU time (s)", "generator_cpu", "{:.2f}"),
        ("reference, CPU time (s)", "reference_cpu", "{:.2f}"),
        ("ratio generator / reference, CPU time", "cpu_ratio", "{:.2f}"),
        ("generator per brief (ms)", "per_brief_ms", "{:.1f}"),
        ("generate again, nothing changed (s)", "warm", "{:.2f}"),
        ("outputs rendered, nothing changed", "warm_rendered", "{}"),
        ("one brief edited, generate again (s)", "edit", "{:.2f}"),
        ("one brief edited, CPU time (s)", "edit_cpu", "{:.2f}"),
        ("outputs rendered after the edit", "edit_rendered", "{}"),
        ("files rewritten after the edit", "rewritten", "{}"),
        ("generate --verify after the edits", "verify", "{}"),
        ("site build, this site's navigation (s)", "site", "{:.1f}"),
        ("site build, MkDocs default navigation (s)", "default_site", "{:.1f}"),
        ("site / default-navigation site", "site_ratio", "{:.2f}"),
        ("share: generator / (generator + site)", "share", "{:.0%}"),
        ("brief page (KB)", "page_kb", "{:.0f}"),
        ("largest HTML page (KB)", "max_page_kb", "{:.0f}"),
        ("live preview: save to changed page served (s)", "preview", "{}"),
        ("search: bytes downloaded for one query (KB)", "search_kb", "{}"),
        ("Zensical build (s)", "zensical", "{}"),
        ("brief page, default navigation (KB)", "default_page_kb", "{:.0f}"),
        ("search index (MB)", "index_mb", "{:.1f}"),
        ("whole site (MB)", "site_mb", "{:.0f}"),
        ("peak memory, generator process (MB)", "generator_peak_mb", "{:.0f}"),
        ("peak memory, reference process (MB)", "reference_peak_mb", "{:.0f}"),
        ("peak memory, site engine process (MB)", "site_peak_mb", "{:.0f}"),
    ]
    heads = [
        f"N={r['n']}" + (f", {r['languages']} languages" if r.get("languages", 1) > 1 else "") for r in rows
    ]
    out = ["| | " + " | ".join(heads) + " |", "|---|" + "---|" * len(rows)]
    for label, key, fmt in lines:
        cells = [fmt.format(r[key]) if key in r else "not run" for r in rows]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def derive(row: dict[str, Any]) -> dict[str, Any]:
    """Ratios computed from the measured figures."""
    row["ratio"] = row["generator"] / row["reference"]
    row["cpu_ratio"] = row["generator_cpu"] / row["reference_cpu"]
    row["per_brief_ms"] = row["generator"] / row["n"] * 1000
    if "site" in row:
        row["share"] = row["generator"] / (row["generator"] + row["site"])
    if "default_site" in row:
        row["site_ratio"] = row["site"] / row["default_site"]
    return row


def summary(row: dict[str, Any]) -> str:
    """The fixed-format line: fields may be added, none removed or renamed."""
    site = (
        f" site={row['site']:.1f}s share={row['share']:.0%} page_kb={_plain(row.get('page_kb'))}"
        f" index_mb={row['index_mb']:.1f}"
        if "index_mb" in row
        else f" site={_seconds(row.get('site'))} share=n/a page_kb=n/a index_mb=n/a"
    )
    max_page = f"{row['max_page_kb']:.0f}" if "max_page_kb" in row else "n/a"
    return (
        f"N={row['n']} languages={row.get('languages', 1)} generator={row['generator']:.1f}s"
        f" reference={row['reference']:.1f}s"
        f" ratio={row['ratio']:.2f}{site} edit={row['edit']:.2f}s rewritten={row['rewritten']}"
        f" preview={_seconds(row.get('preview'))} search_kb={_plain(row.get('search_kb'))}"
        f" zensical={_seconds(row.get('zensical'))} max_page_kb={max_page}"
        f" cpu_ratio={row['cpu_ratio']:.2f} edit_cpu={row['edit_cpu']:.2f}s rendered={row['edit_rendered']}"
        f" verify={row.get('verify', 'n/a')}"
    )


def _seconds(value: Any) -> str:
    """A measured time, or why there is none (`n/a`: not measured; `fail`: it failed)."""
    if isinstance(value, int | float):
        return f"{value:.1f}s"
    return str(value or "n/a")


def _plain(value: Any) -> str:
    if isinstance(value, int | float):
        return f"{value:.0f}"
    return str(value or "n/a")


def available(module: str) -> bool:
    """Whether the measurement module `bench.<module>` exists in this checkout."""
    return importlib.util.find_spec(f"bench.{module}") is not None


def child_extras(root: Path) -> dict[str, Any]:
    """The preview, search and Zensical figures, from their own modules when present."""
    found: dict[str, Any] = {}
    if available("measure_serve"):
        from bench import measure_serve  # type: ignore[attr-defined]

        found["preview"] = measure_serve.preview_seconds(root).median
    if available("measure_search"):
        from bench import measure_search  # type: ignore[attr-defined]

        site = measure_search.build_site_with(root, "pagefind")
        found["search_kb"] = measure_search.search_bytes(site).kb
        found["zensical"] = measure_search.zensical_seconds(root)
    return found


def child_main(args: list[str]) -> None:
    """`--child KIND ROOT MODE`: one measurement, printed as JSON."""
    kind, root = args[0], Path(args[1])
    if kind == "generate":
        result = child_generate(root, cold=args[2] == "cold")
    elif kind == "reference":
        result = child_reference(root)
    elif kind == "extras":
        result = child_extras(root)
    elif kind == "verify":
        result = child_verify(root)
    elif kind == "build":
        result = child_build(root)
    else:
        result = child_site(root, default_nav=args[2] == "default")
    print(json.dumps(result))


def main(argv: list[str] | None = None) -> None:
    """Measure every N, print the table, then the fixed-format lines."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child_main(argv[1:])
        return
    parser = argparse.ArgumentParser(description="Benchmark the generator and the site build.")
    default_n = [int(x) for x in os.environ.get("BENCH_N", "100 1000").split()]
    parser.add_argument("--n", type=int, nargs="+", default=default_n, help="corpus sizes (env BENCH_N)")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "3")))
    parser.add_argument(
        "--site-runs", type=int, default=None, help="site builds per N (default: runs, 1 at N>=1000)"
    )
    parser.add_argument("--no-site", action="store_true", help="skip the MkDocs builds")
    parser.add_argument(
        "--site-max-n",
        type=int,
        default=int(os.environ.get("BENCH_SITE_MAX_N", "1000")),
        help="skip the MkDocs builds above this N (env BENCH_SITE_MAX_N); they grow faster than N",
    )
    parser.add_argument(
        "--languages-n",
        type=int,
        default=int(os.environ.get("BENCH_LANGUAGES_N", "-1")),
        help="the N measured again in two languages (default: the largest; 0: none)",
    )
    parser.add_argument("--json", type=Path, default=OUT / "results.json", help="where to save the figures")
    args = parser.parse_args(argv)
    rows = []
    sizes = [(n, 1) for n in sorted(args.n)]
    two = max(args.n) if args.languages_n < 0 else args.languages_n
    sizes += [(two, 2)] if two else []
    for n, languages in sizes:
        site_runs = args.site_runs or (args.runs if n < 1000 else 1)
        skip = args.no_site or n > args.site_max_n
        rows.append(derive(measure(n, args.runs, site_runs, skip, languages)))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"date": dt.date.today().isoformat(), "rows": rows}, indent=2))
    print(table(rows))
    print(
        f"\nMedians of {args.runs} runs; site builds: "
        + ", ".join(f"N={r['n']}: {r.get('site_runs', 0)}" for r in rows)
    )
    for row in rows:
        print(summary(row))


if __name__ == "__main__":
    main()
