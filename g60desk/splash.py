"""The frozen program's start-up splash (PyInstaller's ``pyi_splash``).

The bootloader shows the picture before Python starts, so a double-click answers at
once on a slow PC. The window closes it once it is on screen; a sub-command on the
command line closes it first thing. Outside a frozen build there is none.
"""

from __future__ import annotations

import contextlib
import os
import sys


def close_splash() -> None:
    """Close the splash if this program has one still open; never fails."""
    # The bootloader names its splash socket in the environment; without it there is no
    # splash (g60desk-cli.exe, a one-file build), and importing pyi_splash would complain.
    if not getattr(sys, "frozen", False) or "_PYI_SPLASH_IPC" not in os.environ:
        return
    try:
        # A plain import statement: PyInstaller's analysis sees it and bundles the module.
        import pyi_splash  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return
    with contextlib.suppress(Exception):
        if pyi_splash.is_alive():
            pyi_splash.close()
