"""Writes of the media tracker, one module per use case: terms, mentions, placements, ingest."""
