"""Errors never vanish: a failing Tk callback is logged to a file and shown in Chinese.

Tk swallows exceptions raised in callbacks (it prints them to a console staff
never see). The reporter writes the traceback to ``g60desk.log`` in the data
folder and tells the user, once per burst, that their data is safe.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from g60desk.logs import LOG_NAME, logger, setup_logging

__all__ = ["LOG_NAME", "ErrorReporter", "logger", "setup_logging"]


class ErrorReporter:
    """Installed as ``root.report_callback_exception``."""

    # Several failures within this many seconds produce one message, not a storm of them.
    QUIET_SECONDS = 5.0

    def __init__(self, log_path: Path, show: Callable[[str], None]) -> None:
        self.log_path = log_path
        self.show = show
        self.caught: list[BaseException] = []
        self._last_shown = -1e9

    def __call__(self, exc_type: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        self.caught.append(exc)
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        logger.error("界面回调出错:\n%s", text)
        now = time.monotonic()
        if now - self._last_shown < self.QUIET_SECONDS:
            return
        self._last_shown = now
        self.show(f"程序内部出现了一个错误({exc_type.__name__})。\n\n"
                  "已录入的数据不受影响,可以继续工作;建议先按 Ctrl+S 保存。"
                  f"\n\n详细信息已记录到日志文件:\n{self.log_path}\n如问题反复出现,请把该文件发给技术支持。")
