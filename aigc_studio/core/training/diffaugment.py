"""DiffAugment (Zhao, Liu, Lin, Zhu & Han, "Differentiable Augmentation for Data-Efficient GAN Training",
NeurIPS 2020): the same random, differentiable augmentation applied to the real and the fake images before the
discriminator, so D cannot memorise a small training set while G still gets gradients through the augmentation.

Policy ``"color,translation,cutout"`` (the paper's choice for small data sets):

- ``color``: brightness + U(-0.5, 0.5), saturation x U(0, 2) around the per-pixel channel mean, contrast
  x U(0.5, 1.5) around the image mean — on the colour channels only (an alpha channel is left alone);
- ``translation``: shift by up to 1/8 of the size in x and y, the uncovered border filled with ``fill``;
- ``cutout``: one square of half the size (per image, at a random place) set to ``fill``.

Images are ``(N, C, H, W)`` in [-1, 1]; for the studio's premultiplied RGBA the default ``fill`` of -1 is
"transparent". Each image draws its own amounts from ``generator`` (a seeded run repeats exactly). An empty
policy returns the input unchanged (the same tensor).
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

DEFAULT_POLICY = "color,translation,cutout"
POLICIES = ("color", "translation", "cutout")


def _rand(shape: tuple[int, ...], x: torch.Tensor, generator: torch.Generator | None) -> torch.Tensor:
    return torch.rand(shape, generator=generator, dtype=torch.float32).to(x.device, x.dtype)


def _colour_channels(x: torch.Tensor) -> int:
    return 3 if x.shape[1] >= 3 else x.shape[1]


def rand_color(x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    n, c = x.shape[:2]
    k = _colour_channels(x)
    rgb, rest = x[:, :k], x[:, k:]
    rgb = rgb + (_rand((n, 1, 1, 1), x, generator) - 0.5)
    mean = rgb.mean(dim=1, keepdim=True)
    rgb = (rgb - mean) * (_rand((n, 1, 1, 1), x, generator) * 2) + mean
    mean = rgb.mean(dim=[1, 2, 3], keepdim=True)
    rgb = (rgb - mean) * (_rand((n, 1, 1, 1), x, generator) + 0.5) + mean
    return torch.cat([rgb, rest], 1) if rest.shape[1] else rgb


def rand_translation(x: torch.Tensor, generator: torch.Generator | None = None, ratio: float = 0.125,
                     fill: float = -1.0) -> torch.Tensor:
    n, c, h, w = x.shape
    sy, sx = int(h * ratio + 0.5), int(w * ratio + 0.5)
    ty = torch.randint(-sy, sy + 1, (n, 1, 1), generator=generator).to(x.device)
    tx = torch.randint(-sx, sx + 1, (n, 1, 1), generator=generator).to(x.device)
    gy, gx = torch.meshgrid(torch.arange(h, device=x.device), torch.arange(w, device=x.device), indexing="ij")
    yy = (gy.unsqueeze(0) + ty).clamp(-1, h) + 1            # index into the padded image; -1 and h are the border
    xx = (gx.unsqueeze(0) + tx).clamp(-1, w) + 1
    pad = F.pad(x, (1, 1, 1, 1), value=fill)
    idx = (yy * (w + 2) + xx).view(n, 1, -1).expand(-1, c, -1)
    return pad.flatten(2).gather(2, idx).view_as(x)


def rand_cutout(x: torch.Tensor, generator: torch.Generator | None = None, ratio: float = 0.5,
                fill: float = -1.0) -> torch.Tensor:
    n, c, h, w = x.shape
    ch, cw = int(h * ratio + 0.5), int(w * ratio + 0.5)
    cy = torch.randint(0, h + (1 - ch % 2), (n, 1, 1), generator=generator).to(x.device)
    cx = torch.randint(0, w + (1 - cw % 2), (n, 1, 1), generator=generator).to(x.device)
    gy, gx = torch.meshgrid(torch.arange(h, device=x.device), torch.arange(w, device=x.device), indexing="ij")
    top, left = cy - ch // 2, cx - cw // 2        # a square centred at (cy, cx), cut at the border
    inside = (gy >= top) & (gy < top + ch) & (gx >= left) & (gx < left + cw)
    return torch.where(inside.unsqueeze(1), torch.full_like(x, fill), x)


def parse_policy(policy: str | None) -> list[str]:
    """``"color,translation"`` -> ["color", "translation"]; unknown names raise ValueError."""
    names = [p.strip() for p in (policy or "").split(",") if p.strip()]
    bad = [p for p in names if p not in POLICIES]
    if bad:
        raise ValueError(f"unknown DiffAugment policy {', '.join(bad)}: use {', '.join(POLICIES)}")
    return names


def diff_augment(x: torch.Tensor, policy: str = DEFAULT_POLICY, generator: torch.Generator | None = None,
                 fill: float = -1.0, translation: float = 0.125, cutout: float = 0.5) -> torch.Tensor:
    """``x`` augmented by ``policy`` (see the module); differentiable with respect to ``x``. Apply it to the
    real and to the fake batch alike, every time D sees them (the G step too)."""
    names = parse_policy(policy)
    if not names:
        return x
    for name in names:
        if name == "color":
            x = rand_color(x, generator)
        elif name == "translation":
            x = rand_translation(x, generator, translation, fill)
        else:
            x = rand_cutout(x, generator, cutout, fill)
    return x.contiguous()


__all__ = ["DEFAULT_POLICY", "POLICIES", "diff_augment", "parse_policy", "rand_color", "rand_cutout",
           "rand_translation"]
