"""MkDocs 1.6 with Material: the reference engine, and the one the live preview runs in process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from packaging.requirements import Requirement

from generator.publish.engines.base import Engine, overlay_config, run


class MkDocs(Engine):
    """`mkdocs build --strict -f mkdocs.yml -d DIR`, with lunr search through Material."""

    name = "mkdocs"
    requirements = (
        # 1.6.1 is the last 1.x; the preview's page builder (publish/pagebuild.py) follows its build().
        Requirement("mkdocs>=1.6.1,<1.7"),
        # The generator's theme overrides (generator/theme/) are Material 9 partials.
        Requirement("mkdocs-material>=9.7.7,<10"),
    )
    search_index = "search/search_index.json"
    index_key = "docs"  # lunr's index, written by Material's search plugin

    def build(
        self,
        cmd: list[str],
        root: Path,
        config_file: Path,
        config: dict[str, Any],
        out: Path,
        overrides: dict[str, Any],
    ) -> None:
        used = overlay_config(root, config_file, overrides) if overrides else config_file
        # Not --quiet: MkDocs then drops warnings before --strict can count them.
        run([*cmd, "build", "--strict", "-f", str(used), "-d", str(out)], root, self.name)


MKDOCS = MkDocs()
