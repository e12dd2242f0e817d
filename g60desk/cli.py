"""Command line: ``python main.py [command] ...``; no command opens the window.

Exit codes (kept stable for scripts, see README):

- 0: success;
- 1: ``check``/``pdf --final``: the declaration has errors (findings);
- 2: unreadable or refused input, bad usage, a file that cannot be written
  (every :class:`~g60desk.domain.errors.UserError`);
- 3: internal error (a bug): the traceback goes to the log file, the terminal
  gets one Chinese line with the log's path.

Messages are Chinese; no traceback reaches the terminal.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from g60desk import __version__
from g60desk.domain.errors import UserError
from g60desk.domain.text import escape_controls
from g60desk.splash import close_splash

if TYPE_CHECKING:
    import argparse

# Modules in g60desk/commands/ that provide sub-commands, in help order.
COMMAND_MODULES = ("check", "pdf", "import_bundle", "export_bundle", "selfcheck", "templates",
                   "cycle", "xlsx", "rollup")


def build_parser() -> argparse.ArgumentParser:
    from g60desk.commands.parser import Parser as _Parser  # argparse: not for the window

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
        return guarded(_start_gui, "窗口")
    args = build_parser().parse_args(argv)
    if args.command is None:
        return guarded(_start_gui, "窗口")
    return run_command(args)


EXIT_OK, EXIT_FINDINGS, EXIT_REFUSED, EXIT_INTERNAL = 0, 1, 2, 3


def run_command(args: argparse.Namespace) -> int:
    """Run a sub-command; a :class:`UserError` is exit 2, anything else exit 3."""
    return guarded(lambda: args.func(args), f"命令 {args.command}")


def guarded(action: Callable[[], int], what: str) -> int:
    """Run ``action``: its exit code, 2 for a :class:`UserError`, 3 for a bug (logged)."""
    try:
        return action()
    except UserError as exc:
        print(f"错误:{escape_controls(exc.message)}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``… | head``): not a bug. Point stdout at nothing so the
        # interpreter's own flush at exit cannot fail again.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # the one place a bug is caught: log it, never a traceback
        return _internal_error(what, exc)


def _internal_error(what: str, exc: Exception) -> int:
    from g60desk import paths
    from g60desk.logs import log_crash

    close_splash()
    try:
        folders = [paths.data_dir()]
    except Exception:  # a broken environment must not hide the original error
        folders = []
    log = log_crash(folders, f"{what}出错", exc)
    where = f"详细信息已记录到日志文件:{log}" if log else "日志文件也无法写入"
    print(f"G60Desk 程序内部错误({type(exc).__name__})。{where}。"
          "请把该文件发给技术支持。", file=sys.stderr)
    return EXIT_INTERNAL


NO_TK = ("无法打开窗口:这个 Python 没有 Tk 图形库,请安装 python3-tk 软件包"
         "(如 sudo apt install python3-tk)后再启动。"
         " / Cannot open the window: this Python has no Tk; install the python3-tk package"
         " (e.g. sudo apt install python3-tk) and start again.")


def _start_gui() -> int:
    try:
        importlib.import_module("tkinter")   # Linux Pythons may come without Tk (python3-tk)
    except ImportError:
        print(NO_TK, file=sys.stderr)
        return EXIT_REFUSED
    try:
        app = importlib.import_module("g60desk.app")
    except ImportError:
        print("图形界面尚未安装;请使用命令行子命令,例如:python main.py check 文件.json",
              file=sys.stderr)
        return 2
    code: int = app.run()
    return code
