"""Files to records: YAML with line numbers, raw texts, the corpus of articles and annotations."""
