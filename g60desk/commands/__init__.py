"""Command-line sub-commands; each module has ``register(subparsers)``.

Each command sets ``func(args) -> int`` (the exit code) on its parser.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def output_file(text: str) -> Path:
    """argparse ``type`` for ``-o``: an empty name is a usage error (exit 2), not ``.``."""
    if not text.strip():
        raise argparse.ArgumentTypeError("没有给出输出文件名")
    return Path(text)
