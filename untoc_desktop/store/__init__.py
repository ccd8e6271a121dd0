"""The store: the workspace file, its schema and connection, and the repositories that own every SQL
statement. Nothing above this package writes SQL or names a table."""
