"""设置: the declaration, the signatures, the font and the data folder."""

from __future__ import annotations

import tkinter
import tkinter.font
from pathlib import Path
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from g60desk.domain.model import SIGNATURE_KEYS, Signatures
from g60desk.services import system
from g60desk.services.session import SessionError
from g60desk.ui.dialog_base import FONT_SIZES, _Toplevel
from g60desk.ui.fonts import cjk_families

if TYPE_CHECKING:
    from g60desk.ui.host import Host


class SettingsWindow(_Toplevel):
    """单位信息, 签字栏, 字体, 模板, data folder — for the open declaration and the program."""

    def __init__(self, win: Host, focus: str = "") -> None:
        super().__init__(win, "设置", size=(640, 470))
        s = win.session
        d = s.declaration
        assert d is not None
        tpl = s.template
        self.notebook = ttk.Notebook(self.body)
        self.notebook.pack(fill="both", expand=True)

        unit = ttk.Frame(self.notebook, padding=12)
        unit.columnconfigure(1, weight=1)
        self.department = tkinter.StringVar(master=self.top, value=d.department)
        self.year = tkinter.StringVar(master=self.top, value=str(d.year))
        ttk.Label(unit, text="主管部门").grid(row=0, column=0, sticky="w", pady=4)
        self.department_entry = ttk.Entry(unit, textvariable=self.department)
        self.department_entry.grid(row=0, column=1, sticky="ew", pady=4)
        ttk.Label(unit, text="年度").grid(row=1, column=0, sticky="w", pady=4)
        ttk.Spinbox(unit, from_=2000, to=2100, textvariable=self.year, width=8).grid(
            row=1, column=1, sticky="w", pady=4)
        ttk.Label(unit, text="申报单位\n(每行一个)", justify="left").grid(row=2, column=0,
                                                                     sticky="nw", pady=4)
        self.units = ttk.Text(unit, height=6, width=40, wrap="none", font="TkTextFont")
        self.units.grid(row=2, column=1, sticky="nsew", pady=4)
        self.units.insert("1.0", "\n".join(d.units))
        unit.rowconfigure(2, weight=1)
        ttk.Label(unit, bootstyle="secondary", wraplength=520, justify="left",
                  text="主管部门出现在申报表标题中;申报单位用于统计“本部门N个预算单位”。").grid(
            row=3, column=0, columnspan=2, sticky="w")
        self.notebook.add(unit, text="单位信息")

        sig = ttk.Frame(self.notebook, padding=12)
        sig.columnconfigure(1, weight=1)
        self.signatures: dict[str, tkinter.StringVar] = {}
        for r, key in enumerate(SIGNATURE_KEYS):
            ttk.Label(sig, text=tpl.signature_labels.get(key, key)).grid(row=r, column=0,
                                                                          sticky="w", pady=4,
                                                                          padx=(0, 8))
            var = tkinter.StringVar(master=self.top, value=getattr(d.signatures, key))
            ttk.Entry(sig, textvariable=var).grid(row=r, column=1, sticky="ew", pady=4)
            self.signatures[key] = var
        ttk.Label(sig, bootstyle="secondary", wraplength=520, justify="left",
                  text="签字栏印在申报表末尾,留空的项目打印为空白横线,便于手写。").grid(
            row=len(SIGNATURE_KEYS), column=0, columnspan=2, sticky="w", pady=(8, 0))
        self.notebook.add(sig, text="签字栏")

        font = ttk.Frame(self.notebook, padding=12)
        font.columnconfigure(1, weight=1)
        families = cjk_families(tkinter.font.families(self.top))
        self.font_family = tkinter.StringVar(master=self.top, value=win.font_family)
        self.font_size = tkinter.StringVar(master=self.top, value=str(
            win.prefs.font_size or tkinter.font.nametofont("TkDefaultFont").actual("size")))
        ttk.Label(font, text="界面字体").grid(row=0, column=0, sticky="w", pady=4, padx=(0, 8))
        ttk.Combobox(font, textvariable=self.font_family, values=families, state="readonly").grid(
            row=0, column=1, sticky="ew", pady=4)
        ttk.Label(font, text="字号").grid(row=1, column=0, sticky="w", pady=4)
        ttk.Spinbox(font, from_=FONT_SIZES[0], to=FONT_SIZES[1], textvariable=self.font_size,
                    width=6).grid(
            row=1, column=1, sticky="w", pady=4)
        ttk.Label(font, bootstyle="secondary", wraplength=520, justify="left",
                  text="只影响本程序的界面;PDF 使用打印专用字体(宋体/仿宋类)。").grid(
            row=2, column=0, columnspan=2, sticky="w", pady=(8, 0))
        self.notebook.add(font, text="字体")

        tframe = ttk.Frame(self.notebook, padding=12)
        tframe.columnconfigure(1, weight=1)
        self.template_ids = sorted(s.templates)
        self.template = tkinter.StringVar(master=self.top, value=s.templates[
            d.template].name if d.template in s.templates else "")
        ttk.Label(tframe, text="申报表模板").grid(row=0, column=0, sticky="w", pady=4, padx=(0, 8))
        ttk.Combobox(tframe, textvariable=self.template, state="readonly",
                     values=[s.templates[t].name for t in self.template_ids]).grid(
            row=0, column=1, sticky="ew", pady=4)
        ttk.Label(tframe, bootstyle="secondary", wraplength=520, justify="left",
                  text="模板决定表格的栏目、一级/二级指标和打印样式。更换模板后请检查“项目类别/项目性质”"
                       "和指标,检查结果会列出不符合新模板的地方。").grid(
            row=1, column=0, columnspan=2, sticky="w", pady=(8, 0))
        self.notebook.add(tframe, text="模板")

        data = ttk.Frame(self.notebook, padding=12)
        data.columnconfigure(0, weight=1)
        ttk.Label(data, text="数据文件夹(数据库、备份、回收站、日志都在这里):").grid(
            row=0, column=0, sticky="w")
        folder = ttk.Entry(data)
        folder.insert(0, str(win.services.data_dir))
        folder.configure(state="readonly")
        folder.grid(row=1, column=0, sticky="ew", pady=4)
        ttk.Button(data, text="打开文件夹", bootstyle="secondary-outline",
                   command=lambda: self._open_folder(win.services.data_dir)).grid(
            row=1, column=1, padx=(6, 0))
        ttk.Label(data, text=win.services.storage_note, bootstyle="secondary", wraplength=520,
                  justify="left").grid(row=2, column=0, columnspan=2, sticky="w", pady=(6, 0))
        ttk.Label(data, text=f"日志文件:{win.services.log_path}", bootstyle="secondary",
                  wraplength=520, justify="left").grid(row=3, column=0, columnspan=2, sticky="w",
                                                       pady=(6, 0))
        ttk.Label(data, text="可以设置环境变量 G60DESK_HOME 指定其他数据文件夹。",
                  bootstyle="secondary", wraplength=520, justify="left").grid(
            row=4, column=0, columnspan=2, sticky="w", pady=(6, 0))
        self.notebook.add(data, text="数据")

        self.message = ttk.Label(self.body, text="", bootstyle="danger", wraplength=560)
        self.message.pack(fill="x", pady=(6, 0))
        bar = self.bar
        ttk.Button(bar, text="取消", bootstyle="secondary", command=self.close).pack(side="right")
        self.save_button = ttk.Button(bar, text="保存", bootstyle="primary", command=self.apply)
        self.save_button.pack(side="right", padx=(0, 6))
        # Enter saves, except in the multi-line 申报单位 box where it starts a new line.
        for seq in ("<Return>", "<KP_Enter>"):
            self.top.bind(seq, self._enter)
        tabs = {"department": 0, "units": 0, "signatures": 1, "template": 3, "projects": 0}
        self.notebook.select(tabs.get(focus, 0))
        self.place()
        if focus in ("department", ""):
            self.department_entry.focus_set()

    def _enter(self, event: tkinter.Event) -> str | None:
        if isinstance(event.widget, tkinter.Text | ttk.Button):
            return None  # a new line in the box; a focused button presses itself
        self.apply()
        return "break"

    def _open_folder(self, path: Path) -> None:
        try:
            system.open_folder(path)
        except system.OsActionError as exc:
            self.message.configure(text=exc.message)

    def apply(self) -> bool:
        win = self.win
        s = win.session
        try:
            year = int(self.year.get().strip())
        except ValueError:
            self.message.configure(text="年度请填写四位数字。")
            return False
        units = [u for u in self.units.get("1.0", "end").splitlines() if u.strip()]
        signatures = Signatures(**{k: v.get().strip() for k, v in self.signatures.items()})
        template = next((t for t in self.template_ids if s.templates[t].name == self.template.get()),
                        None)
        undo_before = s.rename_undo
        try:
            s.update_declaration(department=self.department.get(), units=units,
                                 signatures=signatures, template=template, year=year)
        except SessionError as exc:
            self.message.configure(text=exc.message)
            return False
        renamed = s.rename_undo if s.rename_undo is not undo_before else None
        try:  # the sizes every dialog is tested at (tests/gui/test_dialog_fit.py)
            size = max(FONT_SIZES[0], min(FONT_SIZES[1], int(self.font_size.get())))
        except ValueError:
            size = 0
        if self.font_family.get() and (self.font_family.get() != win.font_family
                                       or size != win.prefs.font_size):
            win.set_ui_font(self.font_family.get(), size)
        win.apply_declaration_settings()
        if renamed is not None:
            win.status(f"已把 {renamed.projects} 个项目的单位名称一并改为新名称。"
                       "如需恢复,请用“编辑 > 撤销单位改名”。")
        self.close()
        return True
