"""Start-up in steps: the first screen is drawn before the checks and the other tabs.

The window opens the last declaration with the project's 基本信息 tab only; once it is
on screen (MainWindow._after_first_paint) the first check runs and the other tabs are
built one per step. These tests start a second window on a data folder that already
holds the sample (as a clerk's second start does) and act before the steps are done.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tkinter
from pathlib import Path
from typing import Any

from g60desk.services import locate as loc
from g60desk.services.fields import field_text
from g60desk.ui.findings_panel import CHECKING
from tests.gui.conftest import Harness, type_into

ROOT = Path(__file__).resolve().parents[2]


def _second_start(root: Any, home: Path, project: int = 1) -> Harness:
    """The sample imported and left on ``project``; then a new window, drawn but with
    its deferred start-up not run yet."""
    first = Harness(root, home).start_with_sample(project=project)
    first.close()
    h = Harness(root, home)
    # Steps slow enough that the test acts between them (the program uses 1 ms).
    h.window.startup_step_ms = 300
    h.window.start()
    h.pump(lambda: h.window.painted)
    assert h.editor.pending and not h.window.started
    return h


def test_first_paint_shows_the_project_before_checks_and_other_tabs(root: Any,
                                                                   home: Path) -> None:
    h = _second_start(root, home)
    try:
        w = h.window
        ed = h.editor
        p = h.session.project
        assert p is not None and h.session.project_index == 1
        # Drawn: the navigator with the sample's projects, the first tab with the project.
        assert w.root.winfo_viewable() and ed.fields["name"].widget.winfo_viewable()
        assert ed.fields["name"].get() == p.name
        assert len(w.navigator.project_items()) == 4
        # Not yet: the checks (a neutral state, no verdict) and the other tabs.
        assert ed.pending and not w.started
        assert all(key in ed.tabs for key in ed.pending)  # their titles are there
        # A tab not built yet is an empty frame: its scrolling page (canvas, scrollbars)
        # comes when it is built.
        assert all(not ed.tabs[key].winfo_children() for key in ed.pending)
        assert set(ed.pages) == {"basic"}
        h.pump(lambda: w.started)
        assert not ed.pending
        assert {"basic", "funding", "indicators"} <= set(ed.pages)
        assert all(page.frame is ed.tabs[key] for key, page in ed.pages.items())
        assert w.findings_panel.summary.cget("text") != CHECKING
        assert h.findings(), "the sample's second project has findings"
        texts = [w.navigator.tree.item(i, "text") for i in w.navigator.project_items()]
        assert not any(t.startswith("…") for t in texts), texts
    finally:
        h.close()


def test_panel_says_checking_until_the_first_check(root: Any, home: Path) -> None:
    first = Harness(root, home).start_with_sample(project=1)
    first.close()
    h = Harness(root, home)
    try:
        h.window.start()   # not pumped: nothing has been drawn yet
        assert h.window.findings_panel.summary.cget("text") == CHECKING
        texts = [h.window.navigator.tree.item(i, "text")
                 for i in h.window.navigator.project_items()]
        assert texts and all(t.startswith("…") for t in texts), texts
        assert h.editor.pending
        h.pump(lambda: h.window.started)
        assert h.window.findings_panel.summary.cget("text") != CHECKING
    finally:
        h.close()


def _click_tab(nb: Any, index: int) -> None:
    """A mouse click on the notebook's tab ``index``, where it is drawn."""
    nb.update_idletasks()
    y = 8
    for x in range(2, nb.winfo_width(), 3):
        try:
            found = nb.index(f"@{x},{y}")
        except tkinter.TclError:   # no tab under this point
            continue
        if found == index:
            nb.event_generate("<ButtonPress-1>", x=x, y=y)
            nb.event_generate("<ButtonRelease-1>", x=x, y=y)
            return
    raise AssertionError(f"tab {index} not found on the notebook")


def test_a_tab_clicked_right_after_start_is_built_and_shows_the_project(root: Any,
                                                                        home: Path) -> None:
    h = _second_start(root, home)
    try:
        ed = h.editor
        p = h.session.project
        assert p is not None
        target = loc.TAB_FUNDING
        tab_index = list(ed.tabs).index(target)
        _click_tab(ed.notebook, tab_index)
        h.pump()
        assert ed.current_tab() == target
        assert target not in ed.pending
        shape = h.session.template.shape
        for key in shape.funding_keys:
            field = ed.fields[f"funding.{key}"]
            assert field.get() == field_text(shape, p, f"funding.{key}")
            assert field.widget.winfo_viewable()
        shown = [ed.wan_labels[k].cget("text") for k in shape.funding_keys
                 if p.funding.get(k) is not None]
        assert shown and all(t.startswith("= ") for t in shown)
        # The checks arrive later and mark the built tab's fields too.
        h.pump(lambda: h.window.started)
        counts = ed.tab_counts
        title = ed.notebook.tab(ed.tabs[target], "text")
        assert title == (f"{loc.tab_title(target, h.session.template)} ({counts[target]})"
                         if counts[target] else loc.tab_title(target, h.session.template))
    finally:
        h.close()


def test_the_indicator_tab_built_on_demand_lists_the_rows(root: Any, home: Path) -> None:
    h = _second_start(root, home, project=0)
    try:
        p = h.session.project
        assert p is not None
        h.editor.select_tab(loc.TAB_INDICATORS)   # as the Ctrl+K / jump paths do
        tab = h.editor.indicators
        assert len(tab.tree.get_children()) == len(p.indicators)
        h.pump(lambda: h.window.started)
        assert len(tab.tree.get_children()) == len(p.indicators)
    finally:
        h.close()


def test_edits_during_the_deferred_start_are_kept(root: Any, home: Path) -> None:
    h = _second_start(root, home)
    try:
        ed = h.editor
        name = ed.fields["name"]
        type_into(name.widget, "启动时改的名称")
        # A tab built on demand, typed into while others are still pending.
        ed.select_tab(loc.TAB_GOALS)
        # The annual goal (the overall one may be locked to it by 与年度目标相同).
        slot = ed.same_pair[1] if ed.same_pair else h.session.template.goals[0].key
        goal = ed.fields[slot]
        type_into(goal.widget, "启动时写的目标")
        h.pump(lambda: h.window.started)
        assert not ed.pending
        assert name.get() == "启动时改的名称"
        assert goal.get() == "启动时写的目标"
        p = h.session.project
        assert p is not None and p.name == "启动时改的名称" and p.goals[slot] == "启动时写的目标"
        # Undo still knows the typing (a rebuilt or reloaded field would have forgotten it).
        assert name.history.undo() is not None
        assert h.window.save_now()
        home_id = h.session.declaration.id  # type: ignore[union-attr]
    finally:
        h.close()
    again = Harness(root, home).start()
    try:
        d = again.session.declaration
        assert d is not None and d.id == home_id
        assert d.projects[1].name == "启动时改的名称"
        assert d.projects[1].goals[slot] == "启动时写的目标"
    finally:
        again.close()


def test_closing_during_the_deferred_start_is_safe(root: Any, home: Path) -> None:
    h = _second_start(root, home)
    h.close()
    h.pump()   # the pending steps were cancelled with the window: nothing raises


PROBE = """
import gc, json, sys
gc.disable()   # as main.py does for the window
from pathlib import Path
from g60desk import start_cache
start_cache.install(Path(sys.argv[2]), writable=True)   # as main.py does
from g60desk.ui.toolkit import import_ttkbootstrap
import_ttkbootstrap()   # as app.run does, before any window module
import g60desk.ui.main_window as mw
from g60desk import app

def loaded():
    # A module in sys.modules may still be a lazy one (g60desk.ui.lazy) never touched.
    return [m for m in WATCH if m in sys.modules
            and type(sys.modules[m]).__name__ != "_LazyModule"]

WATCH = ("reportlab", "openpyxl", "pypdfium2", "g60desk.pdf", "g60desk.rules.checker",
         "g60desk.rules.review", "g60desk.exchange.workbook", "g60desk.ui.cycle",
         "g60desk.ui.windows", "g60desk.ui.print_preview")
report = {}
real_build = app.build_services

def build(data_dir, **kw):
    services = real_build(data_dir, **kw)
    read = services.library
    def library():
        report.setdefault("library_read_at", "paint" if "paint" not in report else "later")
        return read()
    services.library = library
    return services

app.build_services = build
real_start = mw.MainWindow.start

def start(self):
    real_start(self)
    def painted():
        report["paint"] = loaded()
        report["paint_metadata"] = [m for m in ("importlib.metadata", "email")
                                    if m in sys.modules]
        report["root_bindings"] = (self.root.bind("<Map>") + self.root.bind("<Configure>")
                                   + self.root.bind_all("<Map>")
                                   + self.root.bind("<Visibility>"))
        report["cache"] = start_cache.stats()
        report["im_at_paint"] = self.root.tk.call("tk", "useinputmethods")
        report["gc_at_paint"] = gc.isenabled()
    def started():
        report["started"] = loaded()
        report["im_started"] = self.root.tk.call("tk", "useinputmethods")
        report["gc_started"] = gc.isenabled()
        # 0 again if this Tk has no input method to use
        report["im_possible"] = self.root.tk.call("tk", "useinputmethods", "1")
        s = self.session
        self.library_for(s.template)
        out = sys.argv[1]
        app.PdfRenderer().render(s.declaration, s.template, __import__("pathlib").Path(out),
                                 project_ids=None, error_count=0,
                                 progress=lambda a, b: None, cancelled=lambda: False)
        app.ExchangeWorkbooks().write(s.declaration, s.template,
                                      __import__("pathlib").Path(out + ".xlsx"))
        report["used"] = loaded()
        report["icon"] = getattr(self.root, "_g60_icon", None) is not None
        print("REPORT" + json.dumps(report), flush=True)
        self.request_close()
    self.on_first_paint.append(painted)
    self.on_started.append(started)

mw.MainWindow.start = start
sys.exit(app.run())
"""


def test_first_paint_loads_no_pdf_excel_rules_or_library(root: Any, home: Path,
                                                         tmp_path: Path) -> None:
    """In a fresh process: nothing of the PDF, Excel, preview, review rules or the
    indicator library is loaded before the first paint; each loads when used."""
    Harness(root, home).start_with_sample(project=0).close()
    env = dict(os.environ, G60DESK_HOME=str(home))
    reports = []
    for _ in range(2):   # the second start finds its dataclass methods compiled, its forms parsed
        out = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "out.pdf"),
                              str(tmp_path / "start-cache.bin")],
                             capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
        line = next((x for x in out.stdout.splitlines() if x.startswith("REPORT")), None)
        assert line is not None, out.stderr[-3000:]
        reports.append(json.loads(line[len("REPORT"):]))
    first, report = reports
    assert first["cache"]["compiled"] > 50 and first["cache"]["parsed"] >= 3
    assert report["cache"]["compiled"] == 0 and report["cache"]["parsed"] == 0, report
    assert first["cache"]["patterns"] > 20 and report["cache"]["patterns"] == 0, report
    assert report["cache"]["hits"] > 300
    # ttkbootstrap's theme images came from their PNG copies (g60desk/ui/toolkit.py).
    assert first["cache"]["blobs"] == 0 and report["cache"]["blobs"] >= 15, report
    assert report["paint"] == [], report
    # ttkbootstrap came without the package-metadata machinery, and the root window
    # without its per-widget bindings (g60desk/ui/toolkit.py).
    assert report["paint_metadata"] == [], report
    assert report["root_bindings"] == "", report
    # No X input context was made before the first paint; input methods are on again
    # after it (g60desk/ui/toolkit.py, input_methods_later).
    assert report["im_at_paint"] == 0, report
    assert report["im_started"] == report["im_possible"], report
    # The garbage collector main.py turned off is on again once the window is drawn.
    assert report["gc_at_paint"] is False and report["gc_started"] is True, report
    assert "library_read_at" not in report or report["library_read_at"] == "later"
    # The first check ran after the paint; the other tabs' modules came with them.
    assert {"g60desk.rules.checker", "g60desk.rules.review", "g60desk.ui.cycle"} <= set(
        report["started"])
    assert "reportlab" not in report["started"] and "openpyxl" not in report["started"]
    # Used: the PDF and the workbook load their libraries, the library is read.
    assert {"reportlab", "g60desk.pdf", "openpyxl", "g60desk.exchange.workbook"} <= set(
        report["used"])
    assert report["library_read_at"] == "later"
    assert (tmp_path / "out.pdf").stat().st_size > 1000
    assert report["icon"], "the window's icon is set once the window is drawn"


def test_a_failing_first_paint_step_does_not_keep_the_others_from_running(
        root: Any, home: Path) -> None:
    """The steps run at the first paint (input methods and the garbage collector back
    on, the log line, the icon) each run even when one before it fails; the failure is
    reported as any failing callback is."""
    h = Harness(root, home)
    ran: list[str] = []

    def fails() -> None:
        ran.append("fails")
        raise RuntimeError("probe")

    h.window.on_first_paint[:0] = [fails]
    h.window.on_first_paint.append(lambda: ran.append("later"))
    try:
        h.window.start()
        h.pump(lambda: h.window.painted)
        assert ran == ["fails", "later"]
        caught = h.window.reporter.caught   # the error dialog went to the fake dialogs
        assert [str(e) for e in caught] == ["probe"]
        caught.clear()                      # expected here: not a failure of the test
        h.pump(lambda: h.window.started)
    finally:
        h.close()
