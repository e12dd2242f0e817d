"""Harden PyInstaller's splash-screen Tcl script (PyInstaller 6.22.3, pinned).

The bootloader runs this script in its own Tcl/Tk thread before Python starts; the
program closes the splash through ``pyi_splash`` (a byte over a 127.0.0.1 socket).
What went wrong with the stock script, and what the changes here do:

- The window is titled ``G60Desk-splash-<pid>`` (ASCII; the splash has no decorations
  and no taskbar entry). The pid is the program's own (the splash thread lives in the
  program's process), so ``g60desk/splash.py`` can find and close exactly its own
  splash through the window system when the socket fails (a loopback that is down, a
  security tool refusing loopback connections, a lost message).
- The server listens on ``127.0.0.1``, the address ``pyi_splash`` connects to, instead
  of ``localhost`` (which may resolve to ``::1`` first, or not at all). If no server
  can be made, there is no splash at all instead of an empty window nobody can close.
- A read error on the socket (a reset instead of a clean end) closes the splash; in the
  stock script the error would silently drop the socket's handler and leave it open.
- On Linux a program started with arguments (a sub-command on the command line) shows
  no splash: the script reads ``/proc/self/cmdline`` before the window is mapped.
- Whatever happens, the splash closes itself after :data:`LIFETIME_MS`.

:func:`patch_script` refuses a script it does not recognise (another PyInstaller), so
the build fails loudly instead of shipping an unpatched splash.
"""

from __future__ import annotations

TITLE_PREFIX = "G60Desk-splash-"   # g60desk/splash.py looks for this title
LIFETIME_MS = 60_000

# Before anything else: the title (so the window can always be found), and no splash
# for a command line (Linux: the bootloader exec()s itself with the same arguments,
# possibly through the dynamic loader, which then comes first).
_PRELUDE = f"""\
wm title . "{TITLE_PREFIX}[pid]"
if {{![catch {{open /proc/self/cmdline r}} _f]}} {{
fconfigure $_f -translation binary
set _all [split [read $_f] "\\0"]
close $_f
set _args [lrange $_all 1 end-1]
if {{[string match "ld-*" [file tail [lindex $_all 0]]]}} {{set _args [lrange $_args 1 end]}}
if {{[llength $_args] > 0}} {{exit; return}}
}}
after {LIFETIME_MS} exit"""

_REPLACEMENTS = (
    # Listen where pyi_splash connects; without a server there is no splash.
    ("set server_socket [socket -server _ipc_server -myaddr localhost 0]",
     "if {[catch {socket -server _ipc_server -myaddr 127.0.0.1 0} server_socket]} {exit; return}"),
    # A read error ends the splash instead of dropping the handler.
    ("chan gets $channel cmd",
     "if {[catch {chan gets $channel cmd}]} {catch {chan close $channel}; exit; return}"),
)


def patch_script(script: str) -> str:
    """The splash script with the changes above; ValueError if it is not the expected one."""
    for old, new in _REPLACEMENTS:
        if script.count(old) != 1:
            raise ValueError(f"splash script not recognised (PyInstaller changed?): {old!r}")
        script = script.replace(old, new)
    return _PRELUDE + "\n" + script
