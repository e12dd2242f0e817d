"""First start with an empty database: create a declaration or open the sample."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from g60desk.ui.dialog_base import _Toplevel

if TYPE_CHECKING:
    from g60desk.ui.host import Host


class WelcomeWindow(_Toplevel):
    """First start with an empty database: create a declaration or open the sample."""

    def __init__(self, win: Host, on_close: Callable[[], None] | None = None) -> None:
        super().__init__(win, "欢迎使用 G60Desk", resizable=False)
        self.on_close = on_close
        ttk.Label(self.body, text="欢迎使用 G60Desk", font="TkHeadingFont").pack(anchor="w")
        ttk.Label(self.body, justify="left", wraplength=460,
                  text="本程序帮助您填写、检查和打印《财政项目支出绩效目标申报表》。"
                       "数据只保存在本机,不需要联网。\n\n请选择:").pack(anchor="w", pady=(6, 10))
        self.new_button = ttk.Button(self.body, text="新建申报(填写年度、主管部门、单位)",
                                     bootstyle="primary", command=self._new)
        self.new_button.pack(fill="x", pady=3)
        self.sample_button = ttk.Button(self.body, text="打开示例申报(松江 G60 创新研究中心 2022 年,4 个项目)",
                                        bootstyle="info-outline", command=self._sample)
        self.sample_button.pack(fill="x", pady=3)
        self.import_button = ttk.Button(self.body, text="导入已有的数据包…",
                                        bootstyle="secondary-outline", command=self._import)
        self.import_button.pack(fill="x", pady=3)
        self.place()
        self.new_button.focus_set()

    def close(self) -> None:
        was_open = self.alive()
        super().close()
        if was_open and self.on_close is not None:
            self.on_close()

    def _new(self) -> None:
        self.close()
        self.win.new_declaration()

    def _sample(self) -> None:
        self.close()
        self.win.open_sample()

    def _import(self) -> None:
        self.close()
        self.win.import_bundle()
