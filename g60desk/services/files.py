"""Bundle files (``.json``, one whole declaration) as the window needs them: a port.

The real reader/writer lives in :mod:`g60desk.exchange`; ``app.py`` wires it in,
so the UI never imports exchange.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from g60desk.domain.errors import UserError
from g60desk.domain.indicator_sheet import SheetTable
from g60desk.domain.model import Declaration
from g60desk.formspec import Template


class BundleFileError(UserError):
    """A bundle that cannot be read or written; ``message`` is Chinese."""


class BundleFiles(Protocol):
    def read(self, path: Path) -> Declaration:
        """Read a bundle; raises :class:`BundleFileError`."""
        ...

    def write(self, declaration: Declaration, path: Path) -> None:
        """Write a bundle; raises :class:`BundleFileError`."""
        ...


class WorkbookFiles(Protocol):
    """Excel workbooks (.xlsx) of a declaration (:mod:`g60desk.exchange.workbook`)."""

    def write(self, declaration: Declaration, template: Template, path: Path) -> None:
        """Write the workbook; raises :class:`BundleFileError`."""
        ...

    def read(self, path: Path) -> Declaration | list[SheetTable]:
        """The declaration of the program's own workbook, or every sheet's table of any
        other workbook (for the indicator mapping dialog); :class:`BundleFileError`."""
        ...
