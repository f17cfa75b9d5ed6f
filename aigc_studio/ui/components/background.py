"""A plain background around a picture, found and made transparent before a VAE encodes it (Qt-free).

The emoji models learned icons on transparent backgrounds: a JPEG of the same shape on white encodes to garbage,
because the model reads the white as part of the icon. :func:`plain_background` says whether an opaque picture
stands on one plain colour (its border pixels agree within a tolerance); :func:`remove_background` makes that colour
transparent where it touches the border (a flood fill from the edges, so a white eye inside a face stays), with a
soft edge; :func:`prepare_for_encoding` does both for a file and writes the result as a PNG next to the studio's
data, atomically."""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

TOLERANCE = 28            # how far (0-255 per channel, max over channels) a pixel may be from the background colour
BORDER_AGREE = 0.9        # the share of border pixels that must be the background colour
MAX_SIDE = 256            # the picture is scaled down to this before the work (the model reads 64×64 anyway)


def _border(rgb: np.ndarray) -> np.ndarray:
    return np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]], axis=0)


def plain_background(rgba: np.ndarray, tolerance: int = TOLERANCE) -> tuple[int, int, int] | None:
    """The background colour of an opaque picture (uint8 H×W×4) standing on one plain colour, else None (it has
    transparency already, or its border is not one colour)."""
    a = np.asarray(rgba)
    if a.ndim != 3 or a.shape[2] != 4 or min(a.shape[:2]) < 4:
        return None
    if (a[..., 3] < 250).mean() > 0.01:           # already transparent: nothing to remove
        return None
    border = _border(a[..., :3]).astype(np.int16)
    colour = np.median(border, axis=0).astype(np.int16)
    agree = (np.abs(border - colour).max(axis=1) <= tolerance).mean()
    if agree < BORDER_AGREE:
        return None
    return int(colour[0]), int(colour[1]), int(colour[2])


def remove_background(rgba: np.ndarray, colour: tuple[int, int, int], tolerance: int = TOLERANCE) -> np.ndarray:
    """``rgba`` with the background (pixels of ``colour`` connected to the border) made transparent; pixels close
    to it on the edge of the shape fade out (a soft edge instead of a white fringe)."""
    a = np.array(rgba, dtype=np.uint8, copy=True)
    h, w = a.shape[:2]
    dist = np.abs(a[..., :3].astype(np.int16) - np.array(colour, np.int16)).max(axis=2)
    near = dist <= tolerance
    # flood fill from the border through the near-colour pixels: repeated 4-neighbour growth (numpy, no loop per
    # pixel; at most a few hundred rounds for a 256-pixel picture)
    bg = np.zeros((h, w), bool)
    bg[0], bg[-1], bg[:, 0], bg[:, -1] = near[0], near[-1], near[:, 0], near[:, -1]
    while True:
        grow = bg.copy()
        grow[1:] |= bg[:-1]
        grow[:-1] |= bg[1:]
        grow[:, 1:] |= bg[:, :-1]
        grow[:, :-1] |= bg[:, 1:]
        grow &= near
        if np.array_equal(grow, bg):
            break
        bg = grow
    alpha = a[..., 3].astype(np.float32)
    alpha[bg] = 0.0
    # the shape's rim: pixels next to the background that are still close to its colour fade with that closeness
    rim = np.zeros_like(bg)
    rim[1:] |= bg[:-1]
    rim[:-1] |= bg[1:]
    rim[:, 1:] |= bg[:, :-1]
    rim[:, :-1] |= bg[:, 1:]
    rim &= ~bg
    soft = rim & (dist <= 3 * tolerance)
    alpha[soft] *= np.clip(dist[soft] / (3.0 * tolerance), 0.0, 1.0)
    a[..., 3] = np.clip(alpha, 0, 255).astype(np.uint8)
    return a


def prepare_for_encoding(path: str | Path, folder: str | Path) -> tuple[Path, tuple[int, int, int]] | None:
    """When the picture at ``path`` stands on a plain background, write it with that background transparent as a
    PNG in ``folder`` (named by the file's content, so the same picture gives the same file) and return
    ``(the PNG, the background colour)``; None when there is nothing to remove or the file cannot be read (the
    encoding job then reads and explains the file itself)."""
    from PIL import Image, UnidentifiedImageError

    from aigc_studio.core.base.atomic import atomic_write_bytes
    p = Path(path)
    try:
        raw = p.read_bytes()
        with Image.open(p) as im:
            im.draft("RGB", (MAX_SIDE, MAX_SIDE))          # a large JPEG decodes small: quick
            im = im.convert("RGBA")
            im.thumbnail((MAX_SIDE, MAX_SIDE))
            rgba = np.asarray(im, dtype=np.uint8)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None
    colour = plain_background(rgba)
    if colour is None:
        return None
    out = remove_background(rgba, colour)
    if (out[..., 3] > 0).mean() < 0.02:             # one colour all over: there is no shape to keep
        return None
    import io
    buf = io.BytesIO()
    Image.fromarray(out, "RGBA").save(buf, format="PNG")
    digest = hashlib.sha256(raw).hexdigest()[:16]
    target = Path(folder) / digest / f"{p.stem[:60]}.png"         # the picture's own name, in a folder of its own
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, buf.getvalue())
    return target, colour
