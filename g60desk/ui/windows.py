"""The window's secondary windows: welcome, new declaration, settings, PDF export, 回收站,
恢复备份.

Each is a non-modal Toplevel (ttkbootstrap allows one root); none blocks the
event loop, so tests drive them like the main window.
"""

from __future__ import annotations

import tkinter
import tkinter.font
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

import ttkbootstrap as ttk

from g60desk.domain.model import SIGNATURE_KEYS, Signatures
from g60desk.services import system
from g60desk.services.backups import BackupRestore
from g60desk.services.export import BackgroundJob, ExportJob, JobState, default_filename
from g60desk.services.ports import RepositoryError
from g60desk.services.session import SessionError
from g60desk.services.trash import KIND_PROJECT
from g60desk.ui.dialogs import PDF_TYPES
from g60desk.ui.fit import place_dialog
from g60desk.ui.fonts import cjk_families

if TYPE_CHECKING:
    from g60desk.ui.main_window import MainWindow

MODE_EXPORT = "export"
MODE_PRINT = "print"
POLL_MS = 80
FONT_SIZES = (9, 16)  # 字号 in 设置: every dialog lays out at these on 1024×768


class Child(Protocol):
    def alive(self) -> bool: ...

    def close(self) -> None: ...


class _Toplevel:
    """Shared plumbing: a transient Toplevel that closes on Escape.

    The button bar (``self.bar``) is packed first, at the bottom, so a large font or a
    small screen squeezes the body, never the buttons; :meth:`place` sizes the window
    to its content within the screen.
    """

    def __init__(self, win: MainWindow, title: str, size: tuple[int, int] | None = None,
                 resizable: bool = True) -> None:
        self.win = win
        self.size = size
        self.top = ttk.Toplevel(title=title, transient=win.root, size=size,
                                resizable=(resizable, resizable))
        self.top.protocol("WM_DELETE_WINDOW", self.close)
        self.top.bind("<Escape>", lambda e: self.close())
        self.bar = ttk.Frame(self.top, padding=(14, 0, 14, 12))
        self.bar.pack(side="bottom", fill="x")
        self.body = ttk.Frame(self.top, padding=14)
        self.body.pack(fill="both", expand=True)

    def place(self) -> None:
        """Size to the content (within the screen) and centre over the main window."""
        place_dialog(self.top, self.win.root, self.bar, self.size)

    def alive(self) -> bool:
        try:
            return bool(self.top.winfo_exists())
        except tkinter.TclError:
            return False

    def close(self) -> None:
        if self.alive():
            self.top.destroy()


def watch(top: tkinter.Misc, job: BackgroundJob, on_progress: Callable[[JobState], None],
          on_finish: Callable[[JobState], None]) -> None:
    """Poll a background job on ``top``'s timer until it ends (or ``top`` is gone):
    ``on_progress`` at each tick, ``on_finish`` once. Every long job the window runs
    (PDF, workbook, import, roll-up) is followed this way."""
    def poll() -> None:
        try:
            if not top.winfo_exists():
                return
        except tkinter.TclError:
            return
        st = job.state
        on_progress(st)
        if st.finished:
            on_finish(st)
        else:
            top.after(POLL_MS, poll)

    top.after(POLL_MS, poll)


class ProgressWindow(_Toplevel):
    """A long import, export or roll-up: its progress and 取消. The job starts at once;
    when it ends (done, failed or cancelled) the window closes and ``on_done(state)`` runs."""

    def __init__(self, win: MainWindow, title: str, text: str, job: BackgroundJob,
                 on_done: Callable[[JobState], None]) -> None:
        super().__init__(win, title, size=(460, 150), resizable=False)
        self.job = job
        self.text = text
        self.on_done = on_done
        b = self.body
        b.columnconfigure(0, weight=1)
        self.label = ttk.Label(b, text=f"{text}…")
        self.label.grid(row=0, column=0, sticky="w")
        self.progress = ttk.Progressbar(b, mode="determinate", maximum=1.0)
        self.progress.grid(row=1, column=0, sticky="ew", pady=(8, 0))
        bar = ttk.Frame(b)
        bar.grid(row=2, column=0, sticky="ew", pady=(10, 0))
        self.cancel_button = ttk.Button(bar, text="取消", bootstyle="danger-outline",
                                        command=self.cancel)
        self.cancel_button.pack(side="right")
        self.place()
        job.start()
        watch(self.top, job, self._show, self._finish)

    def _show(self, st: JobState) -> None:
        self.progress.configure(value=st.fraction)
        if st.total and not self.job.cancelled():
            self.label.configure(text=f"{self.text}… {st.done} / {st.total}")

    def _finish(self, st: JobState) -> None:
        super().close()
        self.on_done(st)

    def cancel(self) -> None:
        self.job.cancel()
        self.cancel_button.configure(state="disabled")
        self.label.configure(text="正在取消…")

    def running(self) -> bool:
        return not self.job.state.finished

    def close(self) -> None:
        """Escape or the window's close box: the same as 取消."""
        if self.running():
            self.cancel()
            return
        super().close()


# ================================================================= welcome

class WelcomeWindow(_Toplevel):
    """First start with an empty database: create a declaration or open the sample."""

    def __init__(self, win: MainWindow, on_close: Callable[[], None] | None = None) -> None:
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


# ================================================================= new declaration

class NewDeclarationWindow(_Toplevel):
    def __init__(self, win: MainWindow) -> None:
        super().__init__(win, "新建申报", resizable=False)
        s = win.session
        b = self.body
        b.columnconfigure(1, weight=1)
        current = s.declaration
        self.year = tkinter.StringVar(master=self.top, value=str(
            current.year if current else date.today().year + 1))
        self.department = tkinter.StringVar(master=self.top,
                                            value=current.department if current else "")
        self.unit = tkinter.StringVar(master=self.top, value="")
        # The default template first, then the others newest id first.
        self.templates = sorted(s.templates.values(),
                                key=lambda t: (t.id != s.default_template, [-ord(c) for c in t.id]))
        self.template = tkinter.StringVar(master=self.top, value=self.templates[0].name)
        rows = (("年度", ttk.Spinbox(b, from_=2000, to=2100, textvariable=self.year, width=8)),
                ("主管部门", ttk.Entry(b, textvariable=self.department, width=44)),
                ("预算单位(实施单位)", ttk.Entry(b, textvariable=self.unit, width=44)),
                ("模板", ttk.Combobox(b, textvariable=self.template, state="readonly", width=42,
                                      values=[t.name for t in self.templates])))
        self.widgets = {}
        for r, (label, w) in enumerate(rows):
            ttk.Label(b, text=label).grid(row=r, column=0, sticky="w", padx=(0, 8), pady=4)
            w.grid(row=r, column=1, sticky="w" if r == 0 else "ew", pady=4)
            self.widgets[label] = w
        self.message = ttk.Label(b, text="", bootstyle="danger", wraplength=420)
        self.message.grid(row=4, column=0, columnspan=2, sticky="w")
        bar = self.bar
        ttk.Button(bar, text="取消", bootstyle="secondary", command=self.close).pack(side="right")
        self.create_button = ttk.Button(bar, text="创建", bootstyle="primary", command=self.create)
        self.create_button.pack(side="right", padx=(0, 6))
        self.top.bind("<Return>", lambda e: self.create())
        self.place()
        rows[1][1].focus_set()

    def create(self) -> bool:
        try:
            year = int(self.year.get().strip())
        except ValueError:
            self.message.configure(text="年度请填写四位数字,如 2026。")
            return False
        if not self.department.get().strip():
            self.message.configure(text="请填写主管部门,它会出现在申报表的标题中。")
            return False
        if not self.unit.get().strip():
            self.message.configure(text="请填写预算单位(本单位的名称),新项目的实施单位和所属单位用它;"
                                        "若与主管部门相同,请再填一次。")
            return False
        template = next(t for t in self.templates if t.name == self.template.get())
        if self.win.create_declaration(year, self.department.get(), self.unit.get(), template.id):
            self.close()
            return True
        return False


# ================================================================= settings

class SettingsWindow(_Toplevel):
    """单位信息, 签字栏, 字体, 模板, data folder — for the open declaration and the program."""

    def __init__(self, win: MainWindow, focus: str = "") -> None:
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


# ================================================================= export

class ExportWindow(_Toplevel):
    """导出PDF (or 打印): what to include, where, progress with cancel, then open/print."""

    def __init__(self, win: MainWindow, mode: str = MODE_EXPORT) -> None:
        title = "打印申报表" if mode == MODE_PRINT else "导出 PDF"
        super().__init__(win, title, size=(600, 460))
        self.mode = mode
        s = win.session
        d = s.declaration
        assert d is not None
        self.job: ExportJob | None = None
        self.out_path: Path | None = None
        self.declaration_id = d.id
        # True once the window has shown the outcome of the last export.
        self.done = False
        b = self.body
        b.columnconfigure(0, weight=1)
        b.rowconfigure(1, weight=1)
        scope = ttk.Labelframe(b, text="打印范围" if mode == MODE_PRINT else "导出范围", padding=8)
        scope.grid(row=0, column=0, sticky="ew")
        self.scope = tkinter.StringVar(master=self.top, value="all")
        ttk.Radiobutton(scope, text=f"整个申报({len(d.projects)} 个项目,含绩效目标设置情况)",
                        value="all", variable=self.scope, command=self._scope_changed).pack(anchor="w")
        current = s.project.name.strip() if s.project else ""
        self.current_radio = ttk.Radiobutton(scope, text=f"当前项目:{current or '(未命名项目)'}",
                                             value="current", variable=self.scope,
                                             command=self._scope_changed)
        self.current_radio.pack(anchor="w")
        if s.project is None:
            self.current_radio.configure(state="disabled")
        ttk.Radiobutton(scope, text="选定的项目(在下面的列表中选择,可按住 Ctrl 多选)",
                        value="selection", variable=self.scope,
                        command=self._scope_changed).pack(anchor="w")
        listbox_frame = ttk.Frame(b)
        listbox_frame.grid(row=1, column=0, sticky="nsew", pady=(6, 0))
        listbox_frame.columnconfigure(0, weight=1)
        listbox_frame.rowconfigure(0, weight=1)
        self.project_list = ttk.Listbox(listbox_frame, selectmode="extended", height=5,
                                        exportselection=False, font="TkDefaultFont")
        for i, p in enumerate(d.projects):
            self.project_list.insert("end", f"{i + 1}. {p.name.strip() or '(未命名项目)'}")
        self.project_list.grid(row=0, column=0, sticky="nsew")
        self.project_list.bind("<<ListboxSelect>>", lambda e: self._picked())
        out = ttk.Frame(b)
        out.grid(row=2, column=0, sticky="ew", pady=(8, 0))
        out.columnconfigure(1, weight=1)
        self.path_var = tkinter.StringVar(master=self.top)
        if mode == MODE_EXPORT:
            ttk.Label(out, text="保存到").grid(row=0, column=0, padx=(0, 6))
            folder = Path(win.prefs.export_dir) if win.prefs.export_dir else Path.home()
            self.path_var.set(str(folder / default_filename(d)))
            ttk.Entry(out, textvariable=self.path_var).grid(row=0, column=1, sticky="ew")
            ttk.Button(out, text="浏览…", bootstyle="secondary-outline", command=self._browse).grid(
                row=0, column=2, padx=(6, 0))
        self.note = ttk.Label(b, text="", wraplength=540, justify="left")
        self.note.grid(row=3, column=0, sticky="w", pady=(8, 0))
        self.error_count = 0
        self._update_note()
        self.progress = ttk.Progressbar(b, mode="determinate", maximum=1.0)
        self.progress.grid(row=4, column=0, sticky="ew", pady=(8, 0))
        self.progress_label = ttk.Label(b, text="")
        self.progress_label.grid(row=5, column=0, sticky="w")
        self.result = ttk.Label(b, text="", wraplength=540, justify="left")
        self.result.grid(row=6, column=0, sticky="w")
        bar = self.bar
        self.close_button = ttk.Button(bar, text="关闭", bootstyle="secondary", command=self.close)
        self.close_button.pack(side="right")
        self.cancel_button = ttk.Button(bar, text="取消生成" if mode == MODE_PRINT else "取消导出",
                                        bootstyle="danger-outline",
                                        command=self.cancel, state="disabled")
        self.cancel_button.pack(side="right", padx=(0, 6))
        label = "生成打印预览" if mode == MODE_PRINT else "导出"
        self.start_button = ttk.Button(bar, text=label, bootstyle="primary", command=self.start)
        self.start_button.pack(side="right", padx=(0, 6))
        self.open_button = ttk.Button(bar, text="打开文件", bootstyle="info-outline",
                                      command=self.open_file)
        self.folder_button = ttk.Button(bar, text="打开所在文件夹", bootstyle="info-outline",
                                        command=self.open_folder)
        self.preview_button = ttk.Button(bar, text="打印预览", bootstyle="info-outline",
                                         command=self.preview)
        # The 打印预览 window opened from here, once the PDF is made.
        self.preview_window: object | None = None
        self.place()
        self.start_button.focus_set()

    def _scope_changed(self) -> None:
        if self.scope.get() != "selection":
            self.project_list.selection_clear(0, "end")
        self._update_note()

    def _update_note(self) -> None:
        """Say whether what is being exported still has errors (then it prints as a draft)."""
        ids = self.project_ids()
        self.error_count = errors = self.win.session.error_count(ids)
        if errors:
            text = (f"要导出的内容中还有 {errors} 个错误,PDF 每页将标注“草稿”。"
                    "修改后再导出即可去掉。")
        else:
            text = "要导出的内容检查没有发现错误。"
        self.note.configure(text=text, bootstyle="warning" if errors else "success")

    def _picked(self) -> None:
        self.scope.set("selection")
        self._update_note()

    def _browse(self) -> None:
        current = Path(self.path_var.get())
        path = self.win.dialogs.save_file("导出 PDF", current.name, PDF_TYPES, ".pdf",
                                          str(current.parent))
        if path is not None:
            self.path_var.set(str(path))

    def project_ids(self) -> list[str] | None:
        d = self.win.session.declaration
        assert d is not None
        scope = self.scope.get()
        if scope == "current" and self.win.session.project is not None:
            return [self.win.session.project.id]
        if scope == "selection":
            return [d.projects[i].id for i in self.project_list.curselection()]
        return None

    def start(self) -> bool:
        win = self.win
        s = win.session
        d = s.declaration
        if d is None or win.services.exporter is None:
            return False
        if d.id != self.declaration_id:
            self.result.configure(text="已切换到另一个申报,请关闭本窗口后重新打开“导出 PDF”。",
                                  bootstyle="danger")
            return False
        ids = self.project_ids()
        if ids is not None and not ids:
            self.result.configure(text="请在列表中选择至少一个项目。", bootstyle="danger")
            return False
        self._update_note()
        if self.mode == MODE_PRINT:
            folder = win.services.data_dir / "print"
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                self.result.configure(text=f"无法创建打印文件夹:{exc}", bootstyle="danger")
                return False
            path = folder / default_filename(d)
        else:
            text = self.path_var.get().strip()
            if not text:
                self.result.configure(text="请填写保存位置。", bootstyle="danger")
                return False
            path = Path(text)
            if path.suffix.lower() != ".pdf":
                path = path.with_name(path.name + ".pdf")
            if not path.parent.is_dir():
                self.result.configure(text=f"文件夹不存在:{path.parent}", bootstyle="danger")
                return False
            win.prefs.export_dir = str(path.parent)
        self.out_path = path
        self.done = False
        win.save_now(quiet=True)
        self.job = ExportJob(win.services.exporter, d, s.template, path, ids, self.error_count)
        self.start_button.configure(state="disabled")
        self.cancel_button.configure(state="normal")
        self.open_button.pack_forget()
        self.folder_button.pack_forget()
        self.preview_button.pack_forget()
        self.progress.configure(value=0)
        self.progress_label.configure(text="正在生成 PDF…")
        self.result.configure(text="")
        self.job.start()
        watch(self.top, self.job, self._show_progress, self._finished)
        return True

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.progress_label.configure(text="正在取消…")

    def running(self) -> bool:
        return self.job is not None and not self.job.state.finished

    def _show_progress(self, st: JobState) -> None:
        self.progress.configure(value=st.fraction)
        if st.total and not st.finished:
            self.progress_label.configure(text=f"正在生成 PDF… {st.done} / {st.total}")

    def _finished(self, st: JobState) -> None:
        self.cancel_button.configure(state="disabled")
        self.start_button.configure(state="normal")
        self.done = True
        if st.cancelled:
            self.progress_label.configure(text="已取消,未生成文件。")
            return
        if st.error:
            self.progress_label.configure(text="导出失败。")
            self.result.configure(text=st.error, bootstyle="danger")
            return
        self.progress.configure(value=1.0)
        warn = ("\n注意:" + ";".join(st.warnings)) if st.warnings else ""
        self.progress_label.configure(text=f"已生成:{self.out_path}")
        if self.mode == MODE_PRINT:
            self.result.configure(text="已生成,请在“打印预览”窗口中选择打印机和份数后打印。" + warn,
                                  bootstyle="success" if not warn else "warning")
        else:
            self.result.configure(text=("导出完成。" + warn), bootstyle="success" if not warn
                                  else "warning")
        self.folder_button.pack(side="left")
        self.open_button.pack(side="left", padx=(0, 6))
        self.preview_button.pack(side="left", padx=(0, 6))
        self.win.status(f"PDF 已生成:{self.out_path}")
        if self.mode == MODE_PRINT:
            self.preview()

    def preview(self) -> None:
        """Open the 打印预览 of the PDF just made."""
        if self.out_path is not None and self.out_path.exists():
            self.preview_window = self.win.show_print_preview(self.out_path)

    def open_file(self) -> None:
        if self.out_path is not None:
            try:
                system.open_file(self.out_path)
            except system.OsActionError as exc:
                self.result.configure(text=exc.message, bootstyle="danger")

    def open_folder(self) -> None:
        if self.out_path is not None:
            try:
                system.open_folder(self.out_path)
            except system.OsActionError as exc:
                self.result.configure(text=exc.message, bootstyle="danger")

    def close(self) -> None:
        if self.job is not None and self.running():
            self.job.cancel()
        super().close()


# ================================================================= recycle bin

class TrashWindow(_Toplevel):
    def __init__(self, win: MainWindow) -> None:
        super().__init__(win, "回收站", size=(620, 380))
        b = self.body
        b.columnconfigure(0, weight=1)
        b.rowconfigure(1, weight=1)
        ttk.Label(b, text="删除的项目和申报先放在这里,可以恢复到原来的位置。", bootstyle="secondary").grid(
            row=0, column=0, sticky="w")
        self.tree = ttk.Treeview(b, columns=("what", "where", "when"), show="headings",
                                 selectmode="browse")
        for c, text, w, stretch in (("what", "内容", 240, True), ("where", "所属申报", 200, False),
                                    ("when", "删除时间", 140, False)):
            self.tree.heading(c, text=text, anchor="w")
            self.tree.column(c, width=w, stretch=stretch, anchor="w")
        self.tree.grid(row=1, column=0, sticky="nsew", pady=(6, 0))
        self.message = ttk.Label(b, text="", wraplength=560)
        self.message.grid(row=2, column=0, sticky="w", pady=(4, 0))
        bar = self.bar
        ttk.Button(bar, text="关闭", bootstyle="secondary", command=self.close).pack(side="right")
        self.restore_button = ttk.Button(bar, text="恢复", bootstyle="primary", command=self.restore)
        self.restore_button.pack(side="right", padx=(0, 6))
        self.purge_button = ttk.Button(bar, text="彻底删除", bootstyle="danger-outline",
                                       command=self.purge)
        self.purge_button.pack(side="left")
        self.tree.bind("<Double-1>", lambda e: self.restore())
        self.reload()
        self.place()

    def reload(self) -> None:
        self.tree.delete(*self.tree.get_children())
        try:
            self.entries = self.win.session.bin.entries()
        except RepositoryError as exc:
            self.entries = []
            self.message.configure(text=exc.message, bootstyle="danger")
        for e in self.entries:
            when = e.deleted_at.replace("T", " ")
            self.tree.insert("", "end", iid=e.id, values=(e.title, e.label if e.kind == KIND_PROJECT
                                                           else "—", when))
        if self.entries:
            self.tree.selection_set(self.entries[0].id)
        state = "normal" if self.entries else "disabled"
        self.restore_button.configure(state=state)
        self.purge_button.configure(state=state)
        if not self.entries:
            self.message.configure(text="回收站是空的。", bootstyle="secondary")

    def restore(self) -> bool:
        sel = self.tree.selection()
        if not sel:
            return False
        win = self.win
        try:
            win.session.restore(sel[0])
        except RepositoryError as exc:
            self.message.configure(text=exc.message, bootstyle="danger")
            return False
        win.decl_findings.clear()
        win.show_current()
        win.status("已从回收站恢复。")
        self.reload()
        self.message.configure(text="已恢复。", bootstyle="success")
        return True

    def purge(self) -> bool:
        sel = self.tree.selection()
        if not sel:
            return False
        entry = next(e for e in self.entries if e.id == sel[0])
        if not self.win.dialogs.confirm(f"彻底删除“{entry.title}”?此操作不能撤销。", "彻底删除",
                                        ok="彻底删除", danger=True):
            return False
        try:
            self.win.session.bin.purge(entry.id)
        except RepositoryError as exc:
            self.message.configure(text=exc.message, bootstyle="danger")
            return False
        self.reload()
        return True


# ================================================================= backups

class BackupWindow(_Toplevel):
    """恢复备份: the backups newest first; restoring replaces all data (backed up first)."""

    def __init__(self, win: MainWindow, backups: BackupRestore) -> None:
        super().__init__(win, "恢复备份", size=(680, 400))
        self.backups = backups
        b = self.body
        b.columnconfigure(0, weight=1)
        b.rowconfigure(1, weight=1)
        ttk.Label(b, wraplength=640, justify="left", bootstyle="secondary",
                  text="程序在每次启动后第一次保存前、之后每隔十分钟,以及恢复备份前,"
                       "会自动备份全部数据。恢复一份备份会替换当前的全部申报;"
                       "恢复前当前数据也会先备份,需要时可以再恢复回来。").grid(
            row=0, column=0, sticky="w")
        self.tree = ttk.Treeview(b, columns=("when", "decls", "projects", "why"),
                                 show="headings", selectmode="browse")
        columns: tuple[tuple[str, str, int, bool, Literal["w", "e"]], ...] = (
            ("when", "备份时间", 170, False, "w"),
            ("decls", "申报", 70, False, "e"), ("projects", "项目", 70, False, "e"),
            ("why", "原因", 200, True, "w"))
        for c, text, w, stretch, anchor in columns:
            self.tree.heading(c, text=text, anchor=anchor)
            self.tree.column(c, width=w, stretch=stretch, anchor=anchor)
        self.tree.grid(row=1, column=0, sticky="nsew", pady=(6, 0))
        self.message = ttk.Label(b, text="", wraplength=640, justify="left")
        self.message.grid(row=2, column=0, sticky="w", pady=(4, 0))
        bar = self.bar
        ttk.Button(bar, text="取消", bootstyle="secondary", command=self.close).pack(side="right")
        self.restore_button = ttk.Button(bar, text="恢复", bootstyle="primary",
                                         command=self.restore)
        self.restore_button.pack(side="right", padx=(0, 6))
        self.tree.bind("<Double-1>", lambda e: self.restore())
        self.reload()
        self.place()

    def reload(self) -> None:
        self.tree.delete(*self.tree.get_children())
        self.infos = self.backups.entries()
        for info in self.infos:
            self.tree.insert("", "end", iid=info.name, values=(
                f"{info.created:%Y-%m-%d %H:%M:%S}", f"{info.declaration_count} 份",
                f"{info.project_count} 个", info.reason_text))
        if self.infos:
            self.tree.selection_set(self.infos[0].name)
            self.tree.focus(self.infos[0].name)
        reason = self.backups.unavailable_reason(self.infos)
        self.restore_button.configure(state="disabled" if reason else "normal")
        self.message.configure(text=reason or "请选择一份备份,然后点击“恢复”。",
                               bootstyle="warning" if reason else "secondary")

    def selected(self) -> str | None:
        sel = self.tree.selection()
        return str(sel[0]) if sel else None

    def restore(self) -> bool:
        name = self.selected()
        if name is None or str(self.restore_button.cget("state")) == "disabled":
            return False
        info = next(i for i in self.infos if i.name == name)
        win = self.win
        warning = ""
        lost = win.session.unreadable_inputs()
        if lost:
            warning = f"\n\n注意:有 {len(lost)} 处无法识别的输入不会被保存,恢复后将不再显示。"
        if not win.dialogs.confirm(
                f"恢复 {info.describe()} 的备份?\n\n这会用备份替换当前的全部申报。"
                "恢复前,窗口中的修改会先保存,当前数据会先自动备份,"
                f"需要时可以在这里再恢复回来。{warning}", "恢复备份", ok="恢复"):
            return False
        if not win.restore_backup(name):
            if self.alive():
                self.reload()
            return False
        self.close()
        return True
