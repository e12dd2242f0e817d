"""The window's secondary windows, one module each: welcome, new declaration, settings,
PDF export and print, 回收站, 恢复备份, progress of a long job.

Each is a non-modal Toplevel (ttkbootstrap allows one root); none blocks the event
loop, so tests drive them like the main window. Each takes a :class:`~g60desk.ui.host.Host`
(what it may ask of the main window), not the main window itself.
"""

from g60desk.ui.dialog_base import FONT_SIZES, MODE_EXPORT, MODE_PRINT, POLL_MS, Child, watch
from g60desk.ui.windows.backup import BackupWindow
from g60desk.ui.windows.export import ExportWindow
from g60desk.ui.windows.new_declaration import NewDeclarationWindow
from g60desk.ui.windows.progress import ProgressWindow
from g60desk.ui.windows.settings import SettingsWindow
from g60desk.ui.windows.trash import TrashWindow
from g60desk.ui.windows.welcome import WelcomeWindow

__all__ = [
    "FONT_SIZES",
    "MODE_EXPORT",
    "MODE_PRINT",
    "POLL_MS",
    "BackupWindow",
    "Child",
    "ExportWindow",
    "NewDeclarationWindow",
    "ProgressWindow",
    "SettingsWindow",
    "TrashWindow",
    "WelcomeWindow",
    "watch",
]
