"""Scripted jobs the UI tests hand the engine instead of real models (runner_override / get_runner)."""
from __future__ import annotations


def scripted_media_job(spec, ctx):
    """Images or sounds as the real jobs stream them: a blob of colour, a decaying tone."""
    import dataclasses

    import numpy as np

    from aigc_studio.core.base.events import AudioChunk, ImagePreview, Result
    from aigc_studio.core.base.specs import spec_to_dict
    items = [{"spec": spec_to_dict(dataclasses.replace(spec, count=1, seed=spec.seed + i)), "latent": [0.0]}
             for i in range(spec.count)]
    if spec.kind == "image":
        img = np.zeros((spec.count, 16, 16, 4), np.uint8)
        img[:, 4:12, 4:12] = (250, 200, 20, 255)
        yield ImagePreview(img, 0)
        return Result(data={"items": items})
    t = np.arange(8000, dtype=np.float32) / 8000
    wave = (0.5 * np.sin(2 * np.pi * 440 * t) * np.exp(-4 * t)).astype(np.float32)[None]
    for i in range(spec.count):
        for k in range(0, 8000, 2000):
            yield AudioChunk(wave[:, k:k + 2000], 8000, i)
    return Result(data={"sample_rate": 8000, "items": items})
