"""G60Desk entry point: the window by default, sub-commands for the command line."""

import gc
import sys

# No arguments: the window. Each step below differs for a sub-command.
WINDOW = not sys.argv[1:]

# The window's start makes some 30,000 objects and frees few of them, and Python's
# cyclic garbage collector went over them about 70 times before the first paint (25-30
# ms). It is off until then (g60desk.app.run turns it on at the first paint); a
# sub-command keeps it on.
if WINDOW:
    gc.disable()

# Before anything else is imported: dataclass methods and regular expressions come
# compiled from a cache (g60desk/start_cache.py), a fifth of the window's start. Only
# the window's start adds to it; a sub-command reads it.
from g60desk import start_cache  # noqa: E402

start_cache.install(writable=None if WINDOW else False)

# Then, on the main thread: the frozen program's splash (already on screen) connects to
# the bootloader (g60desk/splash.py), and a sub-command closes it before anything else.
from g60desk import splash  # noqa: E402

splash.connect()
if not WINDOW:
    splash.close_splash()

from g60desk.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
