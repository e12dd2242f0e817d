"""Local database: TinyDB repository over crash-safe file storage, backups, migrations."""
