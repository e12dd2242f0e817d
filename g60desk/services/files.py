"""Bundle files (``.json``, one whole declaration) as the window needs them: a port.

The real reader/writer lives in :mod:`g60desk.exchange`; ``app.py`` wires it in,
so the UI never imports exchange.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from g60desk.domain.model import Declaration


class BundleFileError(Exception):
    """A bundle that cannot be read or written; ``message`` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BundleFiles(Protocol):
    def read(self, path: Path) -> Declaration:
        """Read a bundle; raises :class:`BundleFileError`."""
        ...

    def write(self, declaration: Declaration, path: Path) -> None:
        """Write a bundle; raises :class:`BundleFileError`."""
        ...
