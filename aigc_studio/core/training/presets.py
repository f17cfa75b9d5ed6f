"""Size presets of every training kind, torch-free (the Train tab lists them; a spec's options name one as
``"preset"``; ``aigc-studio train ... --preset NAME``).

A preset is a set of training options (the model's size and what fits it: learning rate, batch, tokenizer...)
applied under the job's own options: an option given explicitly wins over the preset. Each preset names the
smallest data it suits (``min_items`` of ``unit``): :func:`size_advice` warns when the data is smaller and
recommends the preset that fits.

The ``*-small`` preset of each kind is the trainer's default configuration, so a run without a preset is judged
against it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Preset:
    name: str
    kind: str                   # the job kind: "train-text", "train-image", "train-audio"
    description: str            # English template (shown through the core-message translations)
    options: dict = field(default_factory=dict)
    min_items: int = 0          # the least data it suits, in ``unit``
    unit: str = ""              # "characters", "images", "sounds"
    model_type: str = ""        # images: "gan" | "vae"


_TEXT = "train-text"
_IMAGE = "train-image"
_AUDIO = "train-audio"

PRESETS: dict[str, Preset] = {p.name: p for p in (
    Preset("lstm-small", _TEXT, "A small character LSTM: trains in minutes on a CPU, suits a few pages of text.",
           {"architecture": "lstm", "tokenizer": "char",
            "model": {"n_layer": 2, "n_embd": 256, "block_size": 128, "dropout": 0.1},
            "lr": 3e-3, "batch_size": 32, "weight_decay": 0.01}, 2_000, "characters"),
    Preset("gpt-tiny", _TEXT, "A tiny GPT (2 layers, 128 wide): quick on a CPU, for short texts.",
           {"architecture": "gpt", "model": {"n_layer": 2, "n_head": 2, "n_embd": 128, "block_size": 64,
                                             "dropout": 0.1}, "lr": 2e-3, "batch_size": 32}, 20_000, "characters"),
    Preset("gpt-small", _TEXT, "A small GPT (4 layers, 192 wide): the size of the shipped text models.",
           {"architecture": "gpt", "model": {"n_layer": 4, "n_head": 4, "n_embd": 192, "block_size": 128,
                                             "dropout": 0.0}, "lr": 1e-3}, 200_000, "characters"),
    Preset("gpt-medium", _TEXT, "A medium GPT (6 layers, 384 wide): for a novel's worth of text and a GPU.",
           {"architecture": "gpt", "model": {"n_layer": 6, "n_head": 6, "n_embd": 384, "block_size": 256,
                                             "dropout": 0.1}, "lr": 6e-4, "batch_size": 32}, 2_000_000,
           "characters"),
    Preset("gan-tiny", _IMAGE, "A tiny GAN (64 px, narrow): for a few dozen images on a CPU.",
           {"model": {"image_size": 64, "g_width": 8, "d_width": 8, "w_dim": 64}}, 50, "images", "gan"),
    Preset("gan-small", _IMAGE, "A small GAN (64 px): the size of the shipped emoji GAN.",
           {"model": {"image_size": 64, "g_width": 16, "d_width": 16, "w_dim": 128}}, 200, "images", "gan"),
    Preset("gan-medium", _IMAGE, "A wider GAN (64 px): for a thousand images or more and a GPU.",
           {"model": {"image_size": 64, "g_width": 32, "d_width": 32, "w_dim": 256}}, 1000, "images", "gan"),
    Preset("vae-tiny", _IMAGE, "A tiny image VAE (64 px, narrow): for a few dozen images on a CPU.",
           {"model": {"image_size": 64, "width": 16, "latent_dim": 64}}, 50, "images", "vae"),
    Preset("vae-small", _IMAGE, "A small image VAE (64 px): the size of the shipped emoji VAE.",
           {"model": {"image_size": 64, "width": 32, "latent_dim": 128}}, 200, "images", "vae"),
    Preset("vae-medium", _IMAGE, "A wider image VAE (64 px): for a thousand images or more and a GPU.",
           {"model": {"image_size": 64, "width": 64, "latent_dim": 256}}, 1000, "images", "vae"),
    Preset("audio-tiny", _AUDIO, "A tiny audio VAE (half the channels): for a few dozen sounds on a CPU.",
           {"model": {"enc_channels": [8, 16, 32, 64, 128], "dec_channels": [128, 64, 32, 16, 8]}}, 20,
           "sounds"),
    Preset("audio-small", _AUDIO, "A small audio VAE: the size of the shipped notes model.",
           {"model": {"enc_channels": [16, 32, 64, 128, 256], "dec_channels": [256, 128, 64, 32, 16]}}, 100,
           "sounds"),
)}

DEFAULT_PRESET = {_TEXT: "gpt-small", "gan": "gan-small", "vae": "vae-small", _AUDIO: "audio-small"}


def presets_for(kind: str, model_type: str = "") -> list[Preset]:
    """The presets of a job kind (images: of the model type), smallest first."""
    return [p for p in PRESETS.values() if p.kind == kind and (not model_type or p.model_type == model_type)]


def preset_problem(kind: str, name: Any, model_type: str = "") -> tuple[str, dict] | None:
    """(message template, values) when ``name`` is not a preset of this kind (and model type), else None."""
    if name in ("", None):
        return None
    p = PRESETS.get(name) if isinstance(name, str) else None
    names = ", ".join(q.name for q in presets_for(kind, model_type))
    if p is None or p.kind != kind or (model_type and p.model_type and p.model_type != model_type):
        return "There is no size preset {name} for this model: choose one of {names}.", {"name": str(name),
                                                                                        "names": names}
    return None


def default_preset(kind: str, model_type: str = "") -> str:
    return DEFAULT_PRESET.get(model_type if kind == _IMAGE else kind, "")


def size_advice(kind: str, preset: str, count: int, model_type: str = "") -> tuple[str, dict] | None:
    """A warning (template, values) when ``count`` items of data are too few for ``preset`` (or the kind's
    default size), recommending the largest preset that suits them; None when the data is enough."""
    name = preset or default_preset(kind, model_type)
    p = PRESETS.get(name)
    if p is None or count >= p.min_items:
        return None
    fitting = [q for q in presets_for(kind, p.model_type) if q.min_items <= count]
    values = {"count": f"{count:,}", "unit": p.unit, "preset": name, "min": f"{p.min_items:,}"}
    smallest = min(presets_for(kind, p.model_type), key=lambda q: q.min_items)
    if not fitting and smallest.name == name:
        return ("The data has {count} {unit}, too few even for the smallest size {preset} (it suits {min} or "
                "more): the model will learn it by heart. Add more data if you can.", values)
    best = max(fitting, key=lambda q: q.min_items) if fitting else smallest
    return ("The data has {count} {unit}, too few for the size {preset} (it suits {min} or more): the model may "
            "learn it by heart. The size {recommended} suits this data better.", {**values, "recommended": best.name})
