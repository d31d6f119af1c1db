"""Incremental regeneration: an output is rendered only when one of its inputs changed, a file
is rewritten only when its bytes changed, and the caches never serve stale output.

After each kind of change the generated folder must equal what a cold run (no cache, no
generated folder) writes for the same project.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import random
import re
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.corpus import write_project
from generator import cache, cli
from generator.cache import DiskMemo, Store
from generator.model import Site
from generator.pipeline import generate
from generator.progress import Progress, wanted
from generator.project import PACKAGE_TEMPLATES, Project
from generator.publish import write
from generator.publish.write import WriteReport
from generator.render import tracking
from generator.render.theme import FACTS_PARTIAL, PARTIALS
from generator.render.tracking import TrackedSite
from tests.conftest import TODAY, override

BRIEF = "briefs/military-communications.md"
OTHER = "briefs/overview.md"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def run(project: Project) -> list[str]:
    return report(project).written


def report(project: Project) -> WriteReport:
    result = generate(project, TODAY)
    assert not result.failed and result.report is not None, result.diagnostics
    return result.report


def cold(project: Project, tmp_path: Path) -> dict[str, bytes]:
    """What a first run writes for the project as it is now."""
    return cold_on(project, tmp_path, TODAY)


def cold_on(project: Project, tmp_path: Path, today: dt.date) -> dict[str, bytes]:
    """What a first run on `today` writes for the project as it is now."""
    copy = tmp_path / "cold"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project.root, copy, ignore=shutil.ignore_patterns("generated", ".cache"))
    assert not generate(Project(copy), today).failed
    return snapshot(copy / "generated")


def changed_files(project: Project, change: Callable[[], None]) -> tuple[WriteReport, set[str]]:
    """Generate, change something, generate again: the second run's report, and the files
    whose bytes differ between the two runs' folders."""
    run(project)
    before = snapshot(project.generated)
    change()
    second = report(project)
    after = snapshot(project.generated)
    differ = {dest for dest in before.keys() | after.keys() if before.get(dest) != after.get(dest)}
    return second, differ


def test_nothing_changed_renders_nothing(minimal_project: Project) -> None:
    run(minimal_project)
    second = report(minimal_project)
    assert second.rendered == [] and second.written == [] and second.removed == []
    assert second.unchanged == len(snapshot(minimal_project.generated))


def test_one_brief_edited_renders_the_pages_that_show_it(minimal_project: Project, tmp_path: Path) -> None:
    brief = minimal_project.content / "briefs" / "military-communications.yaml"
    second, differ = changed_files(
        minimal_project, lambda: edit(brief, "summary: ", "summary: A new first sentence. ")
    )
    # its page, the book, the page of the brief that lists it as related (it shows titles and
    # statuses), the home page (it shows a brief's summary) and the JSON exports (all of it,
    # and the brief's own file); the Schema reference (its examples are the site's own values, a
    # summary among them); not the pages that list briefs without their summaries (timeline,
    # sources, areas...) nor what changed (updates, feed)
    data = {"api/briefs.json", "api/briefs/military-communications.json"}
    assert set(second.rendered) == {BRIEF, OTHER, "book.md", "index.md", "schema.md"} | data
    assert set(second.written) == differ == {BRIEF, "book.md"} | data
    assert snapshot(minimal_project.generated) == cold(minimal_project, tmp_path)


def test_a_field_shown_in_lists_renders_the_lists(minimal_project: Project, tmp_path: Path) -> None:
    brief = minimal_project.content / "briefs" / "military-communications.yaml"
    second, differ = changed_files(
        minimal_project, lambda: edit(brief, "status_note: ", "status_note: Now, ")
    )
    # the status note is also in the lists of briefs: all briefs, and the brief's area
    lists = {"briefs/index.md", "areas/defense.md"}
    assert lists <= set(second.written) and "timeline.md" not in second.rendered
    assert set(second.written) == differ
    assert snapshot(minimal_project.generated) == cold(minimal_project, tmp_path)


def test_a_registry_edited_renders_the_pages_that_read_it(minimal_project: Project, tmp_path: Path) -> None:
    actors = minimal_project.content / "actors.yaml"
    second, differ = changed_files(
        minimal_project, lambda: edit(actors, "name: Samuel Paparo", "name: Samuel J. Paparo")
    )
    # the pages that name actors: the actors page, and the brief with actors in its timeline
    # (on its page and in the book); the other brief names none; and the Schema reference,
    # whose examples are the site's own (this first actor's name is its example of a name)
    assert set(second.rendered) == {"actors.md", BRIEF, "book.md", "schema.md"}
    assert set(second.written) == differ == {"actors.md", BRIEF, "book.md", "schema.md"}
    assert snapshot(minimal_project.generated) == cold(minimal_project, tmp_path)


def test_a_template_change_renders_exactly_the_pages_using_it(
    minimal_project: Project, tmp_path: Path
) -> None:
    areas = {
        f"areas/{a}.md"
        for a in ("arms-control", "climate", "counternarcotics", "defense", "economy", "overview")
    }
    template = override(minimal_project, "area.md.j2")
    second, differ = changed_files(
        minimal_project,
        lambda: edit(template, "# {{ area.title|md_text }}", "# {{ area.title|md_text }} (v2)"),
    )
    assert set(second.rendered) == set(second.written) == differ == areas
    assert snapshot(minimal_project.generated) == cold(minimal_project, tmp_path)


def test_an_imported_template_reaches_every_page_importing_it(minimal_project: Project) -> None:
    macros = override(minimal_project, "_macros.md.j2")
    run(minimal_project)
    macros.write_text(macros.read_text() + "\n{# a comment: the same pages #}\n")
    second = report(minimal_project)
    importing = {"index.md", "briefs/index.md", "timeline.md", "track-record.md", "book.md", BRIEF, OTHER}
    importing |= {
        p
        for p in snapshot(minimal_project.generated)
        if p.startswith(("areas/", "timeline/")) and p.endswith(".md")
    }
    importing.add("methodology.md")  # its definitions blocks use the macros
    importing.add("contributing.md")  # and so does the starter's CONTRIBUTING.md (its areas)
    assert set(second.rendered) == importing
    assert second.written == []


def test_a_config_change_renders_every_output_that_reads_the_config(
    minimal_project: Project, tmp_path: Path
) -> None:
    config = minimal_project.config_file
    second, differ = changed_files(minimal_project, lambda: edit(config, 'site_name: "', 'site_name: "New '))
    files = set(snapshot(minimal_project.generated))
    # copied as they are: no definitions block, no colours, the theme's own overrides
    copies = {"about.md", "assets/briefings.js", "assets/pagefind-search.js", "assets/share.png"}
    copies |= {p for p in files if p.startswith(".theme/") and p not in PARTIALS}
    data = {"api/briefs.json", "api/timeline.csv", "timeline/events.json", "api/changes.json"}
    data |= {p for p in files if p.startswith("api/briefs/")}  # the records alone
    assert set(second.rendered) == files - copies - data
    cited = {"briefs/military-communications.md", "briefs/overview.md"}  # "Cite this brief" names the site
    assert set(second.written) == differ == {"index.md", "feed.xml", FACTS_PARTIAL} | cited
    assert snapshot(minimal_project.generated) == cold(minimal_project, tmp_path)


def test_what_a_site_template_reads_is_an_input_of_its_page(minimal_project: Project, tmp_path: Path) -> None:
    # The site's own area page lists every brief's title: more than the package's reads,
    # which is the area's briefs alone (the defense area's page does not show the overview).
    template = override(minimal_project, "area.md.j2")
    edit(template, "</ul>", "</ul>\n\nAll: {% for b in site.briefs %}{{ b.title }}; {% endfor %}")
    other = minimal_project.content / "briefs" / "overview.yaml"
    title = next(line for line in other.read_text().splitlines() if line.startswith("title: "))
    second, _ = changed_files(minimal_project, lambda: edit(other, title, title + " (renamed)"))
    assert "areas/defense.md" in second.rendered and "areas/defense.md" in second.written
    assert "(renamed)" in (minimal_project.generated / "areas/defense.md").read_text()
    assert snapshot(minimal_project.generated) == cold(minimal_project, tmp_path)


def test_a_new_day_renders_only_the_outputs_that_show_the_date(
    minimal_project: Project, tmp_path: Path
) -> None:
    run(minimal_project)
    tomorrow = generate(minimal_project, TODAY + dt.timedelta(days=1))
    assert not tomorrow.failed and tomorrow.report is not None
    # what compares dates with the build date (review banners, judgment horizons, "out of
    # date" marks: the briefs' pages and the lists of briefs), the book's "built on" and the
    # feed's `updated`; not the sources, actors, updates, schema, assets or copies
    shows = {BRIEF, OTHER, "book.md", "index.md", "briefs/index.md", "feed.xml"}
    shows |= {"areas/defense.md", "areas/overview.md", "timeline.md", "timeline/2024.md"}
    shows |= {"timeline/area/defense.md", "timeline/area/overview.md"}
    assert set(tomorrow.report.rendered) == shows
    # the feed's `updated` is its newest entry's, not the build's: it is read, but stays the same
    assert set(tomorrow.report.written) == {"book.md"}
    assert snapshot(minimal_project.generated) == cold_on(
        minimal_project, tmp_path, TODAY + dt.timedelta(days=1)
    )


def test_a_new_generator_version_renders_everything(
    minimal_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(minimal_project)
    monkeypatch.setattr(cache, "code_version", lambda: "another version")
    second = report(minimal_project)
    assert set(second.rendered) == set(snapshot(minimal_project.generated))
    assert second.written == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_an_edit_rewrites_exactly_the_files_whose_content_changed(minimal_project: Project) -> None:
    run(minimal_project)
    before = snapshot(minimal_project.generated)
    edit(
        minimal_project.content / "briefs" / "military-communications.yaml",
        "summary: ",
        "summary: A new first sentence. ",
    )
    written = run(minimal_project)
    after = snapshot(minimal_project.generated)
    changed = {dest for dest in after if before.get(dest) != after[dest]}
    assert set(written) == changed
    assert BRIEF in written and "book.md" in written
    assert OTHER not in written
    assert "A new first sentence." in after[BRIEF].decode()


def test_nothing_changed_rewrites_nothing(minimal_project: Project) -> None:
    run(minimal_project)
    inodes = {p: p.stat().st_ino for p in minimal_project.generated.rglob("*") if p.is_file()}
    assert run(minimal_project) == []
    assert {p: p.stat().st_ino for p in minimal_project.generated.rglob("*") if p.is_file()} == inodes


def test_a_template_change_reaches_every_page_using_it(minimal_project: Project) -> None:
    run(minimal_project)
    edit(
        override(minimal_project, "brief.md.j2"),
        "# {{ brief.title|md_text }}",
        "# {{ brief.title|md_text }} (v2)",
    )
    written = run(minimal_project)
    assert BRIEF in written and OTHER in written
    assert "(v2)" in (minimal_project.generated / OTHER).read_text()


@pytest.mark.parametrize("trusted", [False, True], ids=["fresh-stamps", "trusted-stamps"])
def test_a_generated_file_changed_by_hand_is_restored(
    minimal_project: Project, monkeypatch: pytest.MonkeyPatch, trusted: bool
) -> None:
    run(minimal_project)
    if trusted:  # the next run records stamps it will trust, as it does for files older than RACY_NS
        monkeypatch.setattr(write, "RACY_NS", 0)
        run(minimal_project)
        time.sleep(0.05)  # past the file system's clock tick
    page = minimal_project.generated / BRIEF
    good, stat = page.read_bytes(), page.stat()
    page.write_bytes(b"x" * len(good))  # same size, and the same mtime below
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert run(minimal_project) == [BRIEF]
    assert page.read_bytes() == good


def test_corrupt_caches_are_ignored(minimal_project: Project, tmp_path: Path) -> None:
    run(minimal_project)
    expected = snapshot(minimal_project.generated)
    for name in ("parse.pickle", "markdown.pickle", "outputs.pickle", "bodies.pickle"):
        (minimal_project.cache / name).write_bytes(b"\x80not a cache")
    for path in minimal_project.generated.rglob("*.md"):
        path.write_text("stale")
    run(minimal_project)
    assert snapshot(minimal_project.generated) == expected


def test_cached_parses_still_report_their_problems(minimal_project: Project) -> None:
    path = minimal_project.content / "briefs" / "overview.yaml"
    edit(path, "status_note:", "title: Twice\nstatus_note:")
    first = generate(minimal_project, TODAY)
    second = generate(minimal_project, TODAY)
    assert first.failed and second.failed
    assert [d.code for d in first.diagnostics] == [d.code for d in second.diagnostics]
    assert "duplicate-key" in [d.code for d in second.diagnostics]


def test_a_new_code_version_starts_the_memo_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    store = Store(tmp_path)
    memo: DiskMemo[str] = DiskMemo(store, "memo")
    assert memo.wrap(upper)("a") == "A"
    memo.save()
    assert DiskMemo[str](store, "memo").wrap(upper)("a") == "A"
    assert calls == ["a"]  # the second answer came from disk
    monkeypatch.setattr(cache, "code_version", lambda: "another version")
    assert DiskMemo[str](store, "memo").wrap(upper)("a") == "A"
    assert calls == ["a", "a"]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_quiet_in_ci_and_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert wanted(FakeTerminal())
    assert not wanted(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not wanted(FakeTerminal())


def test_progress_shows_only_after_its_delay() -> None:
    stream = FakeTerminal()
    with Progress(enabled=True, stream=stream, delay=3600) as slow:
        slow.stage("Loading", 3)
        slow.advance()
        assert not slow.shown
    assert stream.getvalue() == ""
    with Progress(enabled=True, stream=stream, delay=0) as quick:
        quick.stage("Loading", 3)
        quick.advance(3)
        assert quick.shown
    assert "Loading" in stream.getvalue()


# The oracle: `generate --verify` renders every output afresh, without caches, and fails naming
# each file that differs.  After any single edit, an incremental run must pass it.

EDITABLE = (bool, int, float, str, dt.date, list)


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every value in a file's data, lists included, with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        yield path, data
        for index, value in enumerate(data):
            yield from _leaves(value, (*path, index))
    elif isinstance(data, EDITABLE):
        yield path, data


def _changed(value: Any, rng: random.Random) -> Any:
    """A different value of the same kind."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=rng.choice((-1, 1)))
    if isinstance(value, str):
        return value + rng.choice((" Edited.", "x", " *new*"))
    return value[:-1] if len(value) > 1 else value + value  # a list: one item fewer, or doubled


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _verify(project: Project) -> bool:
    """Generate with the oracle; False if the content is invalid (nothing written)."""
    result = generate(project, TODAY, verify=True)
    differ = [d.location() for d in result.diagnostics if d.code == "verify"]
    assert differ == [], differ
    return not result.failed


KINDS = ("str", "date", "list", "bool")
"""Every kind of field the content holds: text, dates, lists and flags (the sample has no numbers)."""


def _kind(value: Any) -> str:
    """A value's kind; a word without spaces (an id, a reference, a status) is left alone:
    appending to it breaks a reference, which the oracle cannot check."""
    if isinstance(value, str) and " " not in value.strip():
        return "word"
    return type(value).__name__


def random_edits(project: Project, rng: random.Random, edits: int) -> Counter[str]:
    """Single-field edits of briefs and registries at random, of each kind of field in turn,
    each followed by the oracle; the kinds edited in valid content (and where)."""
    assert _verify(project)
    # Translations are not rendered (yet): no page depends on them.
    files = sorted(p for p in project.content.rglob("*.yaml") if "translations" not in p.parts)
    kinds: Counter[str] = Counter()
    for step in range(edits):
        kind = KINDS[step % len(KINDS)]
        found = [
            (path, where, value)
            for path in files
            for where, value in list(_leaves(yaml.safe_load(path.read_text())))[1:]
            if _kind(value) == kind
        ]
        if not found:
            continue
        path, where, value = rng.choice(found)
        original = path.read_text()
        data = yaml.safe_load(original)
        _set(data, where, _changed(value, rng))
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
        if _verify(project):
            kinds[kind] += 1
            kinds["registry" if path.parent == project.content else "brief"] += 1
        else:  # the edit broke a rule (an id, a date order): undo it
            path.write_text(original)
    return kinds


def edit_words_template_and_config(project: Project) -> None:
    """A template override, a label, the site's name, the build date: each, then the oracle."""
    override(project, "_macros.md.j2").write_text(
        (PACKAGE_TEMPLATES / "_macros.md.j2").read_text() + "\n{# a site's own macros #}\n"
    )
    assert _verify(project)
    override(project, "brief.md.j2").write_text((PACKAGE_TEMPLATES / "brief.md.j2").read_text() + "\nOurs.\n")
    assert _verify(project)
    config = project.config_file.read_text()
    project.config_file.write_text(
        re.sub(r"^site_name: ([\"']?)", r"site_name: \1Edited ", config, count=1, flags=re.M)
    )
    assert _verify(project)
    assert "extra:\n  briefings:\n" in config
    labelled = config.replace(
        "extra:\n  briefings:\n", "extra:\n  briefings:\n    words: {timeline: Chronology}\n"
    )
    project.config_file.write_text(labelled)
    assert _verify(project)
    later = generate(project, TODAY + dt.timedelta(days=400), verify=True)
    assert not later.failed and [d for d in later.diagnostics if d.code == "verify"] == []


def test_the_oracle_passes_after_random_edits_of_the_sample_site(sample_project: Project) -> None:
    kinds = random_edits(sample_project, random.Random(20261206), 30)
    assert {"str", "date", "list", "brief", "registry"} <= set(kinds), kinds
    edit_words_template_and_config(sample_project)


def test_the_oracle_passes_after_random_edits_of_a_bench_corpus(tmp_path: Path) -> None:
    project = Project(write_project(tmp_path / "corpus", 6))
    kinds = random_edits(project, random.Random(6), 10)
    assert {"str", "date", "list", "brief"} <= set(kinds), kinds
    edit_words_template_and_config(project)


def test_the_oracle_names_a_file_the_writer_wrongly_trusts(
    minimal_project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(write, "RACY_NS", 0)  # stamps trusted at once, as for files older than 2 s
    run(minimal_project)
    page = minimal_project.generated / "index.md"
    page.write_text(page.read_text().replace("Status", "Statue"))  # a hand edit...
    store = Store(minimal_project.cache)
    records = store.load(write.NAMESPACE)
    stat = page.stat()  # ...that the records are made to trust, as a bug in the core would
    records["index.md"] = replace(records["index.md"], stamp=(stat.st_size, stat.st_ino, stat.st_ctime_ns))
    store.save(write.NAMESPACE, records)
    args = ["--project", str(minimal_project.root), "--today", TODAY.isoformat(), "generate"]
    assert cli.main(args) == 0  # the writer trusts the file: nothing to do
    assert cli.main([*args, "--verify"]) == 1
    err = capsys.readouterr().err
    assert (
        "generated/index.md:1:1: error: this file differs from a fresh render of its inputs: "
        "an incremental run skipped a change\n"
    ) in err
    assert "briefings: --verify: 1 file(s) differ from a fresh render" in err and "Traceback" not in err


def test_every_attribute_of_the_site_says_what_reading_it_depends_on() -> None:
    # Templates read the site through TrackedSite; an attribute missing from its table would
    # be taken to depend on everything (safe, slow): a new attribute of the model belongs in it.
    public = {name for name in dir(Site) if not name.startswith("_")}
    public |= {f.name for f in dataclasses.fields(Site)}
    methods = {name for name in vars(TrackedSite) if not name.startswith("_")}
    assert public - methods <= set(tracking._READS), sorted(public - methods - set(tracking._READS))
    assert set(tracking._READS) <= public  # and nothing stale in it
