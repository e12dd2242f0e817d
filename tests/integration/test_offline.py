"""The program never touches the network: every socket operation is refused, commands still work.

A Python audit hook sees every socket creation, connect and name lookup, whatever library
tries it; the hook turns each into an error, so any attempt fails the command loudly.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import factories as fx

GUARD = """
import sys
# The host name (for the folder lock's owner line) is local information, not network use.
ALLOWED = {"socket.gethostname"}
def _no_network(event, args):
    if event.startswith("socket.") and event not in ALLOWED:
        raise RuntimeError(f"network use: {event}")
sys.addaudithook(_no_network)
sys.argv = ["main.py", *sys.argv[1:]]
from g60desk.cli import main
raise SystemExit(main())
"""


def run_offline(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "G60DESK_HOME": str(tmp_path / "home")}
    return subprocess.run([sys.executable, "-c", GUARD, *args], cwd=fx.ROOT, env=env,
                          capture_output=True, text=True, encoding=fx.CONSOLE_ENCODING, check=False)


def test_guard_really_blocks_sockets(tmp_path: Path) -> None:
    code = GUARD.replace("from g60desk.cli import main\nraise SystemExit(main())",
                         "import socket\nsocket.getaddrinfo('localhost', 80)")
    env = {**os.environ, "G60DESK_HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=False)
    assert proc.returncode != 0 and "network use: socket.getaddrinfo" in proc.stderr


@pytest.mark.parametrize("args", [
    ("selfcheck",),
    ("check", str(fx.SAMPLE), "--json"),
    ("pdf", str(fx.SAMPLE), "-o", "{tmp}/out.pdf"),
    ("import", str(fx.SAMPLE)),
])
def test_commands_work_without_network(tmp_path: Path, args: tuple[str, ...]) -> None:
    proc = run_offline(tmp_path, *(a.format(tmp=tmp_path) for a in args))
    assert "network use" not in proc.stderr
    assert proc.returncode in (0, 1), proc.stderr  # check exits 1: the sample has an error
    assert "Traceback" not in proc.stderr
