"""Bundle files (``.json``, one whole declaration) as the window needs them: a port.

The real reader/writer lives in :mod:`g60desk.exchange`; ``app.py`` wires it in,
so the UI never imports exchange.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from g60desk.domain.errors import UserError
from g60desk.domain.model import Declaration
from g60desk.formspec import Template

if TYPE_CHECKING:
    from g60desk.domain.indicator_sheet import SheetTable


class BundleFileError(UserError):
    """A bundle that cannot be read or written; ``message`` is Chinese."""


class BundleFiles(Protocol):
    def read(self, path: Path) -> Declaration:
        """Read a bundle; raises :class:`BundleFileError`."""
        ...

    def write(self, declaration: Declaration, path: Path) -> None:
        """Write a bundle; raises :class:`BundleFileError`."""
        ...


# ``step(done, total)``: progress between projects, sheets or rows; a background job's
# step raises :class:`~g60desk.domain.errors.Cancelled` once the user cancels.
Step = Callable[[int, int], None]


class WorkbookFiles(Protocol):
    """Excel workbooks (.xlsx) of a declaration (:mod:`g60desk.exchange.workbook`)."""

    def write(self, declaration: Declaration, template: Template, path: Path,
              step: Step | None = None) -> None:
        """Write the workbook (all-or-nothing, so a stopped write leaves no file);
        raises :class:`BundleFileError`."""
        ...

    def read(self, path: Path, step: Step | None = None) -> Declaration | list[SheetTable]:
        """The declaration of the program's own workbook, or every sheet's table of any
        other workbook (for the indicator mapping dialog); :class:`BundleFileError`."""
        ...
