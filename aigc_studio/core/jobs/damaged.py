"""Damaged models: weights or outputs that are not finite numbers (NaN, infinity).

A model file whose weights hold NaN or infinity loads without complaint, then gives blank images, silent or
clipped sounds, or a sampling error deep inside torch ("probability tensor contains nan"). The generation jobs
check the weights once per loaded model (:func:`check_weights`, cached on the model object) and every output
before it is shown or saved (:func:`check_output`), and say plainly that the model is damaged.
"""
from __future__ import annotations

from typing import Any

from aigc_studio.core.base.errors import ModelError

_CHECKED = "_aigc_weights_finite"

WEIGHTS_TEMPLATE = ("The model “{model}” is damaged: its weights hold invalid numbers (NaN or infinite), so it "
                    "cannot generate. Reinstall it, or train it again.")
OUTPUT_TEMPLATE = ("The model “{model}” is damaged: it produced invalid numbers (NaN or infinite) instead of "
                   "{what}. Nothing from it was shown or saved. Reinstall it, or train it again.")


class DamagedModel(ModelError):
    """The model's weights or output are not finite numbers."""


def check_weights(model: Any, model_id: str) -> None:
    """:class:`DamagedModel` when any parameter or buffer of ``model`` (a torch module) is NaN or infinite.
    Checked once per model object."""
    import torch

    if getattr(model, _CHECKED, False):
        return
    with torch.no_grad():
        for t in list(model.parameters()) + list(model.buffers()):
            if t.is_floating_point() and not bool(torch.isfinite(t).all()):
                raise DamagedModel(WEIGHTS_TEMPLATE.format(model=model_id))
    try:
        object.__setattr__(model, _CHECKED, True)
    except (AttributeError, TypeError):  # pragma: no cover - a module that refuses attributes: check each time
        pass


def check_output(values: Any, model_id: str, what: str) -> None:
    """:class:`DamagedModel` when ``values`` (a torch tensor or a numpy array) holds NaN or infinity."""
    try:
        import torch
        if isinstance(values, torch.Tensor):
            ok = bool(torch.isfinite(values).all())
        else:
            import numpy as np
            ok = bool(np.isfinite(values).all())
    except TypeError:      # not numbers at all: not this check's business
        return
    if not ok:
        raise DamagedModel(OUTPUT_TEMPLATE.format(model=model_id, what=what))


__all__ = ["DamagedModel", "OUTPUT_TEMPLATE", "WEIGHTS_TEMPLATE", "check_output", "check_weights"]
