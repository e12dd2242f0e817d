#!/usr/bin/env bash
# Smoke-test the frozen Linux bundle as a user's machine would run it: an empty HOME,
# no network, no Python on PATH, in the C locale and in zh_CN.GB18030.
#   bash build/smoke.sh [dist/g60desk]
# Checks selfcheck, check and pdf on the bundled sample, then starts the window under
# Xvfb (loopback up, then down): the splash must show before it and be gone within 3 s of
# it; a sub-command with a display must show no splash. Prints timings; exit 0 when
# everything passed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DIST=$(cd "${1:-dist/g60desk}" && pwd)
EXE="$DIST/g60desk"
SAMPLE="$DIST/_internal/assets/samples/songjiang-g60-2022.json"
[ -f "$SAMPLE" ] || SAMPLE="$ROOT/assets/samples/songjiang-g60-2022.json"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "SMOKE FAIL: $*" >&2; exit 1; }

# No network: a fresh network namespace has only a down loopback.
NONET=()
if unshare -n true 2>/dev/null; then NONET=(unshare -n); else echo "note: unshare -n unavailable, network not cut"; fi

# The GB18030 locale exists only once generated (Debian package 'locales').
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.gb18030$'; then
  localedef -i zh_CN -f GB18030 zh_CN.GB18030 2>/dev/null || echo "note: could not generate zh_CN.GB18030"
fi

run_as_user() {  # LANG, then the command; HOME is new and empty for every run
  local lang=$1; shift
  local home; home=$(mktemp -d "$WORK/home.XXXX")
  env -i HOME="$home" PATH=/usr/bin:/bin LANG="$lang" LC_ALL="$lang" "${NONET[@]}" "$@"
}

for lang in C zh_CN.GB18030; do
  echo "== $lang"
  out="$WORK/selfcheck-$lang.txt"
  start=$(date +%s.%N)
  run_as_user "$lang" "$EXE" selfcheck >"$out" 2>&1 || { cat "$out"; fail "selfcheck ($lang)"; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN{printf "selfcheck: %.2f s\n", b-a}'
  iconv -f "$( [ "$lang" = C ] && echo UTF-8 || echo GB18030 )" -t UTF-8 "$out" | grep -q "自检通过" \
    || { cat "$out"; fail "selfcheck report ($lang)"; }

  set +e
  start=$(date +%s.%N)
  run_as_user "$lang" "$EXE" check "$SAMPLE" --json >"$WORK/check.json" 2>"$WORK/check.err"
  code=$?
  end=$(date +%s.%N)
  set -e
  awk -v a="$start" -v b="$end" 'BEGIN{printf "check of the sample: %.2f s\n", b-a}'
  [ "$code" = 0 ] || { cat "$WORK/check.err"; fail "check exit $code ($lang), expected 0 (the sample has no error)"; }
  grep -q '"annual_total_wan": "796.00"' "$WORK/check.json" || fail "check summary ($lang)"

  start=$(date +%s.%N)
  run_as_user "$lang" "$EXE" pdf "$SAMPLE" -o "$WORK/sample-$lang.pdf" >/dev/null 2>"$WORK/pdf.err" \
    || { cat "$WORK/pdf.err"; fail "pdf ($lang)"; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN{printf "pdf of the sample: %.2f s\n", b-a}'
  if command -v pdftotext >/dev/null; then
    pdftotext "$WORK/sample-$lang.pdf" - | tr -d ' \n' | grep -q "796.00万元" || fail "pdf text ($lang)"
  fi
done

echo "== workbook: xlsx export and its exact import (openpyxl frozen in)"
run_as_user C.UTF-8 "$EXE" xlsx "$SAMPLE" -o "$WORK/sample.xlsx" >"$WORK/xlsx.txt" 2>&1 \
  || { cat "$WORK/xlsx.txt"; fail "xlsx export"; }
run_as_user C.UTF-8 "$EXE" import "$WORK/sample.xlsx" --preview >"$WORK/xlsx-in.txt" 2>&1 \
  || { cat "$WORK/xlsx-in.txt"; fail "xlsx import preview"; }
grep -q "G60Desk 工作簿" "$WORK/xlsx-in.txt" || { cat "$WORK/xlsx-in.txt"; fail "xlsx import"; }

echo "== templates: the national form, and one dropped into the data folder"
NATIONAL="$(dirname "$SAMPLE")/national-2015-example.json"
run_as_user C.UTF-8 "$EXE" check "$NATIONAL" >"$WORK/national.txt" 2>&1 \
  || { cat "$WORK/national.txt"; fail "check of the national sample"; }
data=$(mktemp -d "$WORK/data.XXXX")
mkdir -p "$data/forms"
sed -e 's/^id = "shanghai-2026"/id = "dropped-in"/' -e 's/label = "年度总体目标"/label = "年度绩效目标"/' \
  "$DIST/_internal/forms/shanghai-2026.toml" >"$data/forms/dropped.toml"
sed -e 's/"template": "shanghai-2022"/"template": "dropped-in"/' "$SAMPLE" >"$data/dropped.json"
env -i HOME="$data" PATH=/usr/bin:/bin LANG=C.UTF-8 G60DESK_HOME="$data" "${NONET[@]}" \
  "$EXE" template check "$data/forms/dropped.toml" >"$WORK/tpl.txt" 2>&1 \
  || { cat "$WORK/tpl.txt"; fail "template check of a dropped-in template"; }
env -i HOME="$data" PATH=/usr/bin:/bin LANG=C.UTF-8 G60DESK_HOME="$data" "${NONET[@]}" \
  "$EXE" selfcheck >"$WORK/tpl-self.txt" 2>&1 || true
grep -q "dropped-in(数据文件夹)" "$WORK/tpl-self.txt" \
  || { cat "$WORK/tpl-self.txt"; fail "selfcheck does not list the dropped-in template"; }
echo "dropped-in template read from the data folder"

echo "== window"
command -v Xvfb >/dev/null && command -v xdotool >/dev/null || fail "Xvfb and xdotool are needed"
DISPLAY_NUM=:$((100 + RANDOM % 100))
Xvfb "$DISPLAY_NUM" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do xdpyinfo -display "$DISPLAY_NUM" >/dev/null 2>&1 && break; sleep 0.1; done
xd() { DISPLAY="$DISPLAY_NUM" xdotool "$@" 2>/dev/null; }
# The splash is the bootloader's own Tk window, titled G60Desk-splash-<pid> by its script
# (build/splash/splash_script.py); the main window's title starts "G60Desk" too.
splash_shown() { xd search --onlyvisible --name '^G60Desk-splash-' >/dev/null; }
main_window() {
  local id name
  for id in $(xd search --onlyvisible --name 'G60Desk' || true); do
    name=$(xd getwindowname "$id" || true)
    [[ "$name" == G60Desk-splash-* ]] || { echo "$id"; return 0; }
  done
  return 1
}
# window_start LABEL [WRAPPER...]: the splash before the window, and gone within 3 s of it.
window_start() {
  local label=$1; shift
  local home start splash_at="" found="" end gone=""
  home=$(mktemp -d "$WORK/home.XXXX")
  start=$(date +%s.%N)
  env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 DISPLAY="$DISPLAY_NUM" "$@" "$EXE" \
    >"$WORK/gui.log" 2>&1 &
  GUI=$!
  # The splash is watched on its own, every 20 ms: a loaded machine makes each search
  # slow, and the loop below would look for it only between two searches for the window.
  rm -f "$WORK/splash-seen"
  ( while kill -0 $GUI 2>/dev/null; do
      splash_shown && { date +%s.%N > "$WORK/splash-seen"; exit 0; }
      sleep 0.02
    done ) &
  local watcher=$!
  for _ in $(seq 600); do
    found=$(main_window || true)
    [ -n "$found" ] && break
    kill -0 $GUI 2>/dev/null || break
    sleep 0.05
  done
  end=$(date +%s.%N)
  kill $watcher 2>/dev/null || true
  wait $watcher 2>/dev/null || true
  # Seen, and before the window was found.
  [ -f "$WORK/splash-seen" ] && splash_at=$(cat "$WORK/splash-seen") &&
    awk -v s="$splash_at" -v e="$end" 'BEGIN{exit !(s <= e)}' || splash_at=""
  [ -n "$found" ] || { cat "$WORK/gui.log"; kill $GUI 2>/dev/null || true; fail "no G60Desk window appeared ($label)"; }
  for _ in $(seq 60); do splash_shown || { gone=$(date +%s.%N); break; }; sleep 0.05; done
  if [ -z "$splash_at" ]; then   # say what happened: a late splash, or none at all
    for _ in $(seq 40); do splash_shown && { echo "  the splash showed after the window"; break; }; sleep 0.05; done
    echo "  windows: $(xd search --name 'G60Desk' | while read -r w; do printf '%s ' "$(xd getwindowname "$w")"; done)"
    cat "$WORK/gui.log"
    grep -h "启动画面" "$home"/.local/share/g60desk/g60desk.log 2>/dev/null | sed 's/^/  log: /' || true
    kill $GUI
    fail "no splash before the window ($label)"
  fi
  [ -n "$gone" ] || { kill $GUI; fail "the splash stayed open 3 s after the window appeared ($label)"; }
  awk -v a="$start" -v s="$splash_at" -v b="$end" -v g="$gone" -v l="$label" \
    'BEGIN{printf "%s: splash shown after %.2f s, window after %.2f s, splash gone %.2f s after the window\n", l, s-a, b-a, g-b}'
  sleep 3   # the program's own checks that the splash went (g60desk/splash.py) run
  # How it went (the program's log): closed over the socket, or by the window system.
  grep -h "启动画面" "$home"/.local/share/g60desk/g60desk.log 2>/dev/null | sed 's/^/  log: /' || true
  grep -q Traceback "$WORK/gui.log" && { cat "$WORK/gui.log"; fail "traceback on the terminal ($label)"; }
  xd windowclose "$found" || true
  for _ in $(seq 50); do kill -0 $GUI 2>/dev/null || break; sleep 0.1; done
  kill $GUI 2>/dev/null || true
  wait $GUI 2>/dev/null || true
}
# As on an offline PC: no network, loopback up (the splash closes over 127.0.0.1).
WITH_LO=()
if [ ${#NONET[@]} -gt 0 ]; then
  if unshare -n sh -c 'ip link set lo up' 2>/dev/null; then
    WITH_LO=("${NONET[@]}" sh -c 'ip link set lo up && exec "$0" "$@"')
  else
    echo "note: cannot bring loopback up in a new network namespace (no ip): network left on"
  fi
fi
window_start "loopback up" "${WITH_LO[@]}"
# Loopback down too (a new network namespace as is): the socket cannot connect, so the
# program closes the splash through the window system.
[ ${#NONET[@]} -gt 0 ] && window_start "no loopback" "${NONET[@]}"

echo "== a sub-command on a desktop shows no splash"
home=$(mktemp -d "$WORK/home.XXXX")
env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 DISPLAY="$DISPLAY_NUM" "${NONET[@]}" "$EXE" selfcheck \
  >"$WORK/cli-x.log" 2>&1 &
CLI=$!
seen=""
while kill -0 $CLI 2>/dev/null; do splash_shown && seen=1; sleep 0.02; done
wait $CLI || { cat "$WORK/cli-x.log"; fail "selfcheck with a display"; }
[ -z "$seen" ] || fail "selfcheck showed the splash"
echo "selfcheck with a display: no splash"
echo "SMOKE OK"
