"""The contract: vocabularies, record models, one declaration per column and the frames derived from it."""
