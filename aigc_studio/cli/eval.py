"""`aigc-studio eval MODEL --data PATH [--json] [--samples N] [--seed S] [--train PATH] [--record]`: the
evaluation figures a model card holds (text: held-out loss and perplexity; images: FID and KID in the studio's
feature space, memorisation, diversity; audio: held-out log-spectral distance), printed as lines or as one JSON
object. ``--record`` also writes them into the model's card.json and README.md."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aigc_studio.cli.common import err, job_context, run_job
from aigc_studio.core import jobs
from aigc_studio.core.base.errors import UserError
from aigc_studio.core.base.eval_specs import EvalSpec
from aigc_studio.core.base.events import Log, Progress


def add_parser(sub) -> None:
    ev = sub.add_parser("eval", help="measure a model against held-out data (the figures of its model card)")
    ev.add_argument("model", help="a model id or folder")
    ev.add_argument("--data", type=Path, required=True,
                    help="held-out data: a folder or file of the model's kind, or a dataset manifest")
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.add_argument("--samples", type=int, default=256, help="image models: samples to draw (default 256)")
    ev.add_argument("--seed", type=int, default=0, help="image models: the first sample's seed (default 0)")
    ev.add_argument("--train", type=Path, default=None,
                    help="image models: the training pictures for the memorisation check (default: the card's)")
    ev.add_argument("--record", action="store_true", help="also write the figures into the model's card")
    ev.add_argument("--device", default="auto", choices=["auto", "cuda", "mps", "cpu"])


def _lines(figures: dict) -> list[str]:
    """The figures as readable lines."""
    out = []
    for key, value in figures.items():
        if key in ("notes",):
            continue
        if isinstance(value, dict):
            inner = ", ".join(f"{k} {v}" for k, v in value.items() if not isinstance(v, (dict, list)))
            if inner:
                out.append(f"{key}: {inner}")
            out += [f"{key}.{k}: " + ", ".join(f"{a} {b}" for a, b in v.items())
                    for k, v in value.items() if isinstance(v, dict)]
        elif value is not None:
            out.append(f"{key}: {value}")
    return out


NOT_HELD_OUT = ("{data} is the data the model {model} was trained on (its card says {train}): these figures are not "
                "held-out and flatter the model. Evaluate on data it has not seen.")


def _folder_of(path: Path) -> Path:
    """A folder, a single file's folder, or a dataset manifest's folder (resolved)."""
    from aigc_studio.core.data.dataset import DatasetError, dataset_root
    try:
        return Path(dataset_root(path)).resolve()
    except (DatasetError, OSError, ValueError):
        return path.resolve() if path.is_dir() else path.resolve().parent


def training_data_warning(model: str, data: str | Path) -> str:
    """A warning when ``data`` is (or holds, or lies in) the data the model card says it was trained on — its
    recipe's ``data`` or ``data.source`` — and not the held-out data it was given (``eval_data``); "" otherwise or
    when the card does not tell."""
    from aigc_studio.core.models import registry
    try:
        info = registry.resolve(str(model))
    except Exception:  # noqa: BLE001 — an unknown model: the evaluation itself says so in words
        return ""
    card = info.card if isinstance(info.card, dict) else {}
    recipe = card.get("recipe") if isinstance(card.get("recipe"), dict) else {}
    source = card.get("data") if isinstance(card.get("data"), dict) else {}
    train = str(recipe.get("data") or source.get("source") or "")
    if not train or not Path(train).exists():
        return ""
    asked = Path(data)
    if not asked.exists():
        return ""
    given = str(recipe.get("eval_data") or "")
    if given and Path(given).exists() and _folder_of(Path(given)) == _folder_of(asked):
        return ""                      # the held-out data the training was given
    t, d = _folder_of(Path(train)), _folder_of(asked)
    if t == d or t in d.parents or d in t.parents:
        return NOT_HELD_OUT.format(data=data, model=info.id, train=train)
    return ""


def run(a: Any) -> int:
    spec = jobs.validate(EvalSpec(model=str(a.model), data=str(a.data), train_data=str(a.train or ""),
                                  samples=a.samples, seed=a.seed, record=bool(a.record), device=a.device))
    if spec.record:
        from aigc_studio.core.eval.card import record_refusal
        from aigc_studio.core.models import registry
        refusal = record_refusal(registry.resolve(spec.model))
        if refusal:
            raise UserError(refusal.replace("evaluate without recording", "run without --record"))
    warning = training_data_warning(spec.model, spec.data)
    if warning:
        err(f"warning: {warning}")
    ctx, info = job_context(spec.device, None)

    def on_event(ev: Any) -> None:
        if isinstance(ev, Log) and ev.level != "info":
            err(f"note: {ev.message}")
        elif isinstance(ev, Progress) and ev.message and not a.json and (ev.total == 0 or ev.done == ev.total):
            err(ev.message)

    result = run_job(spec, ctx, on_event)
    figures = result.data.get("evaluation", {})
    if a.json:
        extra = {"notes": [*figures.get("notes", []), warning]} if warning else {}
        print(json.dumps({**figures, **extra, "device": info.name}, ensure_ascii=False, indent=1), flush=True)
    else:
        print(result.text)
        for line in _lines(figures):
            print(line)
    if result.data.get("recorded"):
        err(f"written into the model card of {result.data.get('model')}")
    return 0
