"""ProperDocs: a drop-in continuation of MkDocs 1.6, for when MkDocs 1.x stops installing.

It maps the `mkdocs` module to itself while it runs, so Material and the
generator's theme overrides work unchanged; its command line is MkDocs'.
"""

from __future__ import annotations

from packaging.requirements import Requirement

from generator.publish.engines.mkdocs import MkDocs


class ProperDocs(MkDocs):
    """`properdocs build --strict -f mkdocs.yml -d DIR`: MkDocs' command line and index."""

    name = "properdocs"
    requirements = (
        Requirement("properdocs>=1.6.7,<1.7"),
        Requirement("mkdocs-material>=9.7.7,<10"),
    )
    extra = "properdocs"


PROPERDOCS = ProperDocs()
