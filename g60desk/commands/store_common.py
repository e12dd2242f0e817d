"""Shared by the import/export commands: open the user's database, print its report."""

from __future__ import annotations

import sys

from g60desk import paths
from g60desk.services.store import StoreService
from g60desk.storage import opener


def open_store(*, read_only_ok: bool) -> StoreService:
    """The service over the user's data folder; RepositoryError if it cannot be used.

    Commands that write pass ``read_only_ok=False``: with the window open on the
    same folder they stop with a message instead of writing beside it.
    """
    service = StoreService(opener(paths.data_dir(), allow_read_only=read_only_ok))
    report = service.open()
    for line in report.messages():
        print(f"注意:{line}", file=sys.stderr)
    return service
