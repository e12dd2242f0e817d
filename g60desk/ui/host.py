"""What a secondary window may ask of the main window: the :class:`Host` protocol.

The windows (``g60desk.ui.windows``, the help, print preview, indicator import and
findings overview windows, the Excel and roll-up actions) take a ``Host``, not the main
window: this is the whole of what they use, so a test can hand them a small fake, and
the main window's other attributes stay its own. :class:`~g60desk.ui.main_window.MainWindow`
satisfies it (mypy checks that wherever a window is opened).
"""

from __future__ import annotations

import tkinter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from g60desk.rules.findings import Finding
    from g60desk.services.preferences import Preferences
    from g60desk.services.session import EditingSession
    from g60desk.services.window_actions import WindowActions
    from g60desk.ui.dialog_base import Child
    from g60desk.ui.dialogs import Dialogs
    from g60desk.ui.editor import ProjectEditor
    from g60desk.ui.main_window import Services


class Host(Protocol):
    """The main window as its secondary windows see it."""

    root: tkinter.Tk
    services: Services
    session: EditingSession
    actions: WindowActions
    dialogs: Dialogs
    prefs: Preferences
    editor: ProjectEditor | None
    font_family: str
    decl_findings: dict[str, list[Finding]]

    def status(self, message: str, style: str = "default") -> None: ...

    def track(self, child: Child) -> None: ...

    def save_before_switch(self) -> bool: ...

    def save_now(self, quiet: bool = False) -> bool: ...

    def show_current(self) -> None: ...

    def jump_to(self, finding: Finding) -> None: ...

    def open_sample(self) -> bool: ...

    def new_declaration(self) -> Any: ...

    def create_declaration(self, year: int, department: str, unit: str, template_id: str) -> bool: ...

    def import_bundle(self) -> None: ...

    def apply_declaration_settings(self) -> None: ...

    def set_ui_font(self, family: str, size: int) -> None: ...

    def restore_backup(self, name: str) -> bool: ...

    def show_print_preview(self, path: Path) -> Any: ...
