"""Publishing: writing the generated folder and building the site with an engine."""
