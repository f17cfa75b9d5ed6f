"""One entry point for every kind of model: :func:`evaluate_model` resolves the model (an id or a folder), reads
the data of its kind (a folder, a file, a dataset manifest or a list of files), runs the evaluator of its kind and
returns the figures (the same dict the card's ``evaluation`` holds and ``aigc-studio eval --json`` prints).

It is a generator of ``Progress``/``Log`` events that checks ``should_stop()`` between batches; stopped, it returns
``{"stopped": "cancelled"}``."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Generator, Iterable

from aigc_studio.core.base.events import Progress
from aigc_studio.core.eval.common import NO_MODEL_KIND, NO_TRAIN, EvalError, Stopped, data_files
from aigc_studio.core.models import registry

DEFAULT_SAMPLES = 256
MAX_SAMPLES = 10_000
SAMPLES_RANGE = "The number of samples must be between 2 and {max}."
LOADING = "Loading {name}…"


def training_files(card: dict, held_out: list[Path], train_data: Any = None) -> tuple[list[Path], str]:
    """(the training pictures for the memorisation check, why there are none): ``train_data`` when given,
    otherwise the data the card's recipe names (when it is still there), less the held-out files."""
    source = train_data if train_data is not None else (card.get("recipe") or {}).get("data")
    if not source:
        return [], "the model card names no training data"
    if not isinstance(source, (list, tuple)) and not Path(source).exists():
        return [], f"{source} is not there"
    try:
        files = data_files(source, "image")
    except EvalError as e:
        return [], str(e)
    held = {str(Path(p).resolve()) for p in held_out}
    rest = [f for f in files if str(Path(f).resolve()) not in held]
    return rest, "" if rest else "every training picture is among the held-out ones"


def evaluate_model(model: str | Path, data: str | Path | Iterable | None = None, *, spans: list[dict] | None = None,
                   train_data: Any = None, samples: int = DEFAULT_SAMPLES, seed: int = 0, device=None,
                   models=None, should_stop: Callable[[], bool] | None = None,
                   feature_net_dir: Path | None = None) -> Generator[Any, None, dict]:
    """The figures of ``model`` against ``data`` (its held-out data; for text also ``spans`` {path, start, end}).
    ``models``: a ``ModelCache`` to load through (the engine's); ``train_data``: the training pictures for the
    memorisation check (default: the card's recipe data)."""
    info = registry.resolve(str(model))
    kind = info.kind
    if kind not in ("text", "image", "audio"):
        raise EvalError(NO_MODEL_KIND.format(model=info.id))
    if not (2 <= int(samples) <= MAX_SAMPLES):
        raise EvalError(SAMPLES_RANGE.format(max=MAX_SAMPLES))
    files = data_files(data, kind) if data is not None else []
    if not files and not spans:
        raise EvalError("Choose the held-out data to evaluate against.")
    yield Progress(0, 0, LOADING.format(name=info.name))
    if models is None:
        from aigc_studio.core.models.registry import ModelCache
        models = ModelCache()
    loaded = models.get(str(info.path), device if device is not None else "cpu")
    card = info.card
    try:
        if kind == "text":
            from aigc_studio.core.eval.text import evaluate_text
            figures = yield from evaluate_text(loaded.model, loaded.tokenizer, card, files, spans, device,
                                               should_stop)
        elif kind == "audio":
            from aigc_studio.core.eval.audio import evaluate_audio
            figures = yield from evaluate_audio(loaded.model, card, files, device, should_stop)
        else:
            from aigc_studio.core.eval.images import evaluate_images
            train, why = training_files(card, files, train_data)
            figures = yield from evaluate_images(loaded.model, card, files, train or None, int(samples), int(seed),
                                                 device, should_stop, feature_net_dir)
            if not train:
                figures["notes"] = [n for n in figures.get("notes", []) if not n.startswith("No training")]
                figures["notes"].append(NO_TRAIN.format(why=why))
    except Stopped:
        return {"stopped": "cancelled"}
    figures["model"] = info.id
    if data is not None and not isinstance(data, (list, tuple)):
        figures["data"] = str(data)
    elif files:
        figures["data"] = str(Path(files[0]).parent) + (f" (+{len(files) - 1} files)" if len(files) > 1 else "")
    return figures


__all__ = ["DEFAULT_SAMPLES", "evaluate_model", "training_files"]
