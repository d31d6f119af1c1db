"""The `briefings` command line.

Exit codes: 0 ok, 1 content errors or a failed write, 2 usage errors, 130 interrupted (Ctrl-C).
Every failure is a diagnostic, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator import pipeline, words
from generator.__main__ import EXIT_INTERRUPTED, INTERRUPTED
from generator.check.text import shown
from generator.errors import BriefingsError
from generator.fsio import atomic_write, write_error
from generator.project import Project
from generator.publish.engines import ENGINE_NAMES, MKDOCS, engine_named
from generator.read import files
from generator.report import FORMATS, report

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2024-11-07, got {text!r}") from None


def make_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per action."""
    parser = argparse.ArgumentParser(prog="briefings", description=__doc__)
    parser.add_argument(
        "--project",
        type=Path,
        default=Path("."),
        help="project folder holding content/ and mkdocs.yml (default: .)",
    )
    parser.add_argument(
        "--today", type=_date, default=None, help="treat this date as today (YYYY-MM-DD), for date checks"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = sub.add_parser("validate", help="check all content; write nothing")
    validate.add_argument("--strict", action="store_true", help="fail on warnings too")
    validate.add_argument("--format", choices=FORMATS, default="human", help="output format")
    for name, text in (
        ("generate", "validate, then write the generated Markdown"),
        ("build", "validate, generate, then build site/"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--strict", action="store_true", help="fail on warnings too")
        cmd.add_argument("--format", choices=FORMATS, default="human", help="output format")
        if name == "generate":
            cmd.add_argument(
                "--verify",
                action="store_true",
                help="then render every output afresh, without caches; fail naming each file that differs",
            )
        if name == "build":
            cmd.add_argument(
                "--engine",
                choices=ENGINE_NAMES,
                default=MKDOCS.name,
                help=f"site engine (default: {MKDOCS.name})",
            )
    serve = sub.add_parser("serve", help="live preview: regenerate on save, reload the browser")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    schema = sub.add_parser("schema", help="write the JSON Schema files to schema/")
    schema.add_argument("--check", action="store_true", help="fail if the files in schema/ are out of date")
    init = sub.add_parser("init", help="start a new briefing site in an empty folder")
    init.add_argument("dir", type=Path, help="folder for the new site (new, or empty)")
    init.add_argument("--title", help="the site's name (default: the starter's, in its language)")
    init.add_argument(
        "--language",
        default=words.REFERENCE,
        choices=words.languages(),
        help="the site's language: its pages, example content and words (default: en)",
    )
    init.add_argument(
        "--repo-url", default=None, help="the site's repository, e.g. https://github.com/owner/repo"
    )
    init.add_argument(
        "--generator", default=None, help="how the new site installs this generator (a pip requirement)"
    )
    _add_contributor_commands(sub)
    return parser


def _add_contributor_commands(sub: Any) -> None:
    """`new`, `overdue` and `codeowners`: the contribution workflow."""
    new = sub.add_parser("new", help="write a new brief from the commented template")
    new.add_argument("id", help="id of the brief, also its file name, e.g. `maritime-talks`")
    new.add_argument("--area", required=True, help="area id from content/areas.yaml")
    new.add_argument(
        "--owner", action="append", default=[], help="GitHub user or team (repeatable; default @<area>-desk)"
    )
    overdue = sub.add_parser("overdue", help="list briefs past their review date, with owners")
    overdue.add_argument("--format", choices=("markdown", "json"), default="markdown", help="output format")
    overdue.add_argument(
        "--check-links", action="store_true", help="also check each source URL (needs a network)"
    )
    overdue.add_argument("--json-out", type=Path, default=None, help="also write the JSON report here")
    codeowners = sub.add_parser("codeowners", help="write CODEOWNERS from the briefs' owners")
    codeowners.add_argument("--check", action="store_true", help="fail if CODEOWNERS is out of date")
    migrate = sub.add_parser(
        "migrate-events", help="move briefs' `timeline:` entries into event records (content/events/)"
    )
    migrate.add_argument(
        "--merge", action="store_true", help="merge entries of one date that share a source or a title"
    )
    migrate.add_argument("--dry-run", action="store_true", help="print what it would do; write nothing")
    work = sub.add_parser(
        "translations", help="the translators' work list: what is missing or out of date, per language"
    )
    work.add_argument("--language", default=None, help="only this language (a code from `languages`)")
    work.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    translate = sub.add_parser(
        "translate", help="write every translation file of a language, each missing field as `text: null`"
    )
    translate.add_argument("code", help="the language, as declared in `extra.briefings.languages`")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        return _dispatch(make_parser().parse_args(argv))
    except KeyboardInterrupt:
        # Writes are staged and renamed with Ctrl-C held back: nothing is half-written.
        print(INTERRUPTED, file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as err:  # a write no stage turned into a diagnostic of its own
        report([write_error(err, _shown).diagnostic()], "human", sys.stderr)
        return EXIT_CONTENT


def _shown(path: Path) -> str:
    """A path as the user typed it: relative to the working folder where it lies below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _dispatch(args: argparse.Namespace) -> int:
    today = args.today or dt.date.today()
    if args.command == "init":
        return _init(args, today)
    project = Project(args.project.resolve())
    if not project.content.is_dir():
        print(
            f"briefings: no content/ folder in {project.root}\n"
            "  hint: run the command in a site's folder, pass --project, or start one with `briefings init`",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.command == "serve":
        from generator.commands.serve import serve

        return serve(project, today, args.port)
    try:
        if args.command == "schema":
            return _write_schema(project, today, args.check)
        if args.command in ("new", "overdue", "codeowners"):
            return _contribute(args, project, today)
        if args.command == "migrate-events":
            return _migrate(project, args.merge, args.dry_run)
        if args.command in ("translations", "translate"):
            return _translations(args, project, today)
    except BriefingsError as err:  # e.g. CODEOWNERS or a schema file is a link out of the project
        report([err.diagnostic()], "human", sys.stderr)
        return EXIT_CONTENT
    return _run(args, project, today)


def _init(args: argparse.Namespace, today: dt.date) -> int:
    from generator.commands import init

    requirement = args.generator or init.generator_requirement()
    starter = init.Starter(args.title, args.repo_url, today, requirement, language=args.language)
    try:
        init.init_site(args.dir, starter)
    except init.InitError as err:
        print(f"briefings: {shown(str(err))} (nothing was written)", file=sys.stderr)
        return EXIT_USAGE
    except OSError as err:
        hint = f"choose a folder you may write, or create {args.dir} first; nothing was written"
        report([write_error(err, _shown, hint).diagnostic()], "human", sys.stderr)
        return EXIT_USAGE
    print(init.next_steps(args.dir, str(args.dir)), file=sys.stderr)
    return EXIT_OK


def _contribute(args: argparse.Namespace, project: Project, today: dt.date) -> int:
    from generator.commands import codeowners, overdue, scaffold

    if args.command == "new":
        try:
            rel = scaffold.new_brief(project, args.id, args.area, args.owner, today)
        except scaffold.ScaffoldError as err:
            print(f"briefings: {shown(str(err))}", file=sys.stderr)
            return err.exit_code
        print(scaffold.next_steps(rel, args.id))
        return EXIT_OK
    if args.command == "overdue":
        sys.stdout.write(overdue.run(project.content, today, args.format, args.check_links, args.json_out))
        return EXIT_OK
    result = pipeline.check(project, today)
    if result.failed or result.site is None:
        report(result.diagnostics, "human", sys.stderr)
        return EXIT_CONTENT
    text = codeowners.render(result.site.briefs, result.site.paths)
    if args.check:
        diff = codeowners.compare(text, project)
        if diff is not None:
            shown_diff = shown(diff, keep="\n\t")  # the committed file's lines, as a terminal may show them
            print(
                f"{shown_diff}briefings: CODEOWNERS is out of date; run `briefings codeowners`",
                file=sys.stderr,
            )
            return EXIT_CONTENT
        return EXIT_OK
    changed = codeowners.write(text, project)
    print("CODEOWNERS " + ("updated" if changed else "already up to date"), file=sys.stderr)
    return EXIT_OK


def _migrate(project: Project, merge: bool, dry_run: bool) -> int:
    from generator.commands import migrate

    try:
        plan = migrate.migrate(project.content, merge, write=not dry_run)
    except migrate.MigrateError as err:
        report([err.diagnostic()], "human", sys.stderr)
        print("briefings: nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    print(migrate.summary(plan, project.display, dry_run))
    return EXIT_OK


def _translations(args: argparse.Namespace, project: Project, today: dt.date) -> int:
    from generator.commands import translate

    status, diagnostics = pipeline.translation_status(project, today)
    if status is None:
        report(diagnostics, "human", sys.stderr)
        return EXIT_CONTENT
    lang = args.language if args.command == "translations" else args.code
    why = translate.refused(status, lang) if lang is not None else None
    if why is not None:
        print(f"briefings: {why}", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "translations":  # a report: problems are shown, and it still succeeds
        report(diagnostics, "human", sys.stderr)
        sys.stdout.write(translate.work_list(status, [lang] if lang else list(status.languages), args.format))
        return EXIT_OK
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        report(errors, "human", sys.stderr)
        print("briefings: fix these first; nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    written = translate.scaffold(project, status, lang)
    for name in written:
        print(f"wrote {name}", file=sys.stderr)
    print(f"briefings: {len(written)} translation files written for `{lang}`", file=sys.stderr)
    return EXIT_OK


def _run(args: argparse.Namespace, project: Project, today: dt.date) -> int:
    if args.command == "validate":
        result = pipeline.check(project, today, args.strict)
    elif args.command == "generate":
        result = pipeline.generate(project, today, args.strict, args.verify)
    else:
        result = pipeline.build(project, today, engine_named(args.engine), args.strict)
    out = sys.stdout if args.format != "human" else sys.stderr
    report(result.diagnostics, args.format, out, colour=out.isatty())
    if result.failed:
        differ = sum(d.code == "verify" for d in result.diagnostics)
        if differ and args.format == "human":
            print(f"briefings: --verify: {differ} file(s) differ from a fresh render", file=sys.stderr)
        elif args.format == "human" and args.command != "validate":
            kept = f"{project.site.name}/ was left as it was" if result.report else "nothing was written"
            print(f"briefings: {kept}", file=sys.stderr)
        return EXIT_CONTENT
    if args.format == "human":
        for note in result.notes:
            print(f"briefings: {note}", file=sys.stderr)
        _summarise(args.command, result, project)
    return EXIT_OK


def _summarise(command: str, result: pipeline.Result, project: Project) -> None:
    site = result.site
    if site is None:
        return
    line = f"ok: {len(site.briefs)} briefs, {len(site.sources)} sources, {len(site.actors)} actors"
    if result.report is not None:
        line += (
            f"; {len(result.report.rendered)} rendered, "
            f"{len(result.report.written)} files written, {result.report.unchanged} unchanged, "
            f"{len(result.report.removed)} removed in {project.generated.name}/"
        )
    if command == "build":
        line += f"; site built in {project.site.name}/"
    print(line, file=sys.stderr)


def _write_schema(project: Project, today: dt.date, check_only: bool = False) -> int:
    from generator.check.schema import SCHEMAS, json_schema_text

    # The schema lists the site's own words, so it needs the configuration and the parties.
    result = pipeline.check(project, today)
    if result.site is None:
        report(result.diagnostics, "human", sys.stderr)
        print("briefings: fix these first; the schema lists the site's statuses and parties", file=sys.stderr)
        return EXIT_CONTENT
    wanted = {name: json_schema_text(name, result.site.vocabulary) for name in SCHEMAS}
    paths = {name: project.schema_dir / f"{name}.schema.json" for name in SCHEMAS}
    if check_only:
        stale = [p for name, p in paths.items() if _current(project, p) != wanted[name]]
        for path in stale:
            print(
                f"briefings: {project.display(path)} is out of date; run `briefings schema`", file=sys.stderr
            )
        return EXIT_CONTENT if stale else EXIT_OK
    for name, path in paths.items():
        atomic_write(path, wanted[name].encode())
    print(f"wrote {len(SCHEMAS)} schema files to {project.schema_dir}", file=sys.stderr)
    return EXIT_OK


def _current(project: Project, path: Path) -> str | None:
    """A file's text as committed, or None if it is missing (a link out or a FIFO raises)."""
    try:
        return files.read_text(path, project.root)
    except FileNotFoundError:
        return None
