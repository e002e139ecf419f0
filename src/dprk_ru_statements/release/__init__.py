"""Tables to dist/: Parquet, documents (card, datasheet, croissant, figures, changelog), diff, load."""
