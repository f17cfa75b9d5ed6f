"""`aigc-studio generate text`: streams the prompt and its continuation to stdout, then ``saved: PATH``."""
from __future__ import annotations

import sys
from typing import Any

from aigc_studio.cli.common import add_output_arguments, err, random_seed, run_job, start_generation, terminal_text
from aigc_studio.core import jobs
from aigc_studio.core.base.errors import InvalidParameters, Problem
from aigc_studio.core.data.text_files import TextReadError, read_stream_tail
from aigc_studio.core.base.events import Log, TextDelta
from aigc_studio.core.base.settings import Settings
from aigc_studio.core.base.specs import DEFAULT_TEXT_MODEL, SEED_MAX, TextSpec
from aigc_studio.core.jobs.stopstrings import StopStringError, parse_stop_strings
from aigc_studio.core.models import registry
from aigc_studio.core.models.poem_form import canonical_form

STDIN_PROMPT_MAX_CHARS = 100_000    # many times the longest context (GPT-2: 1024 tokens); the job keeps the end


def add_parser(gsub) -> None:
    t = gsub.add_parser("text", help="stream text to stdout and save it as an asset")
    t.add_argument("--prompt", required=True, help="the text to start from ('-' reads standard input)")
    t.add_argument("--model", default=DEFAULT_TEXT_MODEL, help="a model id (see `aigc-studio models`) or folder")
    t.add_argument("--max-new-tokens", type=int, default=200)
    t.add_argument("--temperature", type=float, default=0.8, help="0 = greedy (always the likeliest token)")
    t.add_argument("--top-k", type=int, default=40, help="0 = off")
    t.add_argument("--top-p", type=float, default=0.95, help="1 = off")
    t.add_argument("--repetition-penalty", type=float, default=1.1, help="1 = off")
    t.add_argument("--seed", type=int, default=None, help="default: a random seed, printed to stderr")
    t.add_argument("--stop", action="append", default=[],
                   help="stop when this text appears (repeatable; commas separate, \\n is a new line); "
                   "default: the model's suggestion (a blank line ends a Tang poem)")
    t.add_argument("--form", default=None, metavar="FORM",
                   help="a regular Chinese poem's form, always met: free, auto (metre from the first verse), "
                   "wuyan-jueju, qiyan-jueju, wuyan-lushi, qiyan-lushi (or 五言绝句 ...); default: auto for a "
                   "model that writes poems (tang-poems-zh), else free")
    add_output_arguments(t, "print only, save nothing")


def suggested_stops(model: str) -> tuple[str, ...]:
    """The stop strings a model's card suggests (a blank line ends a Tang poem), as the Text panel uses them."""
    usage = registry.resolve(model).card.get("usage") or {}
    stops = usage.get("stop") if isinstance(usage, dict) else None
    return tuple(s for s in stops if isinstance(s, str) and s) if isinstance(stops, list) else ()


def default_form(model: str) -> str:
    """``auto`` for a model whose card lists poem forms (tang-poems-zh), else ``free``."""
    forms = registry.resolve(model).card.get("forms")
    return "auto" if isinstance(forms, list) and forms else "free"


def read_stdin_prompt() -> str:
    """Standard input decoded like a text file (UTF-8, or UTF-16/32 with a byte-order mark; undecodable bytes
    are an error that names them) and read in chunks, keeping only its last ``STDIN_PROMPT_MAX_CHARS``
    characters: the model reads at most its context, so memory stays small whatever is piped in."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:                  # a text stream without bytes (tests, embedding): already decoded
        text = sys.stdin.read(STDIN_PROMPT_MAX_CHARS + 1)
        cut = len(text) > STDIN_PROMPT_MAX_CHARS
        text = text[-STDIN_PROMPT_MAX_CHARS:]
    else:
        try:
            text, cut = read_stream_tail(stream, "Standard input", STDIN_PROMPT_MAX_CHARS)
        except TextReadError as e:
            raise InvalidParameters([Problem("prompt", "encoding", "{message}", {"message": str(e)})]) from None
    if cut:
        err(f"The prompt on standard input is longer than {STDIN_PROMPT_MAX_CHARS:,} characters: only its last "
            f"{STDIN_PROMPT_MAX_CHARS:,} are used (the model reads at most its context).")
    return text


def run(a) -> int:
    settings = Settings.load()
    prompt = read_stdin_prompt() if a.prompt == "-" else a.prompt
    seed = a.seed if a.seed is not None else random_seed(SEED_MAX)
    try:
        stops = tuple(x for s in a.stop for x in parse_stop_strings(s)) if a.stop else suggested_stops(a.model)
    except StopStringError as e:
        raise InvalidParameters([f"Stop strings: {e}"]) from None
    spec = jobs.validate(TextSpec(prompt=prompt, model=a.model, max_new_tokens=a.max_new_tokens,
                                  temperature=a.temperature, top_k=a.top_k, top_p=a.top_p,
                                  repetition_penalty=a.repetition_penalty, seed=seed, stop=stops,
                                  device=a.device or settings.device,
                                  form=canonical_form(a.form) if a.form is not None else default_form(a.model)))
    if spec.form != "free" and default_form(spec.model) == "free":      # the CLI's own word for the form
        raise InvalidParameters([f"The model {registry.resolve(spec.model).id} does not write regular Chinese "
                                 "poems: use --form free."])
    ctx, store = start_generation(a, spec, seed, settings)
    echoed = [False]

    def echo_prompt() -> None:
        """The prompt is echoed once the job has accepted it (its form checked): an error is never glued onto
        the prompt's line. On a terminal, control characters are shown escaped (the saved file keeps them)."""
        if not echoed[0]:
            echoed[0] = True
            sys.stdout.write(terminal_text(spec.prompt))

    def on_event(ev: Any) -> None:
        if isinstance(ev, TextDelta):
            echo_prompt()
            sys.stdout.write(terminal_text(ev.text))
            sys.stdout.flush()
        elif isinstance(ev, Log) and ev.level in ("warning", "error"):
            err(ev.message)

    result = run_job(spec, ctx, on_event)
    echo_prompt()
    sys.stdout.write("\n")
    if store is not None:
        path = store.save_text(result.text, spec, extra=result.data)
        print(f"saved: {path}", flush=True)
    return 0
