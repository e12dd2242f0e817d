"""导出 PDF and 打印: which projects, where to, with progress and 取消."""

from __future__ import annotations

import tkinter
import tkinter.font
from pathlib import Path
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from g60desk.services import system
from g60desk.services.export import ExportJob, JobState, default_filename
from g60desk.ui.dialog_base import MODE_EXPORT, MODE_PRINT, _Toplevel, watch
from g60desk.ui.dialogs import PDF_TYPES

if TYPE_CHECKING:
    from g60desk.ui.host import Host


class ExportWindow(_Toplevel):
    """导出PDF (or 打印): what to include, where, progress with cancel, then open/print."""

    def __init__(self, win: Host, mode: str = MODE_EXPORT) -> None:
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
