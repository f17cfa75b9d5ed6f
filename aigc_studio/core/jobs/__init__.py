"""Job runners by kind. A runner is ``run(spec, ctx) -> Generator[Event, None, Result]`` (docs/architecture.md);
they are imported lazily, so importing this package loads neither torch nor any model code (the training
configurations checked by :func:`problems` are torch-free)."""
from __future__ import annotations

import importlib
from typing import Callable

from aigc_studio.core.base.errors import InvalidParameters, UserError
from aigc_studio.core.training.config import config_for

RUNNERS: dict[str, str] = {
    "text": "aigc_studio.core.jobs.text:run",
    "train-text": "aigc_studio.core.jobs.train:run",
    "image": "aigc_studio.core.jobs.image:run",
    "train-image": "aigc_studio.core.jobs.train:run",
    "audio": "aigc_studio.core.jobs.audio:run",
    "train-audio": "aigc_studio.core.jobs.train:run",
    "dataset-scan": "aigc_studio.core.jobs.dataset:run",
    "evaluate": "aigc_studio.core.jobs.evaluate:run",
    "models-rename": "aigc_studio.core.jobs.models:run",
    "models-export": "aigc_studio.core.jobs.models:run",
    "models-import": "aigc_studio.core.jobs.models:run",
    "models-delete": "aigc_studio.core.jobs.models:run",
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


def problems(spec) -> list:
    """Everything wrong with ``spec``: its own (shallow) problems and, for a training spec, those of the training
    configuration its options build (checked by the training layer's torch-free configurations)."""
    found = list(spec.problems())
    if not str(getattr(spec, "kind", "")).startswith("train-"):
        return found
    try:
        deep = config_for(spec).problems()
    except InvalidParameters as e:
        deep = list(e.problems)
    said = {str(p) for p in found}
    return found + [p for p in deep if str(p) not in said]


def validate(spec):
    """``spec`` itself when it can run; otherwise :class:`InvalidParameters` listing every problem. The engine
    and the command line call this before a job is queued."""
    found = problems(spec)
    if found:
        raise InvalidParameters(found)
    return spec


__all__ = ["RUNNERS", "get_runner", "problems", "validate"]
