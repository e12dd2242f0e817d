#!/bin/sh
# 为当前用户添加“开始菜单”和桌面上的 G60Desk 图标(不需要 root)。
# Adds a menu entry and a desktop icon for this user only, pointing at this folder.
# Run it again after moving the folder. Remove: delete ~/.local/share/applications/g60desk.desktop
set -eu
DIR=$(cd "$(dirname "$0")" && pwd)
[ -x "$DIR/g60desk" ] || { echo "找不到 $DIR/g60desk:请在解压出的 G60Desk 文件夹中运行本脚本。" >&2; exit 1; }
case "$DIR" in *'"'*|*'`'*|*'$'*|*'\'*|*'%'*|*'|'*)
  echo "文件夹路径中含有特殊字符(\" \` \$ \\ % |),请换一个位置解压。" >&2; exit 1 ;;
esac
APPS=${XDG_DATA_HOME:-$HOME/.local/share}/applications
mkdir -p "$APPS"
sed "s|@DIR@|$DIR|g" "$DIR/g60desk.desktop.in" >"$APPS/g60desk.desktop"
chmod +x "$APPS/g60desk.desktop"
echo "已添加到开始菜单:$APPS/g60desk.desktop"
# The desktop folder: the user's own setting (xdg-user-dir), else 桌面 or Desktop.
DESKTOP=""
for d in "$(xdg-user-dir DESKTOP 2>/dev/null || true)" "$HOME/桌面" "$HOME/Desktop"; do
  if [ -n "$d" ] && [ "$d" != "$HOME" ] && [ -d "$d" ]; then DESKTOP=$d; break; fi
done
if [ -n "$DESKTOP" ]; then
  cp "$APPS/g60desk.desktop" "$DESKTOP/g60desk.desktop"
  chmod +x "$DESKTOP/g60desk.desktop"
  # GNOME-based desktops start a desktop file only once it is marked trusted.
  gio set "$DESKTOP/g60desk.desktop" metadata::trusted true 2>/dev/null || true
  echo "已添加桌面图标:$DESKTOP/g60desk.desktop"
fi
update-desktop-database "$APPS" 2>/dev/null || true
