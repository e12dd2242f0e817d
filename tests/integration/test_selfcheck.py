"""``main.py selfcheck``: a passing report on a good setup, a clear failure on a bad folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import factories as fx


def run_selfcheck(home: Path, extra: dict[str, str] | None = None,
                  ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "G60DESK_HOME": str(home), **(extra or {})}
    return subprocess.run([sys.executable, str(fx.ROOT / "main.py"), "selfcheck"], env=env,
                          capture_output=True, text=True, encoding=fx.CONSOLE_ENCODING, check=False)


def test_selfcheck_passes_and_leaves_only_an_empty_data_folder(tmp_path: Path) -> None:
    home = tmp_path / "data"
    proc = run_selfcheck(home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for title in ("模板和指标库", "监控表和自评表", "字体", "界面字体", "数据文件夹", "生成 PDF",
                  "打印预览"):
        assert f"[通过] {title}" in proc.stdout
    assert "自检通过" in proc.stdout
    assert list(home.iterdir()) == []  # probed, not filled


def test_selfcheck_reports_an_unusable_data_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    proc = run_selfcheck(blocker / "data")
    assert proc.returncode == 1
    assert "[失败] 数据文件夹" in proc.stdout
    assert "[通过] 生成 PDF" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def _fake_cups(tmp_path: Path, *, lpstat_a: str, lpstat_d: str) -> dict[str, str]:
    """A PATH whose ``lp``/``lpstat`` print what a CUPS client would print."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "lp").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    (bin_dir / "lpstat").write_text(
        '#!/bin/sh\nif [ "$1" = -a ]; then printf "%s" "$A"; else printf "%s" "$D"; fi\n',
        encoding="utf-8")
    for f in bin_dir.iterdir():
        f.chmod(0o755)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "A": lpstat_a, "D": lpstat_d}


# On Windows the listing goes through winspool: build/smoke-windows.sh runs that one.
@pytest.mark.skipif(sys.platform == "win32", reason="CUPS client programs")
def test_selfcheck_lists_the_printers_the_print_dialog_offers(tmp_path: Path) -> None:
    extra = _fake_cups(tmp_path,
                       lpstat_a="Office_A accepting requests since Mon 01 Dec 2026\n"
                                "HP_Floor2 accepting requests since Mon 01 Dec 2026\n",
                       lpstat_d="system default destination: HP_Floor2\n")
    proc = run_selfcheck(tmp_path / "data", extra)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The default first, as in the print dialog's choice box.
    assert "[通过] 打印:2 台打印机(HP_Floor2、Office_A),默认:HP_Floor2" in proc.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="CUPS client programs")
def test_selfcheck_without_printers_says_what_to_do_and_still_passes(tmp_path: Path) -> None:
    extra = _fake_cups(tmp_path, lpstat_a="", lpstat_d="no system default destination\n")
    proc = run_selfcheck(tmp_path / "data", extra)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[提示] 打印:本机还没有添加打印机。" in proc.stdout
    assert "导出 PDF" in proc.stdout and "自检通过" in proc.stdout
