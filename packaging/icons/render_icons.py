"""Render the AIGC Studio icon (the shapes of aigc-studio.svg, drawn again with Pillow) into every size the
installers need. No SVG renderer is required: the geometry below is the SVG's, in its 256-unit coordinates.

    python packaging/icons/render_icons.py OUTDIR

writes OUTDIR/hicolor/<n>x<n>/apps/aigc-studio.png (16 ... 512), OUTDIR/hicolor/scalable/apps/aigc-studio.svg,
OUTDIR/aigc-studio.png (256), OUTDIR/aigc-studio.ico (Windows, 16-256) and OUTDIR/aigc-studio.icns (macOS).
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SVG = HERE / "aigc-studio.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SUPERSAMPLE = 4

TILE = (16, 16, 240, 240, 48)                 # x0, y0, x1, y1, corner radius
TILE_FROM, TILE_TO = (0x4B, 0x3B, 0xA8), (0x0F, 0x8A, 0x8F)
BIG_SPARK = [(100.0, 32.0), (110.6, 85.4), (164.0, 96.0), (110.6, 106.6), (100.0, 160.0), (89.4, 106.6),
             (36.0, 96.0), (89.4, 85.4)]
SMALL_SPARK = [(180.0, 34.0), (184.6, 55.4), (206.0, 60.0), (184.6, 64.6), (180.0, 86.0), (175.4, 64.6),
               (154.0, 60.0), (175.4, 55.4)]
BARS = [(50, 180, 20), (74, 168, 44), (98, 176, 28), (122, 160, 60), (146, 172, 36), (170, 166, 48),
        (194, 182, 16)]                        # x, y, height; width 12, fully rounded ends
BAR_WIDTH = 12
BIG_COLOUR, SMALL_COLOUR, BAR_COLOUR = (0xFF, 0xD1, 0x66, 255), (255, 255, 255, 255), (0x8E, 0xF0, 0xF7, 255)


def render(size: int) -> Image.Image:
    """The icon at ``size`` x ``size`` pixels (drawn larger, then reduced for smooth edges)."""
    big = size * SUPERSAMPLE
    s = big / 256.0
    x0, y0, x1, y1, radius = TILE
    # the tile: a diagonal gradient (as the SVG's linearGradient from (16,16) to (240,240)) cut by a rounded square
    ramp = Image.linear_gradient("L").rotate(45, expand=True, resample=Image.Resampling.BILINEAR)
    ramp = ramp.crop(((ramp.width - 256) // 2, (ramp.height - 256) // 2,
                      (ramp.width + 256) // 2, (ramp.height + 256) // 2)).resize((big, big))
    gradient = Image.composite(Image.new("RGBA", (big, big), (*TILE_TO, 255)),
                               Image.new("RGBA", (big, big), (*TILE_FROM, 255)), ramp)
    mask = Image.new("L", (big, big), 0)
    ImageDraw.Draw(mask).rounded_rectangle((x0 * s, y0 * s, x1 * s, y1 * s), radius=radius * s, fill=255)
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    img.paste(gradient, (0, 0), mask)
    draw = ImageDraw.Draw(img)
    draw.polygon([(x * s, y * s) for x, y in BIG_SPARK], fill=BIG_COLOUR)
    draw.polygon([(x * s, y * s) for x, y in SMALL_SPARK], fill=SMALL_COLOUR)
    for x, y, h in BARS:
        draw.rounded_rectangle((x * s, y * s, (x + BAR_WIDTH) * s, (y + h) * s), radius=BAR_WIDTH / 2 * s,
                               fill=BAR_COLOUR)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[1])
    images = {n: render(n) for n in SIZES}
    for n, im in images.items():
        target = out / "hicolor" / f"{n}x{n}" / "apps" / "aigc-studio.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        im.save(target, optimize=True)
    scalable = out / "hicolor" / "scalable" / "apps" / "aigc-studio.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG, scalable)
    images[256].save(out / "aigc-studio.png", optimize=True)
    images[256].save(out / "aigc-studio.ico", sizes=[(n, n) for n in SIZES if n <= 256])
    # ICNS: Pillow writes the standard entries from the largest image and the extra sizes given
    render(1024).save(out / "aigc-studio.icns", append_images=[images[n] for n in (16, 32, 64, 128, 256, 512)])
    print(f"icons written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
