"""The text job: stream a continuation of the prompt from a text model.

``run(spec: TextSpec, ctx: JobContext)`` yields ``Progress``, ``TextDelta`` and ``Log`` events and returns a
``Result`` (docs/architecture.md, "the text job result"). Same spec on the same device gives the same text:
the spec carries the seed and sampling runs on a seeded CPU generator. Cancelling (``ctx.cancel()``) keeps what
was generated and returns ``data["stopped"] == "cancelled"``.
"""
from __future__ import annotations

from typing import Generator

from aigc_studio.core.base.errors import ModelError
from aigc_studio.core.base.events import Event, Log, Progress, Result, TextDelta
from aigc_studio.core.base.specs import TextSpec
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.jobs.damaged import OUTPUT_TEMPLATE, DamagedModel, check_weights
from aigc_studio.core.base.errors import InvalidParameters, Problem
from aigc_studio.core.models.poem_form import (FREE, MSG_NO_POEMS, PoemConstraint, PoemFormError,
                                               load_rhymes, normalise_prompt)
from aigc_studio.core.models.sampling import GenerationStats, generate_stream, truncate_prompt

REPLACEMENT = "\ufffd"


PROMPT_CHARS_PER_TOKEN = 16     # a first guess of how many characters the context's tokens cover at most


def encode_prompt_tail(tok, prompt: str, block_size: int) -> list[int]:
    """The tokens of the prompt, or of enough of its end to fill the context: a huge prompt (50 MB piped in) is
    never tokenized whole, since the model only reads its last ``block_size`` tokens."""
    n = max(64, block_size * PROMPT_CHARS_PER_TOKEN)
    while True:
        if len(prompt) <= n:
            return tok.encode(prompt)
        ids = tok.encode(prompt[-n:])
        if len(ids) > block_size + 8:    # the cut word at the start is dropped with the tokens that do not fit
            return ids
        n *= 4


def truncation_message(block_size: int, kept: int) -> str:
    return (f"The prompt was longer than the model's context of {block_size} tokens; "
            f"only its last {kept} were used.")


def poem_setup(spec: TextSpec, loaded, tok) -> tuple[str, str, PoemConstraint | None]:
    """(the model's input, text shown before the continuation, the form's constraint or None) for the spec's
    ``form`` (core/models/poem_form.py); ``free`` reads the prompt as it is."""
    if spec.form == FREE:
        return spec.prompt, "", None
    forms = loaded.info.card.get("forms") if isinstance(loaded.info.card, dict) else None
    try:
        if not isinstance(forms, list) or not forms:
            raise PoemFormError(MSG_NO_POEMS, model=loaded.info.id)
        norm = normalise_prompt(spec.prompt, spec.form)
        try:
            constraint = PoemConstraint(tok, norm.state, load_rhymes(loaded.info.path))
        except ValueError:
            raise PoemFormError(MSG_NO_POEMS, model=loaded.info.id) from None
    except PoemFormError as e:
        raise InvalidParameters([Problem("prompt" if e.template != MSG_NO_POEMS else "form", "form",
                                         e.template, e.params)]) from None
    return norm.model_prompt, norm.shown_suffix, constraint


def run(spec: TextSpec, ctx: JobContext) -> Generator[Event, None, Result]:
    spec.validate()
    total = spec.max_new_tokens
    base = {"prompt_used": "", "prompt_truncated": False, "tokens": 0, "tokens_per_s": 0.0,
            "first_token_ms": 0.0, "stopped": "cancelled", "device": str(ctx.device), "model": spec.model}
    if ctx.cancelled:
        return Result(text="", data=base)
    yield Progress(0, total, "Loading the model")
    loaded = ctx.models.get(spec.model, ctx.device)
    if ctx.cancelled:
        return Result(text="", data={**base, "model": loaded.info.id})


    model, tok = loaded.model, loaded.tokenizer
    check_weights(model, loaded.info.id)      # NaN/inf weights: "damaged", not a sampling error from torch
    block = int(model.config.block_size)
    model_prompt, shown, constraint = poem_setup(spec, loaded, tok)
    ids = encode_prompt_tail(tok, model_prompt, block)
    if not ids:
        raise ModelError(f"The model {loaded.info.id} cannot read this prompt (it gives no tokens).")
    ids, truncated = truncate_prompt(ids, block)
    prompt_used = spec.prompt
    if truncated:
        prompt_used = tok.decode(ids).lstrip(REPLACEMENT)
        yield Log(truncation_message(block, len(ids)), level="warning")

    stats = GenerationStats()
    max_new = spec.max_new_tokens
    if constraint is not None:        # a poem form ends the poem itself: give it the tokens it needs
        max_new = max(max_new, constraint.tokens_left())
        total = max_new
    stream = generate_stream(model, tok, ids, max_new_tokens=max_new, temperature=spec.temperature,
                             top_k=spec.top_k, top_p=spec.top_p, repetition_penalty=spec.repetition_penalty,
                             seed=spec.seed, stop=spec.stop, device=ctx.device,
                             should_stop=lambda: ctx.cancelled, stats=stats, constraint=constraint)
    parts: list[str] = []
    yield Progress(0, total, "Generating")
    if shown:                 # e.g. the new line that ends a bare title, the blank line before the next poem
        parts.append(shown)
        yield TextDelta(shown)
    try:
        for delta in stream:
            parts.append(delta)
            yield TextDelta(delta)
            yield Progress(stats.tokens, total)
    except RuntimeError as e:     # finite weights that still overflow: torch's "probability tensor contains nan"
        if "probability tensor" not in str(e):
            raise
        raise DamagedModel(OUTPUT_TEMPLATE.format(model=loaded.info.id, what="text")) from None
    finally:
        stream.close()
    yield Progress(stats.tokens, total, "Done")
    return Result(text="".join(parts), data={
        "prompt_used": prompt_used,
        "prompt_truncated": truncated,
        "tokens": stats.tokens,
        "tokens_per_s": round(stats.tokens_per_s, 2),
        "first_token_ms": round(stats.first_token_ms, 1),
        "stopped": stats.stopped or "length",
        "device": str(ctx.device),
        "model": loaded.info.id,
    })
