"""Job runners by kind. A runner is ``run(spec, ctx) -> Generator[Event, None, Result]`` (docs/architecture.md);
they are imported lazily, so importing this package loads neither torch nor any model code."""
from __future__ import annotations

import importlib
from typing import Callable

from aigc_studio.core.base.errors import UserError

RUNNERS: dict[str, str] = {
    "text": "aigc_studio.core.jobs.text:run",
    "train-text": "aigc_studio.core.jobs.train:run",
    "image": "aigc_studio.core.jobs.image:run",
    "train-image": "aigc_studio.core.jobs.train_image:run",
    "audio": "aigc_studio.core.jobs.audio:run",
    "train-audio": "aigc_studio.core.jobs.train_audio:run",
}


def get_runner(kind: str) -> Callable:
    """The ``run`` function of a job kind (imported on first use)."""
    target = RUNNERS.get(kind)
    if target is None:
        raise UserError(f"Unknown job kind '{kind}'. Known kinds: {', '.join(sorted(RUNNERS))}.")
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        if e.name != module_name:
            raise
        raise UserError(f"Jobs of kind '{kind}' are not available in this version.") from None
    return getattr(module, attr or "run")


__all__ = ["RUNNERS", "get_runner"]
