"""Checking content: the schema and the rules across files."""
