"""Framework packages: a framework with its condition map, instrument and scorers."""
