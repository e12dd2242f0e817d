#!/usr/bin/env bash
# The test command: install the pinned packages into .venv, then run ruff, mypy, the
# import contracts and pytest (GUI tests under Xvfb). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# System tools the tests use (Xvfb for the window, poppler for PDF text, a CJK font,
# LibreOffice Calc to print exported workbooks: about 35 s and 210 MB to install).
need=()
command -v xvfb-run >/dev/null || need+=(xvfb xauth)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v xdotool >/dev/null || need+=(xdotool)
command -v objdump >/dev/null || need+=(binutils)
command -v soffice >/dev/null || need+=(libreoffice-calc)
fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi
  if [ "$SUDO" = none ]; then
    echo "缺少系统软件包 / missing Debian packages: ${need[*]}" >&2
    echo "请先运行 / run first: sudo apt-get install -y ${need[*]}" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# G60DESK_VENV picks another environment (the build script uses its clean one).
VENV=${G60DESK_VENV:-.venv}
[ -x "$VENV/bin/python" ] || "${PYTHON:-python3}" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r requirements-dev.txt

echo "== ruff"; "$VENV/bin/ruff" check .
echo "== mypy"; "$VENV/bin/mypy"
echo "== import contracts"; "$VENV/bin/lint-imports" --no-cache | grep -E "KEPT|BROKEN|Contracts:"
echo "== pytest"
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x1024x24 -dpi 96" "$VENV/bin/python" -m pytest "$@"
fi
exec "$VENV/bin/python" -m pytest "$@"
