"""Language: what words, numbers, acronyms and readability mean; the data rules share."""
