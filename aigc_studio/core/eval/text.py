"""Evaluation of a text model: the held-out loss (mean cross-entropy per token over non-overlapping windows of the
held-out text, the text trainer's own measure :func:`aigc_studio.core.training.text.evaluate_loss`), per character,
and the perplexity exp(loss per token)."""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Callable, Generator

import torch

from aigc_studio.core.base.events import Log, Progress
from aigc_studio.core.eval.common import TOO_SHORT_TEXT, EvalError, check_stop
from aigc_studio.core.training.config import TrainingError
from aigc_studio.core.data.text_files import encode_chunked
from aigc_studio.core.training.text import evaluate_loss, join_texts, read_texts

WINDOWS_PER_CHUNK = 32


def read_heldout_text(files: list[Path], spans: list[dict] | None = None) -> tuple[list[str], list[str]]:
    """(texts, notes) of the held-out ``files`` (each read whole) and ``spans`` ({path, start, end}: character
    offsets, as the trainer's held-out record gives them)."""
    texts, notes = [], []
    for f in files:
        try:
            read, n = read_texts(Path(f), "held-out text")
        except TrainingError as e:
            notes.append(str(e))
            continue
        texts += [t for _, t in read]
        notes += n
    for s in spans or []:
        try:
            read, n = read_texts(Path(s["path"]), "held-out text")
        except (TrainingError, KeyError) as e:
            notes.append(str(e))
            continue
        texts += [t[int(s["start"]):int(s["end"])] for _, t in read]
    return [t for t in texts if t.strip()], notes


def perplexity(loss_per_token: float) -> float:
    """exp(loss) (inf when the loss is too large to exponentiate)."""
    try:
        return math.exp(loss_per_token)
    except OverflowError:
        return float("inf")


def heldout_loss(model, tokens: torch.Tensor, batch_size: int = 16, device=None,
                 should_stop: Callable[[], bool] | None = None) -> Generator[Any, None, tuple[float, int]]:
    """(mean loss per token, tokens predicted) over non-overlapping windows of the model's context, in chunks of
    windows (Progress between them): the same windows and the same mean as ``evaluate_loss`` on all of it."""
    block = min(int(model.config.block_size), len(tokens) - 1)
    if block < 1:
        raise EvalError(TOO_SHORT_TEXT.format(tokens=len(tokens)))
    windows = (len(tokens) - 1) // block
    step = block * WINDOWS_PER_CHUNK
    total, count = 0.0, 0
    for start in range(0, windows * block, step):
        check_stop(should_stop)
        chunk = tokens[start:min(start + step, windows * block) + 1]
        n = (len(chunk) - 1) // block * block
        loss = evaluate_loss(model, chunk, block, batch_size, device=device or "cpu")
        total += loss * n
        count += n
        yield Progress(min(windows, (start + step) // block), windows, "Measuring the held-out loss…")
    return total / max(1, count), count


def evaluate_text(model, tokenizer, card: dict, files: list[Path], spans: list[dict] | None = None, device=None,
                  should_stop: Callable[[], bool] | None = None) -> Generator[Any, None, dict]:
    """Held-out loss (per token and per character) and perplexity of a loaded text model on ``files``/``spans``."""
    texts, notes = read_heldout_text(files, spans)
    for n in notes[:10]:
        yield Log(n, "warning")
    if not texts:
        raise EvalError("There is no readable held-out text to evaluate against.")
    text = join_texts(texts, getattr(tokenizer, "type", "bpe"))
    yield Progress(0, 0, "Encoding the held-out text…")
    tokens = encode_chunked(tokenizer, text)
    if len(tokens) < 2:
        raise EvalError(TOO_SHORT_TEXT.format(tokens=len(tokens)))
    loss, count = yield from heldout_loss(model, tokens, device=device, should_stop=should_stop)
    chars = len(text)
    return {"kind": "text", "heldout_loss": round(loss, 4), "perplexity": round(perplexity(loss), 3),
            "heldout_loss_per_char": round(loss * len(tokens) / max(1, chars), 4),
            "heldout_tokens": int(len(tokens)), "heldout_chars": chars, "heldout_texts": len(texts),
            "tokenizer": getattr(tokenizer, "type", ""), "notes": []}


__all__ = ["evaluate_text", "heldout_loss", "perplexity", "read_heldout_text"]
