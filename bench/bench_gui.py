"""Time the window: process start to the first usable paint with the sample, to the end
of the deferred start-up, and one findings refresh after a keystroke on an 80-indicator
project.

Usage: ``.venv/bin/python bench/bench_gui.py [--runs N]`` (needs a display; starts Xvfb
itself when DISPLAY is unset). Prints the figures that go into docs/performance.md (## GUI).

Startup: a data folder holding the Songjiang sample is prepared, then ``python main.py``
runs with ``G60DESK_BENCH_STARTUP=1``. The program prints ``startup_to_interactive_s``
at the first usable paint: the main window is mapped and has received its first
``<Visibility>`` event, and the idle pass after it (the redraw the exposure asked for)
has run, with the menu, toolbar, navigator (every project listed, no verdicts yet),
the findings panel (正在检查…) and the last project's 基本信息 tab filled in, all of it
accepting clicks and keys (MainWindow._after_first_paint). It then prints
``startup_complete_s`` once the deferred steps are done (the first check of every
project, the editor's other tabs built one per step) and quits. Times are measured by
this script from just before starting the process, so interpreter start and every
import count; bytecode is cached as in an installed program (one warm-up run).

The yardstick is a bare ttkbootstrap window (import, ``ttk.Window``, one Chinese label,
``wait_visibility`` and ``update``), run alternately with the program in the same loop
so that a loaded machine slows both alike; the ratio of the medians is printed.

Refresh: in this process, the sample's first project is blown up to 80 indicators (all
tabs built first); each round types one character into 项目名称 and times the refresh
the debounce runs (``MainWindow.refresh_checks``: checker, findings list, field states,
tab counts, navigator line, title). Baselines: bare ``tkinter.Tk()`` to first update,
and ``import ttkbootstrap``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _display() -> subprocess.Popen[bytes] | None:
    if os.environ.get("DISPLAY"):
        return None
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        sys.exit("需要显示器或 Xvfb。")
    for n in range(120, 160):
        if not Path(f"/tmp/.X{n}-lock").exists():
            proc = subprocess.Popen([xvfb, f":{n}", "-screen", "0", "1280x800x24", "-dpi", "96",
                                     "-nolisten", "tcp"], stderr=subprocess.DEVNULL)
            for _ in range(100):
                if Path(f"/tmp/.X11-unix/X{n}").exists():
                    os.environ["DISPLAY"] = f":{n}"
                    return proc
                time.sleep(0.05)
            proc.terminate()
    sys.exit("无法启动 Xvfb。")


def _prepare(home: Path) -> None:
    from g60desk import paths
    from g60desk.exchange.bundle import read_bundle
    from g60desk.services.store import StoreService
    from g60desk.storage import opener

    store = StoreService(opener(home))
    store.open()
    store.import_declaration(read_bundle(paths.sample_bundle()))
    store.close()


STEPS = "startup_steps_s="


def _timed(cmd: list[str], env: dict[str, str], marker: str,
           then: str | None = None,
           steps: dict[str, list[float]] | None = None) -> tuple[float, float | None]:
    """Seconds from just before the process starts to the line starting with ``marker``
    (and to the one starting with ``then``, when given). The program's start-up steps
    (``startup_steps_s=name=seconds;…``) go into ``steps``, by name."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT)
    assert proc.stdout is not None
    first: float | None = None
    for line in proc.stdout:
        if steps is not None and line.startswith(STEPS):
            for item in line[len(STEPS):].strip().split(";"):
                name, _, seconds = item.rpartition("=")
                steps.setdefault(name, []).append(float(seconds))
            continue
        if first is None and line.startswith(marker):
            first = time.perf_counter() - start
            if then is None:
                break
        elif then is not None and line.startswith(then):
            second = time.perf_counter() - start
            proc.wait(30)
            assert first is not None
            return first, second
    if first is not None and then is None:
        proc.wait(30)
        return first, None
    raise RuntimeError(f"no marker: {proc.stderr.read() if proc.stderr else ''}")


def startup(runs: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    py = sys.executable
    out: dict[str, list[float]] = {"python": [], "tk": [], "import": [], "ttkwindow": [],
                                   "window": [], "complete": []}
    steps: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "data"
        _prepare(home)
        env = dict(os.environ, G60DESK_HOME=str(home), G60DESK_BENCH_STARTUP="1")
        # Like an installed program: bytecode cached (the first, warm-up run writes it).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        window = [py, "main.py"]
        _timed(window, env, "startup_to_interactive", "startup_complete")
        bare = "import tkinter; r = tkinter.Tk(); r.update(); print('ready')"
        imp = "import ttkbootstrap; print('ready')"
        # The yardstick of the start-up goal: a bare ttkbootstrap window, mapped, drawn, idle.
        ttkwin = ("import ttkbootstrap as ttk; w = ttk.Window(title='bench');"
                  " ttk.Label(w, text='绩效目标').pack(); w.wait_visibility(); w.update();"
                  " print('ready', flush=True)")
        # Our modules alone, after ttkbootstrap (and the standard modules it needs), and
        # what Python spends building their dataclasses.
        ours = ("import time, dataclasses, ttkbootstrap\n"
                "spent = [0.0]\n"
                "real = dataclasses._process_class\n"
                "def timed(*a, **k):\n"
                "    t = time.perf_counter()\n"
                "    try:\n"
                "        return real(*a, **k)\n"
                "    finally:\n"
                "        spent[0] += time.perf_counter() - t\n"
                "dataclasses._process_class = timed\n"
                "t = time.perf_counter()\n"
                "from g60desk import start_cache\n"
                "start_cache.install()\n"
                "import g60desk.app, g60desk.ui.main_window\n"
                "print('ready', time.perf_counter() - t, spent[0], flush=True)")
        for _ in range(runs):
            line = subprocess.run([py, "-c", ours], env=env, cwd=ROOT, capture_output=True,
                                  text=True, check=True).stdout.split()
            out.setdefault("modules", []).append(float(line[1]))
            out.setdefault("dataclasses", []).append(float(line[2]))
            out["python"].append(_timed([py, "-c", "print('ready')"], env, "ready")[0])
            out["tk"].append(_timed([py, "-c", bare], env, "ready")[0])
            out["import"].append(_timed([py, "-c", imp], env, "ready")[0])
            out["ttkwindow"].append(_timed([py, "-c", ttkwin], env, "ready")[0])
            this_run: dict[str, list[float]] = {}
            painted, complete = _timed(window, env, "startup_to_interactive", "startup_complete",
                                       this_run)
            out["window"].append(painted)
            assert complete is not None
            out["complete"].append(complete)
            for name, seconds in this_run.items():
                steps.setdefault(name, []).extend(seconds)
            if this_run:  # before run(): the interpreter and the modules g60desk.app imports
                steps.setdefault("before run()", []).append(
                    painted - sum(v[0] for v in this_run.values()))
    return out, steps


def print_steps(s: dict[str, list[float]], steps: dict[str, list[float]]) -> None:
    """The first paint, step by step (medians), and what the window alone costs."""
    if not steps:
        return
    med = {k: statistics.median(v) for k, v in steps.items()}
    python = statistics.median(s["python"])
    first = med.pop("before run()")
    print("first usable paint, step by step (medians):")
    print(f"  interpreter start (python -c, measured beside): {python:.3f} s")
    print(f"  g60desk.app's modules (domain, templates, storage, services) and the standard "
          f"ones they import first, some ttkbootstrap's too: {max(first - python, 0.0):.3f} s")
    for name, seconds in med.items():
        print(f"  {name}: {seconds:.3f} s")
    modules = statistics.median(s["modules"])
    dataclass_s = statistics.median(s["dataclasses"])
    ours = modules + med.get("open the data (templates, database, last project)", 0.0)
    window = statistics.median(s["window"])
    yard = statistics.median(s["ttkwindow"])
    print(f"  our modules alone, imported after ttkbootstrap (measured beside): {modules:.3f} s,"
          f" of which building their dataclasses {dataclass_s:.3f} s")
    print(f"  our modules and the data: {ours:.3f} s; without them the first paint would "
          f"take {window - ours:.3f} s, {(window - ours) / yard:.2f}× the yardstick")


def refresh(rounds: int) -> tuple[list[float], list[float], int]:
    import ttkbootstrap as ttk

    from g60desk import app
    from g60desk.ui.i18n import install_chinese
    from g60desk.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "data"
        _prepare(home)
        os.environ["G60DESK_HOME"] = str(home)
        services = app.build_services(home)
        root = ttk.App(title="bench", theme="bootstrap-light", iconphoto=None)
        install_chinese()
        window = MainWindow(root, services)
        window.start()
        window.finish_startup()   # every tab built, as after the deferred start-up
        root.update()
        p = services.session.project
        assert p is not None
        p.indicators[:] = [type(r)(r.level1, r.level2, f"{r.name}{i}", r.target)
                           for i, r in enumerate((p.indicators * 7)[:80])]
        window.show_current()
        root.update()
        name = window.editor.fields["name"].widget  # type: ignore[union-attr]
        refresh_ms: list[float] = []
        keystroke_ms: list[float] = []
        findings = 0
        for i in range(rounds):
            t0 = time.perf_counter()
            name.insert("end", "测" if i % 2 == 0 else "")
            if i % 2:
                name.delete(len(name.get()) - 1)
            keystroke_ms.append((time.perf_counter() - t0) * 1000)
            t1 = time.perf_counter()
            window.refresh_checks()
            root.update_idletasks()
            refresh_ms.append((time.perf_counter() - t1) * 1000)
            findings = len(window.findings_panel.findings)
        window.destroy()
        services.shutdown()
        root.destroy()
    return refresh_ms, keystroke_ms, findings


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    xvfb = _display()
    try:
        s, steps = startup(args.runs)
        r, k, n = refresh(args.rounds)
    finally:
        if xvfb is not None:
            xvfb.terminate()
    print(f"machine: {platform.platform()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs")
    for key, label in (("python", "bare interpreter start (python -c print)"),
                       ("tk", "bare tkinter.Tk() to first update"),
                       ("import", "import ttkbootstrap"),
                       ("ttkwindow", "bare ttkbootstrap window, mapped and idle"),
                       ("window", "process start → first usable paint, sample loaded"),
                       ("complete", "process start → start-up complete (checks, all tabs)")):
        v = s[key]
        print(f"{label}: median {statistics.median(v):.3f} s, min {min(v):.3f} s, "
              f"max {max(v):.3f} s ({len(v)} runs)")
    # Side by side in the same run, so a loaded machine slows both alike.
    ratio = statistics.median(s["window"]) / statistics.median(s["ttkwindow"])
    print(f"start-up ratio to a bare ttkbootstrap window: {ratio:.2f}× (goal ≤ 1.30×)")
    # Each program run follows its own yardstick run: the median of those pairs' ratios
    # is less shaken by a load that comes and goes during the benchmark.
    pairs = statistics.median(w / t for w, t in zip(s["window"], s["ttkwindow"], strict=True))
    print(f"median of the per-run ratios (each run beside its yardstick): {pairs:.2f}×")
    # The fastest run of each: what the work costs when nothing else got in its way.
    fastest = min(s["window"]) / min(s["ttkwindow"])
    print(f"ratio of the fastest runs (least disturbed by the machine): {fastest:.2f}×")
    print_steps(s, steps)
    print(f"findings refresh after a keystroke, 80 indicators ({n} findings): "
          f"median {statistics.median(r):.1f} ms, p90 {sorted(r)[int(len(r) * 0.9)]:.1f} ms, "
          f"max {max(r):.1f} ms ({len(r)} rounds)")
    print(f"keystroke handling (model update, scheduling): median {statistics.median(k):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
