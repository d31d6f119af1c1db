"""Read a site's translation files: `content/translations/<language>/...`.

YAML files are read like any content file (`load.read_file`: through `files.py`,
size-limited, parsed by `safe_yaml` with the run's parse cache).  A translated
hand-written page is Markdown whose YAML front matter holds its `source_hash`;
the front matter is parsed the same way, with line numbers kept true to the page.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import BriefingsError, Problem
from generator.read import files
from generator.read.load import MAX_BYTES, LoadedFile, Reuse, read_file
from generator.read.safe_yaml import ParseResult, parse

FOLDER = "translations"
"""Under `content/`: one folder per language."""


@dataclass
class Translation:
    """One translation file of one language."""

    language: str
    rel: str
    """The path inside the language's folder, e.g. `briefs/climate.yaml`."""
    file: LoadedFile
    body: str | None = None
    """A page's Markdown after its front matter (None for YAML files)."""


def languages(content: Path) -> list[str]:
    """The language folders under `content/translations/`, sorted."""
    top = content / FOLDER
    if not top.is_dir():
        return []
    return sorted(entry.name for entry in os.scandir(top) if entry.is_dir(follow_symlinks=False))


def translation_files(content: Path, language: str) -> list[str]:
    """The files of one language, relative to its folder, sorted (links to folders not followed)."""
    top = os.path.join(content, FOLDER, language)
    found = []
    for folder, _, names in os.walk(top):
        rel = os.path.relpath(folder, top)
        found += [name if rel == "." else f"{rel}/{name}" for name in names]
    return sorted(found)


def load_translations(
    content: Path, parse_text: Callable[[str], ParseResult] | None = None, reuse: Reuse | None = None
) -> list[Translation]:
    """Every translation file of every language folder; problems stay on each file.
    `reuse`: as `load_content`'s (the YAML files known from an earlier run)."""
    base = content.parent
    shown = (content / FOLDER).relative_to(base).as_posix()
    loaded = []
    folders: dict[str, str] = {}  # each folder resolved once in this read, not once per file
    for language in languages(content):
        top = os.path.join(content, FOLDER, language)
        for rel in translation_files(content, language):
            path, display = f"{top}/{rel}", f"{shown}/{language}/{rel}"
            if rel.endswith(".md"):
                loaded.append(_page(language, rel, Path(path), display, base, parse_text))
                continue

            def fresh(path: str = path, display: str = display) -> LoadedFile:
                return read_file(Path(path), display, parse_text, root=base, folders=folders)

            loaded.append(Translation(language, rel, fresh() if reuse is None else reuse(path, fresh)))
    return loaded


def _page(
    language: str,
    rel: str,
    path: Path,
    display: str,
    base: Path,
    parse_text: Callable[[str], ParseResult] | None,
) -> Translation:
    try:
        text = files.decode(files.read_bytes(path, base, MAX_BYTES), display)
    except (BriefingsError, OSError):  # the YAML reader reports it, with its hint
        return Translation(language, rel, read_file(path, display, parse_text, root=base), "")
    front, body = split_front_matter(text)
    if front is None:
        file = LoadedFile(path=path, display=display, text=text, data=None)
        file.problems.append((_no_front_matter(), (0, 0)))
        return Translation(language, rel, file, body)
    # The opening `---` becomes an empty line, so positions in the front matter are the page's.
    yaml_text = "\n" + front
    data, problems = (parse_text or parse)(yaml_text)
    file = LoadedFile(path=path, display=display, text=yaml_text, data=data, problems=list(problems))
    return Translation(language, rel, file, body)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(front matter, body) of a Markdown page; (None, text) when it has none."""
    if not text.startswith("---\n"):
        return None, text
    end = text.find("\n---\n", 3)
    if end < 0 and text.endswith("\n---"):
        end = len(text) - 4
    if end < 0:
        return None, text
    return text[4 : end + 1], text[end + 5 :]


def _no_front_matter() -> Problem:
    return Problem(
        (),
        "a translated page starts with front matter naming the text it translates",
        "begin the page with `---`, a line `source_hash: '<hash>'`, and `---` "
        "(`briefings translate <language>` writes it)",
        code="no-front-matter",
    )
