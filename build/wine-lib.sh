# Shared by build-windows.sh, smoke-windows.sh and test-windows.sh (sourced, not run).
# A private Wine prefix, quiet Wine, compiled locales, Windows paths, piped output.

# The Debian packages the Windows scripts need (installed by .ci/run).
# shellcheck disable=SC2034
WINE_PACKAGES=(wine wine64 xvfb xauth xdotool x11-utils imagemagick locales unzip)

wine_need_tools() {
  local missing=()
  for tool in wine wineserver Xvfb xdotool localedef unzip; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "缺少 / missing: ${missing[*]}; run: apt-get install --no-install-recommends ${WINE_PACKAGES[*]}" >&2
    return 2
  fi
}

# wine_prefix DIR: use DIR as this shell's own 64-bit Wine prefix (created on first use).
# Wine's HOME is a folder inside the prefix, so Wine links nothing of the real home
# (Desktop, Documents) and writes no menu entries there; the user folders are real ones.
wine_prefix() {
  export WINEPREFIX=$1 WINEARCH=win64 WINEDEBUG=-all
  export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d" HOME=$1/unix-home
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    mkdir -p "$HOME"
    timeout -k 10 300 wine wineboot --init >/dev/null 2>&1 </dev/null || true
    # A crash prints its backtrace and ends: no crash dialog waiting for a click that
    # never comes on a screen nobody sees.
    timeout -k 10 120 wine reg add 'HKCU\Software\Wine\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f \
      >/dev/null 2>&1 </dev/null || true
    if ! timeout 120 wineserver -w; then
      echo "the new Wine prefix did not settle within 120 s; ending its processes" >&2
      wine_diagnose >&2
      wineserver -k 2>/dev/null || true
    fi
    local link
    for link in "$WINEPREFIX"/drive_c/users/*/*; do
      if [ -L "$link" ]; then rm "$link"; mkdir "$link"; fi
    done
  fi
}

# wine_server_start: keep this prefix's wineserver running until wine_stop, started with
# no standard streams: a server (or a Wine service it starts) born inside a
# `wine … | cat` pipeline would otherwise hold that pipe open after the program ended.
wine_server_start() {
  wineserver -p </dev/null >/dev/null 2>&1
  timeout -k 10 120 wine wineboot </dev/null >/dev/null 2>&1 || true
}

# wine_stop: end this prefix's wineserver (and every program of this prefix only).
wine_stop() {
  [ -n "${WINEPREFIX:-}" ] && [ -d "$WINEPREFIX" ] && wineserver -k 2>/dev/null || true
}

# xvfb_start GEOMETRY: a private Xvfb on a display number it picks itself (no clash with
# another X server left on this machine); sets DISPLAY and XVFB (its pid), or fails.
xvfb_start() {
  local fifo num
  fifo=$(mktemp -u /tmp/g60desk-xvfb.XXXXXX)
  mkfifo "$fifo"
  Xvfb -displayfd 3 -screen 0 "$1" -nolisten tcp 3>"$fifo" >/dev/null 2>&1 &
  XVFB=$!
  read -r -t 20 num <"$fifo" || num=""
  rm -f "$fifo"
  [ -n "$num" ] || { echo "Xvfb did not start" >&2; return 1; }
  export DISPLAY=:$num
}

# winpath PATH: the Windows name of a Linux path (Wine maps / to drive Z:).
winpath() {
  local abs
  abs=$(realpath -m "$1")
  printf 'Z:%s' "${abs//\//\\}"
}

# wine_locales DIR: compile zh_CN.UTF-8 and en_US.UTF-8 into DIR and export LOCPATH.
# Wine takes its Windows code page from the Unix locale (936 for zh_CN, 1252 for en_US),
# and without a real compiled locale Chinese text and file names turn into '?'.
wine_locales() {
  local dir=$1
  mkdir -p "$dir"
  [ -d "$dir/zh_CN.UTF-8" ] || localedef -i zh_CN -f UTF-8 "$dir/zh_CN.UTF-8" 2>/dev/null || true
  [ -d "$dir/en_US.UTF-8" ] || localedef -i en_US -f UTF-8 "$dir/en_US.UTF-8" 2>/dev/null || true
  [ -d "$dir/zh_CN.UTF-8" ] || { echo "could not compile the zh_CN.UTF-8 locale" >&2; return 1; }
  export LOCPATH=$dir
}

# wine_run CMD...: run with output through a pipe (a Windows Python given a regular file
# as stdout dies under Wine), stdin from /dev/null; returns the command's exit code.
# A run that outlives WINE_RUN_TIMEOUT seconds (default 300) is a hang, not slowness:
# what is on the screen and which Wine processes live are printed, this prefix's
# wineserver is ended, and the command is tried once more. Exit 124 if it hangs again.
wine_run() {
  local limit=${WINE_RUN_TIMEOUT:-300} attempt code
  for attempt in 1 2; do
    code=0
    # timeout runs the pipeline in its own process group and ends all of it, cat included.
    timeout -k 10 "$limit" bash -c '"$@" </dev/null 2>&1 | cat; exit "${PIPESTATUS[0]}"' \
      wine_run "$@" || code=$?
    [ "$code" = 124 ] || [ "$code" = 137 ] || return "$code"
    echo "WINE HANG: '$*' still running after ${limit} s (attempt $attempt)" >&2
    wine_diagnose >&2
    wine_stop
    sleep 2
  done
  return 124
}

# wine_diagnose: the windows on the screen (a dialog waiting for a click shows here) and
# the Wine processes alive, for a log read after the fact.
wine_diagnose() {
  local id
  if [ -n "${DISPLAY:-}" ] && command -v xdotool >/dev/null; then
    echo "windows on $DISPLAY:"
    for id in $(xdotool search --name . 2>/dev/null); do
      echo "  $id $(xdotool getwindowname "$id" 2>/dev/null)"
    done
  fi
  echo "Wine processes:"
  ps -eo pid,etimes,stat,args | grep -iE 'wine|\.exe' | grep -v grep | sed 's/^/  /' || true
}

# elapsed START: seconds since START (from `date +%s.%N`), two decimals.
elapsed() {
  awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'
}
