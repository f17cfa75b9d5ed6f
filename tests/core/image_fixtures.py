"""Shared pieces of the image tests: tiny GAN/VAE model folders built here (never downloaded), folders of made-up
RGBA pictures drawn with PIL, bad picture files, and a driver for job and trainer generators.

Test modules import the fixtures they use by name (``from image_fixtures import tiny_gan_folder``): pytest then
finds them as if they were defined in the module."""
from __future__ import annotations

import random
import struct
import zlib
from pathlib import Path

import pytest

from aigc_studio.core.jobs.driver import collect as drive  # noqa: F401 (the job driver; tests import it from here)

GAN_CFG = dict(image_size=16, g_width=4, d_width=4, z_dim=8, w_dim=8, pca_components=2)
VAE_CFG = dict(image_size=16, width=4, latent_dim=8, pca_components=2)

COLOURS = [(230, 40, 40), (40, 180, 60), (50, 80, 230), (240, 200, 30), (160, 60, 200), (20, 20, 20)]


# ------------------------------------------------------------------------------------------------ models

def image_card(model_id: str, arch: str, cfg) -> dict:
    return {"id": model_id, "name": f"Tiny {model_id}", "kind": "image", "architecture": arch,
            "config": cfg.to_dict(), "description": "A tiny random image model built by the tests.",
            "data": {"source": "tests", "licence": "MIT", "prep": "none"}, "recipe": {}, "metrics": {},
            "training": {"hardware": "none", "seconds": 0, "steps": 0}}


def build_tiny_gan(folder: Path, model_id: str = "tiny-gan", seed: int = 0, **cfg_overrides):
    """A random tiny GAN with fitted ``w_avg``/PCA buffers and settled batch-norm statistics, written as a model
    folder; returns (folder, model)."""
    import torch

    from aigc_studio.core.models.checkpoint import save_model_folder
    from aigc_studio.core.models.gan import GAN, GANConfig, fit_pca, recalibrate_batchnorm

    torch.manual_seed(seed)
    cfg = GANConfig.from_dict({**GAN_CFG, **cfg_overrides})
    model = GAN(cfg)
    recalibrate_batchnorm(model.G, batches=2, batch=16, seed=seed)
    fit_pca(model.G, n=256, seed=seed, batch=128)
    model.eval()
    save_model_folder(folder, model, image_card(model_id, "gan", cfg))
    return folder, model


def build_tiny_vae(folder: Path, model_id: str = "tiny-vae", seed: int = 0, **cfg_overrides):
    """A random tiny VAE with PCA sliders fitted to random latents, written as a model folder; (folder, model)."""
    import torch

    from aigc_studio.core.models.checkpoint import save_model_folder
    from aigc_studio.core.models.image_vae import ImageVAE, ImageVAEConfig, fit_pca

    torch.manual_seed(seed)
    cfg = ImageVAEConfig.from_dict({**VAE_CFG, **cfg_overrides})
    model = ImageVAE(cfg).eval()
    fit_pca(model, torch.randn(64, cfg.latent_dim, generator=torch.Generator().manual_seed(seed)))
    save_model_folder(folder, model, image_card(model_id, "image_vae", cfg))
    return folder, model


@pytest.fixture(scope="session")
def tiny_gan_folder(tmp_path_factory):
    return build_tiny_gan(tmp_path_factory.mktemp("image-models") / "tiny-gan")[0]


@pytest.fixture(scope="session")
def tiny_vae_folder(tmp_path_factory):
    return build_tiny_vae(tmp_path_factory.mktemp("image-models") / "tiny-vae")[0]


# ------------------------------------------------------------------------------------------------ pictures

def shape_picture(rng: random.Random, size: int = 24):
    """One RGBA picture: a coloured circle or square (sometimes both) on transparency."""
    from PIL import Image, ImageDraw

    im = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    for _ in range(rng.choice((1, 1, 2))):
        r = rng.randint(size // 5, size // 3)
        cx, cy = rng.randint(r, size - r - 1), rng.randint(r, size - r - 1)
        colour = (*rng.choice(COLOURS), rng.choice((255, 255, 200)))
        box = (cx - r, cy - r, cx + r, cy + r)
        (d.ellipse if rng.random() < 0.5 else d.rectangle)(box, fill=colour)
    return im


def make_shapes_folder(folder: Path, n: int = 24, seed: int = 0, size: int = 24) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for i in range(n):
        shape_picture(rng, size).save(folder / f"shape-{i:03d}.png")
    return folder


@pytest.fixture(scope="session")
def shapes_folder(tmp_path_factory):
    """24 made-up RGBA PNGs (24x24: coloured circles and squares on transparency)."""
    return make_shapes_folder(tmp_path_factory.mktemp("shapes") / "shapes")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_header_claiming(w: int, h: int) -> bytes:
    """A ~60-byte PNG whose header claims ``w``x``h`` RGBA pixels (a decompression bomb's header)."""
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(b"")) + _chunk(b"IEND", b""))


def png_bytes_of(im) -> bytes:
    import io
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def write_bad_pictures(folder: Path) -> dict[str, Path]:
    """Files that are not usable pictures: {"text", "truncated", "bomb", "empty", "zip"} -> path."""
    from PIL import Image

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    noise = Image.frombytes("RGBA", (64, 64), random.Random(1).randbytes(64 * 64 * 4))
    good = png_bytes_of(noise)
    files = {"text": (folder / "notes.png", "just some notes, not a picture\n".encode()),
             "truncated": (folder / "half.png", good[: len(good) // 2]),
             "bomb": (folder / "bomb.png", png_header_claiming(100_000, 100_000)),
             "empty": (folder / "empty.png", b""),
             "zip": (folder / "archive.jpg", b"PK\x03\x04" + bytes(40))}
    for path, data in files.values():
        path.write_bytes(data)
    return {k: p for k, (p, _) in files.items()}
