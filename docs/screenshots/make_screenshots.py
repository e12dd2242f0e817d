"""Take the README's screenshots: every editor tab with the sample loaded, at 1366×768
and 1024×768, each under its own Xvfb screen of exactly that size; at 1366×768 also
检查结果汇总, and at 1024×768 with font size 16 the 项目资金 and 绩效指标 tabs and 设置
(``*-1024x768-font16.png``).

    .venv/bin/python docs/screenshots/make_screenshots.py

Needs Xvfb, ImageMagick (``import``, ``convert``) and a CJK font (fonts-noto-cjk).
The data folder is a temporary one; the user's data is never touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# (width, height, font size or 0 for the default, the tabs, extra windows)
SHOTS = ((1366, 768, 0, ("basic", "sections", "funding", "goals", "indicators"), ("overview",)),
         (1024, 768, 0, ("basic", "sections", "funding", "goals", "indicators"), ()),
         (1024, 768, 16, ("funding", "indicators"), ("settings",)))


def _grab(root: object, out: Path) -> None:
    import tkinter
    assert isinstance(root, tkinter.Misc)
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        root.update()
        time.sleep(0.02)
    raw = out.with_suffix(".raw.png")
    subprocess.run(["import", "-window", "root", str(raw)], check=True)
    subprocess.run(["convert", str(raw), "-colors", "128", "-strip", f"PNG8:{out}"],
                   check=True)
    raw.unlink()
    print(out.relative_to(ROOT), out.stat().st_size // 1024, "KB")


def shoot(width: int, height: int, font: int = 0, tabs: tuple[str, ...] = (),
          extras: tuple[str, ...] = ()) -> None:
    """Runs inside the Xvfb screen (DISPLAY set): one PNG per tab."""
    sys.path.insert(0, str(ROOT))
    import ttkbootstrap as ttk

    from g60desk import app
    from g60desk.services.preferences import Preferences
    from g60desk.ui.i18n import install_chinese
    from g60desk.ui.main_window import MainWindow

    home = Path(tempfile.mkdtemp(prefix="g60desk-shots-"))
    os.environ["G60DESK_HOME"] = str(home)
    services = app.build_services(home)
    root = ttk.App(title="G60Desk", theme="bootstrap-light", iconphoto=None)
    install_chinese()
    window = MainWindow(root, services)
    if font:
        window.set_ui_font(window.font_family, font)
    suffix = f"{width}x{height}" + (f"-font{font}" if font else "")
    root.geometry(f"{width}x{height}+0+0")
    window.start()
    window.open_sample()
    root.update()
    # Without a window manager the menu bar sits above the window's area: fit the
    # whole window, menu included, to the screen.
    root.geometry(f"{width}x{height}+0+0")
    root.update()
    menu = root.winfo_rooty()
    root.geometry(f"{width}x{height - menu}+0+0")
    # The dividers where a first start puts them (nothing remembered).
    defaults = Preferences()
    window.prefs.nav_width = defaults.nav_width
    window.prefs.findings_height = defaults.findings_height
    window._restore_sashes()
    decl = services.session.declaration
    assert decl is not None
    for tab in tabs:
        # The first project shows most; 课题与规划 has findings worth showing on 绩效指标.
        index = 3 if tab == "indicators" else 0
        window.on_nav_select(decl.id, decl.projects[index].id)
        assert window.editor is not None
        window.editor.select_tab(tab)
        if tab == "indicators":
            # The row with a finding, and that finding: its whole text shows under the list.
            window.editor.indicators.select(6)
            panel = window.findings_panel
            if panel.findings:
                panel.tree.selection_set("0")
        _grab(root, HERE / f"{tab}-{suffix}.png")
    for extra in extras:
        # 课题与规划 open; the window lists the whole declaration, grouped by project.
        window.on_nav_select(decl.id, decl.projects[3].id)
        child = window.open_findings_overview() if extra == "overview" else window.open_settings()
        assert child is not None
        _grab(root, HERE / f"{extra}-{suffix}.png")
        child.close()
    window.destroy()
    services.shutdown()
    root.destroy()


def main() -> int:
    if len(sys.argv) == 2:
        shoot(*SHOTS[int(sys.argv[1])])
        return 0
    for n, (w, h, *_) in enumerate(SHOTS):
        display = f":{171 + n}"
        xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{w}x{h}x24", "-dpi", "96",
                                 "-nolisten", "tcp"], stderr=subprocess.DEVNULL)
        try:
            time.sleep(1.0)
            env = dict(os.environ, DISPLAY=display)
            subprocess.run([sys.executable, __file__, str(n)], env=env, check=True)
        finally:
            xvfb.terminate()
            xvfb.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
