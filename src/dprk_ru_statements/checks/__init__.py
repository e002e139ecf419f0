"""Records to problems: the rules an annotation must meet, and validation of files."""
