#!/usr/bin/env bash
# Smoke-test the Windows zip under Wine as a unit's PC would run it: a fresh Wine prefix
# with no Python, the program unzipped into a long Chinese path with spaces.
#   bash build/smoke-windows.sh [dist/G60Desk-<version>-windows-x64.zip]
# Checks, in an English (code page 1252) and a Chinese (code page 936) Windows locale:
# selfcheck, check and pdf of the sample, console output decoded as the console writes it
# (GBK in Chinese); the data folder under %APPDATA%; portable mode; the PDF font lookup
# (bundled font without Windows fonts, a Windows font file when present) and the window
# font without any CJK font; the printers winspool lists (none, then two from the registry
# with a default); then the window started as from Explorer, its splash shown
# before it and gone within 5 s of it, the window found by name,
# screenshot, the msvcrt lock refusing a writer and a second window opening read-only,
# closed with taskkill (no /F), and the lock released with the data saved.
# Prints timings; exit 0 when everything passed. The prefix is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=build/wine-lib.sh
source build/wine-lib.sh
wine_need_tools
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' g60desk/__init__.py)
ZIP=$(realpath "${1:-dist/G60Desk-$VERSION-windows-x64.zip}")
[ -f "$ZIP" ] || { echo "no zip: $ZIP" >&2; exit 2; }
SHOTS=${G60DESK_SMOKE_OUT:-$ROOT/dist}
T0=$(date +%s.%N)
WORK=$(mktemp -d /tmp/g60desk-winsmoke.XXXXXX)
XVFB=""
cleanup() {
  wine_stop
  [ -n "$XVFB" ] && kill "$XVFB" 2>/dev/null
  if [ -n "${G60DESK_SMOKE_KEEP:-}" ]; then echo "kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 143' INT TERM
fail() { echo "SMOKE FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

wine_locales "$WORK/locale"
# Only Wine's own fonts, none of the Linux host's: like a Windows without Chinese fonts.
# (Wine would otherwise pass the host's Noto CJK through.)
mkdir -p "$WORK/fontconfig"
cat >"$WORK/fontconfig/fonts.conf" <<EOF
<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/usr/share/wine/fonts</dir><cachedir>$WORK/fontconfig/cache</cachedir></fontconfig>
EOF
export FONTCONFIG_FILE=$WORK/fontconfig/fonts.conf

xvfb_start 1366x768x24 || fail "no virtual screen"

step "fresh Wine prefix"
START=$(date +%s.%N)
LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 wine_prefix "$WORK/prefix"
echo "prefix: $(elapsed "$START") s"
LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 wine_server_start
C=$WORK/prefix/drive_c
WUSER=$(basename "$(find "$C/users" -mindepth 1 -maxdepth 1 -type d ! -name Public | head -1)")
APPDATA_DIR=$C/users/$WUSER/AppData/Roaming/G60Desk
if find "$C" -iname 'python*.exe' -o -iname 'python3*.dll' | grep -q .; then fail "the prefix has a Python"; fi

# A long Chinese path with spaces, as a unit's desktop folder might be.
APP_PARENT="$C/users/$WUSER/Desktop/2027年 预算绩效 申报资料/松江区 G60 科创走廊 绩效目标 申报工具(正式版)"
mkdir -p "$APP_PARENT"
unzip -q "$ZIP" -d "$APP_PARENT"
APP="$APP_PARENT/G60Desk-$VERSION"
[ -f "$APP/g60desk.exe" ] && [ -f "$APP/g60desk-cli.exe" ] || fail "zip lacks g60desk.exe / g60desk-cli.exe"
SAMPLE="$APP/_internal/assets/samples/songjiang-g60-2022.json"
echo "unzipped into: $(winpath "$APP")"

# cli LOCALE ARGS...: g60desk-cli.exe, output through a pipe, decoded from the code page.
cli() {
  local lang=$1; shift
  local enc=CP1252
  [ "${lang%%.*}" = zh_CN ] && enc=GBK
  LC_ALL=$lang LANG=$lang wine_run wine "$APP/g60desk-cli.exe" "$@" >"$WORK/raw.out"
  local code=$?
  iconv -f "$enc" -t UTF-8 "$WORK/raw.out" >"$WORK/cli.out" \
    || fail "output of '$*' ($lang) is not valid $enc"
  return $code
}
expect() {  # expect CODE DESCRIPTION LOCALE ARGS...
  local want=$1 what=$2; shift 2
  local code=0
  cli "$@" || code=$?
  [ "$code" = "$want" ] || { cat "$WORK/cli.out"; fail "$what: exit $code, expected $want"; }
}
has() { grep -qF -- "$1" "$WORK/cli.out" || { cat "$WORK/cli.out"; fail "$2: no '$1' in the output"; }; }

for lang in en_US.UTF-8 zh_CN.UTF-8; do
  step "$lang (code page $([ "$lang" = en_US.UTF-8 ] && echo 1252 || echo 936))"
  START=$(date +%s.%N)
  expect 0 "selfcheck" "$lang" selfcheck
  echo "selfcheck: $(elapsed "$START") s"
  grep -q Traceback "$WORK/cli.out" && { cat "$WORK/cli.out"; fail "traceback in selfcheck ($lang)"; }
  has "G60Desk $VERSION" "selfcheck ($lang)"
  if [ "$lang" = zh_CN.UTF-8 ]; then
    cat "$WORK/cli.out"
    has "自检通过" "selfcheck report"
    has "打包版" "selfcheck report"
    # No Windows fonts: the PDF and the window use the bundled font.
    grep "字体" "$WORK/cli.out" | grep -q "uming" || fail "the PDF does not fall back to the bundled font"
    [ -n "${SKIPFONT:-}" ] || has "界面字体:AR PL UMing CN(程序自带)" "window font fallback"
    has "C:\\users\\$WUSER\\AppData\\Roaming\\G60Desk" "data folder under %APPDATA%"
    # A fresh prefix has no printer: winspool lists none, and the user is told what to do.
    has "[提示] 打印:本机还没有安装打印机。" "selfcheck: no printer"
  else
    # Code page 1252 has no Chinese: the console gets '?' (never a crash, never mojibake).
    has "?????" "selfcheck in code page 1252"
  fi
  [ -d "$APPDATA_DIR" ] || fail "no data folder under %APPDATA% ($APPDATA_DIR)"

  expect 0 "check of the sample (no errors)" "$lang" check "$(winpath "$SAMPLE")" --json
  has '"annual_total_wan": "796.00"' "check --json ($lang)"

  if [ "$lang" = zh_CN.UTF-8 ]; then
    PDF_DIR="$C/users/$WUSER/Documents/绩效目标 申报表/2022年度 松江区/项目 支出 绩效 目标 申报表 打印稿(第一批)"
  else
    PDF_DIR="$C/users/$WUSER/Documents/Declarations"
  fi
  mkdir -p "$PDF_DIR"
  PDF="$PDF_DIR/松江 G60 申报表 2022.pdf"
  START=$(date +%s.%N)
  expect 0 "pdf" "$lang" pdf "$(winpath "$SAMPLE")" -o "$(winpath "$PDF")"
  echo "pdf of the sample: $(elapsed "$START") s"
  [ "$(head -c 5 "$PDF")" = "%PDF-" ] || fail "no PDF at $PDF ($lang)"
  if command -v pdftotext >/dev/null; then
    pdftotext "$PDF" - | tr -d ' \n' | grep -q "796.00万元" || fail "pdf text ($lang)"
    pdffonts "$PDF" | grep -q "UMing" || fail "the PDF does not embed the bundled font ($lang)"
  fi
done

step "portable mode"
: >"$APP/portable"
expect 0 "import in portable mode" zh_CN.UTF-8 import "$(winpath "$SAMPLE")"
[ -f "$APP/G60Desk-data/g60desk.json" ] || fail "portable mode: no G60Desk-data/g60desk.json beside the exe"
[ ! -f "$APPDATA_DIR/g60desk.json" ] || fail "portable mode wrote to %APPDATA%"
rm -f "$APP/portable"

step "PDF font lookup: a Windows font file present"
# Wine's prefix has no 黑体; a TrueType file named simhei.ttf in C:\windows\Fonts must be
# picked for titles (the bundled face, under the Windows name).
FONT_FILE=$(find "$APP/_internal/assets/fonts" -maxdepth 1 -name 'uming*.tt?' | head -1)
cp "$FONT_FILE" "$C/windows/Fonts/simhei.ttf"
expect 0 "selfcheck with simhei.ttf" zh_CN.UTF-8 selfcheck
grep "字体" "$WORK/cli.out" | grep -qi 'windows\\Fonts\\simhei.ttf' \
  || { cat "$WORK/cli.out"; fail "C:\\windows\\Fonts\\simhei.ttf was not used"; }
rm -f "$C/windows/Fonts/simhei.ttf"

step "printers through winspool"
# Two printers in the registry, where Windows (and Wine's winspool) keeps them, and the
# second as the default: EnumPrintersW / GetDefaultPrinterW read them as the print
# dialog does, the default first in its list.
cat >"$WORK/printers.txt" <<'EOF'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\System\CurrentControlSet\Control\Print\Printers\财务室 打印机]
"Name"="财务室 打印机"
"Port"="FILE:"
"Printer Driver"="Wine PostScript Driver"
"Attributes"=dword:00000040

[HKEY_LOCAL_MACHINE\System\CurrentControlSet\Control\Print\Printers\HP LaserJet 办公室]
"Name"="HP LaserJet 办公室"
"Port"="FILE:"
"Printer Driver"="Wine PostScript Driver"
"Attributes"=dword:00000040

[HKEY_CURRENT_USER\Software\Microsoft\Windows NT\CurrentVersion\Windows]
"Device"="HP LaserJet 办公室,winspool,FILE:"
EOF
# regedit reads a Unicode .reg file as UTF-16 with a BOM and CRLF line ends.
python3 -c 'import sys; t = open(sys.argv[1], encoding="utf-8").read().replace("\n", "\r\n")
open(sys.argv[2], "w", encoding="utf-16", newline="").write(t)' "$WORK/printers.txt" "$WORK/printers.reg"
wine_run wine regedit /S "$(winpath "$WORK/printers.reg")" >/dev/null
expect 0 "selfcheck with two printers" zh_CN.UTF-8 selfcheck
grep "打印:" "$WORK/cli.out"
has "[通过] 打印:2 台打印机(HP LaserJet 办公室、财务室 打印机),默认:HP LaserJet 办公室" "winspool printer list"

step "window (started as from Explorer, no standard streams)"
expect 0 "import into %APPDATA%" zh_CN.UTF-8 import "$(winpath "$SAMPLE")"
[ -f "$APPDATA_DIR/g60desk.json" ] || fail "import did not write %APPDATA%\\G60Desk\\g60desk.json"
rm -f "$APPDATA_DIR/preferences.json"
list_windows() {
  local id
  echo "visible windows:"
  for id in $(xdotool search --onlyvisible --name . 2>/dev/null); do
    echo "  $id $(xdotool getwindowname "$id" 2>/dev/null)"
  done
}
find_window() {  # find_window PATTERN SECONDS: the first visible window whose name matches
  local until=$(( $(date +%s) + $2 )) id name
  while :; do
    for id in $(xdotool search --onlyvisible --name "G60Desk" 2>/dev/null); do
      name=$(xdotool getwindowname "$id" 2>/dev/null || true)
      [[ "$name" == G60Desk-splash-* ]] && continue
      if [[ "$name" == *$1* ]]; then echo "$id"; return 0; fi
    done
    [ "$(date +%s)" -lt "$until" ] || return 1
    sleep 0.1
  done
}
# The splash: the bootloader's own Tk window, titled G60Desk-splash-<pid> by its script
# (build/splash/splash_script.py). It comes first, then goes once the window is up.
splash_shown() { xdotool search --onlyvisible --name '^G60Desk-splash-' >/dev/null 2>&1; }
# start_window: g60desk.exe as Explorer starts it (no standard streams for the program);
# Wine's own messages for it go to wine-gui.err. Sets GUI (the `wine start` process).
start_window() {
  LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 wine start /wait /unix "$APP/g60desk.exe" \
    </dev/null >/dev/null 2>>"$WORK/wine-gui.err" &
  GUI=$!
}
# why_no_window: what a log read after the fact needs when no window came.
why_no_window() {
  wine_diagnose   # every window on the screen, and the Wine processes
  if kill -0 "$GUI" 2>/dev/null; then echo "wine start: still running"
  else echo "wine start: ended with exit $(wait "$GUI" >/dev/null 2>&1; echo $?)"; fi
  echo "program log (last lines):"
  tail -n 30 "$APPDATA_DIR/g60desk.log" 2>/dev/null | sed 's/^/  /' || echo "  (none)"
  echo "Wine's messages (last lines):"
  tail -n 40 "$WORK/wine-gui.err" 2>/dev/null | sed 's/^/  /' || true
}
# wait_first_sight SECONDS: the splash or the window on the screen; sets SPLASH_AT.
wait_first_sight() {
  local until=$(( $(date +%s) + $1 ))
  while [ "$(date +%s)" -lt "$until" ]; do
    if splash_shown; then SPLASH_AT=$(elapsed "$START"); return 0; fi
    find_window "" 0 >/dev/null && return 0
    sleep 0.05
  done
  return 1
}
SPLASH_AT=""
START=$(date +%s.%N)
start_window
# Nothing at all on the screen within 60 s (the splash comes after about 1 s): Wine did
# not start the program. Say so with what was running, then start it once more in a
# fresh wineserver, so that one Wine start-up failure is reported, not hidden, and a
# program that never shows a window still fails below.
if ! wait_first_sight 60; then
  echo "WINE: nothing on the screen 60 s after starting g60desk.exe (attempt 1)" >&2
  why_no_window >&2
  LC_ALL=zh_CN.UTF-8 wine_run wine taskkill /F /IM g60desk.exe >/dev/null 2>&1 || true
  wine_stop
  kill "$GUI" 2>/dev/null || true
  wait "$GUI" 2>/dev/null || true
  LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 wine_server_start
  START=$(date +%s.%N)
  start_window
  wait_first_sight 60 || true
fi
WIN=$(find_window "已保存" 90) || { why_no_window; fail "no G60Desk window appeared"; }
WIN_AT=$(elapsed "$START")
echo "window shown after $WIN_AT s: $(xdotool getwindowname "$WIN")"
[ -n "$SPLASH_AT" ] || { list_windows; fail "no splash before the window"; }
echo "splash shown after $SPLASH_AT s"
GONE=""
for _ in $(seq 50); do splash_shown || { GONE=$(elapsed "$START"); break; }; sleep 0.1; done
[ -n "$GONE" ] || { list_windows; fail "the splash stayed open 5 s after the window appeared"; }
echo "splash gone after $GONE s"
sleep 2   # let the first paint finish
mkdir -p "$SHOTS"
import -window "$WIN" "$SHOTS/windows-smoke-window.png"
echo "screenshot: $SHOTS/windows-smoke-window.png"
# Text drawn: the window with the sample open has about 9,500 pixels darker than 50% grey;
# with no usable font (empty buttons, labels and lists) about 1,900, only lines and marks.
dark=$(convert "$SHOTS/windows-smoke-window.png" -colorspace Gray -threshold 50% -negate \
  -format "%[fx:mean*w*h]" info:)
echo "dark pixels (text): ${dark%.*}"
[ "${dark%.*}" -gt 5000 ] || fail "the window shows (almost) no text: font fallback broken?"
[ -s "$APPDATA_DIR/g60desk.lock" ] || fail "the window holds no lock"

step "lock: a writer is refused, a reader works, a second window is read-only"
# The lock file names a dead process: only the msvcrt byte lock the window holds can
# refuse the writer now (the pid check alone would take the lock over as stale).
# Rewritten in place: a new file (sed -i) would not be the one the window has locked.
text=$(sed 's/"pid": [0-9]*/"pid": 999999/' "$APPDATA_DIR/g60desk.lock")
printf '%s' "$text" >"$APPDATA_DIR/g60desk.lock"
grep -q '"pid": 999999' "$APPDATA_DIR/g60desk.lock" || fail "could not rewrite the lock file"
expect 2 "import while the window is open" zh_CN.UTF-8 import --copy "$(winpath "$SAMPLE")"
has "正被另一个 G60Desk 使用" "lock refusal message"
expect 0 "export (read-only) while the window is open" zh_CN.UTF-8 export --year 2022 -o "$(winpath "$WORK/exported.json")"
[ -s "$WORK/exported.json" ] || fail "read-only export wrote nothing"
LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 wine start /wait /unix "$APP/g60desk.exe" </dev/null >/dev/null 2>&1 &
GUI2=$!
find_window "只读" 60 >/dev/null || { list_windows; fail "the second window did not open read-only"; }
echo "second window: read-only"

step "close with taskkill (no /F)"
START=$(date +%s.%N)
# The second window may show its read-only notice first; taskkill asks every window to close.
for _ in 1 2 3; do
  LC_ALL=zh_CN.UTF-8 wine_run wine taskkill /IM g60desk.exe >/dev/null || true
  for _ in $(seq 100); do
    kill -0 "$GUI" 2>/dev/null || kill -0 "$GUI2" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$GUI" 2>/dev/null || kill -0 "$GUI2" 2>/dev/null || break
done
if kill -0 "$GUI" 2>/dev/null || kill -0 "$GUI2" 2>/dev/null; then fail "the windows did not close on taskkill"; fi
echo "closed after $(elapsed "$START") s"
# How the splash went (the program's log): over the socket, or by the window system.
grep -h "启动画面" "$APPDATA_DIR/g60desk.log" 2>/dev/null | sed 's/^/  log: /' || true
[ ! -s "$APPDATA_DIR/g60desk.lock" ] || { cat "$APPDATA_DIR/g60desk.lock"; fail "lock not released"; }
[ -s "$APPDATA_DIR/preferences.json" ] || fail "the window did not save its state on close"
grep -q "松江" "$APPDATA_DIR/g60desk.json" || fail "the database lost the declaration"
# The lock is free again: a writer now succeeds.
expect 0 "import after close" zh_CN.UTF-8 import --copy "$(winpath "$SAMPLE")"

echo "Windows smoke: $(elapsed "$T0") s"
echo "SMOKE OK"
