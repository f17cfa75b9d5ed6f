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
from aigc_studio.core.models.sampling import GenerationStats, generate_stream, truncate_prompt

REPLACEMENT = "\ufffd"


def truncation_message(block_size: int, kept: int) -> str:
    return (f"The prompt was longer than the model's context of {block_size} tokens; "
            f"only its last {kept} were used.")


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
    block = int(model.config.block_size)
    ids = tok.encode(spec.prompt)
    if not ids:
        raise ModelError(f"The model {loaded.info.id} cannot read this prompt (it gives no tokens).")
    ids, truncated = truncate_prompt(ids, block)
    prompt_used = spec.prompt
    if truncated:
        prompt_used = tok.decode(ids).lstrip(REPLACEMENT)
        yield Log(truncation_message(block, len(ids)), level="warning")

    stats = GenerationStats()
    stream = generate_stream(model, tok, ids, max_new_tokens=spec.max_new_tokens, temperature=spec.temperature,
                             top_k=spec.top_k, top_p=spec.top_p, repetition_penalty=spec.repetition_penalty,
                             seed=spec.seed, stop=spec.stop, device=ctx.device,
                             should_stop=lambda: ctx.cancelled, stats=stats)
    parts: list[str] = []
    yield Progress(0, total, "Generating")
    try:
        for delta in stream:
            parts.append(delta)
            yield TextDelta(delta)
            yield Progress(stats.tokens, total)
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
