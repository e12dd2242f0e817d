"""Local storage: a TinyDB repository in one crash-safe JSON file, with backups.

:func:`open_database` is the entry point; it takes the folder lock, cleans
stale temp files, moves damaged files aside, migrates old schemas and returns
the repository with a report. See docs/storage.md.
"""

from g60desk.storage.database import DB_NAME, TinyDatabase, open_database, opener

__all__ = ["DB_NAME", "TinyDatabase", "open_database", "opener"]
