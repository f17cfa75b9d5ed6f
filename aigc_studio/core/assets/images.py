"""Images in and out of the studio, Qt-free: safe loading of any picture a user drops, the model's array format,
PNGs with the studio's metadata, and exports (sprite sheets, GIF/WebP animations, batches of PNGs).

Loading (:func:`load_image`) trusts nothing about the file:

* the format comes from the content, never the extension (a ``.png`` that is really a JPEG loads; a ``.png`` that
  is really text, a ZIP or a PDF says so), and only common bitmap formats are opened (no EPS/PDF helpers run);
* the size is checked from the header before any pixel is decoded: more than ``MAX_PIXELS`` (64 megapixels,
  8000×8000: every camera photo up to 64 MP fits; decoding one takes about 256 MB) is refused, and so is PIL's
  own decompression-bomb signal, whether it arrives as a warning, a warning turned error, or an error;
* a picture whose longer side is under ``MIN_SIDE`` (8 px) is refused: 1×1 or 2×3 pixels hold no drawing to work
  from, while 8×8 and 16×16 pixel art is upscaled like anything else;
* a picture larger than ``max_side`` (2048 px) is scaled down as it loads (JPEGs are decoded at 1/2, 1/4 or 1/8
  scale with ``draft`` first), since the models work at 64×64;
* truncated or damaged files, unreadable files and unsupported colour modes raise an :class:`ImageLoadError`
  (a :class:`UserError`) naming the file. Nothing global of PIL is changed.

The model format (:func:`to_model_array` / :func:`from_model_array`) is premultiplied RGBA in [-1, 1], made exactly
as ``scripts/data/prep_emoji.py`` makes the training data: the picture is centred on a transparent square and each
premultiplied channel is Lanczos-resampled in floating point.

Every file written here appears complete or not at all and never replaces an existing file
(:func:`aigc_studio.core.base.atomic.publish_new`); a taken name moves on to ``name-2``, ``name-3``, ...
"""
from __future__ import annotations

import contextlib
import io
import json
import re
import struct
from collections.abc import Iterator, Sequence
from datetime import datetime
from itertools import count
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import numpy as np
from PIL import Image, ImageFile, ImageOps, PngImagePlugin, UnidentifiedImageError

from aigc_studio import __version__
from aigc_studio.core.base.atomic import publish_new
from aigc_studio.core.assets.metadata import APP, PNG_KEY, parameters_line  # noqa: F401 (re-exported)
from aigc_studio.core.base.errors import UserError
from aigc_studio.core.base.safe_read import NotARegularFile, open_regular
from aigc_studio.core.base.specs import spec_to_dict

MAX_PIXELS = 64_000_000        # refused above this, before decoding
MIN_SIDE = 8                   # refused when the longer side is shorter
MAX_SIDE = 2048                # scaled down to fit this on load
MODEL_SIZE = 64

PARAMETERS_KEY = "parameters"  # tEXt: the one-line summary
XMP_KEY = "XML:com.adobe.xmp"  # iTXt: XMP
AI_SOURCE_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"

# Formats opened, by PIL's name; only those this Pillow build has are tried. Named in messages.
READ_FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "BMP", "TIFF", "ICO", "PPM", "QOI", "AVIF")
_FORMAT_NAMES = "PNG, JPEG, GIF, WebP, BMP, TIFF, ICO, PPM, QOI or AVIF"
_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"),
               (b"BM", "BMP"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))
# What a broken or hostile file makes PIL's parsers raise.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError, struct.error,
                  ZeroDivisionError)
_BOMB = (Image.DecompressionBombError, Image.DecompressionBombWarning)
# Modes PIL cannot take to RGBA in one step (colour modes to RGB first; alpha-premultiplied greyscale to LA).
_CONVERT_VIA = {"CMYK": "RGB", "YCbCr": "RGB", "HSV": "RGB", "LAB": "RGB", "La": "LA"}


class ImageLoadError(UserError):
    """A picture that cannot be used; the message names the file and says why in the user's words."""


class NotAnImage(ImageLoadError):
    """The file is something else (text, an archive, a document) or a format the studio does not read."""


class DamagedImage(ImageLoadError):
    """The file starts like an image but is truncated or broken."""


class ImageTooLarge(ImageLoadError):
    """Refused before decoding: more pixels than the limit (a decompression bomb, or simply too big)."""


class ImageTooSmall(ImageLoadError):
    """Too few pixels to hold a drawing."""


# ------------------------------------------------------------------------------------------------ loading

def load_image(path: str | Path, *, max_pixels: int = MAX_PIXELS, min_side: int = MIN_SIDE,
               max_side: int = MAX_SIDE) -> Image.Image:
    """A picture file as an in-memory RGBA image, upright (EXIF orientation applied), the first frame of an
    animation, at most ``max_side`` pixels on its longer side (scaled down, aspect kept). Refused with an
    :class:`ImageLoadError` when it is not a readable image, has more than ``max_pixels`` pixels (checked from the
    header, before decoding) or its longer side is under ``min_side``."""
    path = Path(path)
    name = path.name
    try:
        fh = open_regular(path)      # a FIFO or a device is refused at once, never waited on
    except NotARegularFile as e:
        raise ImageLoadError(str(e)) from None
    except FileNotFoundError:
        raise ImageLoadError(f"“{name}” was not found.") from None
    except IsADirectoryError:
        raise ImageLoadError(f"“{name}” is a folder, not an image.") from None
    except PermissionError:
        raise ImageLoadError(f"“{name}” cannot be read: permission denied.") from None
    except OSError as e:
        raise ImageLoadError(f"“{name}” cannot be read: {e.strerror or e}.") from None
    with fh:
        head = fh.read(64)
        fh.seek(0)
        im = _open(fh, name, head, max_pixels)
        _check_size(im.size, name, max_pixels, min_side)
        if im.format in ("JPEG", "MPO") and max(im.size) > max_side:
            im.draft(None, _fitted(im.size, max_side))     # decode at 1/2, 1/4 or 1/8 scale
        try:
            im.load()          # the first frame of an animation; the pixels are in memory once this returns
        except _BOMB as e:
            raise _too_large(name, max_pixels, str(e)) from None
        except _DECODE_ERRORS as e:
            raise _damaged(name, e) from None
    rgba = to_rgba(_upright(im), name)
    if max(rgba.size) > max_side:
        return rgba.resize(_fitted(rgba.size, max_side), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return rgba.copy() if rgba is im else rgba     # a plain in-memory image, detached from the closed file


def _open(fh: Any, name: str, head: bytes, max_pixels: int) -> ImageFile.ImageFile:
    """Identify the file from its content and read its header (no pixels)."""
    try:
        return Image.open(fh, formats=_read_formats())
    except _BOMB as e:
        raise _too_large(name, max_pixels, str(e)) from None
    except UnidentifiedImageError:
        if _signature(head) is not None:   # starts like an image: a header cut short or broken
            raise _damaged(name, None) from None
        raise NotAnImage(_not_an_image_message(name, head)) from None
    except _DECODE_ERRORS as e:
        raise _damaged(name, e) from None


def _read_formats() -> list[str]:
    Image.init()
    return [f for f in READ_FORMATS if f in Image.OPEN]


def _check_size(size: tuple[int, int], name: str, max_pixels: int, min_side: int) -> None:
    w, h = size
    if w * h > max_pixels:
        raise ImageTooLarge(f"“{name}” is too large ({w}×{h} pixels, {w * h / 1e6:.0f} megapixels): the studio "
                            f"opens images of up to {max_pixels / 1e6:.0f} megapixels. Scale it down first.")
    if max(w, h) < min_side:
        raise ImageTooSmall(f"“{name}” is only {w}×{h} pixels: too small to hold a drawing. Use an image at least "
                            f"{min_side} pixels across.")


def _too_large(name: str, max_pixels: int, pil_message: str) -> ImageTooLarge:
    m = re.search(r"\((\d+) pixels\)", pil_message)
    size = f" ({int(m.group(1)) / 1e6:,.0f} megapixels)" if m else ""
    return ImageTooLarge(f"“{name}” is too large{size}: the studio opens images of up to "
                         f"{max_pixels / 1e6:.0f} megapixels and did not decode it. Scale it down first.")


def _text_chunk_too_large(exc: BaseException | None) -> bool:
    """PIL's refusal of a PNG text chunk (tEXt/zTXt/iTXt) above its limits (MAX_TEXT_CHUNK, MAX_TEXT_MEMORY)."""
    text = str(exc or "").lower()
    return isinstance(exc, ValueError) and ("too large" in text or "max_text" in text)


def text_chunk_too_large(name: str) -> ImageTooLarge:
    mb = PngImagePlugin.MAX_TEXT_CHUNK / (1024 * 1024)
    return ImageTooLarge(f"“{name}” holds a text block that is too large (over {mb:g} MB unpacked), so the studio "
                         "does not open it. Re-save the picture in an image editor without its text.")


def _damaged(name: str, exc: BaseException | None) -> ImageLoadError:
    if _text_chunk_too_large(exc):
        return text_chunk_too_large(name)
    why = "the file ends too early" if exc is not None and "truncat" in str(exc).lower() else "its data is broken"
    return DamagedImage(f"“{name}” is damaged or incomplete ({why}), so it cannot be opened. If it was "
                        "downloaded or copied, try again; otherwise re-save it in an image editor.")


def _signature(head: bytes) -> str | None:
    """The image format the first bytes announce, or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    return next((fmt for sig, fmt in _SIGNATURES if head.startswith(sig)), None)


def _not_an_image_message(name: str, head: bytes) -> str:
    if not head:
        what = "is empty (0 bytes)"
    elif head.startswith(b"PK\x03\x04"):
        what = "is a ZIP archive (or a document packed as one)"
    elif head.startswith(b"%PDF"):
        what = "is a PDF document"
    elif head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return f"“{name}” is a HEIC photo, which the studio cannot read. Export it as JPEG or PNG first."
    elif b"<svg" in head.lower() or head.lstrip().startswith(b"<?xml"):
        return f"“{name}” is a vector drawing (SVG/XML), not a bitmap. Export it as PNG first."
    elif _is_text(head):
        what = "is a text file"
    else:
        return f"“{name}” is not an image the studio can open: it reads {_FORMAT_NAMES} files."
    return f"“{name}” {what}, not an image."


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        return e.start >= len(head) - 3     # a character cut at the end of the sample
    return True


def _upright(im: Image.Image) -> Image.Image:
    """Apply the EXIF orientation (a photo taken sideways stands up); broken EXIF is ignored."""
    try:
        if im.getexif().get(0x0112, 1) in (2, 3, 4, 5, 6, 7, 8):
            return ImageOps.exif_transpose(im)
    except (*_DECODE_ERRORS, UserWarning):
        pass
    return im


def _fitted(size: tuple[int, int], side: int) -> tuple[int, int]:
    """``size`` scaled to fit in ``side``×``side``, aspect kept."""
    w, h = size
    s = side / max(w, h)
    return max(1, round(w * s)), max(1, round(h * s))


def to_rgba(im: Image.Image, name: str = "the image") -> Image.Image:
    """Any PIL mode as 8-bit RGBA: palette (with its transparency), 1-bit, greyscale with or without alpha,
    16-bit and 32-bit integer greyscale (scaled from 0..65535, not clipped), float greyscale (0..1 when all values
    fit, else 0..255), CMYK, YCbCr, HSV, RGB, RGBX and premultiplied modes."""
    if im.mode == "RGBA":
        return im
    if im.mode.startswith("I"):            # I;16, I;16B, I;16L, I;16N, I (32-bit, read as 0..65535)
        v = np.clip(np.asarray(im).astype(np.int64), 0, 65535)
        return Image.fromarray(((v * 255 + 32767) // 65535).astype(np.uint8)).convert("RGBA")
    if im.mode == "F":
        v = np.nan_to_num(np.asarray(im, dtype=np.float32), nan=0.0, posinf=255.0, neginf=0.0)
        scale = 255.0 if v.size and float(v.max()) <= 1.0 else 1.0
        return Image.fromarray(np.rint(np.clip(v * scale, 0, 255)).astype(np.uint8)).convert("RGBA")
    try:
        if im.mode in _CONVERT_VIA:
            im = im.convert(_CONVERT_VIA[im.mode])
        return im.convert("RGBA")
    except ValueError:
        raise ImageLoadError(f"“{name}” uses the {im.mode} colour mode, which the studio cannot convert. Save it "
                             "as RGB or RGBA and try again.") from None


# ------------------------------------------------------------------------------------------------ model arrays

def fit_square(img: Image.Image, size: int = MODEL_SIZE) -> Image.Image:
    """``img`` centred on a transparent square (aspect kept) and resampled premultiplied to ``size``×``size``
    RGBA: the same arithmetic as ``scripts/data/prep_emoji.py``, which makes the training data."""
    img = to_rgba(img)
    side = max(img.size)
    canvas = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    canvas.paste(img, ((side - img.width) // 2, (side - img.height) // 2))
    return _resize_premul(canvas, size)


def _resize_premul(im: Image.Image, size: int) -> Image.Image:
    """Resample each premultiplied channel in floating point (no colour bleeds from transparent pixels)."""
    a = np.asarray(im).astype(np.float32) / 255.0
    a[..., :3] *= a[..., 3:4]
    chans = [Image.fromarray(a[..., i]).resize((size, size), Image.Resampling.LANCZOS) for i in range(4)]
    b = np.stack([np.asarray(c) for c in chans], -1).clip(0, 1)
    alpha = b[..., 3:4]
    rgb = np.where(alpha > 1e-4, b[..., :3] / np.maximum(alpha, 1e-4), 0.0).clip(0, 1)
    return Image.fromarray((np.concatenate([rgb, alpha], -1) * 255 + 0.5).astype(np.uint8))


def rgba_to_model(rgba: Any) -> np.ndarray:
    """Straight RGBA uint8 ``(..., H, W, 4)`` -> float32 ``(..., 4, H, W)`` in [-1, 1], premultiplied (RGB
    multiplied by alpha). Use it for training data too, so dropped pictures and the data match."""
    x = np.asarray(rgba, dtype=np.float32) / 255.0
    x[..., :3] *= x[..., 3:4]
    return np.ascontiguousarray(np.moveaxis(x * 2.0 - 1.0, -1, -3))


def to_model_array(img: Image.Image, size: int = MODEL_SIZE) -> np.ndarray:
    """A picture as the models take it: float32 ``(4, size, size)`` in [-1, 1], premultiplied RGBA, fitted into a
    transparent square (see :func:`fit_square`)."""
    return rgba_to_model(np.asarray(fit_square(img, size)))


def from_model_array(arr: Any) -> np.ndarray:
    """Model output ``(N, 4, H, W)`` or ``(4, H, W)`` (premultiplied, [-1, 1]; a NumPy array or a tensor) ->
    straight RGBA uint8 ``(N, H, W, 4)`` or ``(H, W, 4)`` (the batch dimension is kept as given). RGB is clamped
    to at most alpha before un-premultiplying; fully transparent pixels get RGB 0."""
    if hasattr(arr, "detach"):            # a torch tensor, on any device
        arr = arr.detach().float().cpu().numpy()
    x = np.asarray(arr, dtype=np.float32)
    if x.ndim not in (3, 4) or x.shape[-3] != 4:
        raise ValueError(f"expected (N, 4, H, W) or (4, H, W), got {x.shape}")
    x = np.moveaxis(np.clip((np.nan_to_num(x, nan=-1.0) + 1.0) / 2.0, 0.0, 1.0), -3, -1)
    alpha = x[..., 3:]
    rgb = np.minimum(x[..., :3], alpha)
    visible = np.rint(alpha * 255.0) > 0
    straight = np.divide(rgb, alpha, out=np.zeros_like(rgb), where=visible)
    return np.rint(np.concatenate([straight, alpha], -1) * 255.0).astype(np.uint8)


# ------------------------------------------------------------------------------------------------ PNG + metadata

def xmp_packet(tool: str, created: str | None = None) -> str:
    """An XMP packet marking the file as made by a trained model (IPTC digital source type)."""
    date = f"\n    xmp:CreateDate={quoteattr(created)}" if created else ""
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
            ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            '  <rdf:Description rdf:about=""\n'
            '    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"\n'
            '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"\n'
            f'    Iptc4xmpExt:DigitalSourceType="{AI_SOURCE_TYPE}"\n'
            f'    xmp:CreatorTool={quoteattr(tool)}{date}/>\n'
            ' </rdf:RDF>\n'
            '</x:xmpmeta>\n'
            '<?xpacket end="r"?>')


def _tool() -> str:
    return f"AIGC Studio {__version__}"


def png_bytes(rgba: Any, meta: dict[str, Any] | None, parameters: str = "") -> bytes:
    """An RGBA uint8 ``(H, W, 4)`` picture as PNG bytes with a tEXt ``parameters`` chunk (iTXt when the line is
    not Latin-1), an iTXt ``aigc-studio`` chunk holding ``json.dumps(meta)`` (what ``load_spec`` reads back) and
    XMP marking it as AI-generated. All chunks come before the image data, so readers need not decode pixels."""
    info = PngImagePlugin.PngInfo()
    if parameters:
        info.add_text(PARAMETERS_KEY, parameters)
    if meta is not None:
        info.add_itxt(PNG_KEY, json.dumps(meta, ensure_ascii=False))
    info.add_itxt(XMP_KEY, xmp_packet(_tool(), (meta or {}).get("created")))
    picture = np.asarray(rgba)
    if picture.ndim != 3:
        raise ValueError(f"expected one RGBA picture (H, W, 4), got {picture.shape}")
    buf = io.BytesIO()
    Image.fromarray(_frames(picture)[0]).save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------------ exports

def _frames(images: Any) -> np.ndarray:
    """Pictures as one uint8 array ``(N, H, W, 4)`` (a single ``(H, W, 4)`` picture or a list of them)."""
    x = np.asarray(images)
    if x.ndim == 3:
        x = x[None]
    if x.ndim != 4 or x.shape[-1] != 4 or x.dtype != np.uint8 or 0 in x.shape:
        raise ValueError(f"expected RGBA uint8 pictures (N, H, W, 4), got {x.dtype} {x.shape}")
    return x


def _free_names(stem: str) -> Iterator[str]:
    yield stem
    for n in count(2):
        yield f"{stem}-{n}"


def _publish(data: bytes, path: Path, names: Iterator[str] | None = None) -> Path:
    """Write ``data`` atomically under ``path``'s folder: ``path`` itself, or the first free name after it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return publish_new({path.suffix: data}, path.parent, names or _free_names(path.stem))[path.suffix]


def save_sprite_sheet(images: Any, path: str | Path, columns: int | None = None, padding: int = 0) -> Path:
    """Lay the pictures out left to right, top to bottom (``columns`` default: a near-square grid), ``padding``
    transparent pixels between cells, and save a PNG (marked AI-generated) at ``path`` or the next free name.
    Returns the path written."""
    frames = _frames(images)
    n, h, w, _ = frames.shape
    cols = max(1, min(n, columns or int(np.ceil(np.sqrt(n)))))
    rows = -(-n // cols)
    pad = max(0, int(padding))
    sheet = np.zeros((rows * h + (rows - 1) * pad, cols * w + (cols - 1) * pad, 4), np.uint8)
    for i, frame in enumerate(frames):
        r, c = divmod(i, cols)
        sheet[r * (h + pad): r * (h + pad) + h, c * (w + pad): c * (w + pad) + w] = frame
    return _publish(png_bytes(sheet, None), Path(path).with_suffix(".png"))


def save_animation(images: Any, path: str | Path, fmt: str = "gif", fps: float = 8, loop: bool = True,
                   pingpong: bool = False, background: tuple[int, int, int] | None = None) -> Path:
    """Save the pictures as an animated GIF or WebP at ``path`` (its extension set to ``fmt``) or the next free
    name. ``pingpong`` plays forwards then backwards (the end frames once each). WebP is lossless and keeps
    alpha. GIF has one bit of transparency: with ``background=None`` pixels under half opacity become
    transparent and the rest opaque; with ``background=(r, g, b)`` every frame is composited on that colour. GIF
    frame times are multiples of 10 ms and at least 20 ms (browsers slow shorter ones down), so above 50 fps GIF
    plays at 50; identical consecutive GIF frames are merged into one longer frame."""
    fmt = fmt.lower()
    if fmt not in ("gif", "webp"):
        raise ValueError(f"fmt must be 'gif' or 'webp', not {fmt!r}")
    if not (0 < fps <= 100):
        raise ValueError("fps must be greater than 0 and at most 100")
    frames = _frames(images)
    if pingpong and len(frames) > 2:
        frames = np.concatenate([frames, frames[-2:0:-1]])
    ms = round(1000 / fps)
    buf = io.BytesIO()
    if fmt == "gif":
        first, *rest = _gif_frames(frames, background)
        extra = {"loop": 0} if loop else {}
        if background is None:
            extra["transparency"] = 255
        first.save(buf, "GIF", save_all=True, append_images=rest, duration=max(20, round(ms, -1)), disposal=2,
                   optimize=False, comment=f"{_tool()}: AI-generated (trainedAlgorithmicMedia)", **extra)
    else:
        first, *rest = (Image.fromarray(f) for f in frames)
        first.save(buf, "WEBP", save_all=True, append_images=rest, duration=ms, loop=0 if loop else 1,
                   lossless=True, quality=100, xmp=xmp_packet(_tool()).encode("utf-8"))
    return _publish(buf.getvalue(), Path(path).with_suffix("." + fmt))


def _gif_frames(frames: np.ndarray, background: tuple[int, int, int] | None) -> list[Image.Image]:
    """Palette frames sharing one palette (so colours do not flicker between frames); index 255 is transparent
    unless a background is given."""
    n, h, w, _ = frames.shape
    rgb = frames[..., :3].astype(np.uint16)
    alpha = frames[..., 3:].astype(np.uint16)
    if background is not None:
        bg = np.asarray(background, np.uint16).reshape(1, 1, 1, 3)
        rgb = (rgb * alpha + bg * (255 - alpha) + 127) // 255
        hidden = np.zeros((n, h, w), bool)
    else:
        hidden = frames[..., 3] < 128
        rgb[hidden] = 0
    strip = Image.fromarray(rgb.astype(np.uint8).reshape(n * h, w, 3))
    colours = 256 if background is not None else 255
    quant = strip.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    index = np.asarray(quant).reshape(n, h, w).copy()
    index[hidden] = 255
    palette = (quant.getpalette() or [])[: colours * 3]
    palette += [0] * (768 - len(palette))
    out = []
    for frame in index:
        im = Image.fromarray(frame)
        im.putpalette(palette)
        out.append(im)
    return out


def export_images(images: Any, folder: str | Path, stem: str, specs: Any = None) -> list[Path]:
    """Save each picture as ``folder/<stem>-001.png``, ``-002``, ... (numbers already taken are skipped, nothing
    is overwritten). ``specs``: None, one spec for all, or one spec per picture; with a spec the PNG carries the
    same metadata as a saved asset, so dropping it back restores the settings. All or nothing: on an error the
    files this call wrote are removed again."""
    frames = _frames(images)
    if specs is None or not isinstance(specs, Sequence):
        specs = [specs] * len(frames)
    if len(specs) != len(frames):
        raise ValueError(f"{len(specs)} specs for {len(frames)} pictures")
    folder = Path(folder)
    stem = Path(stem).name or "image"
    names = (f"{stem}-{n:03d}" for n in count(1))
    created = datetime.now().astimezone().isoformat(timespec="seconds")
    written: list[Path] = []
    try:
        for rgba, spec in zip(frames, specs):
            if spec is None:
                data = png_bytes(rgba, None)
            else:
                d = spec_to_dict(spec)
                data = png_bytes(rgba, _export_metadata(d, created), parameters_line(d))
            written.append(_publish(data, folder / f"{stem}.png", names))
    except BaseException:
        for p in written:
            with contextlib.suppress(OSError):
                p.unlink()
        raise
    return written


def _export_metadata(spec_dict: dict[str, Any], created: str) -> dict[str, Any]:
    """The metadata an asset saved by :class:`AssetStore` carries (without its job result)."""
    return {"app": APP, "version": __version__, "spec": spec_dict, "created": created,
            "device": spec_dict.get("device"), "result": {}}
