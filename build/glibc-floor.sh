#!/usr/bin/env bash
# The oldest glibc a Linux bundle can run on: the highest GLIBC_x.y symbol version that any
# ELF file in it needs (objdump -T and its version references), and the files needing it.
#
#   bash build/glibc-floor.sh [--why] DIR [MAX]   exit 1 when the floor is above MAX (default 2.31)
#   bash build/glibc-floor.sh --self-test         checks the version comparison
# --why also names, for every file above MAX, the glibc functions it needs at each newer
# version (e.g. "GLIBC_2.29  libtcl8.6.so: exp log pow"): what a build for an older glibc
# would have to avoid.
#
# Prints "glibc floor: 2.x (needed by: ...)". Exit 0 at or below MAX, 1 above, 2 on misuse
# (no DIR, no objdump, no ELF file found).
set -euo pipefail

# version_gt A B: true when glibc version A is newer than B (2.17 > 2.9, 2.2.5 < 2.3).
version_gt() {
  [ "$1" != "$2" ] && [ "$(printf '%s\n' "$1" "$2" | sort -V | tail -n 1)" = "$1" ]
}

# max_version: the newest of the versions on stdin, one a line (empty when none).
max_version() {
  sort -V -u | tail -n 1
}

# needers_of V: the files (second column of "version<TAB>file" lines on stdin) needing V
# exactly; compared as text, so 2.30 is not 2.3.
needers_of() {
  awk -F '\t' -v v="$1" '($1 "") == (v "") {print $2}' | sort
}

# symbols_at V: the undefined (needed) symbols of `objdump -T` output on stdin that ask for
# GLIBC_V exactly, sorted, one line; "(version reference only)" when none.
symbols_at() {
  awk -v v="GLIBC_$1" '$0 ~ /\*UND\*/ { for (i = 1; i < NF; i++) if ($i == "(" v ")" || $i == v) print $NF }' \
    | sort -u | paste -sd ' ' | sed 's/^$/(version reference only)/'
}

self_test() {
  local fails=0
  check() {  # expected(0|1) A B
    local got=1
    version_gt "$2" "$3" && got=0
    if [ "$got" != "$1" ]; then echo "self-test FAIL: version_gt $2 $3 should be $1" >&2; fails=$((fails + 1)); fi
  }
  check 0 2.32 2.31
  check 1 2.31 2.31
  check 1 2.28 2.31
  check 0 2.17 2.9
  check 1 2.9 2.17
  check 1 2.2.5 2.3
  check 0 2.3.4 2.3
  check 0 2.34 2.3.4
  check 0 3.0 2.99
  local top
  top=$(printf '%s\n' 2.2.5 2.17 2.3.4 2.9 2.14 2.17 | max_version)
  [ "$top" = 2.17 ] || { echo "self-test FAIL: max_version gave $top, expected 2.17" >&2; fails=$((fails + 1)); }
  local who
  who=$(printf '2.3\ta.so\n2.30\tb.so\n2.30\tc.so\n2.3.4\td.so\n' | needers_of 2.30 | paste -sd ' ')
  [ "$who" = "b.so c.so" ] || { echo "self-test FAIL: needers_of 2.30 gave '$who'" >&2; fails=$((fails + 1)); }
  local dump syms
  dump=$(printf '%s\n' \
    '0000000000000000      DF *UND*	0000000000000000 (GLIBC_2.29) pow' \
    '0000000000000000      DF *UND*	0000000000000000 (GLIBC_2.2.5) exp' \
    '0000000000000000      DF *UND*	0000000000000000 (GLIBC_2.29) exp' \
    '0000000000000000      DF *UND*	0000000000000000 (GLIBC_2.3) log' \
    '00000000000870d0 g    DF .text	0000000000000078  GLIBC_2.29  defined_here')
  syms=$(printf '%s\n' "$dump" | symbols_at 2.29)
  [ "$syms" = "exp pow" ] || { echo "self-test FAIL: symbols_at 2.29 gave '$syms'" >&2; fails=$((fails + 1)); }
  syms=$(printf '%s\n' "$dump" | symbols_at 2.30)
  [ "$syms" = "(version reference only)" ] || { echo "self-test FAIL: symbols_at 2.30 gave '$syms'" >&2; fails=$((fails + 1)); }
  [ "$fails" = 0 ] && echo "glibc-floor self-test OK"
  [ "$fails" = 0 ]
}

if [ "${1:-}" = --self-test ]; then self_test; exit; fi
WHY=0
if [ "${1:-}" = --why ]; then WHY=1; shift; fi
DIR=${1:-}
MAX=${2:-2.31}
[ -n "$DIR" ] && [ -d "$DIR" ] || { echo "usage: bash build/glibc-floor.sh [--why] DIR [MAX] | --self-test" >&2; exit 2; }
command -v objdump >/dev/null || { echo "objdump missing (Debian package binutils)" >&2; exit 2; }
[[ "$MAX" =~ ^[0-9]+(\.[0-9]+)+$ ]] || { echo "MAX must look like 2.31, not '$MAX'" >&2; exit 2; }

# One line per (version, file): every GLIBC_x.y the file's dynamic symbols refer to
# (objdump -T), and every one its version references name (objdump -p: what the loader
# checks, even for a version no symbol uses any more). GLIBC_PRIVATE and other libraries'
# versions (GLIBCXX_, CXXABI_) do not match.
pairs=$(mktemp)
trap 'rm -f "$pairs"' EXIT
elves=0
while IFS= read -r -d '' f; do
  [ "$(head -c 4 "$f" 2>/dev/null | od -An -c | tr -d ' ')" = '177ELF' ] || continue
  elves=$((elves + 1))
  { objdump -T "$f" 2>/dev/null; objdump -p "$f" 2>/dev/null; } | grep -oE '\bGLIBC_[0-9]+(\.[0-9]+)+' | sort -u \
    | sed -e 's/^GLIBC_//' -e "s|\$|	${f#"$DIR"/}|" >>"$pairs" || true
done < <(find "$DIR" -type f -print0)
[ "$elves" -gt 0 ] || { echo "no ELF file in $DIR" >&2; exit 2; }

top=$(cut -f1 "$pairs" | max_version)
if [ -z "$top" ]; then echo "glibc floor: none ($elves ELF files, no GLIBC symbol version)"; exit 0; fi
needers=$(needers_of "$top" <"$pairs")
count=$(printf '%s\n' "$needers" | wc -l)
shown=$(printf '%s\n' "$needers" | head -n 5 | paste -sd ' ' | sed 's/ /, /g')
[ "$count" -gt 5 ] && shown="$shown and $((count - 5)) more"
echo "glibc floor: $top (needed by: $shown; $elves ELF files checked, limit $MAX)"
if version_gt "$top" "$MAX"; then
  echo "GLIBC FLOOR FAIL: the bundle needs glibc $top, above $MAX. Files needing more than $MAX:" >&2
  sort -t "$(printf '\t')" -k1,1Vr -k2,2 "$pairs" | while IFS=$'\t' read -r v f; do
    version_gt "$v" "$MAX" || continue
    if [ "$WHY" = 1 ]; then
      echo "  GLIBC_$v  $f: $(objdump -T "$DIR/$f" 2>/dev/null | symbols_at "$v")" >&2
    else
      echo "  GLIBC_$v  $f" >&2
    fi
  done
  exit 1
fi
