"""Draw the start-up splash shown by the frozen program before Python starts.

build/g60desk.spec calls :func:`make_splash` at every build (Pillow is there, as
ttkbootstrap needs it), so the picture always carries the version being built. The text
is drawn into the picture with the bundled font: the splash's own Tk has no CJK font to
rely on. By hand: ``.venv/bin/python build/splash/make_splash.py OUT.png``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from g60desk import __version__  # noqa: E402

W, H = 440, 200


def make_splash(out: Path, version: str = __version__) -> Path:
    font_file = str(ROOT / "assets" / "fonts" / "uming.ttc")
    img = Image.new("RGB", (W, H), "#ffffff")
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, W - 1, H - 1), outline="#2780e3", width=2)
    draw.rectangle((0, 0, W, 8), fill="#2780e3")
    icon = Image.open(ROOT / "assets" / "icons" / "g60desk-64.png").convert("RGBA")
    img.paste(icon, (28, 50), icon)
    title = ImageFont.truetype(font_file, 26)
    body = ImageFont.truetype(font_file, 16)
    draw.text((112, 52), "G60Desk 绩效目标申报", font=title, fill="#1a1a1a")
    draw.text((112, 92), "财政项目支出绩效目标申报表", font=body, fill="#444444")
    draw.text((112, 140), "正在启动,请稍候……", font=body, fill="#2780e3")
    draw.text((W - 70, H - 26), f"v{version}", font=body, fill="#888888")
    out.parent.mkdir(parents=True, exist_ok=True)
    img.save(out, optimize=True)
    return out


if __name__ == "__main__":
    made = make_splash(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("splash.png"))
    print(made, made.stat().st_size, "bytes")
