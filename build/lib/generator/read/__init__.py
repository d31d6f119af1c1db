"""Reading content files: safe YAML, with the way back to line and column."""
