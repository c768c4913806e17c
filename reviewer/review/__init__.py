"""Review tracking: review dates read and written, rows from git history, owners, the report."""
