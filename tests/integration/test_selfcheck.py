"""``main.py selfcheck``: a passing report on a good setup, a clear failure on a bad folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests import factories as fx


def run_selfcheck(home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "G60DESK_HOME": str(home)}
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
