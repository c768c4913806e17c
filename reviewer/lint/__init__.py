"""The linter: rules and their checks, the engine that runs them, findings, fixes, caches, output."""
