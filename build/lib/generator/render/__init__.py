"""Rendering the site model into pages and data files."""
