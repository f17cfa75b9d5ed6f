"""The model card of a trained model, for every kind: :func:`model_card` assembles ``card.json`` (the common
fields: id, name, description, data provenance, recipe, metrics, training time and hardware; the kind's own
fields from its task). The human-readable ``README.md`` is rendered by
:func:`aigc_studio.core.models.readme.render_readme` (part of the model folder's format)."""
from __future__ import annotations

import datetime
import os
import platform
from pathlib import Path

import torch

# card keys that save_model_folder fills in (never copied from the base model's card)
_WRITTEN_ON_SAVE = ("format", "parameters", "size_bytes", "weights_dtype")
_BASE_ONLY = ("description", "rebuild", "recipe_file", "metrics_notes", "evaluation", "limitations", "name_zh",
              "description_zh")   # a fine-tune is not the base: its Chinese name and description are not the base's
_FROM_RECIPE_CARD = ("rebuild", "recipe_file", "usage", "metrics_notes", "limitations", "sampling", "purpose",
                     "name_zh", "description_zh")


def hardware_description(device: str = "cpu") -> str:
    if device.startswith("cuda") and torch.cuda.is_available():
        return f"GPU {torch.cuda.get_device_name(0)}"
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"CPU {cpu}, {os.cpu_count()} cores, {torch.get_num_threads()} torch thread(s)"


def model_card(cfg, base_card: dict, fields: dict, step: int, seconds: float, stopped: str) -> dict:
    """``card.json`` of a finished run: the base model's card (fine-tuning), then the common fields from the
    options ``cfg`` (its ``card`` option gives id, name, description, language, data provenance...), then the
    task's ``fields`` (kind, architecture, config, metrics, ``training`` figures of its kind...)."""
    out = Path(cfg.out)
    # A fine-tune keeps what still holds of its base (language, usage hints, sampling) but not the base's own
    # provenance: how to rebuild it, its recipe file, its evaluation and notes, its description.
    card = {k: v for k, v in base_card.items() if k not in _WRITTEN_ON_SAVE + _BASE_ONLY}
    own = cfg.card or {}
    fields = dict(fields)
    # when it was trained (the ISO date, UTC): the models manager's "Trained" column
    training = {"date": datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
                "hardware": hardware_description(cfg.device), "seconds": round(seconds, 1), "steps": step,
                "stopped": stopped, "torch": torch.__version__, "threads": torch.get_num_threads(),
                **fields.pop("training", {})}
    card.update({
        "id": own.get("id") or card.get("id") or out.name,
        "name": own.get("name") or card.get("name") or out.name,
        "description": own.get("description") or (
            f"Fine-tuned from {base_card.get('name') or base_card.get('id') or cfg.from_model} on {cfg.data}."
            if cfg.from_model else ""),
        "data": {**own.get("data", {})} or {"source": str(cfg.data), "licence": "", "prep": ""},
        "recipe": {k: v for k, v in cfg.to_dict().items() if k != "card"},
        **fields,
        "training": training,
    })
    if "language" in own or "language" in card:
        card["language"] = own.get("language") or card.get("language", "")
    for k in _FROM_RECIPE_CARD:
        if k in own:
            card[k] = own[k]
    if cfg.from_model:
        card["fine_tuned_from"] = base_card.get("id", str(cfg.from_model))
    return card
