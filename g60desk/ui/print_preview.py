"""打印预览: the generated PDF's real pages, page by page, with printer and copies.

The pages are rendered by ``services.preview`` (PDFium); which printers there are and
which command prints come from ``services.printing``. This module only lays them out.
"""

from __future__ import annotations

import tkinter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ttkbootstrap as ttk

from g60desk.services import printing, system
from g60desk.services.preview import PdfPages, PreviewError, PreviewState, fit_zoom, next_zoom
from g60desk.ui.dialog_base import _Toplevel

if TYPE_CHECKING:
    from g60desk.ui.host import Host

DEFAULT_PRINTER = "(系统默认打印机)"


class PrintPreviewWindow(_Toplevel):
    """Shows ``path`` page by page; 打印 sends it to the chosen printer, N copies."""

    def __init__(self, win: Host, path: Path) -> None:
        # Fits 1024×768 and 1366×768 with room for the window frame.
        width = min(820, win.root.winfo_screenwidth() - 40)
        height = min(700, win.root.winfo_screenheight() - 90)
        super().__init__(win, f"打印预览 - {path.name}", size=(width, height))
        self.path = path
        self.pages: PdfPages | None = None
        self.photo: Any = None
        self.printed: list[str] = []
        try:
            self.pages = PdfPages(path)
        except PreviewError as exc:
            problem = exc.message
        else:
            problem = ""
        self.state = PreviewState(self.pages.count if self.pages else 0)
        b = self.body
        b.columnconfigure(0, weight=1)
        b.rowconfigure(1, weight=1)

        nav = ttk.Frame(b)
        nav.grid(row=0, column=0, sticky="ew", pady=(0, 6))
        nav.columnconfigure(1, weight=1)
        pages = ttk.Frame(nav)
        pages.grid(row=0, column=0, sticky="w")
        self.first_button = ttk.Button(pages, text="首页", bootstyle="secondary-outline",
                                       command=lambda: self._go(first=True))
        self.back_button = ttk.Button(pages, text="上一页", bootstyle="secondary-outline",
                                      command=lambda: self._go(-1))
        self.page_label = ttk.Label(pages, text="", width=12, anchor="center")
        self.forward_button = ttk.Button(pages, text="下一页", bootstyle="secondary-outline",
                                         command=lambda: self._go(1))
        self.last_button = ttk.Button(pages, text="末页", bootstyle="secondary-outline",
                                      command=lambda: self._go(last=True))
        self.first_button.pack(side="left", padx=(0, 4))
        self.back_button.pack(side="left", padx=(0, 4))
        self.page_label.pack(side="left", padx=(0, 4))
        self.forward_button.pack(side="left", padx=(0, 4))
        self.last_button.pack(side="left", padx=(0, 4))
        self.zoom_bar = zoom = ttk.Frame(nav)
        zoom.grid(row=0, column=2, sticky="e")
        self.zoom_label = ttk.Label(zoom, text="", width=5, anchor="e")
        self.zoom_label.pack(side="left", padx=(0, 8))
        self.zoom_out_button = ttk.Button(zoom, text="缩小", bootstyle="secondary-outline",
                                          command=lambda: self._zoom(-1))
        self.zoom_out_button.pack(side="left", padx=(0, 4))
        self.zoom_in_button = ttk.Button(zoom, text="放大", bootstyle="secondary-outline",
                                         command=lambda: self._zoom(1))
        self.zoom_in_button.pack(side="left", padx=(0, 4))
        self.fit_button = ttk.Button(zoom, text="适合窗口", bootstyle="info-outline",
                                     command=self.zoom_to_fit)
        self.fit_button.pack(side="left")
        # A large font on a small screen: the zoom buttons go to a second row.
        self.top.update_idletasks()
        if pages.winfo_reqwidth() + zoom.winfo_reqwidth() + 12 > width - 28:
            zoom.grid(row=1, column=0, columnspan=3, sticky="w", pady=(4, 0))

        view = ttk.Frame(b)
        view.grid(row=1, column=0, sticky="nsew")
        view.columnconfigure(0, weight=1)
        view.rowconfigure(0, weight=1)
        self.canvas = tkinter.Canvas(view, background="#8a8a8a", highlightthickness=0,
                                     width=width - 60, height=max(200, height - 260))
        self.canvas.grid(row=0, column=0, sticky="nsew")
        ys = ttk.Scrollbar(view, orient="vertical", command=self.canvas.yview)
        ys.grid(row=0, column=1, sticky="ns")
        xs = ttk.Scrollbar(view, orient="horizontal", command=self.canvas.xview)
        xs.grid(row=1, column=0, sticky="ew")
        self.canvas.configure(yscrollcommand=ys.set, xscrollcommand=xs.set)
        self.canvas.bind("<Configure>", lambda e: self._resized())

        self.env = win.services.print_env()
        out = ttk.Frame(b)
        out.grid(row=2, column=0, sticky="ew", pady=(8, 0))
        ttk.Label(out, text="打印机").pack(side="left", padx=(0, 4))
        choices = self.env.choices() or [DEFAULT_PRINTER]
        self.printer = tkinter.StringVar(master=self.top, value=choices[0])
        self.printer_box = ttk.Combobox(out, textvariable=self.printer, values=choices,
                                        state="readonly", width=24)
        self.printer_box.pack(side="left", padx=(0, 10))
        ttk.Label(out, text="份数").pack(side="left", padx=(0, 4))
        self.copies = tkinter.StringVar(master=self.top, value="1")
        self.copies_box = ttk.Spinbox(out, textvariable=self.copies, from_=1,
                                      to=printing.MAX_COPIES, width=4)
        self.copies_box.pack(side="left")
        bar = ttk.Frame(b)
        bar.grid(row=3, column=0, sticky="ew", pady=(8, 0))
        self.close_button = ttk.Button(bar, text="关闭", bootstyle="secondary", command=self.close)
        self.close_button.pack(side="right")
        self.print_button = ttk.Button(bar, text="打印", bootstyle="primary", command=self.print)
        self.print_button.pack(side="right", padx=(0, 6))
        self.open_button = ttk.Button(bar, text="用其他程序打开", bootstyle="info-outline",
                                      command=self.open_file)
        self.open_button.pack(side="left")
        self.message = ttk.Label(b, text="", wraplength=width - 60, justify="left")
        self.message.grid(row=4, column=0, sticky="w", pady=(6, 0))
        unavailable = self.env.unavailable()
        if unavailable:
            self.print_button.configure(state="disabled")
            self.printer_box.configure(state="disabled")
            self.copies_box.configure(state="disabled")
            self.message.configure(text=unavailable, bootstyle="warning")
        if problem:
            self.message.configure(text=problem, bootstyle="danger")
        self.top.bind("<Prior>", lambda e: self._go(-1))
        self.top.bind("<Next>", lambda e: self._go(1))
        self.top.bind("<Home>", lambda e: self._go(first=True))
        self.top.bind("<End>", lambda e: self._go(last=True))
        self.place()
        self.print_button.focus_set()
        self.show()

    # ------------------------------------------------------------ pages

    def _go(self, delta: int = 0, first: bool = False, last: bool = False) -> None:
        if first:
            self.state.first()
        elif last:
            self.state.last()
        else:
            self.state.go(delta)
        self.show()

    def _zoom(self, step: int) -> None:
        self.state.zoom = next_zoom(self.state.zoom, step)
        self.state.fit = False
        self.show()

    def zoom_to_fit(self) -> None:
        self.state.fit = True
        self.show()

    def _resized(self) -> None:
        if self.state.fit:
            self.show()

    def show(self) -> None:
        """Draw the current page at the current zoom; update buttons and labels."""
        st = self.state
        enabled = self.pages is not None and st.count > 0
        for button, ok in ((self.first_button, st.can_back), (self.back_button, st.can_back),
                           (self.forward_button, st.can_forward),
                           (self.last_button, st.can_forward)):
            button.configure(state="normal" if enabled and ok else "disabled")
        if not enabled or self.pages is None:
            self.page_label.configure(text="无页面")
            return
        if st.fit:
            self.top.update_idletasks()
            w, h = self.pages.size(st.page)
            box_w, box_h = self.canvas.winfo_width(), self.canvas.winfo_height()
            if box_w <= 1 or box_h <= 1:   # not drawn yet: the size it asked for
                box_w, box_h = self.canvas.winfo_reqwidth(), self.canvas.winfo_reqheight()
            st.zoom = fit_zoom(w, h, box_w, box_h)
        from PIL import ImageTk
        image = self.pages.render(st.page, st.zoom)
        self.photo = ImageTk.PhotoImage(image, master=self.top)
        self.canvas.delete("all")
        cw = max(self.canvas.winfo_width(), 1)
        x = max(image.width, cw) // 2
        self.canvas.create_image(x, 8, image=self.photo, anchor="n", tags="page")
        self.canvas.configure(scrollregion=(0, 0, max(image.width, cw), image.height + 16))
        self.canvas.yview_moveto(0)
        self.page_label.configure(text=st.label())
        self.zoom_label.configure(text=st.zoom_label())
        # Pressed-looking while the page follows the window's size.
        self.fit_button.configure(bootstyle="info" if st.fit else "info-outline")

    # ------------------------------------------------------------ printing

    def request(self) -> printing.PrintRequest:
        """The printer and copies chosen; PrintError for an unusable copies box."""
        copies = printing.parse_copies(self.copies.get())
        name = self.printer.get()
        return printing.PrintRequest(printer=None if name == DEFAULT_PRINTER else name,
                                     copies=copies)

    def print(self) -> bool:
        try:
            plan = printing.plan_print(self.path, self.request(), self.env)
            note = self.win.services.printer.execute(self.path, plan)
        except printing.PrintError as exc:
            self.message.configure(text=exc.message, bootstyle="danger")
            return False
        self.printed.append(note)
        self.message.configure(text=note, bootstyle="success")
        self.win.status(note)
        return True

    def open_file(self) -> None:
        try:
            system.open_file(self.path)
        except system.OsActionError as exc:
            self.message.configure(text=exc.message, bootstyle="danger")

    def close(self) -> None:
        if self.pages is not None:
            self.pages.close()
            self.pages = None
        super().close()
