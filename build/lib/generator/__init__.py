"""Briefing-site generator: YAML briefs -> validated model -> Markdown -> static site."""

__version__ = "0.1.0"
