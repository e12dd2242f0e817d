"""G60Desk entry point: the window by default, sub-commands for the command line."""

import gc
import sys

# The window's start makes some 30,000 objects and frees few of them, and Python's
# cyclic garbage collector went over them about 70 times before the first paint (25-30
# ms). It is off until then (g60desk.app.run turns it on at the first paint); a
# sub-command keeps it on.
if not sys.argv[1:]:
    gc.disable()

# Before anything else is imported: dataclass methods and regular expressions come
# compiled from a cache (g60desk/start_cache.py), a fifth of the window's start. Only
# the window's start adds to it; a sub-command reads it.
from g60desk import start_cache

start_cache.install(writable=False if sys.argv[1:] else None)

# Then, on the main thread: the frozen program's splash (already on screen) connects to
# the bootloader (g60desk/splash.py), and a sub-command closes it before anything else.
from g60desk import splash  # noqa: E402

splash.connect()
if sys.argv[1:]:
    splash.close_splash()

from g60desk.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
