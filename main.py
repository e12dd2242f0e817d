"""G60Desk entry point: the window by default, sub-commands for the command line."""

import sys

from g60desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
