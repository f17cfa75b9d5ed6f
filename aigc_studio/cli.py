"""The command line (DESIGN.md §5). Qt-free except `selftest`, which opens the real window offscreen.

`generate` streams text to stdout and ends by printing each saved file as `saved: PATH`; errors go to stderr
with a non-zero exit (2: invalid input, 1: the job failed, 130: interrupted).
"""
from __future__ import annotations

import argparse
import json
import secrets
import sys
from pathlib import Path

from aigc_studio import __version__
from aigc_studio.core.base.errors import InvalidParameters, UserError, user_message
from aigc_studio.core.base.specs import SEED_MAX, DEFAULT_TEXT_MODEL


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="aigc-studio", description="AIGC Studio: local generative models, offline.")
    p.add_argument("--version", action="version", version=f"aigc-studio {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    gen = sub.add_parser("generate", help="generate text, images or sounds without the window")
    gsub = gen.add_subparsers(dest="kind", metavar="KIND", required=True)
    t = gsub.add_parser("text", help="stream text to stdout and save it as an asset")
    t.add_argument("--prompt", required=True, help="the text to start from ('-' reads standard input)")
    t.add_argument("--model", default=DEFAULT_TEXT_MODEL, help="a model id (see `aigc-studio models`) or folder")
    t.add_argument("--max-new-tokens", type=int, default=200)
    t.add_argument("--temperature", type=float, default=0.8, help="0 = greedy (always the likeliest token)")
    t.add_argument("--top-k", type=int, default=40, help="0 = off")
    t.add_argument("--top-p", type=float, default=0.95, help="1 = off")
    t.add_argument("--repetition-penalty", type=float, default=1.1, help="1 = off")
    t.add_argument("--seed", type=int, default=None, help="default: a random seed, printed to stderr")
    t.add_argument("--stop", action="append", default=[], help="stop when this text appears (repeatable; commas separate, \\n is a new line); "
                   "default: the model's suggestion (a blank line ends a Tang poem)")
    t.add_argument("--device", default=None, choices=["auto", "cuda", "mps", "cpu"])
    t.add_argument("--out", type=Path, default=None, help="output folder (default: the one in Settings)")
    t.add_argument("--no-save", action="store_true", help="print only, save nothing")
    from aigc_studio import cli_audio, cli_image   # light modules: argparse only until a command runs
    cli_image.add_generate_parser(gsub)
    cli_audio.add_generate_parser(gsub)

    m = sub.add_parser("models", help="list the models the studio can use")
    m.add_argument("--json", action="store_true")
    m.add_argument("--kind", default=None)

    tr = sub.add_parser("train", help="train or fine-tune a model on your own data")
    tr.add_argument("kind", choices=["text", "gan", "vae", "audio"])
    tr.add_argument("--data", type=Path, required=True, help="the training data: a folder (text files, images or sounds) or one text file")
    tr.add_argument("--from", dest="from_model", default=None, help="fine-tune this model (id or folder)")
    g = tr.add_mutually_exclusive_group()
    g.add_argument("--steps", type=int, default=None)
    g.add_argument("--minutes", type=float, default=None)
    tr.add_argument("--recipe", type=Path, default=None, help="a recipe JSON (see recipes/)")
    tr.add_argument("--out", type=Path, required=True, help="the model folder to write")
    tr.add_argument("--device", default="auto", choices=["auto", "cuda", "mps", "cpu"])

    sub.add_parser("selftest", help="open the real window offscreen, run one job per panel, exit 0 if all is well")
    b = sub.add_parser("bench", help="measure speed (see README)")
    b.add_argument("--json", action="store_true")
    b.add_argument("--only", default=None, help="comma-separated: text,image,audio,ui,train")
    return p


def _err(msg: str) -> None:
    print(f"aigc-studio: {msg}", file=sys.stderr, flush=True)


def _context(device_pref: str, out_dir: Path | None):
    from aigc_studio.core.base.device import resolve
    from aigc_studio.core.jobs.context import JobContext
    from aigc_studio.core.models.registry import ModelCache
    info = resolve(device_pref)
    return JobContext(device=info.device, models=ModelCache(), out_dir=out_dir), info


def drive(gen, on_event) -> object:
    """Run a job generator to its end, handing each event to ``on_event``; returns the Result."""
    while True:
        try:
            ev = next(gen)
        except StopIteration as stop:
            return stop.value
        on_event(ev)


def _suggested_stops(model: str) -> tuple[str, ...]:
    """The stop strings a model's card suggests (a blank line ends a Tang poem), as the Text panel uses them."""
    from aigc_studio.core.models.registry import resolve
    usage = resolve(model).card.get("usage") or {}
    stops = usage.get("stop") if isinstance(usage, dict) else None
    return tuple(s for s in stops if isinstance(s, str) and s) if isinstance(stops, list) else ()


def cmd_generate_text(a) -> int:
    from aigc_studio.core.assets import AssetStore
    from aigc_studio.core.jobs import get_runner
    from aigc_studio.core.base.events import Log, TextDelta
    from aigc_studio.core.base.specs import TextSpec
    from aigc_studio.core.jobs.stopstrings import StopStringError, parse_stop_strings
    from aigc_studio.core.base.settings import Settings

    settings = Settings.load()
    prompt = sys.stdin.read() if a.prompt == "-" else a.prompt
    seed = a.seed if a.seed is not None else secrets.randbelow(SEED_MAX + 1)
    try:
        stops = tuple(x for s in a.stop for x in parse_stop_strings(s)) if a.stop else _suggested_stops(a.model)
    except StopStringError as e:
        raise InvalidParameters([f"Stop strings: {e}"]) from None
    spec = TextSpec(prompt=prompt, model=a.model, max_new_tokens=a.max_new_tokens, temperature=a.temperature,
                    top_k=a.top_k, top_p=a.top_p, repetition_penalty=a.repetition_penalty, seed=seed,
                    stop=stops, device=a.device or settings.device)
    spec.validate()
    out_dir = Path(a.out) if a.out else Path(settings.output_dir)
    store = None if a.no_save else AssetStore(out_dir)
    if store is not None:
        store.ensure_writable()   # fail before generating, not after
    if a.seed is None:
        _err(f"seed {seed}")
    ctx, _ = _context(spec.device, out_dir)

    def on_event(ev):
        if isinstance(ev, TextDelta):
            sys.stdout.write(ev.text)
            sys.stdout.flush()
        elif isinstance(ev, Log) and ev.level in ("warning", "error"):
            _err(ev.message)

    sys.stdout.write(spec.prompt)
    result = drive(get_runner("text")(spec, ctx), on_event)
    sys.stdout.write("\n")
    if store is not None:
        path = store.save_text(result.text, spec, extra=result.data)
        print(f"saved: {path}", flush=True)
    return 0


def cmd_models(a) -> int:
    from aigc_studio.core.models.registry import list_models
    models = list_models(a.kind)
    if a.json:
        print(json.dumps([{"id": m.id, "name": m.name, "kind": m.kind, "source": m.source, "path": str(m.path),
                           "parameters": m.card.get("parameters"), "size_bytes": m.card.get("size_bytes"),
                           "language": m.card.get("language")} for m in models], ensure_ascii=False, indent=2))
        return 0
    if not models:
        print("No models found.")
    for m in models:
        params = m.card.get("parameters")
        size = f"{params / 1e6:.1f}M params" if params else ""
        print(f"{m.id:24} {m.kind:6} {m.source:8} {size:14} {m.name}")
    return 0


def cmd_train(a) -> int:
    if a.kind == "audio":
        from aigc_studio.cli_audio import cmd_train as train_audio
        return train_audio(a)
    if a.kind in ("gan", "vae"):
        from aigc_studio.core.jobs.train_image import TrainImageSpec
        spec = TrainImageSpec.from_cli(data=a.data, out=a.out, from_model=a.from_model, steps=a.steps,
                                       minutes=a.minutes, recipe=a.recipe, device=a.device, model_type=a.kind)
    else:
        from aigc_studio.core.jobs.train import TrainTextSpec
        spec = TrainTextSpec.from_cli(data=a.data, out=a.out, from_model=a.from_model, steps=a.steps,
                                      minutes=a.minutes, recipe=a.recipe, device=a.device)
    return run_training(spec)


def run_training(spec) -> int:
    """Run a training job spec in this process, printing metrics, samples and messages; ``saved: PATH`` at the
    end. Image samples (``Sample.data``) are written next to the run's checkpoints."""
    from aigc_studio.core.jobs import get_runner
    from aigc_studio.core.base.events import Log, Metric, Sample

    spec.validate()
    ctx, info = _context(spec.device, None)
    _err(f"training on {info.reason}")

    def on_event(ev):
        if isinstance(ev, Metric):
            print(f"step {ev.step:6d}  {ev.name} {ev.value:.4f}", flush=True)
        elif isinstance(ev, Sample) and ev.text:
            print(f"--- sample at step {ev.step} ---\n{ev.text}\n---", flush=True)
        elif isinstance(ev, Sample) and ev.data is not None:
            print(f"--- sample at step {ev.step}: {_save_sample(spec, ev)}", flush=True)
        elif isinstance(ev, Log):
            (_err if ev.level != "info" else print)(ev.message)

    result = drive(get_runner(spec.kind)(spec, ctx), on_event)
    for p in result.paths:
        print(f"saved: {p}", flush=True)
    return 0


def _save_sample(spec, ev) -> str:
    """Write a training sample (an image grid, or a sound) into ``<out>.samples/``; returns the path."""
    import numpy as np

    folder = Path(str(spec.out) + ".samples")
    folder.mkdir(parents=True, exist_ok=True)
    data = np.asarray(ev.data)
    if data.dtype == np.uint8 and data.ndim == 3:
        import io

        from PIL import Image
        buf = io.BytesIO()
        Image.fromarray(data).save(buf, "PNG")
        # never overwrite: the final model's sample comes at the same step as the last one of training
        for n in range(1, 10_000):
            path = folder / (f"step-{ev.step:06d}.png" if n == 1 else f"step-{ev.step:06d}-{n}.png")
            try:
                with open(path, "xb") as f:
                    f.write(buf.getvalue())
            except FileExistsError:
                continue
            return str(path)
        return "(not saved: too many samples of this step)"
    return "(not saved: unknown sample format)"


def run_cli(argv: list[str]) -> int:
    a = _parser().parse_args(argv)
    try:
        if a.command == "generate":
            if a.kind == "image":
                from aigc_studio.cli_image import cmd_generate
                return cmd_generate(a)
            if a.kind == "audio":
                from aigc_studio.cli_audio import cmd_generate
                return cmd_generate(a)
            return cmd_generate_text(a)
        if a.command == "models":
            return cmd_models(a)
        if a.command == "train":
            return cmd_train(a)
        if a.command == "selftest":
            from aigc_studio.selftest import run_selftest
            return run_selftest()
        if a.command == "bench":
            from aigc_studio.bench import run_bench
            return run_bench(only=a.only, as_json=a.json)
        _parser().print_help()
        return 0
    except UserError as e:
        _err(str(e))
        return 2
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except Exception as e:   # noqa: BLE001 — the last line of defence: a readable message, not a traceback
        _err(user_message(e))
        return 1
