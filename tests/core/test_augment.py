"""Augmentation (core.data.augment) and DiffAugment (core.training.diffaugment): shapes, determinism, alpha kept,
numpy previews equal to the training path, differentiability, identity when off."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from aigc_studio.core.assets.images import from_model_array, rgba_to_model
from aigc_studio.core.base.errors import InvalidParameters
from aigc_studio.core.data import augment as A
from aigc_studio.core.data.augment import (AugmentSettings, augment_image_np, augment_images, augment_images_np,
                                           augment_sound_np, augment_sounds, recommended)
from aigc_studio.core.training.diffaugment import diff_augment, parse_policy

STRONG = AugmentSettings(hflip=True, crop=0.3, brightness=0.3, contrast=0.3, saturation=0.3, hue=0.2)


def sprites(n: int = 4, size: int = 16, seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        im = rng.integers(0, 256, (size, size, 4), dtype=np.uint8)
        im[..., 3] = np.where(rng.random((size, size)) < 0.3, 0, 255)
        out.append(im)
    return out


def test_settings_round_trip_and_validation():
    s = recommended("image")
    assert AugmentSettings.from_dict(s.to_dict()) == s
    assert AugmentSettings.from_dict(None) == AugmentSettings()
    assert s.active("image") and not s.active("audio") and not s.active("text")
    assert not recommended("text").active("text")
    with pytest.raises(InvalidParameters, match="Unknown augmentation settings: zoom"):
        AugmentSettings.from_dict({"zoom": 2})
    with pytest.raises(InvalidParameters, match="crop must be between 0.0 and 0.5"):
        AugmentSettings.from_dict({"crop": 0.9})
    with pytest.raises(InvalidParameters):
        AugmentSettings.from_dict([1, 2])
    assert recommended("audio").for_kind("image") == AugmentSettings()


def test_image_augmentation_is_seeded_and_keeps_shapes():
    x = torch.from_numpy(rgba_to_model(np.stack(sprites())))
    g1, g2 = torch.Generator().manual_seed(3), torch.Generator().manual_seed(3)
    a, b = augment_images(x, STRONG, g1), augment_images(x, STRONG, g2)
    assert a.shape == x.shape and a.dtype == x.dtype
    assert torch.equal(a, b)
    assert not torch.equal(a, augment_images(x, STRONG, torch.Generator().manual_seed(4)))
    assert float(a.min()) >= -1.0 - 1e-6 and float(a.max()) <= 1.0 + 1e-6
    assert augment_images(x, AugmentSettings(), g1) is x            # off: the batch as it is
    rgb = x[:, :3]
    assert augment_images(rgb, STRONG, torch.Generator().manual_seed(1)).shape == rgb.shape


def test_colour_jitter_never_changes_alpha_or_lights_transparent_pixels():
    x = torch.from_numpy(rgba_to_model(np.stack(sprites())))
    colour = AugmentSettings(brightness=0.5, contrast=0.5, saturation=0.5, hue=0.5)
    y = augment_images(x, colour, torch.Generator().manual_seed(0))
    assert torch.equal(y[:, 3], x[:, 3])
    transparent = x[:, 3] <= -1.0
    assert torch.all(y[:, :3][transparent.unsqueeze(1).expand(-1, 3, -1, -1)] <= -1.0 + 1e-6)


def test_numpy_preview_matches_the_training_path(monkeypatch):
    imgs = sprites()
    ref = augment_images_np(imgs, STRONG, np.random.default_rng(5))
    monkeypatch.setattr(A, "_rng_from", lambda g: np.random.default_rng(5))
    y = augment_images(torch.from_numpy(rgba_to_model(np.stack(imgs))).double(), STRONG, None)
    diff = np.abs(from_model_array(y.float()).astype(int) - np.stack(ref).astype(int))
    assert diff.max() <= 1
    one = augment_image_np(imgs[0], STRONG, seed=7)
    assert one.shape == imgs[0].shape and one.dtype == np.uint8
    assert np.array_equal(one, augment_image_np(imgs[0], STRONG, seed=7))


def test_flip_alone_mirrors():
    img = sprites(1)[0]
    img[img[..., 3] == 0] = 0                  # transparent pixels come back as (0, 0, 0, 0)
    s = AugmentSettings(hflip=True)
    outs = [augment_image_np(img, s, seed=i) for i in range(8)]
    assert any(np.array_equal(o, img[:, ::-1]) for o in outs) and any(np.array_equal(o, img) for o in outs)


def test_sound_augmentation():
    t = np.arange(4000) / 16000
    x = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    s = AugmentSettings(gain_db=6, shift=0.1, pitch=2)
    batch = torch.from_numpy(np.stack([x, x, x]))
    a = augment_sounds(batch, s, torch.Generator().manual_seed(1))
    b = augment_sounds(batch, s, torch.Generator().manual_seed(1))
    assert a.shape == batch.shape and torch.equal(a, b)
    assert augment_sounds(batch, AugmentSettings(), None) is batch
    peak = float(a.abs().max())
    assert 0.5 * 10 ** (-6 / 20) - 0.02 <= peak <= 0.5 * 10 ** (6 / 20) + 0.02
    y = augment_sound_np(x, s, seed=3)
    assert y.shape == x.shape and y.dtype == np.float32 and np.array_equal(y, augment_sound_np(x, s, seed=3))
    # gain alone scales; pitch alone changes the frequency by the ratio drawn
    g = augment_sound_np(x, AugmentSettings(gain_db=6), seed=0)
    ratio = float(np.max(np.abs(g))) / float(np.max(np.abs(x)))
    assert 10 ** (-6 / 20) - 1e-3 <= ratio <= 10 ** (6 / 20) + 1e-3
    p = augment_sound_np(x, AugmentSettings(pitch=12), seed=0)
    rate = A.audio_params(AugmentSettings(pitch=12), 1, np.random.default_rng(0))["rate"][0]
    spec = np.abs(np.fft.rfft(p[: int(len(p) / max(rate, 1.0)) - 1] if rate > 1 else p))
    freq = np.argmax(spec) * 16000 / (2 * (len(spec) - 1))
    assert freq == pytest.approx(440 * rate, rel=0.05)


def test_numpy_and_torch_sound_paths_agree(monkeypatch):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(2000).astype(np.float32)
    s = AugmentSettings(gain_db=3, shift=0.2, pitch=3)
    ref = augment_sound_np(x, s, seed=11)
    monkeypatch.setattr(A, "_rng_from", lambda g: np.random.default_rng(11))
    y = augment_sounds(torch.from_numpy(x[None]).double(), s, None)[0].numpy()
    assert np.allclose(y, ref, atol=1e-5)


# ---------------------------------------------------------------------------------------------- DiffAugment

def test_diffaugment_shapes_determinism_and_identity():
    x = torch.rand(6, 4, 16, 16) * 2 - 1
    assert diff_augment(x, "") is x
    assert diff_augment(x, None) is x
    a = diff_augment(x, generator=torch.Generator().manual_seed(0))
    b = diff_augment(x, generator=torch.Generator().manual_seed(0))
    assert a.shape == x.shape and torch.equal(a, b) and not torch.equal(a, x)
    for policy in ("color", "translation", "cutout", "color,translation,cutout"):
        assert diff_augment(x, policy, torch.Generator().manual_seed(1)).shape == x.shape
    rgb = torch.rand(2, 3, 8, 8)
    assert diff_augment(rgb, generator=torch.Generator().manual_seed(1)).shape == rgb.shape
    with pytest.raises(ValueError, match="unknown DiffAugment policy zoom"):
        parse_policy("color,zoom")


def test_diffaugment_is_differentiable():
    x = (torch.rand(4, 4, 16, 16) * 2 - 1).requires_grad_(True)
    y = diff_augment(x, generator=torch.Generator().manual_seed(2))
    (y * torch.linspace(0, 1, y.numel()).view_as(y)).sum().backward()
    assert x.grad is not None and torch.isfinite(x.grad).all() and float(x.grad.abs().sum()) > 0
    # cut out pixels get no gradient, the rest do
    x2 = torch.zeros(1, 1, 8, 8, requires_grad=True)
    diff_augment(x2, "cutout", torch.Generator().manual_seed(0)).sum().backward()
    g = x2.grad[0, 0]
    assert 0 < int((g == 0).sum()) < 64


def test_diffaugment_parts():
    x = torch.rand(3, 4, 8, 8)
    c = diff_augment(x, "color", torch.Generator().manual_seed(0))
    assert torch.equal(c[:, 3], x[:, 3])                      # the alpha channel is not coloured
    t = diff_augment(x, "translation", torch.Generator().manual_seed(0), fill=-1.0)
    vals = set(np.round(x.numpy().ravel(), 6)) | {-1.0}
    assert set(np.round(t.numpy().ravel(), 6)) <= vals       # pixels moved, nothing invented
    cut = diff_augment(torch.ones(2, 1, 8, 8), "cutout", torch.Generator().manual_seed(0), fill=-1.0)
    assert int((cut == -1).sum()) > 0
