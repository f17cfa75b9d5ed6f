"""The evaluation job ("evaluate", :class:`~aigc_studio.core.base.eval_specs.EvalSpec`): the figures of
:func:`aigc_studio.core.eval.evaluate.evaluate_model` for a model against held-out data, written into the model's
card (``spec.record``) and returned as ``Result(text=<one line>, data={"evaluation": figures, "model": id,
"recorded": bool, "stopped"?: "cancelled"})``. Cancelling returns without figures and writes nothing."""
from __future__ import annotations

from typing import Any, Generator

from aigc_studio.core.base.errors import UserError
from aigc_studio.core.base.events import Log, Result
from aigc_studio.core.eval.card import record_in_card, record_refusal
from aigc_studio.core.eval.evaluate import evaluate_model
from aigc_studio.core.eval.summary import headline
from aigc_studio.core.jobs import validate
from aigc_studio.core.models import registry

RECORD_FAILED = "The figures could not be written into the model card ({error}); they are shown here only."


def run(spec, ctx) -> Generator[Any, None, Result]:
    validate(spec)
    info = registry.resolve(spec.model)
    refusal = record_refusal(info) if spec.record else ""
    if refusal:                 # said before the evaluation runs, not after it
        raise UserError(refusal)
    figures = yield from evaluate_model(spec.model, spec.data, train_data=spec.train_data or None,
                                        samples=spec.samples, seed=spec.seed, device=ctx.device, models=ctx.models,
                                        should_stop=lambda: ctx.cancelled)
    if figures.get("stopped"):
        return Result(data={"stopped": "cancelled", "model": info.id})
    for note in figures.get("notes", []):
        yield Log(note, "warning")
    recorded = False
    if spec.record:
        try:
            record_in_card(info.path, figures)
            recorded = True
        except (OSError, UserError) as e:
            yield Log(RECORD_FAILED.format(error=e), "warning")
    return Result(text=headline(figures), data={"evaluation": figures, "model": info.id, "recorded": recorded})


__all__ = ["headline", "run"]
