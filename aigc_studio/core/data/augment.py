"""Data augmentation that fits the modality (Qt-free; numpy at import, torch only inside the torch functions).

- Images: horizontal flip, random crop and scale (a zoom into a random part, resized back), colour jitter
  (brightness, contrast, saturation, hue) applied to straight colour, so transparent pixels stay transparent and
  the alpha channel is never changed by colour.
- Sounds: gain (± dB), time shift (the onset moves; what leaves the clip is gone, silence comes in), pitch shift
  (resampling by 2^(semitones/12) with linear interpolation: the length changes with the pitch, as on a sampler;
  the clip is cut or padded back to its length).
- Text: none (changing words changes the style the model should learn).

:class:`AugmentSettings` is a small frozen dataclass, JSON round-trip (stored in a dataset manifest and in the
training options as ``data_augment``). The random amounts of a batch are drawn once by :func:`image_params` /
:func:`audio_params` from a numpy ``Generator`` (seeded: the same seed gives the same augmentation), then applied
by the torch functions (training batches: ``(N, C, H, W)`` in [-1, 1], premultiplied RGBA or RGB; ``(N, T)``
sounds) or the numpy functions (previews of single items: straight RGBA uint8, float32 sounds). Both apply the
same arithmetic; a test holds them equal.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from aigc_studio.core.data.augment_settings import AugmentSettings, recommended

LUMA = (0.299, 0.587, 0.114)
_YIQ = np.array([[0.299, 0.587, 0.114], [0.596, -0.274, -0.322], [0.211, -0.523, 0.312]], dtype=np.float64)
_YIQ_INV = np.linalg.inv(_YIQ)


def settings_for(data: Any, option: Any = None) -> AugmentSettings:
    """The augmentation a training run uses: the training option ``data_augment`` when it is a non-empty dict,
    otherwise the augmentation saved in the dataset manifest ``data`` (none for a folder or a file)."""
    if option:
        return AugmentSettings.from_dict(option)
    from aigc_studio.core.data.dataset import Manifest, looks_like_manifest
    if data and looks_like_manifest(data):
        return AugmentSettings.from_dict(Manifest.load(data).augment or None)
    return AugmentSettings()


# ---------------------------------------------------------------------------------------------- random amounts

def image_params(s: AugmentSettings, n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """The random amounts for ``n`` images (drawn in a fixed order, so a seed fixes them all)."""
    u = rng.random((n, 9))
    scale = 1.0 - s.crop * u[:, 1]
    room = 1.0 - scale                                  # the crop window moves within the picture
    return {"flip": (u[:, 0] < 0.5) & bool(s.hflip), "scale": scale,
            "tx": room * (2 * u[:, 2] - 1), "ty": room * (2 * u[:, 3] - 1),
            "brightness": 1.0 + s.brightness * (2 * u[:, 4] - 1), "contrast": 1.0 + s.contrast * (2 * u[:, 5] - 1),
            "saturation": 1.0 + s.saturation * (2 * u[:, 6] - 1), "hue": s.hue * (2 * u[:, 7] - 1) * 2 * math.pi}


def audio_params(s: AugmentSettings, n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    u = rng.random((n, 3))
    return {"gain": 10.0 ** (s.gain_db * (2 * u[:, 0] - 1) / 20.0), "shift": s.shift * (2 * u[:, 1] - 1),
            "rate": 2.0 ** (s.pitch * (2 * u[:, 2] - 1) / 12.0)}


def _hue_matrices(hue: np.ndarray) -> np.ndarray:
    """(n, 3, 3) RGB -> RGB matrices rotating the hue (in the YIQ plane) by ``hue`` radians."""
    c, s = np.cos(hue), np.sin(hue)
    rot = np.zeros((len(hue), 3, 3))
    rot[:, 0, 0] = 1.0
    rot[:, 1, 1], rot[:, 1, 2], rot[:, 2, 1], rot[:, 2, 2] = c, -s, s, c
    return _YIQ_INV[None] @ rot @ _YIQ[None]


def _source_coords(size: int, scale: float, offset: float) -> np.ndarray:
    """Input pixel coordinates of each output pixel (align_corners=False, as torch's affine_grid/grid_sample)."""
    out = (2 * np.arange(size) + 1) / size - 1.0
    return ((scale * out + offset + 1.0) * size - 1.0) / 2.0


# ---------------------------------------------------------------------------------------------- numpy (previews)

def _resample_np(img: np.ndarray, scale: float, tx: float, ty: float) -> np.ndarray:
    """Bilinear crop-and-resize of (H, W, C) float, coordinates clamped to the border (as grid_sample's
    padding_mode="border")."""
    h, w = img.shape[:2]
    ys = np.clip(_source_coords(h, scale, ty), 0, h - 1)
    xs = np.clip(_source_coords(w, scale, tx), 0, w - 1)
    y0, x0 = np.floor(ys).astype(int), np.floor(xs).astype(int)
    y1, x1 = np.minimum(y0 + 1, h - 1), np.minimum(x0 + 1, w - 1)
    fy, fx = (ys - y0)[:, None, None], (xs - x0)[None, :, None]
    top = img[y0][:, x0] * (1 - fx) + img[y0][:, x1] * fx
    bot = img[y1][:, x0] * (1 - fx) + img[y1][:, x1] * fx
    return top * (1 - fy) + bot * fy


def _colour_np(rgb: np.ndarray, alpha: np.ndarray, p: dict[str, Any], i: int) -> np.ndarray:
    luma = np.asarray(LUMA)
    rgb = rgb * p["brightness"][i]
    wsum = max(float(alpha.sum()), 1e-6)
    mean = float(((rgb @ luma)[..., None] * alpha).sum() / wsum)
    rgb = (rgb - mean) * p["contrast"][i] + mean
    grey = (rgb @ luma)[..., None]
    rgb = (rgb - grey) * p["saturation"][i] + grey
    rgb = rgb @ _hue_matrices(p["hue"][i:i + 1])[0].T
    return np.clip(rgb, 0.0, 1.0)


def augment_image_np(rgba: np.ndarray, settings: AugmentSettings, seed: int) -> np.ndarray:
    """One straight RGBA uint8 picture (H, W, 4) augmented (a preview); the same seed gives the same result."""
    return augment_images_np([rgba], settings, np.random.default_rng(seed))[0]


def augment_images_np(images: list[np.ndarray], settings: AugmentSettings,
                      rng: np.random.Generator) -> list[np.ndarray]:
    p = image_params(settings, len(images), rng)
    out = []
    for i, im in enumerate(images):
        x = np.asarray(im, dtype=np.float64) / 255.0
        if x.shape[-1] == 3:
            x = np.concatenate([x, np.ones_like(x[..., :1])], -1)
        x[..., :3] *= x[..., 3:4]                               # geometry on premultiplied colour
        if p["flip"][i]:
            x = x[:, ::-1]
        if p["scale"][i] < 1.0:
            x = _resample_np(x, p["scale"][i], p["tx"][i], p["ty"][i])
        a = x[..., 3:4]
        rgb = np.where(a > 1e-6, x[..., :3] / np.maximum(a, 1e-6), 0.0)
        rgb = np.where(np.rint(a * 255) > 0, _colour_np(rgb, a, p, i), 0.0)   # as from_model_array
        out.append(np.rint(np.clip(np.concatenate([rgb, a], -1), 0, 1) * 255).astype(np.uint8))
    return out


def _shift_pitch_np(x: np.ndarray, shift: float, rate: float) -> np.ndarray:
    t = len(x)
    src = np.arange(t) * rate - shift * t                      # output sample n reads input at n*rate - shift
    y = np.interp(src, np.arange(t), x, left=0.0, right=0.0)
    return y.astype(np.float32)


def augment_sound_np(x: np.ndarray, settings: AugmentSettings, seed: int) -> np.ndarray:
    """One mono float32 sound augmented (a preview); same length, the same seed gives the same result."""
    p = audio_params(settings, 1, np.random.default_rng(seed))
    y = _shift_pitch_np(np.asarray(x, dtype=np.float64), float(p["shift"][0]), float(p["rate"][0]))
    return (y * p["gain"][0]).astype(np.float32)


# ---------------------------------------------------------------------------------------------- torch (training)

def _rng_from(generator: Any) -> np.random.Generator:
    import torch
    return np.random.default_rng(int(torch.randint(0, 2**31 - 1, (1,), generator=generator).item()))


def augment_images(x: Any, settings: AugmentSettings, generator: Any = None) -> Any:
    """A training batch ``(N, C, H, W)`` in [-1, 1] (C = 4: premultiplied RGBA; C = 3: RGB) augmented; the
    amounts come from ``generator`` (a torch.Generator), so a seeded run repeats exactly."""
    import torch
    import torch.nn.functional as F
    if not settings.active("image") or len(x) == 0:
        return x
    n, c, h, w = x.shape
    p = image_params(settings, n, _rng_from(generator))
    dev, dt = x.device, x.dtype
    y = (x + 1.0) / 2.0
    if c == 3:
        y = torch.cat([y, torch.ones_like(y[:, :1])], 1)
    flip = torch.from_numpy(p["flip"]).to(dev)
    y = torch.where(flip.view(-1, 1, 1, 1), y.flip(3), y)
    if settings.crop > 0:
        theta = torch.zeros(n, 2, 3, dtype=torch.float64)
        theta[:, 0, 0] = theta[:, 1, 1] = torch.from_numpy(p["scale"])
        theta[:, 0, 2], theta[:, 1, 2] = torch.from_numpy(p["tx"]), torch.from_numpy(p["ty"])
        grid = F.affine_grid(theta.to(dev, dt), [n, 4, h, w], align_corners=False)
        y = F.grid_sample(y, grid, mode="bilinear", padding_mode="border", align_corners=False)
    a = y[:, 3:4]
    rgb = torch.where(a > 1e-6, y[:, :3] / a.clamp_min(1e-6), torch.zeros_like(y[:, :3]))
    luma = torch.tensor(LUMA, dtype=dt, device=dev).view(1, 3, 1, 1)

    def per(name: str) -> Any:
        return torch.from_numpy(p[name]).to(dev, dt).view(-1, 1, 1, 1)

    rgb = rgb * per("brightness")
    weight = a.sum((2, 3), keepdim=True).clamp_min(1e-6)
    mean = ((rgb * luma).sum(1, keepdim=True) * a).sum((2, 3), keepdim=True) / weight
    rgb = (rgb - mean) * per("contrast") + mean
    grey = (rgb * luma).sum(1, keepdim=True)
    rgb = (rgb - grey) * per("saturation") + grey
    m = torch.from_numpy(_hue_matrices(p["hue"])).to(dev, dt)          # (n, 3, 3)
    rgb = torch.einsum("nij,njhw->nihw", m, rgb).clamp(0.0, 1.0)
    if c == 3:
        return rgb * 2.0 - 1.0
    return torch.cat([rgb * a, a], 1) * 2.0 - 1.0


def augment_sounds(x: Any, settings: AugmentSettings, generator: Any = None, return_rates: bool = False) -> Any:
    """A batch of sounds ``(N, T)`` augmented (gain, shift, pitch); same shape. With ``return_rates`` also the
    (N,) factors each sound's pitch was multiplied by (1 when not shifted), for pitch targets."""
    import torch
    if not settings.active("audio") or len(x) == 0:
        return (x, torch.ones(len(x))) if return_rates else x
    n, t = x.shape
    p = audio_params(settings, n, _rng_from(generator))
    dev, dt = x.device, x.dtype
    src = (torch.arange(t, dtype=torch.float64).view(1, -1) * torch.from_numpy(p["rate"]).view(-1, 1)
           - torch.from_numpy(p["shift"]).view(-1, 1) * t)
    inside = (src >= 0) & (src <= t - 1)
    lo = src.floor().clamp(0, t - 1).long()
    hi = (lo + 1).clamp(max=t - 1)
    frac = (src - src.floor()).clamp(0, 1).to(dt).to(dev)
    lo, hi, inside = lo.to(dev), hi.to(dev), inside.to(dev)
    y = x.gather(1, lo) * (1 - frac) + x.gather(1, hi) * frac
    y = torch.where(inside, y, torch.zeros_like(y))
    y = y * torch.from_numpy(p["gain"]).to(dev, dt).view(-1, 1)
    return (y, torch.from_numpy(p["rate"]).float()) if return_rates else y


__all__ = ["AugmentSettings", "audio_params", "augment_image_np", "augment_images", "augment_images_np",
           "augment_sound_np", "augment_sounds", "image_params", "recommended", "settings_for"]
