"""Search at scale: the bytes a reader's browser downloads to answer one query, and Zensical's build.

For bench/run.py (which owns the report); each function takes a corpus project
folder (bench/corpus.py's `write_project`, already generated: `generated/` filled).

    search_bytes(site_dir, query) -> SearchBytes
        Serve a built site on 127.0.0.1, open its home page in headless Chromium,
        type `query` into the header's search box and wait for the result list.
        Counts every response the search needed, whichever search the site has:
        lunr (Material's worker, `search/search_index.json`, lunr language
        files) or Pagefind (`assets/pagefind-search.js`, everything under
        `pagefind/`).  `raw` is the bytes sent (the local server does not
        compress), `gzip` what a server compressing each file (level 6) would send.

    build_site_with(root, search, engine=MKDOCS) -> Path
        Build the generated folder with `extra.briefings.search` set to `search`
        ("lunr" or "pagefind"), engine then index, into root/bench-site-<search>/.

    zensical_seconds(root) -> float | str
        One cold Zensical build of the generated folder (its cache cleared):
        seconds, or "fail" with the engine's complaint printed to stderr.

    python -m bench.measure_search bench/out/n1000 [--query precursor]

QUERY is a word every corpus brief's text contains ("precursor", the corpus's
stand-in for "fentanyl"), so the answer is a long result list, the worst case.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.publish.engines import MKDOCS, Engine

QUERY = "precursor"
SEARCH_PATHS = ("search/", "assets/javascripts/workers/search", "assets/javascripts/lunr/", "pagefind/")
SEARCH_FILES = ("assets/pagefind-search.js",)
CHROMIUM = "/usr/bin/chromium"


@dataclass
class SearchBytes:
    """What one query cost the browser."""

    raw: int = 0
    gzip: int = 0
    files: dict[str, int] = field(default_factory=dict)
    """Each search file fetched (path relative to the site) and its raw size."""
    results: int = 0
    """Results the search box listed."""
    seconds: float = 0.0
    """From the first keystroke to the result list (a browser on a busy machine: indicative)."""

    @property
    def kb(self) -> float:
        return self.raw / 1024


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No request log."""


@contextmanager
def served(site: Path) -> Iterator[str]:
    """`site` on a free 127.0.0.1 port, for the duration of the block; its base URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _is_search(path: str) -> bool:
    return path.startswith(SEARCH_PATHS) or path in SEARCH_FILES


def search_bytes(site: Path, query: str = QUERY, timeout_s: float = 300) -> SearchBytes:
    """Bytes the browser downloads for the search to answer `query` on the built `site`."""
    from playwright.sync_api import sync_playwright

    found = SearchBytes()
    with served(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())

            def record(response: Any) -> None:
                path = response.url.removeprefix(base).split("?", 1)[0]
                if _is_search(path) and response.ok:
                    body = response.body()
                    found.files[path] = len(body)
                    found.raw += len(body)
                    found.gzip += len(gzip.compress(body, 6))

            page.on("response", record)
            page.goto(base)
            box = page.locator("input.md-search__input")
            box.click()
            start = time.perf_counter()
            box.press_sequentially(query, delay=20)
            page.wait_for_selector(".md-search-result__item", timeout=timeout_s * 1000)
            found.seconds = time.perf_counter() - start
            page.wait_for_load_state("networkidle")
            found.results = page.locator(".md-search-result__item").count()
        finally:
            browser.close()
    return found


def build_site_with(root: Path, search: str, engine: Engine = MKDOCS) -> Path:
    """The generated folder built with `extra.briefings.search: search`, into root/bench-site-<search>/."""
    from bench.corpus import TODAY
    from generator.pipeline import Project, build_site, check

    config_file = root / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    marked = text.replace("\n  briefings:\n", f"\n  briefings:\n    search: {search}\n", 1)
    out = root / f"bench-site-{search}"
    shutil.rmtree(out, ignore_errors=True)
    try:
        config_file.write_text(marked, encoding="utf-8")
        result = check(Project(root), TODAY)
        if result.failed:
            raise SystemExit(f"corpus does not validate: {result.diagnostics[:3]}")
        build_site(Project(root), result, out, engine)
        for note in result.notes:
            print(f"measure_search: {note}", file=sys.stderr)
    finally:
        config_file.write_text(text, encoding="utf-8")
    return out


def zensical_seconds(root: Path) -> float | str:
    """A cold Zensical build of the generated folder: seconds, or "fail"."""
    from generator.errors import BriefingsError
    from generator.publish.engines import ZENSICAL, run_engine

    out = root / "bench-site-zensical"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(root / ".cache" / "zensical", ignore_errors=True)
    shutil.rmtree(root / ".zensical-docs", ignore_errors=True)
    start = time.perf_counter()
    try:
        run_engine(root, root / "mkdocs.yml", out, ZENSICAL)
    except BriefingsError as err:
        print(f"measure_search: zensical failed: {err}", file=sys.stderr)
        return "fail"
    finally:
        seconds = time.perf_counter() - start
        shutil.rmtree(out, ignore_errors=True)
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Bytes one search query downloads, lunr vs Pagefind.")
    parser.add_argument("root", type=Path, help="a generated corpus project (bench/out/nN)")
    parser.add_argument("--query", default=QUERY)
    parser.add_argument("--zensical", action="store_true", help="also time a cold Zensical build")
    args = parser.parse_args(argv)
    for search in ("lunr", "pagefind"):
        start = time.perf_counter()
        site = build_site_with(args.root, search)
        built = time.perf_counter() - start
        got = search_bytes(site, args.query)
        biggest = sorted(got.files.items(), key=lambda kv: -kv[1])[:3]
        print(
            f"{search}: build {built:.1f}s, {got.raw / 1024:.0f} KB raw, {got.gzip / 1024:.0f} KB gzip, "
            f"{len(got.files)} files, {got.results} results in {got.seconds:.1f}s; largest {biggest}"
        )
    if args.zensical:
        seconds = zensical_seconds(args.root)
        print("zensical: " + (seconds if isinstance(seconds, str) else f"{seconds:.1f}s"))


if __name__ == "__main__":
    main()
