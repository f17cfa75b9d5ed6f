"""The image file layer: safe loading of dropped pictures, the model array format, PNG metadata, save_image and
exports. Qt-free; every picture is made here with PIL."""
from __future__ import annotations

import errno
import importlib.util
import io
import json
import struct
import zipfile
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFile, JpegImagePlugin

from aigc_studio.core.base import atomic
from aigc_studio.core.assets import INDEX_NAME, AssetStore, load_spec, read_metadata
from aigc_studio.core.assets import images as I
from aigc_studio.core.assets.images import (DamagedImage, ImageLoadError, ImageTooLarge, ImageTooSmall, NotAnImage,
                                            export_images, fit_square, from_model_array, load_image, png_bytes,
                                            parameters_line, save_animation, save_sprite_sheet, to_model_array,
                                            to_rgba)
from aigc_studio.core.base.errors import UserError, user_message
from aigc_studio.core.base.specs import ImageSpec, spec_to_dict

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2024, 5, 6, 10, 30, 0, tzinfo=timezone.utc)
AI = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


def noise(w: int, h: int, seed: int = 0, alpha: bool = True) -> Image.Image:
    """A picture that does not compress (so truncating it cuts into the pixel data)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 256, (h, w, 4 if alpha else 3), dtype=np.uint8)
    return Image.fromarray(a)


def solid(colour, size=(16, 16)) -> np.ndarray:
    return np.tile(np.asarray(colour, np.uint8), (size[1], size[0], 1))


def encoded(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def xmp_of(im: Image.Image) -> str:
    x = im.info["xmp"]
    return x.decode("utf-8") if isinstance(x, bytes) else x


def size_of(path: Path) -> tuple[int, int]:
    with Image.open(path) as im:
        return im.size


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of every chunk of a PNG, in file order."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    out, pos = [], 8
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        out.append((data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]))
        pos += 12 + n
    return out


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header_claiming(w: int, h: int) -> bytes:
    """A tiny PNG whose header claims ``w``×``h`` RGBA pixels (a decompression bomb's header, ~60 bytes)."""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail the test if any pixel data is decoded."""
    def load(self):
        raise AssertionError("pixels were decoded")
    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


# -- files that are not (readable) images ---------------------------------------------------------------------

def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hello")
    return buf.getvalue()


@pytest.mark.parametrize("name, data, said", [
    ("notes.png", "just some text, not a picture\n".encode(), "“notes.png” is a text file, not an image"),
    ("archive.png", _zip_bytes(), "“archive.png” is a ZIP archive"),
    ("doc.jpg", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "“doc.jpg” is a PDF document"),
    ("empty.png", b"", "“empty.png” is empty"),
    ("logo.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "vector drawing"),
    ("photo.jpg", b"\x00\x00\x00\x18ftypheic" + bytes(40), "HEIC photo"),
    ("blob.png", bytes(range(256)) * 4, "not an image the studio can open: it reads PNG, JPEG"),
])
def test_non_images_are_refused_saying_what_they_are(tmp_path, name, data, said):
    with pytest.raises(NotAnImage) as ei:
        load_image(write(tmp_path / name, data))
    assert said in str(ei.value)
    assert isinstance(ei.value, UserError) and user_message(ei.value) == str(ei.value)


def test_missing_folder_and_unreadable_paths(tmp_path):
    with pytest.raises(ImageLoadError, match="“gone.png” was not found"):
        load_image(tmp_path / "gone.png")
    with pytest.raises(ImageLoadError, match="is a folder, not an image"):
        load_image(tmp_path)


def test_formats_that_run_helpers_are_not_opened(tmp_path):
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
    with pytest.raises(NotAnImage, match="“x.eps” is a text file"):
        load_image(write(tmp_path / "x.eps", eps))


@pytest.mark.parametrize("fmt, ext", [("PNG", "png"), ("JPEG", "jpg")])
def test_truncated_files_say_so(tmp_path, fmt, ext):
    data = encoded(noise(96, 96, alpha=fmt == "PNG"), fmt)
    with pytest.raises(DamagedImage) as ei:
        load_image(write(tmp_path / f"half.{ext}", data[: len(data) // 2]))
    assert f"“half.{ext}” is damaged or incomplete (the file ends too early)" in str(ei.value)
    with pytest.raises(DamagedImage, match=f"“head.{ext}” is damaged or incomplete"):
        load_image(write(tmp_path / f"head.{ext}", data[:20]))     # the header itself is cut


def test_broken_png_data_is_damaged(tmp_path):
    data = bytearray(encoded(noise(32, 32), "PNG"))
    idat = data.index(b"IDAT")
    data[idat + 40: idat + 60] = bytes(20)                              # the CRC no longer matches
    with pytest.raises(DamagedImage, match="“bad.png” is damaged or incomplete"):
        load_image(write(tmp_path / "bad.png", bytes(data)))


def test_wrong_extension_loads_by_content(tmp_path):
    red = Image.new("RGB", (20, 10), (250, 10, 10))
    im = load_image(write(tmp_path / "really-a-jpeg.png", encoded(red, "JPEG", quality=95)))
    assert im.mode == "RGBA" and im.size == (20, 10) and type(im) is Image.Image   # detached from the file
    assert np.abs(np.asarray(im)[5, 10].astype(int) - [250, 10, 10, 255]).max() <= 4
    pic = noise(12, 9)
    im = load_image(write(tmp_path / "really-a-png.jpg", encoded(pic, "PNG")))
    assert np.array_equal(np.asarray(im), np.asarray(pic))
    im = load_image(write(tmp_path / "no-extension", encoded(pic, "WEBP", lossless=True, exact=True)))
    assert np.array_equal(np.asarray(im), np.asarray(pic))


# -- size limits ---------------------------------------------------------------------------------------------

def test_decompression_bomb_is_refused_before_decoding(tmp_path, no_decoding):
    bomb = write(tmp_path / "bomb.png", png_header_claiming(100_000, 100_000))
    assert bomb.stat().st_size < 100
    with pytest.raises(ImageTooLarge) as ei:
        load_image(bomb)
    assert "“bomb.png” is too large (10,000 megapixels)" in str(ei.value)
    assert "up to 64 megapixels" in str(ei.value)
    with pytest.raises(UserError, match="not a readable PNG"):    # dropping it to restore settings: same care
        read_metadata(bomb)


def test_over_the_limit_but_under_pils_is_refused_by_the_header_size(tmp_path, no_decoding):
    big = write(tmp_path / "big.png", png_header_claiming(9000, 9000))        # 81 MP: PIL says nothing
    with pytest.raises(ImageTooLarge, match=r"“big.png” is too large \(9000×9000 pixels, 81 megapixels\)"):
        load_image(big)


def test_pils_bomb_warning_is_handled_as_error_or_as_warning(tmp_path, no_decoding):
    p = write(tmp_path / "warn.png", png_header_claiming(10_000, 10_000))     # 100 MP: PIL warns
    with pytest.raises(ImageTooLarge, match="too large"):                    # pytest: warnings are errors
        load_image(p)
    with pytest.warns(Image.DecompressionBombWarning), pytest.raises(ImageTooLarge, match="10000×10000"):
        load_image(p)                                                         # an app: just a warning


def test_enormous_jpeg_header_is_refused(tmp_path, no_decoding):
    data = bytearray(encoded(Image.new("RGB", (16, 16), "blue"), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5: sof + 9] = struct.pack(">HH", 20000, 20000)                # claims 20000×20000
    with pytest.raises(ImageTooLarge, match="“huge.jpg” is too large"):
        load_image(write(tmp_path / "huge.jpg", bytes(data)))


def test_pixel_limit_is_a_parameter(tmp_path):
    p = write(tmp_path / "a.png", encoded(noise(10, 10), "PNG"))
    assert load_image(p, max_pixels=100).size == (10, 10)
    with pytest.raises(ImageTooLarge):
        load_image(p, max_pixels=99)


def test_large_pictures_are_scaled_down_on_load(tmp_path):
    p = write(tmp_path / "wide.png", encoded(Image.new("RGBA", (1200, 600), (0, 128, 255, 200)), "PNG"))
    im = load_image(p, max_side=512)
    assert im.size == (512, 256) and im.mode == "RGBA"
    assert np.abs(np.asarray(im)[128, 256].astype(int) - [0, 128, 255, 200]).max() <= 1   # 8-bit premultiplied


def test_large_jpeg_is_decoded_at_reduced_scale(tmp_path, monkeypatch):
    p = write(tmp_path / "photo.jpg", encoded(Image.new("RGB", (2400, 1200), (200, 30, 30)), "JPEG"))
    decoded = []
    real = JpegImagePlugin.JpegImageFile.draft

    def draft(self, mode, size):
        result = real(self, mode, size)
        decoded.append(self.size)
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", draft)
    im = load_image(p, max_side=256)
    assert decoded == [(300, 150)]          # 1/8 scale: 2400×1200 was never decoded in full
    assert im.size == (256, 128)
    assert np.abs(np.asarray(im)[64, 128].astype(int) - [200, 30, 30, 255]).max() <= 6


@pytest.mark.parametrize("size", [(1, 1), (2, 3), (7, 7)])
def test_tiny_pictures_are_refused(tmp_path, size):
    p = write(tmp_path / "dot.png", encoded(Image.new("RGBA", size, "red"), "PNG"))
    with pytest.raises(ImageTooSmall) as ei:
        load_image(p)
    assert f"“dot.png” is only {size[0]}×{size[1]} pixels" in str(ei.value)


@pytest.mark.parametrize("size", [(8, 8), (16, 16), (40, 1)])
def test_small_pictures_are_accepted(tmp_path, size):
    p = write(tmp_path / "sprite.png", encoded(Image.new("RGBA", size, "red"), "PNG"))
    im = load_image(p)
    assert im.size == size
    assert to_model_array(im).shape == (4, 64, 64)


# -- colour modes ----------------------------------------------------------------------------------------------

def _palette_with_transparency() -> Image.Image:
    im = Image.fromarray(np.array([[0, 1], [2, 1]] * 4, np.uint8).repeat(4, 1))   # 8×8, indices 0..2
    im.putpalette([0, 0, 0, 255, 0, 0, 0, 0, 255])
    return im


@pytest.mark.parametrize("make, save_kw, ext, expect", [
    # palette, index 0 fully transparent (tRNS with one index)
    (lambda: _palette_with_transparency(), {"transparency": 0}, "png", {(0, 0): 0, (4, 0): (255, 0, 0, 255)}),
    # palette with partial alpha per index
    (lambda: _palette_with_transparency(), {"transparency": b"\x00\x80\xff"}, "png",
     {(4, 0): (255, 0, 0, 128), (0, 1): (0, 0, 255, 255)}),
    (lambda: Image.new("L", (8, 8), 100), {}, "png", {(3, 3): (100, 100, 100, 255)}),
    (lambda: Image.new("LA", (8, 8), (100, 50)), {}, "png", {(3, 3): (100, 100, 100, 50)}),
    (lambda: Image.new("1", (8, 8), 1), {}, "png", {(3, 3): (255, 255, 255, 255)}),
    (lambda: Image.new("RGB", (8, 8), (1, 2, 3)), {}, "png", {(3, 3): (1, 2, 3, 255)}),
    (lambda: Image.new("RGBA", (8, 8), (9, 8, 7, 6)), {}, "png", {(3, 3): (9, 8, 7, 6)}),
    (lambda: Image.new("CMYK", (8, 8), (0, 255, 255, 0)), {}, "tiff", {(3, 3): (255, 0, 0, 255)}),
    (lambda: Image.new("CMYK", (8, 8), (0, 0, 0, 0)), {}, "tiff", {(3, 3): (255, 255, 255, 255)}),
])
def test_colour_modes_from_files(tmp_path, make, save_kw, ext, expect):
    p = tmp_path / f"pic.{ext}"
    make().save(p, **save_kw)
    im = load_image(p)
    assert im.mode == "RGBA"
    for xy, want in expect.items():
        got = im.getpixel(xy)
        if isinstance(want, int):        # only the alpha is checked
            assert got[3] == want
        else:
            assert got == want


def test_16_bit_greyscale_is_scaled_not_clipped(tmp_path):
    values = np.array([[0, 257, 1000, 32768, 65535, 65535, 65535, 65535]] * 8, np.uint16)
    p = tmp_path / "deep.png"
    Image.fromarray(values).save(p)
    with Image.open(p) as raw:
        assert raw.mode == "I;16"
    got = np.asarray(load_image(p))[0, :5]
    assert got[:, 0].tolist() == [0, 1, 4, 128, 255]
    assert (got[:, 3] == 255).all() and (got[:, 0] == got[:, 2]).all()


@pytest.mark.parametrize("dtype", [">u2", "<u2", np.int32])
def test_16_and_32_bit_modes_in_memory(dtype):
    im = Image.fromarray(np.array([[0, 257, 32768, 65535]], dtype=dtype))
    assert im.mode in ("I;16B", "I;16", "I")
    assert np.asarray(to_rgba(im))[0, :, 0].tolist() == [0, 1, 128, 255]


def test_float_greyscale():
    unit = Image.fromarray(np.array([[0.0, 0.5, 1.0]], np.float32))
    assert np.asarray(to_rgba(unit))[0, :, 0].tolist() == [0, 128, 255]
    bytes_range = Image.fromarray(np.array([[0.0, 200.0, 300.0, np.nan]], np.float32))
    assert np.asarray(to_rgba(bytes_range))[0, :, 0].tolist() == [0, 200, 255, 0]


def test_ycbcr_and_premultiplied_modes():
    red = np.asarray(to_rgba(Image.new("YCbCr", (2, 2), (76, 85, 255))))[0, 0]
    assert np.abs(red.astype(int) - [254, 0, 0, 255]).max() <= 3
    assert to_rgba(Image.new("RGBa", (2, 2), (50, 0, 0, 100))).getpixel((0, 0)) == (127, 0, 0, 100)
    assert to_rgba(Image.new("La", (2, 2), (25, 50))).getpixel((0, 0))[3] == 50


def test_animated_gif_and_webp_give_the_first_frame(tmp_path):
    frames = [Image.new("RGB", (16, 16), c) for c in ("red", "lime", "blue")]
    for ext, kw in (("gif", {}), ("webp", {"lossless": True})):
        p = tmp_path / f"anim.{ext}"
        frames[0].save(p, save_all=True, append_images=frames[1:], duration=100, **kw)
        with Image.open(p) as raw:
            assert raw.n_frames == 3
        assert load_image(p).getpixel((8, 8)) == (255, 0, 0, 255)


def test_exif_orientation_is_applied(tmp_path):
    a = np.zeros((10, 20, 3), np.uint8)
    a[:, :10] = (255, 0, 0)          # left half red
    a[:, 10:] = (0, 0, 255)          # right half blue
    exif = Image.Exif()
    exif[0x0112] = 6                 # "rotate 90° clockwise to display"
    p = tmp_path / "sideways.png"
    Image.fromarray(a).save(p, exif=exif)
    im = load_image(p)
    assert im.size == (10, 20)
    assert im.getpixel((5, 2)) == (255, 0, 0, 255) and im.getpixel((5, 17)) == (0, 0, 255, 255)


# -- model arrays ------------------------------------------------------------------------------------------------

def test_to_model_array_letterboxes_premultiplied():
    im = Image.new("RGBA", (64, 32), (255, 255, 255, 128))      # half-transparent white, wide
    x = to_model_array(im)
    assert x.shape == (4, 64, 64) and x.dtype == np.float32
    assert x.min() >= -1 and x.max() <= 1
    assert np.allclose(x[:, 2, 32], -1)                          # the letterbox band is transparent
    alpha = 128 / 255
    assert np.allclose(x[:, 32, 32], [alpha * 2 - 1] * 4, atol=1e-5)   # RGB premultiplied by alpha
    tall = to_model_array(Image.new("RGB", (10, 40), (255, 0, 0)), size=32)
    assert tall.shape == (4, 32, 32)
    assert np.allclose(tall[:, 16, 1], -1) and np.allclose(tall[:, 16, 16], [1, -1, -1, 1])


def test_fit_square_matches_the_training_data_prep():
    spec = importlib.util.spec_from_file_location("prep_emoji", ROOT / "scripts" / "data" / "prep_emoji.py")
    prep = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(prep)
    pic = noise(50, 30, seed=3)
    expected = prep.square_rgba(encoded(pic, "PNG"))
    assert np.array_equal(np.asarray(fit_square(pic)), np.asarray(expected))


def test_from_model_array_unpremultiplies():
    x = np.full((4, 2, 3), -1.0, np.float32)                     # (4, H, W): all transparent
    x[:, 0, 0] = [0.0, -1.0, -1.0, 0.0]                          # premultiplied: red 0.5 at alpha 0.5 -> pure red
    x[:, 0, 1] = [1.0, 0.2, -1.0, 0.0]                           # RGB above alpha is clamped to alpha
    x[:3, 1, 2] = 0.5                                            # alpha 0 with colour: transparent, RGB 0
    out = from_model_array(x)
    assert out.shape == (2, 3, 4) and out.dtype == np.uint8
    assert out[0, 0].tolist() == [255, 0, 0, 128]
    assert out[0, 1].tolist() == [255, 255, 0, 128]
    assert out[1, 2].tolist() == [0, 0, 0, 0] and out[1, 0].tolist() == [0, 0, 0, 0]
    assert from_model_array(np.stack([x, x])).shape == (2, 2, 3, 4)
    with pytest.raises(ValueError):
        from_model_array(np.zeros((3, 4, 4)))


def test_model_array_round_trip():
    pic = fit_square(noise(40, 40, seed=5))
    back = from_model_array(to_model_array(pic, size=64)[None])[0]
    want = np.asarray(pic).astype(int)
    diff = np.abs(back.astype(int) - want)
    assert diff[..., 3].max() == 0
    visible = want[..., 3] >= 8
    assert diff[visible].max() <= 1 and (back[want[..., 3] == 0][:, :3] == 0).all()


# -- PNG metadata ------------------------------------------------------------------------------------------------

def image_spec(**kw) -> ImageSpec:
    return ImageSpec(**{"count": 1, "seed": 42, **kw})


def test_parameters_line():
    assert parameters_line(spec_to_dict(image_spec(truncation=0.7))) == \
        "model: emoji-gan, mode: sample, seed: 42, count: 1, truncation: 0.7"
    line = parameters_line(spec_to_dict(image_spec(mode="interpolate", latents=((0.1, 0.2), (0.3, 0.4)),
                                                   directions=(0.5, 0.0, -1.0))))
    assert line == ("model: emoji-gan, mode: interpolate, seed: 42, count: 1, frames: 8, directions: 0.5 0 -1, "
                    "latents: 2")
    enc = parameters_line(spec_to_dict(image_spec(mode="encode", source="/home/me/cat, dog.png")))
    assert enc.endswith('strength: 0.5, source: "cat, dog.png"')


def test_png_bytes_chunks_before_the_image_data():
    meta = {"app": "aigc-studio", "spec": spec_to_dict(image_spec()), "created": "2024-05-06T10:30:00+00:00"}
    data = png_bytes(solid((1, 2, 3, 4)), meta, "model: emoji-gan, seed: 42")
    chunks = png_chunks(data)
    kinds = [k for k, _ in chunks]
    first_idat = kinds.index(b"IDAT")
    text = {body.split(b"\x00", 1)[0]: (k, body) for k, body in chunks[:first_idat] if k in (b"tEXt", b"iTXt")}
    assert text[b"parameters"] == (b"tEXt", b"parameters\x00model: emoji-gan, seed: 42")
    assert text[b"aigc-studio"][0] == b"iTXt"
    assert text[b"XML:com.adobe.xmp"][0] == b"iTXt"
    with Image.open(io.BytesIO(data)) as im:
        assert json.loads(im.info["aigc-studio"]) == meta
        assert f'Iptc4xmpExt:DigitalSourceType="{AI}"' in xmp_of(im)
        assert 'xmp:CreateDate="2024-05-06T10:30:00+00:00"' in xmp_of(im)
        assert np.array_equal(np.asarray(im), solid((1, 2, 3, 4)))


def test_non_latin1_parameters_go_to_itxt():
    data = png_bytes(solid((1, 2, 3, 255)), None, "model: 唐诗")
    assert any(k == b"iTXt" and body.startswith(b"parameters\x00") for k, body in png_chunks(data))
    with Image.open(io.BytesIO(data)) as im:
        assert im.info["parameters"] == "model: 唐诗" and "aigc-studio" not in im.info


# -- AssetStore.save_image -------------------------------------------------------------------------------------

class Clock:
    def __init__(self):
        self.t = T0

    def __call__(self):
        self.t += timedelta(seconds=1)
        return self.t


@pytest.fixture
def store(tmp_path):
    s = AssetStore(tmp_path / "out", clock=Clock())
    yield s
    s.close()


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and not p.name.startswith(INDEX_NAME))


def test_save_image_embeds_the_spec_and_round_trips(store):
    s = image_spec(mode="variations", latents=((0.25, -1.5, 3.0),), truncation=0.8, device="cpu")
    pic = np.asarray(noise(64, 64, seed=9))
    p = store.save_image(pic, s, {"device": "cpu", "score": 0.5})
    assert p == store.root / "2024-05-06" / "0001-emoji-gan-s42.png"
    assert files_in(store.root) == ["2024-05-06/0001-emoji-gan-s42.png"]          # no sidecar
    assert load_spec(p) == s
    meta = read_metadata(p)
    assert meta["app"] == "aigc-studio" and meta["result"] == {"device": "cpu", "score": 0.5}
    assert meta["spec"] == json.loads(json.dumps(spec_to_dict(s)))
    assert np.array_equal(np.asarray(load_image(p)), pic)
    with Image.open(p) as im:
        assert im.info["parameters"] == parameters_line(spec_to_dict(s))
        assert AI in xmp_of(im)
    rec = store.search(kind="image")[0]
    assert rec.path == p and rec.spec == s and rec.model == "emoji-gan"
    assert rec.preview == parameters_line(spec_to_dict(s))


def test_saved_png_metadata_is_read_without_decoding(store, no_decoding):
    p = store.save_image(solid((0, 0, 0, 255), (64, 64)), image_spec(seed=7))
    assert load_spec(p) == image_spec(seed=7)


def test_rebuild_index_picks_up_images(store):
    a = store.save_image(solid((255, 0, 0, 255)), image_spec(seed=1))
    b = store.save_image(solid((0, 255, 0, 255)), image_spec(seed=2, model="my-gan"))
    foreign = a.parent / "holiday.png"
    Image.new("RGB", (8, 8)).save(foreign)                     # a PNG without our metadata: skipped
    store.close()
    for f in store.root.glob(INDEX_NAME + "*"):
        f.unlink()
    fresh = AssetStore(store.root)
    try:
        assert fresh.rebuild_index() == 2
        records = {r.path: r for r in fresh.search(kind="image")}
        assert set(records) == {a, b}
        assert records[b].spec == image_spec(seed=2, model="my-gan") and records[b].model == "my-gan"
    finally:
        fresh.close()


def test_save_image_never_overwrites(store):
    day = store.root / "2024-05-06"
    day.mkdir(parents=True)
    (day / "0001-emoji-gan-s42.png").write_bytes(b"someone else's")
    paths = [store.save_image(solid((i, 0, 0, 255)), image_spec()) for i in range(3)]
    assert [p.name for p in paths] == ["0002-emoji-gan-s42.png", "0003-emoji-gan-s42.png",
                                       "0004-emoji-gan-s42.png"]
    assert (day / "0001-emoji-gan-s42.png").read_bytes() == b"someone else's"
    assert [load_image(p).getpixel((0, 0))[0] for p in paths] == [0, 1, 2]


def _enospc(*a, **kw):
    raise OSError(errno.ENOSPC, "No space left on device")


def _half_then_full(f, data):
    """A write that gets some bytes out, then the disk is full."""
    f.write(bytes(data[: len(data) // 2]))
    _enospc()


@pytest.mark.parametrize("where", ["fsync", "write"])
def test_save_image_full_disk_leaves_nothing(store, monkeypatch, where):
    store.save_image(solid((1, 1, 1, 255)), image_spec())
    before = files_in(store.root)
    if where == "fsync":
        monkeypatch.setattr(atomic.os, "fsync", _enospc)
    else:
        monkeypatch.setattr(atomic, "_write_all", _half_then_full)
    with pytest.raises(OSError) as ei:
        store.save_image(np.asarray(noise(64, 64)), image_spec())
    monkeypatch.undo()
    assert user_message(ei.value).startswith("The disk is full")
    assert files_in(store.root) == before
    assert not list(store.root.rglob(atomic.TEMP_PREFIX + "*"))


# -- exports -------------------------------------------------------------------------------------------------------

COLOURS = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (255, 0, 255)]


def sprites(n: int = 5, w: int = 8, h: int = 6) -> np.ndarray:
    """``n`` frames, each a coloured square on a transparent background, plus one half-transparent pixel."""
    out = np.zeros((n, h, w, 4), np.uint8)
    for i in range(n):
        out[i, 1:5, 1:5] = (*COLOURS[i % len(COLOURS)], 255)
        out[i, 0, w - 1] = (*COLOURS[i % len(COLOURS)], 100)
    return out


def test_sprite_sheet_layout(tmp_path):
    frames = sprites(5)
    p = save_sprite_sheet(frames, tmp_path / "sheet.png", padding=1)
    assert p == tmp_path / "sheet.png"
    with Image.open(p) as im:
        assert im.size == (3 * 8 + 2, 2 * 6 + 1) and im.mode == "RGBA"      # 3 columns, 2 rows
        assert AI in xmp_of(im)
        sheet = np.asarray(im)
    for i, frame in enumerate(frames):
        r, c = divmod(i, 3)
        assert np.array_equal(sheet[r * 7: r * 7 + 6, c * 9: c * 9 + 8], frame)
    assert (sheet[6, :, 3] == 0).all() and (sheet[:, 8, 3] == 0).all()          # padding is transparent
    assert (sheet[7:, 18:, 3] == 0).all()                                       # the unused cell too
    again = save_sprite_sheet(frames, tmp_path / "sheet.png", columns=5)
    assert again == tmp_path / "sheet-2.png" and size_of(again) == (40, 6)
    assert size_of(p) == (26, 13)                                               # the first one untouched


def test_gif_animation_with_transparency(tmp_path):
    frames = sprites(4, 16, 16)
    p = save_animation(frames, tmp_path / "anim", fmt="gif", fps=10, pingpong=True)
    assert p == tmp_path / "anim.gif"
    with Image.open(p) as im:
        assert im.n_frames == 6 and im.size == (16, 16)          # 0 1 2 3 2 1
        assert im.info["loop"] == 0 and im.info["duration"] == 100
        for k, i in enumerate([0, 1, 2, 3, 2, 1]):
            im.seek(k)
            got = np.asarray(im.convert("RGBA"))
            want = frames[i]
            assert np.array_equal(got[..., 3] > 0, want[..., 3] >= 128)       # alpha thresholded at half
            opaque = want[..., 3] >= 128
            assert np.array_equal(got[opaque][:, :3], want[opaque][:, :3])


def test_gif_on_a_background_and_playing_once(tmp_path):
    frames = sprites(2, 16, 16)
    p = save_animation(frames, tmp_path / "bg.gif", fps=4, loop=False, background=(255, 255, 255))
    with Image.open(p) as im:
        assert im.n_frames == 2 and "loop" not in im.info and im.info["duration"] == 250
        rgba = np.asarray(im.convert("RGBA"))
    assert (rgba[..., 3] == 255).all()
    assert rgba[10, 10].tolist() == [255, 255, 255, 255] and rgba[2, 2].tolist() == [255, 0, 0, 255]
    assert rgba[0, 15, :3].tolist() == [255, 155, 155]                            # alpha 100 red on white


def test_webp_animation_keeps_alpha(tmp_path):
    frames = sprites(3, 16, 16)
    p = save_animation(frames, tmp_path / "anim.gif", fmt="webp", fps=5)
    assert p == tmp_path / "anim.webp"
    assert save_animation(frames, tmp_path / "anim.webp", fmt="webp") == tmp_path / "anim-2.webp"
    with Image.open(p) as im:
        assert im.n_frames == 3 and im.size == (16, 16)
        assert im.info["loop"] == 0 and AI in xmp_of(im)
        for k in range(3):
            im.seek(k)
            im.load()
            assert im.info["duration"] == 200
            got = np.asarray(im.convert("RGBA"))
            assert np.array_equal(got[..., 3], frames[k][..., 3])
            visible = frames[k][..., 3] > 0
            assert np.array_equal(got[visible], frames[k][visible])


def test_animation_arguments_are_checked(tmp_path):
    with pytest.raises(ValueError):
        save_animation(sprites(2), tmp_path / "a", fmt="avi")
    with pytest.raises(ValueError):
        save_animation(sprites(2), tmp_path / "a", fps=0)
    with pytest.raises(ValueError):
        save_animation(np.zeros((2, 8, 8, 3), np.uint8), tmp_path / "a")


def test_export_images_with_specs(tmp_path):
    frames = sprites(3, 16, 16)
    specs = [image_spec(seed=s) for s in (10, 11, 12)]
    paths = export_images(frames, tmp_path / "export", "emoji", specs)
    assert [p.name for p in paths] == ["emoji-001.png", "emoji-002.png", "emoji-003.png"]
    for p, s, f in zip(paths, specs, frames):
        assert load_spec(p) == s
        assert np.array_equal(np.asarray(load_image(p, min_side=1)), f)
    more = export_images(frames[:2], tmp_path / "export", "emoji")             # no specs: XMP only
    assert [p.name for p in more] == ["emoji-004.png", "emoji-005.png"]
    with pytest.raises(UserError, match="no AIGC Studio settings"):
        load_spec(more[0])
    with Image.open(more[0]) as im:
        assert AI in xmp_of(im)
    one = export_images(frames[:2], tmp_path / "export", "one-spec", image_spec(seed=3))
    assert [load_spec(p).seed for p in one] == [3, 3]


def test_export_images_is_all_or_nothing(tmp_path, monkeypatch):
    real = I.publish_new
    calls = []

    def publish(files, folder, names):
        calls.append(1)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(files, folder, names)

    monkeypatch.setattr(I, "publish_new", publish)
    with pytest.raises(OSError):
        export_images(sprites(4), tmp_path / "out", "x")
    assert list((tmp_path / "out").iterdir()) == []
