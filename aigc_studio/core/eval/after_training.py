"""Evaluation right after a training run (called by the training job, ``core/jobs/train.py``): the new model is
measured against what the trainer held out (``result["heldout"]``: :mod:`aigc_studio.core.training.split`), the
figures go into its card and README, and the job's ``Result.data["evaluation"]`` carries them.

- Held-out files (given ``eval_data`` or the trainer's split) are the reference; text spans (the last tenth of
  each file of a small corpus) are read as spans.
- Nothing held out (a tiny data set): the figures are measured on the training data and the notes say so.
- Image models: the memorisation check compares with the training pictures (the data less the held-out ones).
- A run stopped with "stop and save" is not evaluated (the user asked for the model now; the Evaluate action does
  it later). An evaluation that fails never costs the trained model: a warning, and ``None``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Generator

from aigc_studio.core.base.errors import UserError
from aigc_studio.core.base.events import Log
from aigc_studio.core.data.dataset import DatasetError, dataset_files
from aigc_studio.core.eval.card import record_in_card
from aigc_studio.core.eval.evaluate import evaluate_model
from aigc_studio.core.eval.summary import headline

KIND_OF_JOB = {"train-text": "text", "train-image": "image", "train-audio": "audio"}
ON_TRAINING_DATA = ("Nothing was held out of this small data set: the evaluation figures are measured on the "
                    "training data and flatter the model.")
EVALUATED = "Evaluation (written into the model card): {figures}"
EVAL_FAILED = "The model was saved, but evaluating it failed: {error}"
NOT_EVALUATED = "Stopped and saved: the model was not evaluated (evaluate it from the Train tab or with aigc-studio eval)."
SAMPLES_AFTER_TRAINING = 256
SOURCES = {"eval_data": "the held-out data given", "split": "the trainer's held-out split"}


def evaluate_trained(result: dict, cfg: Any, kind: str, ctx: Any) -> Generator[Any, None, dict | None]:
    """The figures of the model a training run wrote (``result``: the training loop's dict; ``cfg``: its
    options; ``kind``: the job kind), recorded in its card; None when there is nothing to evaluate."""
    out = result.get("out")
    if not out or result.get("stopped") in ("cancelled", "stop-and-save"):
        if result.get("stopped") == "stop-and-save":
            yield Log(NOT_EVALUATED)
        return None
    data_kind = KIND_OF_JOB.get(kind)
    if data_kind is None:
        return None
    held = result.get("heldout") or {}
    files = [Path(p) for p in held.get("files") or [] if Path(p).is_file()]
    spans = list(held.get("spans") or [])
    notes = []
    try:
        if not files and not spans:
            files = dataset_files(cfg.data, data_kind)
            notes.append(ON_TRAINING_DATA)
        train = None
        if data_kind == "image":
            reference = {str(p.resolve()) for p in files}
            train = [p for p in dataset_files(cfg.data, "image") if str(Path(p).resolve()) not in reference]
        yield Log("Evaluating the new model against the held-out data…")
        figures = yield from evaluate_model(out, files, spans=spans or None, train_data=train or None,
                                            samples=SAMPLES_AFTER_TRAINING, device=ctx.device,
                                            models=getattr(ctx, "models", None),
                                            should_stop=lambda: ctx.cancelled)
        if figures.get("stopped"):
            return None
        figures["notes"] = notes + list(figures.get("notes", []))
        figures["data"] = (f"{SOURCES.get(str(held.get('source')), 'the training data')} ({len(files)} files"
                           + (f", {len(spans)} spans of text" if spans else "") + ")")
        record_in_card(out, figures)
    except (UserError, DatasetError, OSError) as e:
        yield Log(EVAL_FAILED.format(error=e), "warning")
        return None
    except Exception as e:      # noqa: BLE001 — never lose a trained model to its evaluation
        yield Log(EVAL_FAILED.format(error=f"{type(e).__name__}: {e}"), "warning")
        return None
    for note in figures["notes"]:
        yield Log(note, "warning")
    yield Log(EVALUATED.format(figures=headline(figures)))
    return figures


__all__ = ["evaluate_trained"]
