"""Draw the program icon (assets/icons/g60desk.png and .ico) once; the files are committed.

Run: .venv/bin/python build/tools/make_icon.py [path-to-a-bold-CJK-font]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
FONT = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"


def draw(size: int) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    r = size // 6
    d.rounded_rectangle((0, 0, size - 1, size - 1), radius=r, fill=(178, 34, 34, 255))
    d.rounded_rectangle((size * 0.08, size * 0.08, size * 0.92, size * 0.92), radius=r * 0.7,
                        outline=(255, 236, 200, 255), width=max(1, size // 40))
    font = ImageFont.truetype(FONT, int(size * 0.62), index=2)  # the SC face
    d.text((size / 2, size / 2), "绩", font=font, fill=(255, 255, 255, 255), anchor="mm")
    return img


def main() -> None:
    out = ROOT / "assets" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    big = draw(256)
    big.save(out / "g60desk.png", optimize=True)
    draw(64).save(out / "g60desk-64.png", optimize=True)
    big.save(out / "g60desk.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64),
                                         (128, 128), (256, 256)])


if __name__ == "__main__":
    main()
