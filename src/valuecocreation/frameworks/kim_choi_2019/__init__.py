"""Kim & Choi (2019): the framework, its default condition map, instrument and scorers."""
