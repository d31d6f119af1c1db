"""Content kept between runs: each file's checks by the hash of its text (every run), and
the files, models and caches a long-lived process keeps in memory (`Session`, the preview's).
No kept entry may ever stand for a changed file: a stale cache must not make a wrong page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from generator import cache
from generator import session as session_module
from generator.cache import Store
from generator.errors import Diagnostic
from generator.pipeline import Result, check, generate
from generator.project import Project
from generator.session import Known, Session
from tests.conftest import TODAY

BRIEF = "content/briefs/military-communications.yaml"
PAGE = "briefs/military-communications.md"


def edited_in_place(project: Project, old: str, new: str) -> None:
    """Replace `old` by `new` (of the same length) in the brief, then put its modification
    time back: size and mtime as before, only the text (and the change time) differ."""
    assert len(old) == len(new)
    path = project.root / BRIEF
    info = path.stat()
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns


def page(project: Project) -> str:
    return (project.generated / PAGE).read_text()


def ok(result: Result) -> Result:
    assert not result.failed, result.diagnostics
    assert [d for d in result.diagnostics if d.code == "verify"] == []
    return result


def test_a_file_edited_with_its_mtime_put_back_is_checked_again(minimal_project: Project) -> None:
    ok(generate(minimal_project, TODAY))
    assert "Theater commanders" in page(minimal_project) and "Theatre" not in page(minimal_project)
    edited_in_place(minimal_project, "Theater", "Theatre")
    ok(generate(minimal_project, TODAY, verify=True))  # the text's hash is the key: no stamp
    assert "Theatre commanders" in page(minimal_project)


def test_the_preview_session_reads_a_file_whose_stamp_changed(
    minimal_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session_module, "RACY_NS", 0)  # stamps trusted at once, as for files older than 2 s
    kept = Session()
    ok(generate(minimal_project, TODAY, session=kept))
    path = str(minimal_project.root / BRIEF)
    stamp, loaded = kept.files[path]
    ok(generate(minimal_project, TODAY, session=kept))
    assert kept.files[path][1] is loaded  # unchanged: not read again
    edited_in_place(minimal_project, "Theater", "Theatre")  # the change time moves on
    ok(generate(minimal_project, TODAY, session=kept, verify=True))
    assert "Theatre commanders" in page(minimal_project)
    assert kept.files[path][1] is not loaded and kept.files[path][0] != stamp


def test_a_file_just_changed_is_not_trusted_by_its_stamp(minimal_project: Project) -> None:
    kept = Session()
    ok(generate(minimal_project, TODAY, session=kept))
    assert str(minimal_project.root / BRIEF) not in kept.files  # written within RACY_NS: read again


def test_a_session_follows_edits_renames_and_removals(minimal_project: Project) -> None:
    kept = Session()
    ok(generate(minimal_project, TODAY, session=kept))
    path = minimal_project.root / BRIEF
    path.write_text(path.read_text().replace("Theater", "Field"))
    ok(generate(minimal_project, TODAY, session=kept, verify=True))
    assert "Field commanders" in page(minimal_project)
    (minimal_project.root / "content/briefs/overview.yaml").unlink()
    result = generate(minimal_project, TODAY, session=kept)
    fresh = generate(minimal_project, TODAY)  # what a run without the session finds
    assert [str(d) for d in result.diagnostics] == [str(d) for d in fresh.diagnostics]


def verdicts(project: Project) -> dict[str, tuple[bool, list[Diagnostic]]]:
    return Store(project.cache).load("checked")


def test_kept_verdicts_are_used_and_a_new_generator_version_ignores_them(
    minimal_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(generate(minimal_project, TODAY))
    kept = verdicts(minimal_project)
    assert kept and all(valid for valid, _ in kept.values())
    planted = Diagnostic("content/areas.yaml", 1, 1, "", "planted", None, "warning", "planted")
    Store(minimal_project.cache).save("checked", {k: (True, [planted]) for k in kept})
    found = check(minimal_project, TODAY).diagnostics
    assert planted in found  # the kept verdicts are what a run reports: they are really used
    monkeypatch.setattr(cache, "code_version", lambda: "another generator")
    assert planted not in check(minimal_project, TODAY).diagnostics  # a new version checks afresh


def test_a_verdict_is_kept_per_text_name_and_words(minimal_project: Project, tmp_path: Path) -> None:
    ok(generate(minimal_project, TODAY))
    before = set(verdicts(minimal_project))
    config = minimal_project.config_file
    config.write_text(
        config.read_text().replace(
            "extra:\n  briefings:\n", "extra:\n  briefings:\n    words: {timeline: Chronology}\n", 1
        )
    )
    ok(generate(minimal_project, TODAY))
    after = set(verdicts(minimal_project))
    assert after - before  # the briefs' rules read the site's words: checked again


# The stat index: a new process knows an unchanged file by its stamp, reads and hashes none.


def trusted_stamps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session_module, "RACY_NS", 0)  # as for files older than 2 s


def test_a_new_run_reads_no_file_the_stat_index_knows(
    minimal_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.read import load

    trusted_stamps(monkeypatch)
    ok(generate(minimal_project, TODAY))
    read: list[str] = []
    real = load.read_file
    monkeypatch.setattr(
        load, "read_file", lambda path, *a, **k: read.append(str(path)) or real(path, *a, **k)
    )
    ok(generate(minimal_project, TODAY, verify=True))
    assert read == []  # every content file known by its stamp
    edited_in_place(minimal_project, "Theater", "Theatre")  # same size, mtime put back
    ok(generate(minimal_project, TODAY, verify=True))
    assert read == [str(minimal_project.root / BRIEF)]  # its change time moved: read again
    assert "Theatre commanders" in page(minimal_project)


def test_a_file_replaced_by_a_link_is_never_taken_as_known(
    minimal_project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    trusted_stamps(monkeypatch)
    ok(generate(minimal_project, TODAY))
    path = minimal_project.root / BRIEF
    outside = tmp_path / "outside.yaml"
    os.replace(path, outside)  # the same inode, size and times, now outside the project
    path.symlink_to(outside)
    result = generate(minimal_project, TODAY)
    assert result.failed
    assert any(d.file == BRIEF and "link" in d.message for d in result.diagnostics), result.diagnostics
    assert refused_unread(minimal_project, BRIEF)  # by the stamp itself, not only by validate's walk


def test_a_folder_replaced_by_a_link_out_of_the_project_is_refused(
    minimal_project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    trusted_stamps(monkeypatch)
    ok(generate(minimal_project, TODAY))
    briefs = minimal_project.content / "briefs"
    outside = tmp_path / "briefs-outside"
    os.replace(briefs, outside)  # every file keeps its stamp, under a folder out of the project
    briefs.symlink_to(outside)
    result = generate(minimal_project, TODAY)
    assert result.failed
    assert any("link" in d.message and d.file.startswith("content/briefs") for d in result.diagnostics)
    assert refused_unread(minimal_project, BRIEF)


def refused_unread(project: Project, shown: str) -> bool:
    """Whether the stat index, as the last run left it, takes the file for what it knew."""
    from generator.read.load import load_content

    store = Store(project.cache)
    parses: cache.DiskMemo[Any] = cache.DiskMemo(store, "parse")
    index: cache.DiskMemo[Any] = cache.DiskMemo(store, session_module.INDEX)
    assert index.known(str(project.root / shown)) is not None  # it was known
    content = load_content(
        project.content, parses.wrap(lambda text: ({}, [])), Known(project.root, index, parses)
    )
    (file,) = [f for f in content.briefs if f.display == shown]
    return not isinstance(file, session_module.KnownFile) and any(
        p.code == "unsafe-file" for p, _ in file.problems
    )


def test_warnings_of_files_known_by_their_stamp_are_reported_on_every_run(
    sample_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import declare_languages

    trusted_stamps(monkeypatch)
    declare_languages(sample_project, "en", "fr")
    brief = sample_project.content / "briefs" / "river-commission.yaml"
    brief.write_text(brief.read_text().replace("agreed to share", "agreed to pool"))
    runs = [check(sample_project, TODAY).diagnostics for _ in range(3)]
    stale = [d for d in runs[0] if d.code == "out-of-date"]
    assert stale and all(run == runs[0] for run in runs)  # the kept checks say what a fresh one says
    assert Store(sample_project.cache).load("translated")  # and they were kept


def test_a_few_entries_are_added_beside_a_namespace_and_a_replaced_file_drops_them(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    big = {f"k{i}": i for i in range(80)}
    store.save("memo", big)
    memo: cache.DiskMemo[int] = cache.DiskMemo(Store(tmp_path / "cache"), "memo")
    for key in big:
        memo.known(key)
    memo.keep("new", -1)
    memo.save()
    added = tmp_path / "cache" / "memo.more.pickle"
    assert added.is_file()  # one entry: not the whole file again
    assert Store(tmp_path / "cache").load("memo") == {**big, "new": -1}
    kept = added.read_bytes()
    Store(tmp_path / "cache").save("memo", {"only": 1})
    assert not added.exists()
    added.write_bytes(kept)  # entries added to the file since replaced: never read with the new one
    assert Store(tmp_path / "cache").load("memo") == {"only": 1}
