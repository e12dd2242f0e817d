"""The main window: navigator on the left, project editor on the right, findings below.

It connects the widgets to the :class:`EditingSession`: every keystroke goes into
the model, the current project is re-checked shortly after typing pauses, the
declaration is saved shortly after typing stops, on every tab or project switch,
on Ctrl+S and on closing. A failed save is shown and retried, never swallowed.
"""

from __future__ import annotations

import contextlib
import time
import tkinter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from g60desk.domain.errors import UserError
from g60desk.formspec.spec import LibraryEntry, Template
from g60desk.rules.findings import Finding, Severity
from g60desk.services import layout, printing, window_view
from g60desk.services import locate as loc
from g60desk.services.backups import BackupRestore
from g60desk.services.files import BundleFileError, BundleFiles, WorkbookFiles
from g60desk.services.navigation import NavProject, build_tree, count, project_mark, project_title
from g60desk.services.pending import split_pending
from g60desk.services.ports import RepositoryError
from g60desk.services.preferences import Preferences, PreferencesFile
from g60desk.services.session import EditingSession, SessionError
from g60desk.services.window_actions import WindowActions
from g60desk.ui.dialogs import BUNDLE_TYPES, Dialogs
from g60desk.ui.editor import ProjectEditor
from g60desk.ui.errors import ErrorReporter, logger
from g60desk.ui.findings_panel import SCOPE_DECLARATION, SCOPE_PROJECT, FindingsPanel
from g60desk.ui.fonts import apply_ui_font
from g60desk.ui.lazy import lazy_module
from g60desk.ui.navigator import Navigator
from g60desk.ui.widgets import install_text_bindings

if TYPE_CHECKING:
    from g60desk.services.export import PdfExporter
    from g60desk.services.library import IndicatorLibrary
    from g60desk.ui.help_window import HelpWindow
    from g60desk.ui.print_preview import PrintPreviewWindow

if TYPE_CHECKING:
    from g60desk.ui import exchange_actions, findings_overview, windows
else:  # not needed for the first screen: imported on first use
    exchange_actions = lazy_module("g60desk.ui.exchange_actions")
    findings_overview = lazy_module("g60desk.ui.findings_overview")
    windows = lazy_module("g60desk.ui.windows")

APP_NAME = window_view.APP_NAME
# 文件 menu items that need an open declaration.
MIN_SIZE = (960, 640)


@dataclass
class Services:
    """What app.py hands the window: the session and the adapters behind ports."""

    session: EditingSession
    # The indicator library's rows, read when first needed (app.py passes the file reader).
    library: Callable[[], tuple[LibraryEntry, ...]]
    bundles: BundleFiles
    prefs_file: PreferencesFile
    data_dir: Path
    log_path: Path
    sample_path: Path | None = None
    exporter: PdfExporter | None = None
    storage_note: str = ""
    notes: list[str] = field(default_factory=list)
    read_only: bool = False
    # Called once when the window closes (the database releases its folder lock).
    closers: list[Callable[[], None]] = field(default_factory=list)
    # 恢复备份 (None: this data source has no backups).
    backups: BackupRestore | None = None
    workbooks: WorkbookFiles | None = None  # 导出/导入 Excel (None: not available)
    # 打印: which printers there are (asked when the preview opens) and what prints.
    print_env: Callable[[], printing.PrintEnv] = printing.discover
    printer: printing.PrintSystem = field(default_factory=printing.default_system)

    def shutdown(self) -> list[str]:
        """Run the closers; returns Chinese messages of those that failed."""
        problems = []
        for close in self.closers:
            try:
                close()
            except RepositoryError as exc:
                problems.append(exc.message)
            except OSError as exc:
                problems.append(str(exc))
        self.closers.clear()
        return problems


class MainWindow:
    def __init__(self, root: tkinter.Tk, services: Services, dialogs: Dialogs | None = None, *,
                 check_delay_ms: int = 200, declaration_check_ms: int = 1200) -> None:
        self.root = root
        self.services = services
        self.session = services.session
        self.dialogs = dialogs or Dialogs(root)
        self.check_delay_ms = check_delay_ms
        self.declaration_check_ms = declaration_check_ms
        self.prefs: Preferences = services.prefs_file.load()
        self.editors: dict[str, ProjectEditor] = {}
        self._libraries: dict[str, IndicatorLibrary] = {}
        self.editor: ProjectEditor | None = None
        self.children: list[windows.Child] = []
        self._timers: dict[str, str] = {}
        self._bindings: list[str] = []
        self.actions = WindowActions(self.session, self.dialogs, self)
        self._title_shown: tuple[str, str] = ("", "")
        self._closing = False
        # Start-up: the first screen (navigator, the project's 基本信息) is drawn first;
        # the checks and the other tabs follow in small steps (see _after_first_paint).
        self.painted = False
        self.started = False
        self._unchecked = False
        self.on_first_paint: list[Callable[[], None]] = []
        self.on_started: list[Callable[[], None]] = []
        self.startup_step_ms = 1   # the pause between two start-up steps
        self.last_refresh_ms = 0.0
        self.decl_findings: dict[str, list[Finding]] = {}
        self.reporter = ErrorReporter(services.log_path, lambda m: self.dialogs.error(m, "程序错误"))
        root.report_callback_exception = self.reporter
        self.font_family = apply_ui_font(root, self.prefs.font_family, self.prefs.font_size)
        root.minsize(*MIN_SIZE)
        self._build()
        root.protocol("WM_DELETE_WINDOW", self.request_close)

    # ============================================================ building

    def _build(self) -> None:
        root = self.root
        self.menu = self._build_menu()
        root.configure(menu=self.menu)
        self.frame = ttk.Frame(root)
        self.frame.pack(fill="both", expand=True)
        self.frame.columnconfigure(0, weight=1)
        self.frame.rowconfigure(1, weight=1)
        self._build_toolbar()
        self.hpane = ttk.Panedwindow(self.frame, orient="horizontal")
        self.hpane.grid(row=1, column=0, sticky="nsew")
        self.navigator = Navigator(self.hpane, self.on_nav_select, lambda t: self.refresh_nav(),
                                   errors_only=self.prefs.errors_only)
        self.hpane.add(self.navigator.frame, weight=0)
        self.vpane = ttk.Panedwindow(self.hpane, orient="vertical")
        self.hpane.add(self.vpane, weight=1)
        self.right = ttk.Frame(self.vpane)
        self.right.columnconfigure(0, weight=1)
        self.right.rowconfigure(1, weight=1)
        self.vpane.add(self.right, weight=1)
        self._build_header()
        self.editor_area = ttk.Frame(self.right)
        self.editor_area.grid(row=1, column=0, sticky="nsew")
        self.editor_area.columnconfigure(0, weight=1)
        self.editor_area.rowconfigure(0, weight=1)
        self.placeholder = ttk.Label(self.editor_area, anchor="center", justify="center",
                                     bootstyle="secondary",
                                     text="左侧选择一个项目,或点击“新建项目”开始填写。")
        self.placeholder.grid(row=0, column=0, sticky="nsew")
        # The whole message of the selected finding shows wrapped under the list and
        # goes to the status bar too.
        self.findings_panel = FindingsPanel(
            self.vpane, self.jump_to, self._scope_changed, self.prefs.findings_scope,
            on_select=lambda f: self.status(f"{f.severity.label}:{f.message}",
                                            "danger" if f.severity is Severity.ERROR else "default"),
            on_overview=self.open_findings_overview)
        self.vpane.add(self.findings_panel.frame, weight=0)
        # The height the user drags the panel to is the one a font change comes back to.
        self.vpane.bind("<ButtonRelease-1>", lambda e: self._findings_dragged(), add="+")
        # Until the user drags it, the divider keeps to the default share as the pane's
        # height settles (a window manager's resize, a maximised window).
        self.vpane.bind("<Configure>", lambda e: self._pane_resized(), add="+")
        self._build_statusbar()
        self._bind_keys()
        # Nothing is open yet: no verdict, nothing to save or print (start() opens one).
        self.findings_panel.show_nothing()
        self._update_actions()

    def _build_menu(self) -> tkinter.Menu:
        m = ttk.Menu(self.root)
        file = ttk.Menu(m, tearoff=False)
        self.file_menu = file
        file.add_command(label="新建申报…", command=self.new_declaration)
        file.add_command(label="打开示例申报", command=self.open_sample)
        file.add_separator()
        file.add_command(label="保存", accelerator="Ctrl+S", command=self.save_now)
        file.add_separator()
        file.add_command(label="导入数据包…", command=self.import_bundle)
        file.add_command(label="导出数据包…", command=self.export_bundle)
        file.add_command(label="导入 Excel…", command=lambda: exchange_actions.import_workbook(self))
        file.add_command(label="导出 Excel…", command=lambda: exchange_actions.export_workbook(self))
        file.add_separator()
        file.add_command(label="导出 PDF…", accelerator="Ctrl+E", command=self.export_pdf)
        file.add_command(label="打印…", accelerator="Ctrl+P", command=self.print_declaration)
        file.add_separator()
        file.add_command(label="回收站…", command=self.open_trash)
        file.add_command(label="恢复备份…", command=self.open_backups)
        file.add_command(label="设置…", command=self.open_settings)
        file.add_separator()
        file.add_command(label="退出", command=self.request_close)
        m.add_cascade(label="文件", menu=file)
        edit = ttk.Menu(m, tearoff=False)
        edit.add_command(label="撤销", accelerator="Ctrl+Z", command=self.edit_undo)
        edit.add_command(label="重做", accelerator="Ctrl+Y", command=lambda: self.edit_undo(redo=True))
        edit.add_separator()
        edit.add_command(label="新建项目", accelerator="Ctrl+N", command=self.new_project)
        edit.add_command(label="复制项目", command=self.copy_project)
        edit.add_command(label="删除项目…", command=self.delete_project)
        edit.add_command(label="上移项目", command=lambda: self.move_project(-1))
        edit.add_command(label="下移项目", command=lambda: self.move_project(1))
        edit.add_separator()
        edit.add_command(label="撤销单位改名", command=self.undo_rename)
        edit.add_command(label="查找项目", accelerator="Ctrl+F", command=self.focus_filter)
        edit.add_command(label="从指标库添加指标…", accelerator="Ctrl+K",
                         command=self.open_library)
        edit.add_command(label="添加满意度指标", accelerator="Ctrl+M",
                         command=self.add_satisfaction)
        m.add_cascade(label="编辑", menu=edit)
        decl = ttk.Menu(m, tearoff=False)
        decl.add_command(label="申报设置(单位、签字栏、模板)…", command=self.open_settings)
        decl.add_command(label="复制到下一年度…", command=self.roll_forward)
        decl.add_command(label="检查结果汇总(按项目)…", command=self.open_findings_overview)
        decl.add_command(label="汇总各单位数据包…", command=lambda: exchange_actions.roll_up_bundles(self))
        decl.add_separator()
        decl.add_command(label="删除申报…", command=self.delete_declaration)
        m.add_cascade(label="申报", menu=decl)
        helpm = ttk.Menu(m, tearoff=False)
        helpm.add_command(label="使用说明", command=self.show_help)
        helpm.add_command(label="快捷键", command=self.show_shortcuts)
        helpm.add_command(label="关于 G60Desk", command=self.show_about)
        m.add_cascade(label="帮助", menu=helpm)
        return m

    def _build_toolbar(self) -> None:
        bar = ttk.Frame(self.frame, padding=(6, 5))
        bar.grid(row=0, column=0, sticky="ew")
        self.toolbar: dict[str, ttk.Button] = {}
        items: tuple[tuple[str, str, Callable[[], object] | None, str], ...] = (
                ("new", "新建项目", self.new_project, "primary"),
                 ("copy", "复制", self.copy_project, "secondary-outline"),
                 ("delete", "删除", self.delete_project, "danger-outline"),
                 ("up", "上移", lambda: self.move_project(-1), "secondary-outline"),
                 ("down", "下移", lambda: self.move_project(1), "secondary-outline"),
                 ("|", "", None, ""),
                 ("save", "保存", self.save_now, "success-outline"),
                 ("pdf", "导出PDF", self.export_pdf, "info"),
                 ("print", "打印", self.print_declaration, "info-outline"),
                 ("|", "", None, ""),
                 ("settings", "设置", self.open_settings, "secondary-outline"))
        for key, text, cmd, style in items:
            if cmd is None:
                ttk.Separator(bar, orient="vertical").pack(side="left", fill="y", padx=6)
                continue
            b = ttk.Button(bar, text=text, command=cmd, bootstyle=style, takefocus=False)
            b.pack(side="left", padx=(0, 4))
            self.toolbar[key] = b
        self.save_state = ttk.Label(bar, text="", bootstyle="secondary")
        self.save_state.pack(side="right", padx=(0, 4))

    def _build_header(self) -> None:
        head = ttk.Frame(self.right, padding=(10, 6, 10, 4))
        head.grid(row=0, column=0, sticky="ew")
        head.columnconfigure(0, weight=1)
        self.header_title = ttk.Label(head, text="", font="TkHeadingFont")
        self.header_title.grid(row=0, column=0, sticky="w")
        self.header_info = ttk.Label(head, text="", bootstyle="secondary")
        self.header_info.grid(row=0, column=1, sticky="e")

    def _build_statusbar(self) -> None:
        bar = ttk.Frame(self.frame, padding=(8, 2))
        bar.grid(row=2, column=0, sticky="ew")
        bar.columnconfigure(0, weight=1)
        self.status_label = ttk.Label(bar, text="")
        self.status_label.grid(row=0, column=0, sticky="w")
        self.folder_label = ttk.Label(bar, text=f"数据文件夹:{self.services.data_dir}",
                                      bootstyle="secondary")
        self.folder_label.grid(row=0, column=1, sticky="e")

    def _bind(self, sequence: str, handler: Callable[[], object]) -> None:
        def run(_event: tkinter.Event) -> str:
            handler()
            return "break"
        self.root.bind(sequence, run)
        self._bindings.append(sequence)

    def _bind_keys(self) -> None:
        # Control shortcuts only: a Chinese IME can turn Enter-committed letters into
        # F1–F12 key events, so no function key is ever bound.
        for keys, handler in (("nN", self.new_project), ("sS", self.save_now),
                              ("pP", self.print_declaration), ("eE", self.export_pdf),
                              ("fF", self.focus_filter), ("mM", self.add_satisfaction),
                              ("kK", self.open_library)):
            for k in keys:
                self._bind(f"<Control-{k}>", handler)
        install_text_bindings(self.root)
        # Emacs-style bindings of Tk's Text/Entry classes would also move the cursor.
        for cls in ("Text", "TEntry", "TCombobox", "Entry"):
            for k in "nNpPfFkKoO":
                self.root.unbind_class(cls, f"<Control-{k}>")

    # ============================================================ timers

    def _after(self, name: str, ms: int, func: Callable[[], None]) -> None:
        old = self._timers.pop(name, None)
        if old is not None:
            self.root.after_cancel(old)

        def run() -> None:
            self._timers.pop(name, None)
            func()
        self._timers[name] = self.root.after(ms, run)

    def _cancel_timers(self) -> None:
        for ident in self._timers.values():
            with contextlib.suppress(tkinter.TclError):
                self.root.after_cancel(ident)
        self._timers.clear()

    # ============================================================ start and stop

    def start(self) -> None:
        """Open the last project (or offer to create one), then restore the window: one
        layout pass for the whole first screen, not one before the editor and one after."""
        backups = self.services.backups
        offered = backups.offered if backups is not None and self.services.notes else None
        if self.services.notes:
            self.status(self.services.notes[0], "warning")
            notes = "\n\n".join(self.services.notes)
            if offered is None:
                # A timer, not after_idle: update_idletasks while the window is still
                # withdrawn would run this modal dialog unseen (Windows never shows it).
                self.root.after(1, lambda: self.dialogs.warning(notes, "打开数据时的提示"))
            else:
                self.root.after(1, lambda: self.offer_restore(notes))
        if self.services.prefs_file.problem:
            self.status(self.services.prefs_file.problem)
        infos = self.session.list_declarations()
        target = None
        if self.prefs.last_declaration and any(i.id == self.prefs.last_declaration for i in infos):
            target = self.prefs.last_declaration
        elif infos:
            target = infos[0].id
        if target is not None:
            try:
                self.session.open(target, self.prefs.last_project or None)
            except (SessionError, RepositoryError):
                self.session.open(target)
            self.show_current(first=True)
        else:
            self.show_current()
        self.restore_geometry()
        if target is None and offered is None:  # else offer_restore shows it on 否
            # Asked for once the window is laid out: the welcome window sits over it.
            self.root.after_idle(self.show_welcome)
        # The rest of the start-up waits until the window is on screen and drawn.
        self.frame.bind("<Visibility>", lambda e: self._visible(), add="+")
        # A window that never becomes visible (started minimised) still gets its checks.
        self._after("startup-fallback", 1500, self._after_first_paint)

    def _visible(self) -> None:
        if not self.painted:
            self.frame.unbind("<Visibility>")
            # Idle: after the redraw the window's first exposure asked for.
            self.root.after_idle(self._after_first_paint)

    def _after_first_paint(self) -> None:
        """The first screen is drawn: run the first check, then build the other tabs one
        per step, so that clicks and keys are handled between the steps."""
        if self.painted or self._closing:
            return
        self.painted = True
        fallback = self._timers.pop("startup-fallback", None)
        if fallback is not None:
            self.root.after_cancel(fallback)
        for call in self.on_first_paint:
            try:   # one failing does not keep the others (the start's own steps) from running
                call()
            except Exception as exc:
                self.reporter(type(exc), exc, exc.__traceback__)
        self._after("startup", self.startup_step_ms, self._startup_step)

    def _startup_step(self) -> None:
        if self._closing:
            return
        if self._unchecked:
            self._unchecked = False
            self.refresh_all_checks()
        elif not any(ed.build_next() for ed in self.editors.values() if ed.pending):
            self.started = True
            for call in self.on_started:
                call()
            return
        self._after("startup", self.startup_step_ms, self._startup_step)

    def finish_startup(self) -> None:
        """Run what the start-up would still do, now (tests; closing early)."""
        self._after_first_paint()
        if self._unchecked:
            self._unchecked = False
            self.refresh_all_checks()
        for ed in self.editors.values():
            ed.complete()

    def restore_geometry(self) -> None:
        geo = self.prefs.geometry
        sw, sh = self.root.winfo_screenwidth(), self.root.winfo_screenheight()
        if not (geo and _fits(geo, sw, sh)):
            w, h = min(1280, sw - 40), min(820, sh - 80)
            geo = f"{w}x{h}+{max(0, (sw - w) // 2)}+{max(0, (sh - h) // 3)}"
        # Tk's own ``wm geometry``: ttkbootstrap's Window.geometry, given a size while the
        # window is hidden, binds <Map> and <Configure> on the root, which every widget's
        # bind tags include, so every widget's map and resize would call into Python.
        self.root.tk.call("wm", "geometry", self.root._w, geo)  # type: ignore[attr-defined]
        if self.prefs.maximized:
            try:
                self.root.state("zoomed")
            except tkinter.TclError:
                self.root.attributes("-zoomed", True)
        self.root.update_idletasks()
        self._restore_sashes()

    def _restore_sashes(self, tries: int = 40) -> None:
        """Put the pane dividers where they were; waits until the panes have their size."""
        try:
            width = self.hpane.winfo_width()
            height = self.vpane.winfo_height()
            if (width <= 1 or height <= 1) and tries > 0:
                self._after("sashes", 25, lambda: self._restore_sashes(tries - 1))
                return
            nav = max(220, min(self.prefs.nav_width, width // 2))
            self.hpane.sashpos(0, nav)
            self.vpane.sashpos(0, self.findings_panel.sash(height, self.prefs.findings_height))
        except tkinter.TclError:
            pass

    def _pane_resized(self) -> None:
        if self.prefs.findings_height > 0:
            return
        with contextlib.suppress(tkinter.TclError):
            height = self.vpane.winfo_height()
            if height > 1 and len(self.vpane.panes()) > 1:
                self.vpane.sashpos(0, self.findings_panel.sash(height, 0))

    def _findings_dragged(self) -> None:
        with contextlib.suppress(tkinter.TclError):
            self.prefs.findings_height = layout.findings_height(self.vpane.winfo_height(),
                                                                int(self.vpane.sashpos(0)))

    def remember(self) -> None:
        """Write window size, position, sashes and the open project to the preferences."""
        p = self.prefs
        try:
            zoomed = str(self.root.state()) == "zoomed" or bool(self.root.attributes("-zoomed"))
        except tkinter.TclError:
            zoomed = False
        p.maximized = zoomed
        if not zoomed:
            p.geometry = self.root.geometry()
        try:
            p.nav_width = int(self.hpane.sashpos(0))
            if p.findings_height > 0:  # dragged (else the default share, again next time)
                p.findings_height = layout.findings_height(self.vpane.winfo_height(),
                                                           int(self.vpane.sashpos(0)))
        except tkinter.TclError:
            pass
        d = self.session.declaration
        p.last_declaration = d.id if d else ""
        p.last_project = self.session.project.id if self.session.project else ""
        p.findings_scope = self.findings_panel.scope.get()
        p.errors_only = self.navigator.errors_only.get()
        try:
            self.services.prefs_file.save(p)
        except UserError as exc:  # preferences are not worth a dialog, but never silently lost
            logger.warning("界面设置没有保存:%s", exc.message)

    def request_close(self) -> bool:
        """Close only when nothing would be lost (or the user says so); True when closed."""
        if not self.actions.may_close():
            return False
        self.remember()
        self.destroy()
        for problem in self.services.shutdown():
            logger.error("关闭数据库时出错:%s", problem)
        self.root.destroy()
        return True

    def end_session(self) -> None:
        """Close without asking: the system is logging out or shutting down (SIGTERM,
        SIGHUP, Windows WM_QUERYENDSESSION). Save what was typed, release the lock."""
        if self._closing:
            return
        try:
            self.session.save_if_dirty()
        except RepositoryError as exc:
            logger.error("退出时保存失败:%s", exc.message)
        self.remember()
        self.destroy()
        for problem in self.services.shutdown():
            logger.error("关闭数据库时出错:%s", problem)
        logger.info("系统注销或关机,已保存并退出")
        self.root.destroy()

    def destroy(self) -> None:
        """Take the window's widgets off the root (tests reuse one root)."""
        self._closing = True
        self._cancel_timers()
        for child in list(self.children):
            child.close()
        for seq in self._bindings:
            self.root.unbind(seq)
        self.frame.destroy()
        self.root["menu"] = ""
        self.menu.destroy()

    # ============================================================ showing

    # ------------------------------------------------ the Screen the actions use

    def retry_save_in(self, ms: int) -> None:
        self._after("autosave", ms, self._autosave_tick)

    def select_in_navigator(self, current: tuple[str, str | None] | None) -> None:
        self.navigator.select(current)

    def refresh_navigator(self) -> None:
        self.refresh_nav()

    def focus_project_name(self) -> None:
        if self.editor is not None:
            self.editor.select_tab(loc.TAB_BASIC)
            self.editor.fields["name"].focus()

    def forget_findings(self, declaration_id: str | None) -> None:
        if declaration_id is None:
            self.decl_findings.clear()
        else:
            self.decl_findings.pop(declaration_id, None)

    def status(self, message: str, style: str = "default") -> None:
        self.status_label.configure(text=message, bootstyle=style)

    def editor_for(self, template: Template, lazy: bool = False) -> ProjectEditor:
        """The editor of ``template`` (built on first use; ``lazy``: its 基本信息 tab only,
        the others follow after the first paint)."""
        ed = self.editors.get(template.id)
        if ed is None:
            ed = ProjectEditor(self.editor_area, template, lambda: self.library_for(template),
                               self.field_changed, self.status, lazy=lazy)
            ed.notebook.bind("<<NotebookTabChanged>>", lambda e: self._tab_changed(), add="+")
            ed.frame.grid(row=0, column=0, sticky="nsew")
            self.editors[template.id] = ed
        return ed

    def library_for(self, template: Template) -> IndicatorLibrary | None:
        lib = self._libraries.get(template.id)
        if lib is None:
            from g60desk.services.library import IndicatorLibrary

            entries = self.services.library()
            if not entries:
                return None
            lib = self._libraries[template.id] = IndicatorLibrary(entries, template)
        return lib

    def show_current(self, first: bool = False) -> None:
        """Load the session's current project into the editor and redraw everything.

        ``first`` (at start-up): the editor's other tabs and the checks come after the
        first paint; until then the findings panel says 正在检查… and the navigator
        shows no verdicts."""
        s = self.session
        if s.declaration is None:
            if self.editor is not None:
                self.editor.frame.grid_remove()
                self.editor.load(None, None, lambda k: None)
            self.placeholder.configure(text="还没有打开申报。请点击“文件 → 新建申报”,"
                                            "或“打开示例申报”看看填好的样子。")
            self.placeholder.tkraise()
        else:
            ed = self.editor_for(s.template, lazy=first)
            if self.editor is not None and self.editor is not ed:
                self.editor.frame.grid_remove()
            self.editor = ed
            ed.frame.grid()
            ed.load(s.declaration, s.project, s.raw_input)
            if s.project is None:
                self.placeholder.configure(text="这个申报还没有项目。点击“新建项目”(Ctrl+N)开始填写。")
                self.placeholder.tkraise()
            else:
                ed.frame.tkraise()
        if first and s.declaration is not None:
            self._unchecked = True
            self.refresh_nav(checked=False)
            self.findings_panel.show_checking()
        else:
            self._unchecked = False
            self.refresh_all_checks()
        self.update_header()
        self.update_title()
        self._update_actions()

    def _update_actions(self) -> None:
        s = self.session
        for key, enabled in window_view.action_states(s).items():
            self.toolbar[key].configure(state="normal" if enabled else "disabled")
        menu = self.file_menu
        for i in range(int(menu.index("end") or 0) + 1):
            if menu.type(i) != "command":
                continue
            item = window_view.menu_item_enabled(menu.entrycget(i, "label"), s)
            if item is not None:
                menu.entryconfigure(i, state="normal" if item else "disabled")

    def update_title(self) -> None:
        view = window_view.title_view(self.session, self.services.read_only)
        if (view.full, view.style) != self._title_shown:
            self._title_shown = (view.full, view.style)
            self.root.title(view.full)
            self.save_state.configure(text=view.state, bootstyle=view.style)

    def update_header(self) -> None:
        s = self.session
        view = window_view.header_view(s, s.template.shape if s.declaration is not None else None)
        self.header_title.configure(text=view.title)
        self.header_info.configure(text=view.info)

    # ============================================================ checks

    def current_findings(self) -> list[Finding]:
        s = self.session
        return s.declaration_findings() + s.project_findings()

    def refresh_checks(self) -> None:
        """Re-check the current project (fast: runs after every pause in typing)."""
        t0 = time.perf_counter()
        s = self.session
        ed = self.editor
        findings = self.current_findings()
        split = split_pending(findings, s.touched_keys)
        if ed is not None and s.project is not None:
            ed.show_problems(list(split.problems), s.project_index)
        if s.declaration is None:
            self.findings_panel.show_nothing()
        elif self.findings_panel.scope.get() == SCOPE_PROJECT:
            self.findings_panel.show(findings, s.template,
                                     grade=s.project_grade(), pending=split.pending)
        self._update_nav_line(findings)
        self.update_header()
        self.update_title()
        self.last_refresh_ms = (time.perf_counter() - t0) * 1000

    def refresh_all_checks(self) -> None:
        """Re-check every project of the open declaration and redraw the navigator."""
        self._unchecked = False
        s = self.session
        if s.declaration is not None:
            self.decl_findings[s.declaration.id] = s.all_findings()
        self.refresh_nav()
        self.refresh_checks()
        self._show_declaration_scope()
        for child in self.children:
            if isinstance(child, findings_overview.FindingsOverview) and child.alive():
                child.reload()

    def _show_declaration_scope(self) -> None:
        s = self.session
        if self.findings_panel.scope.get() != SCOPE_DECLARATION or s.declaration is None:
            return
        names = [project_title(p) for p in s.declaration.projects]
        found = self.decl_findings.get(s.declaration.id, [])
        self.findings_panel.show(found, s.template, names, grade=s.declaration_grade(found),
                                 pending=split_pending(found, s.touched_keys).pending)

    def _scope_changed(self, scope: str) -> None:
        if scope == SCOPE_DECLARATION:
            self.refresh_all_checks()
        else:
            self.refresh_checks()

    def _update_nav_line(self, findings: list[Finding]) -> None:
        s = self.session
        p = s.project
        if p is None or s.declaration is None or s.project_index is None:
            return
        # 待填 fields are not errors in the navigator either (as in the findings panel).
        mine = [f for f in split_pending(findings, s.touched_keys).problems
                if f.project_index == s.project_index]
        self.navigator.update_project(s.declaration.id, NavProject(
            p.id, s.project_index, project_title(p), count(mine),
            s.template.shape.annual_amount(p), project_mark(p, s.declaration, s.template.shape)))

    def schedule_checks(self) -> None:
        self._after("check", self.check_delay_ms, self.refresh_checks)
        self._after("check-all", self.declaration_check_ms, self.refresh_all_checks)

    # ============================================================ navigator

    def refresh_nav(self, checked: bool = True) -> None:
        """Redraw the navigator; ``checked=False`` (before the first check) shows the
        declarations without verdicts instead of checking them now."""
        s = self.session
        decls = s.load_all()
        for d in decls if checked else ():
            if d.id not in self.decl_findings or (s.declaration is not None
                                                  and d.id == s.declaration.id):
                self.decl_findings[d.id] = s.all_findings(d)
        shown = dict(self.decl_findings)
        if s.declaration is not None and s.declaration.id in shown:
            # The open declaration's 待填 fields are not counted as errors (touched is per session).
            shown[s.declaration.id] = list(split_pending(shown[s.declaration.id],
                                                         s.touched_keys).problems)
        years = build_tree(decls, shown, self.navigator.filter_var.get(),
                           {k: t.shape.annual_key for k, t in s.templates.items()},
                           {k: t.shape for k, t in s.templates.items()},
                           errors_only=self.navigator.errors_only.get())
        current = None
        if s.declaration is not None:
            current = (s.declaration.id, s.project.id if s.project else None)
        self.navigator.show(years, current)

    def on_nav_select(self, decl_id: str, project_id: str | None) -> None:
        self.actions.select(decl_id, project_id)

    def focus_filter(self) -> None:
        self.navigator.filter_entry.focus_set()
        self.navigator.filter_entry.select_range(0, "end")

    # ============================================================ editing

    def field_changed(self, key: str, text: str, error: str | None) -> None:
        s = self.session
        s.touch(key)
        if not key.startswith("indicators"):
            s.set_raw_input(key, text, error)
        s.changed()
        self.update_title()
        self.schedule_checks()
        self.schedule_autosave()

    def _tab_changed(self) -> None:
        if self.session.dirty:
            self.save_now(quiet=True)

    def jump_to(self, finding: Finding) -> None:
        s = self.session
        where = loc.locate(finding.path, s.template.shape)
        if where.tab == loc.TAB_DECLARATION:
            self.open_settings(focus=where.field)
            return
        if where.project is not None and where.project != s.project_index:
            if s.declaration is None or where.project >= len(s.declaration.projects):
                return
            self.on_nav_select(s.declaration.id, s.declaration.projects[where.project].id)
        if self.editor is not None:
            self.editor.focus_location(where)

    # ============================================================ saving

    def schedule_autosave(self) -> None:
        ms = int(self.session.autosave.remaining(self.session.clock()) * 1000) + 20
        self._after("autosave", ms, self._autosave_tick)

    def _autosave_tick(self) -> None:
        if self.session.autosave_due():
            self.save_now(quiet=True)
        elif self.session.dirty:
            self.schedule_autosave()

    def save_now(self, quiet: bool = False) -> bool:
        return self.actions.save(quiet)

    def save_before_switch(self) -> bool:
        return self.actions.save_before_switch()

    # ============================================================ projects

    def new_project(self) -> None:
        self.actions.new_project()

    def copy_project(self) -> None:
        self.actions.copy_project()

    def delete_project(self) -> None:
        self.actions.delete_project()

    def move_project(self, delta: int) -> None:
        self.actions.move_project(delta)

    def add_satisfaction(self) -> None:
        if self.editor is None or self.session.project is None:
            return
        self.editor.select_tab(loc.TAB_INDICATORS)
        self.editor.indicators.add_satisfaction()

    def open_library(self) -> None:
        if self.editor is None or self.session.project is None:
            return
        self.editor.select_tab(loc.TAB_INDICATORS)
        picker = self.editor.indicators.open_picker()
        if picker is not None:
            self.track(picker)

    # ============================================================ declarations

    def track(self, child: windows.Child) -> None:
        self.children = [c for c in self.children if c.alive()]
        self.children.append(child)

    def show_welcome(self) -> windows.WelcomeWindow | None:
        if self.session.declaration is not None:
            return None  # something was opened meanwhile
        # The welcome window says what to do: the hint behind it would peek out around it.
        self.placeholder.configure(text="")
        w = windows.WelcomeWindow(self, on_close=self._welcome_closed)
        self.track(w)
        return w

    def _welcome_closed(self) -> None:
        if self.session.declaration is None and self.frame.winfo_exists():
            self.show_current()   # the hint comes back

    def new_declaration(self) -> windows.NewDeclarationWindow:
        w = windows.NewDeclarationWindow(self)
        self.track(w)
        return w

    def create_declaration(self, year: int, department: str, unit: str, template_id: str) -> bool:
        return self.actions.create_declaration(year, department, unit, template_id)

    def open_sample(self) -> bool:
        path = self.services.sample_path
        if path is None or not path.exists():
            self.dialogs.error("找不到示例申报文件,安装可能不完整。")
            return False
        return self.import_path(path, sample=True)

    def import_bundle(self) -> None:
        path = self.dialogs.open_file("导入数据包", BUNDLE_TYPES, self.prefs.export_dir)
        if path is not None:
            self.import_path(path)

    def import_path(self, path: Path, sample: bool = False) -> bool:
        try:
            decl = self.services.bundles.read(path)
        except BundleFileError as exc:
            self.dialogs.error(exc.message, "无法导入")
            return False
        return self.actions.import_declaration(decl, path.name, sample=sample)

    def export_bundle(self) -> None:
        d = self.session.declaration
        if d is None:
            return
        path = self.dialogs.save_file("导出数据包", f"{d.year}年{d.department or '申报'}.json",
                                      BUNDLE_TYPES, ".json", self.prefs.export_dir)
        if path is None:
            return
        try:
            self.services.bundles.write(d, path)
        except BundleFileError as exc:
            self.dialogs.error(exc.message, "导出失败")
            return
        self.prefs.export_dir = str(path.parent)
        self.status(f"已导出数据包:{path}")

    def roll_forward(self) -> None:
        self.actions.roll_forward()



    def delete_declaration(self) -> None:
        self.actions.delete_declaration()

    def open_findings_overview(self) -> findings_overview.FindingsOverview | None:
        """检查结果汇总: the declaration's findings grouped by project (one window)."""
        if self.session.declaration is None:
            return None
        for child in self.children:
            if isinstance(child, findings_overview.FindingsOverview) and child.alive():
                child.reload()
                child.top.lift()
                return child
        w = findings_overview.FindingsOverview(self)
        self.track(w)
        return w

    def open_trash(self) -> windows.TrashWindow:
        w = windows.TrashWindow(self)
        self.track(w)
        return w

    def open_backups(self) -> windows.BackupWindow | None:
        if self.services.backups is None:
            self.dialogs.info("当前数据没有备份功能。", "恢复备份")
            return None
        w = windows.BackupWindow(self, self.services.backups)
        self.track(w)
        return w

    def restore_backup(self, name: str) -> bool:
        """Restore a backup (pending edits saved first) and show the restored data."""
        backups = self.services.backups
        if backups is None:
            return False
        try:
            result = backups.restore(name)
        except RepositoryError as exc:
            self.dialogs.error(exc.message, "无法恢复备份")
            self.decl_findings.clear()
            self.show_current()
            return False
        # Secondary windows (设置, 回收站 …) may hold the replaced declaration.
        for child in list(self.children):
            child.close()
        self.children = []
        self.actions.save_failed = False
        self.decl_findings.clear()
        self.show_current()
        self.status(result.message(), "success")
        return True

    def offer_restore(self, notes: str) -> bool:
        """At start after a damaged data file: offer its newest good backup; True if restored."""
        backups = self.services.backups
        offered = backups.offered if backups else None
        restored = False
        if offered is not None and self.dialogs.confirm(
                f"{notes}\n\n现在就恢复这份备份({offered.describe()})吗?\n"
                "选“否”将从空白数据开始,以后也可以在“文件 → 恢复备份”中恢复。",
                "数据文件已损坏", ok="是", cancel="否"):
            restored = self.restore_backup(offered.name)
        if self.session.declaration is None and not self._closing:
            self.show_welcome()
        return restored

    def open_settings(self, focus: str = "") -> windows.SettingsWindow | None:
        if self.session.declaration is None:
            self.dialogs.info("请先打开或新建一个申报。")
            return None
        w = windows.SettingsWindow(self, focus)
        self.track(w)
        return w

    def apply_declaration_settings(self) -> None:
        """After 设置 changed the declaration (template, units …): redraw everything."""
        self.actions.apply_settings()

    def undo_rename(self) -> None:
        """编辑 > 撤销单位改名: the old names back in the declaration and its projects."""
        self.actions.undo_rename()

    def edit_undo(self, redo: bool = False) -> bool:
        """编辑 > 撤销 / 重做: undo in the field (or indicator table) that has the focus."""
        w = self.root.focus_get()
        if w is None or w.winfo_toplevel() is not self.root.winfo_toplevel():
            self.status("请先点一下要撤销的输入框。")
            return False
        w.event_generate("<<Redo>>" if redo else "<<Undo>>")
        return True

    def set_ui_font(self, family: str, size: int) -> None:
        self.font_family = apply_ui_font(self.root, family, size)
        self.prefs.font_family = family
        self.prefs.font_size = size
        # A larger font needs a taller findings panel to show any row at all.
        with contextlib.suppress(tkinter.TclError):
            height = self.vpane.winfo_height()
            if height > 1:
                self.vpane.sashpos(0, self.findings_panel.sash(height, self.prefs.findings_height))

    # ============================================================ output

    def export_pdf(self, mode: str = "") -> windows.ExportWindow | None:
        mode = mode or windows.MODE_EXPORT
        if self.session.declaration is None:
            return None
        if self.services.exporter is None:
            self.dialogs.error("PDF 组件不可用,无法导出。请检查安装是否完整。")
            return None
        if not self.save_before_switch():
            return None
        w = windows.ExportWindow(self, mode)
        self.track(w)
        return w

    def print_declaration(self) -> windows.ExportWindow | None:
        return self.export_pdf(windows.MODE_PRINT)

    def show_print_preview(self, path: Path) -> PrintPreviewWindow:
        """打印预览 of a generated PDF: its pages, printer choice and copies."""
        from g60desk.ui.print_preview import PrintPreviewWindow
        w = PrintPreviewWindow(self, path)
        self.track(w)
        return w

    # ============================================================ help

    def show_help(self) -> HelpWindow:
        """帮助 > 使用说明: the guide shipped with the program, offline."""
        from g60desk.ui.help_window import HelpWindow
        w = HelpWindow(self)
        self.track(w)
        return w

    def show_shortcuts(self) -> None:
        self.dialogs.info(
            "Ctrl+N 新建项目\nCtrl+S 保存\nCtrl+E 导出 PDF\nCtrl+P 打印\nCtrl+F 查找项目\n"
            "Ctrl+Z / Ctrl+Y 撤销 / 重做\nCtrl+K 从指标库添加指标\nCtrl+M 添加满意度指标\n"
            "Tab / Shift+Tab 按表格顺序移动\n指标表格中:Insert 添加行,Delete 删除行,"
            "Ctrl+↑/↓ 移动行", "快捷键")

    def show_about(self) -> None:
        from g60desk import __version__
        self.dialogs.info(f"G60Desk {__version__}\n财政项目支出绩效目标申报工具\n\n"
                          f"数据文件夹:{self.services.data_dir}\n{self.services.storage_note}",
                          "关于 G60Desk")



def _fits(geometry: str, screen_w: int, screen_h: int) -> bool:
    """A remembered geometry is used only if the window would be on this screen."""
    import re
    m = re.match(r"^(\d+)x(\d+)([+-]-?\d+)([+-]-?\d+)$", geometry)
    if not m:
        return False
    w, h, x, y = (int(g) for g in m.groups())
    return (MIN_SIZE[0] <= w <= screen_w and MIN_SIZE[1] <= h <= screen_h
            and -w // 2 < x < screen_w - 100 and 0 <= y < screen_h - 100)
