"""Command line: ``python main.py [command] ...``; no command opens the window.

Exit codes: 0 success, 1 the declaration has errors, 2 unreadable input or
bad usage. Messages are Chinese; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Sequence

from g60desk import __version__

# Modules in g60desk/commands/ that provide sub-commands, in help order.
COMMAND_MODULES = ("check", "pdf", "import_bundle", "export_bundle", "selfcheck", "templates")


class _Parser(argparse.ArgumentParser):
    """argparse with exit code 2 and a Chinese prefix on usage errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"命令行参数错误:{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="g60desk", description="G60Desk 财政项目支出绩效目标申报工具")
    parser.add_argument("--version", action="version", version=f"G60Desk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"g60desk.commands.{name}").register(sub)
    return parser


def _configure_streams() -> None:
    # Chinese output must not crash on a console in a legacy code page (GBK, C locale).
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _configure_streams()
    if not (sys.argv[1:] if argv is None else argv):
        # The window: start it without importing every sub-command first.
        return _start_gui()
    args = build_parser().parse_args(argv)
    if args.command is None:
        return _start_gui()
    code: int = args.func(args)
    return code


def _start_gui() -> int:
    try:
        app = importlib.import_module("g60desk.app")
    except ImportError:
        print("图形界面尚未安装;请使用命令行子命令,例如:python main.py check 文件.json",
              file=sys.stderr)
        return 2
    code: int = app.run()
    return code
