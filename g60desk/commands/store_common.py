"""Shared by the import/export commands: open the user's database, print its report."""

from __future__ import annotations

import sys
from collections.abc import Callable

from g60desk import paths
from g60desk.services.ports import RepositoryError
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


def _error(exc: RepositoryError) -> int:
    print(f"错误:{exc.message}", file=sys.stderr)
    return 2


def with_store(action: Callable[[StoreService], int], *, read_only_ok: bool) -> int:
    """Open the store, run ``action`` on it and always close it.

    A storage failure anywhere becomes a Chinese message and exit code 2.
    """
    try:
        service = open_store(read_only_ok=read_only_ok)
    except RepositoryError as exc:
        return _error(exc)
    try:
        return action(service)
    except RepositoryError as exc:
        return _error(exc)
    finally:
        try:
            service.close()
        except RepositoryError as exc:
            _error(exc)
