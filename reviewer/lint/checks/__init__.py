"""One module per rule family; each holds `@rule` check functions (pure: Document in, Findings out)."""
