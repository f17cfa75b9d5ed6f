"""Writing evaluation figures into a model folder: ``card.json`` gets (or updates) its ``evaluation`` section and
``README.md`` its "Evaluation" section (the rest of the README is kept). Each file is replaced atomically (temp +
fsync + rename: a crash leaves the old file or the new one, never half of one)."""
from __future__ import annotations

import math
import time
from pathlib import Path

from aigc_studio.core.base.atomic import atomic_write_json, atomic_write_text
from aigc_studio.core.base.errors import ModelError
from aigc_studio.core.models.checkpoint import CARD_FILE, README_FILE
from aigc_studio.core.models.eval_readme import splice
from aigc_studio.core.models.limits import LimitError, read_json_limited
from aigc_studio.core.models.readme import render_readme


def finite(obj):
    """``obj`` with every NaN or infinite float replaced by None (JSON has no such numbers)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [finite(v) for v in obj]
    return obj


SHIPPED_NOT_RECORDED = ("{model} is shipped with the studio: its card is not changed. Record figures only into "
                        "your own models (trained or imported); evaluate without recording to see them.")


def record_refusal(info) -> str:
    """Why the figures of an evaluation may not be written into the model ``info`` (a registry ``ModelInfo``),
    or "" when they may: a shipped model (listed from the studio's own model folders) is never changed."""
    from aigc_studio.core.models.registry import shipped_dirs
    folder = Path(info.path)
    try:
        resolved = folder.resolve()
        inside = any(d.resolve() in resolved.parents for d in shipped_dirs())
    except OSError:
        inside = False
    if info.source == "shipped" or inside:
        return SHIPPED_NOT_RECORDED.format(model=info.id)
    return ""


def record_in_card(model_dir: str | Path, figures: dict) -> dict:
    """Merge ``figures`` (an evaluator's dict) into ``card["evaluation"]`` of ``model_dir`` (figures of other
    tools already there, e.g. the shipped audio model's pitch histograms, are kept unless these replace them) and
    refresh the README's evaluation section. Returns the new card."""
    folder = Path(model_dir)
    path = folder / CARD_FILE
    try:
        card = read_json_limited(path)
    except LimitError as e:
        raise ModelError(f"The model card {path} could not be read ({e}).") from None
    except OSError as e:
        raise ModelError(f"The model card {path} could not be read ({e.strerror or e}).") from None
    if not isinstance(card, dict):
        raise ModelError(f"The model card {path} is not a JSON object.")
    old = card.get("evaluation") if isinstance(card.get("evaluation"), dict) else {}
    figures = finite({k: v for k, v in figures.items() if k != "stopped"})
    card["evaluation"] = {**old, **figures, "evaluated": time.strftime("%Y-%m-%d")}
    readme_path = folder / README_FILE
    try:
        readme = readme_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        readme = render_readme(card)
    atomic_write_json(path, card)
    atomic_write_text(readme_path, splice(readme, card))
    return card


__all__ = ["finite", "record_in_card"]
