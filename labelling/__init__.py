"""Labelling whole form files: stream, predict, append label columns, tally."""
