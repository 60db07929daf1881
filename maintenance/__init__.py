"""Keeping a henno installation: back up and restore its models, database and state."""
