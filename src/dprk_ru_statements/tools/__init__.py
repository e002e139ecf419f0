"""Contributor tools over the stages below: add-article, fmt, suggest, review. No click here."""
