"""Plumbing every stage shares: where things live, problems as values, files written whole, checksums."""
