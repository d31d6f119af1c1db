"""Checks of a site's upgrade path: what it installs the generator from, and its overrides.

A site overrides a template, asset or theme file by a copy of its own in
`site_templates/`; when a new generator changes the package's file, the copy
keeps the old text.  The package's bytes each override was last compared with
are kept in the cache (`.cache/briefings/upstream/`, per checkout, like every
cache: "since this site last looked"); while the package's file differs from
them and the site's copy has not changed since, `validate` warns at the copy,
with the command that shows what the package changed.  Editing the copy (or
deleting the kept bytes) takes the new package file as seen.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from generator.errors import BriefingsError, Diagnostic
from generator.fsio import atomic_write
from generator.project import PACKAGE_ASSETS, PACKAGE_TEMPLATES, PACKAGE_THEME, Project
from generator.read import files

UPSTREAM = "upstream"
"""The cache's folder of the package files the site's overrides were last compared with."""
_EDITABLE = re.compile(r"^(-e|--editable)\s+")


def overrides(project: Project) -> dict[str, tuple[Path, Path]]:
    """Each file of `site_templates/` that replaces one of the package's: its kind and name
    (`templates/brief.md.j2`) -> (the site's copy, the package's file)."""
    found = {}
    for kind, package, site in (
        ("assets", PACKAGE_ASSETS, project.templates / "assets"),
        ("theme", PACKAGE_THEME, project.templates / "theme"),
        ("templates", PACKAGE_TEMPLATES, project.templates),
    ):
        for path in files.files_under(site, project.root):
            rel = path.relative_to(site)
            if kind == "templates" and rel.parts[0] in ("assets", "theme"):
                continue
            if (package / rel).is_file():
                found[f"{kind}/{rel.as_posix()}"] = (path, package / rel)
    return found


def upstream_problems(project: Project) -> list[Diagnostic]:
    """A warning at each override whose package file changed since the site last looked."""
    kept = project.cache / UPSTREAM
    found = []
    for name, (copy, package) in sorted(overrides(project).items()):
        now = package.read_bytes()
        seen, copy_hash = kept / name, kept / f"{name}.copy-sha256"
        mine = hashlib.sha256(files.read_bytes(copy, project.root)).hexdigest()
        looked = seen.is_file() and copy_hash.is_file()
        if looked and seen.read_bytes() != now and copy_hash.read_text() == mine:
            found.append(_changed(project, name, copy, package, seen))
            continue
        try:  # first look, or the copy was edited since: the package's file as it is now is seen
            atomic_write(seen, now)
            atomic_write(copy_hash, mine.encode())
        except OSError:
            pass  # an unwritable checkout: nothing is kept, nothing is warned about
    return found


def _changed(project: Project, name: str, copy: Path, package: Path, seen: Path) -> Diagnostic:
    return Diagnostic(
        project.display(copy),
        1,
        1,
        "",
        f"the generator's {package.name} changed since this site's copy was last compared with it",
        f"see what the generator changed: `diff -u {project.display(seen)} {package}`; bring this "
        f"copy up to date (or remove it to use the generator's); the warning ends when the copy changes "
        f"or `{project.display(seen)}` is deleted",
        "warning",
        "override-upstream-changed",
    )


def local_requirement_problems(project: Project) -> list[Diagnostic]:
    """A warning while `requirements.txt` installs something from a path on this machine:
    CI installs from the same file, and the path is not there."""
    path = project.root / "requirements.txt"
    if not path.is_file():
        return []
    try:
        text = files.read_text(path, project.root)
    except (BriefingsError, OSError):
        return []  # not a file the site publishes or reads otherwise: pip reports it
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        requirement = _EDITABLE.sub("", re.split(r"(^|\s)#", line, maxsplit=1)[0].strip())
        if "file:" in requirement or requirement.startswith(("/", "./", "../", "~")):
            found.append(
                Diagnostic(
                    project.display(path),
                    number,
                    line.index(requirement) + 1,
                    "",
                    f"`{requirement}` installs from a path on this machine; CI installs from this "
                    "file and will not find it",
                    "name a release or a pinned commit instead, e.g. "
                    "`briefings @ git+https://github.com/<owner>/<generator-repo>@<commit>`",
                    "warning",
                    "local-requirement",
                )
            )
    return found
