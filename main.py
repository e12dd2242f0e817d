"""G60Desk entry point: the window by default, sub-commands for the command line."""

import sys

# First, on the main thread: the frozen program's splash connects to the bootloader now
# (g60desk/splash.py), and a sub-command closes it before anything else.
from g60desk import splash

splash.connect()
if sys.argv[1:]:
    splash.close_splash()

# Before any dataclass is defined: their generated methods come compiled from a cache
# (g60desk/start_cache.py), a sixth of the window's start on Python 3.11.
from g60desk import start_cache  # noqa: E402

start_cache.install()

from g60desk.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
