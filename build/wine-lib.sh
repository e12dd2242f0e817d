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
    wine wineboot --init >/dev/null 2>&1 </dev/null || true
    wineserver -w
    local link
    for link in "$WINEPREFIX"/drive_c/users/*/*; do
      if [ -L "$link" ]; then rm "$link"; mkdir "$link"; fi
    done
  fi
}

# wine_stop: end this prefix's wineserver (and every program of this prefix only).
wine_stop() {
  [ -n "${WINEPREFIX:-}" ] && [ -d "$WINEPREFIX" ] && wineserver -k 2>/dev/null || true
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
wine_run() {
  "$@" </dev/null 2>&1 | cat
  return "${PIPESTATUS[0]}"
}

# elapsed START: seconds since START (from `date +%s.%N`), two decimals.
elapsed() {
  awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'
}
