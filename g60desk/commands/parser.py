"""The command line's argument parser class (imported only for a sub-command)."""

from __future__ import annotations

import argparse
import sys


class Parser(argparse.ArgumentParser):
    """argparse with exit code 2 and a Chinese prefix on usage errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"命令行参数错误:{message}\n")
