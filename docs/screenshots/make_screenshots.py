"""Take the README's screenshots: every editor tab with the sample loaded, at 1280×800
and 1024×768, each under its own Xvfb screen of exactly that size.

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
SIZES = ((1280, 800), (1024, 768))
TABS = ("basic", "sections", "funding", "goals", "indicators")


def shoot(width: int, height: int) -> None:
    """Runs inside the Xvfb screen (DISPLAY set): one PNG per tab."""
    sys.path.insert(0, str(ROOT))
    import ttkbootstrap as ttk

    from g60desk import app
    from g60desk.ui.i18n import install_chinese
    from g60desk.ui.main_window import MainWindow

    home = Path(tempfile.mkdtemp(prefix="g60desk-shots-"))
    os.environ["G60DESK_HOME"] = str(home)
    services = app.build_services(home)
    root = ttk.App(title="G60Desk", theme="bootstrap-light", iconphoto=None)
    install_chinese()
    window = MainWindow(root, services)
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
    window.prefs.nav_width = 300 if width > 1100 else 250
    window.prefs.findings_height = 170 if height > 780 else 150
    window._restore_sashes()
    decl = services.session.declaration
    assert decl is not None
    for tab in TABS:
        # The first project shows most; 课题与规划 has findings worth showing on 绩效指标.
        index = 3 if tab == "indicators" else 0
        window.on_nav_select(decl.id, decl.projects[index].id)
        assert window.editor is not None
        window.editor.select_tab(tab)
        if tab == "indicators":
            window.editor.indicators.select(9)
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            root.update()
            time.sleep(0.02)
        out = HERE / f"{tab}-{width}x{height}.png"
        raw = out.with_suffix(".raw.png")
        subprocess.run(["import", "-window", "root", str(raw)], check=True)
        subprocess.run(["convert", str(raw), "-colors", "128", "-strip", f"PNG8:{out}"],
                       check=True)
        raw.unlink()
        print(out.relative_to(ROOT), out.stat().st_size // 1024, "KB")
    window.destroy()
    services.shutdown()
    root.destroy()


def main() -> int:
    if len(sys.argv) == 3:
        shoot(int(sys.argv[1]), int(sys.argv[2]))
        return 0
    for n, (w, h) in enumerate(SIZES):
        display = f":{171 + n}"
        xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{w}x{h}x24", "-dpi", "96",
                                 "-nolisten", "tcp"], stderr=subprocess.DEVNULL)
        try:
            time.sleep(1.0)
            env = dict(os.environ, DISPLAY=display)
            subprocess.run([sys.executable, __file__, str(w), str(h)], env=env, check=True)
        finally:
            xvfb.terminate()
            xvfb.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
