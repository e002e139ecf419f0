"""Records to Arrow tables: rows, splits, the per-article check in workers, the build cache."""
