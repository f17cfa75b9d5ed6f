"""Token-by-token text generation with the KV cache.

``generate_stream(model, tokenizer, prompt_ids, ...)`` is a generator of decoded text deltas. It prefills the
prompt once, then feeds one token per step (``last_only=True``), samples on the CPU with a ``torch.Generator``
seeded from ``seed`` (same spec, same device: same text), and stops at EOS, at ``max_new_tokens``, at a stop
string (not included in the text) or when ``should_stop()`` turns true. Its return value (and the optional
``stats`` object, updated as it goes) is a :class:`GenerationStats`.

Sampling order is the usual one (as transformers' logits processors): repetition penalty (CTRL: a seen token's
logit is divided by the penalty when positive, multiplied when negative) -> temperature -> top-k -> top-p.
Temperature 0 is greedy (argmax after the penalty). With top-k set, only the k best logits are sorted.

Byte-level BPE can split a character over several tokens: the stream decodes a short window of tokens and emits
only its stable part, so a delta never ends in a U+FFFD that a later token completes; the deltas joined are the
decoded continuation. When the context is full, generation slides: the last half of the context is prefilled
again and decoding goes on.
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Callable, Generator, Iterable, Sequence

import torch
import torch.nn as nn

REPLACEMENT = "\ufffd"
STOP_REASONS = ("length", "stop", "eos", "cancelled")


@dataclass
class GenerationStats:
    """What a generation did; ``tokens`` counts sampled tokens (an EOS included)."""
    tokens: int = 0
    first_token_ms: float = 0.0
    tokens_per_s: float = 0.0          # tokens / seconds from the start (prefill included)
    decode_tokens_per_s: float = 0.0   # tokens after the first / seconds after the first
    seconds: float = 0.0
    prompt_tokens: int = 0
    slides: int = 0                    # times the context was full and slid
    stopped: str = ""                  # "length" | "stop" | "eos" | "cancelled"

    def to_dict(self) -> dict:
        return asdict(self)


SMALL_STEP_PARAMS = 20_000_000   # below this, one token's matrix products are too small to share between threads


def decode_threads(model, device) -> int:
    """CPU threads for batch-1 decoding (0: leave torch's setting alone).

    One token's products are small and memory-bound: sharing them between threads mostly adds synchronisation,
    and on a machine with two cores that also runs the window, a training job or anything else, a thread that
    waits for a busy core stalls every operation (measured: 2 threads 3-25x slower than 1 under load). So: one
    thread for small models or on machines with at most 2 cores; otherwise up to 4.
    """
    if torch.device(device).type != "cpu":
        return 0
    cores = os.cpu_count() or 1
    cfg = model.config
    step_params = cfg.n_layer * 12 * cfg.n_embd * cfg.n_embd + cfg.vocab_size * cfg.n_embd
    if cores <= 2 or step_params < SMALL_STEP_PARAMS:
        return 1
    return max(1, min(torch.get_num_threads(), 4, cores // 2))


@contextmanager
def _threads(n: int):
    """Use ``n`` intra-op threads inside the block only (torch's setting is process-wide: restore it)."""
    prev = torch.get_num_threads()
    if not n or n == prev:
        yield
        return
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(prev)


def prepare_for_generation(model):
    """Lay the linear layers out for fast one-token steps on the CPU; returns the model.

    A row-major (out, in) weight makes each step's (1, in) x weight^T product take the slow GEMV path of CPU
    BLAS; the same numbers stored column-major (the transposed matrix contiguous) are faster: 2-3x for the big
    ``lm_head``, about 12% for a whole step of a small model (measured on fortunes-en). Shapes, names, values and
    the ``lm_head``/``wte`` tie are kept (saving makes tensors contiguous again), so only speed changes. Meant for
    models that only generate (the model cache calls it after loading).
    """
    with torch.no_grad():
        for module in model.modules():
            w = getattr(module, "weight", None)
            if not isinstance(module, nn.Linear) or not isinstance(w, nn.Parameter) or w.device.type != "cpu":
                continue
            if w.dim() == 2 and w.stride() != (1, w.shape[0]):
                w.data = w.data.t().contiguous().t()   # the Parameter object stays, so ties stay too
    return model


def truncate_prompt(ids: Sequence[int], block_size: int, reserve: int = 0) -> tuple[list[int], bool]:
    """Fit a prompt into a context of ``block_size`` tokens.

    A prompt that fits is returned whole. A longer one keeps its END: the last ``block_size - reserve`` tokens
    (at least one), so ``reserve`` positions stay free for generation. Returns ``(ids, truncated)``.
    """
    ids = list(ids)
    if block_size < 1:
        raise ValueError("block_size must be positive")
    if len(ids) <= block_size:
        return ids, False
    keep = max(1, block_size - max(0, int(reserve)))
    return ids[-keep:], True


class _StopMatcher:
    """Holds back text that might be the start of a stop string; finds the first complete one."""

    def __init__(self, stops: Iterable[str]):
        self.stops = tuple(s for s in stops if s)
        self.pending = ""

    def feed(self, text: str) -> tuple[str, bool]:
        """(text safe to emit, whether a stop string was hit)."""
        if not self.stops:
            return text, False
        buf = self.pending + text
        first = -1
        for s in self.stops:
            i = buf.find(s)
            if i != -1 and (first == -1 or i < first):
                first = i
        if first != -1:
            self.pending = ""
            return buf[:first], True
        hold = 0
        for s in self.stops:   # the longest tail of buf that begins some stop string
            for n in range(min(len(s) - 1, len(buf)), hold, -1):
                if buf.endswith(s[:n]):
                    hold = n
                    break
        self.pending = buf[len(buf) - hold:] if hold else ""
        return (buf[:len(buf) - hold] if hold else buf), False

    def flush(self) -> str:
        out, self.pending = self.pending, ""
        return out


class _Detokenizer:
    """Incremental decoding that emits only text a later token cannot change (no dangling partial UTF-8)."""

    def __init__(self, tokenizer):
        self.decode = tokenizer.decode
        self.ids: list[int] = []
        self.prefix_offset = 0      # ids[prefix_offset:read_offset] decode to prefix_text, already emitted
        self.read_offset = 0
        self.prefix_text = ""

    def push(self, token: int) -> str:
        self.ids.append(token)
        new_text = self.decode(self.ids[self.prefix_offset:])
        if len(new_text) > len(self.prefix_text) and not new_text.endswith(REPLACEMENT) \
                and new_text.startswith(self.prefix_text):
            delta = new_text[len(self.prefix_text):]
            self.prefix_offset = self.read_offset
            self.read_offset = len(self.ids)
            self.prefix_text = self.decode(self.ids[self.prefix_offset:self.read_offset])
            return delta
        return ""

    def flush(self) -> str:
        """Whatever is still held back (at the very end, an incomplete character stays a U+FFFD)."""
        if self.read_offset == len(self.ids):
            return ""
        text = self.decode(self.ids[self.prefix_offset:])
        delta = text[len(self.prefix_text):] if text.startswith(self.prefix_text) else text
        self.prefix_offset = self.read_offset = len(self.ids)
        self.prefix_text = ""
        return delta


def _sampler(temperature: float, top_k: int, top_p: float, vocab: int, gen: torch.Generator):
    """A function logits(1-D float CPU) -> token id, with the controls bound once."""
    if temperature <= 0.0:
        return lambda logits: int(torch.argmax(logits))
    inv_t = 1.0 / float(temperature)
    k = int(top_k) if top_k and 0 < int(top_k) < vocab else 0
    p = float(top_p)
    use_p = p < 1.0
    multinomial = torch.multinomial

    if k:
        def sample(logits):
            vals, idx = torch.topk(logits, k)          # sorted, best first: no full-vocab sort
            probs = torch.softmax(vals.mul_(inv_t), dim=-1)
            if use_p:
                cum = probs.cumsum(0)
                probs.masked_fill_(cum.sub_(probs) > p, 0.0)   # keep tokens until mass p is reached
            return int(idx[multinomial(probs, 1, generator=gen)])
        return sample
    if use_p:
        def sample(logits):
            vals, idx = torch.sort(logits, descending=True)
            probs = torch.softmax(vals.mul_(inv_t), dim=-1)
            cum = probs.cumsum(0)
            probs.masked_fill_(cum.sub_(probs) > p, 0.0)
            return int(idx[multinomial(probs, 1, generator=gen)])
        return sample

    def sample(logits):
        probs = torch.softmax(logits.mul_(inv_t), dim=-1)
        return int(multinomial(probs, 1, generator=gen))
    return sample


def generate_stream(model, tokenizer, prompt_ids: Sequence[int], *, max_new_tokens: int, temperature: float = 0.8,
                    top_k: int = 40, top_p: float = 0.95, repetition_penalty: float = 1.0, seed: int = 0,
                    stop: Sequence[str] = (), device=None, should_stop: Callable[[], bool] | None = None,
                    stats: GenerationStats | None = None, threads: int | None = None,
                    constraint=None) -> Generator[str, None, GenerationStats]:
    """Yield decoded text deltas of the continuation of ``prompt_ids``; return :class:`GenerationStats`.

    ``prompt_ids`` must fit the context (see :func:`truncate_prompt`) and not be empty. ``device`` defaults to
    the model's. ``stats``, when given, is filled in as generation goes (handy with a plain ``for`` loop).
    ``threads``: CPU threads for the model's steps (None: :func:`decode_threads`); torch's own setting is
    restored around every yield, so the caller's code between deltas is unaffected.
    ``constraint``: an object with ``apply(logits)`` (masks the 1-D CPU logits in place, after the repetition
    penalty), ``advance(token)`` and ``finished`` (e.g. :class:`~aigc_studio.core.models.poem_form.PoemConstraint`);
    when it turns finished, generation stops with ``stopped == "stop"`` (held-back text is dropped, as at a stop
    string).
    """
    stats = stats if stats is not None else GenerationStats()
    cfg = model.config
    block = int(cfg.block_size)
    ids = [int(i) for i in prompt_ids]
    if not ids:
        raise ValueError("generation needs at least one prompt token")
    if len(ids) > block:
        raise ValueError(f"the prompt has {len(ids)} tokens but the context holds {block}: truncate it first")
    if device is None:
        device = next(model.parameters()).device
    device = torch.device(device)
    on_cpu = device.type == "cpu"
    max_new = int(max_new_tokens)
    eos = getattr(tokenizer, "eos_id", None)
    penalty = float(repetition_penalty)
    use_penalty = penalty != 1.0
    gen = torch.Generator(device="cpu")
    gen.manual_seed(int(seed))
    vocab = int(cfg.vocab_size)
    sample = _sampler(float(temperature), int(top_k or 0), float(top_p), vocab, gen)
    detok = _Detokenizer(tokenizer)
    matcher = _StopMatcher(stop)
    stop_check = should_stop if should_stop is not None else (lambda: False)
    n_threads = decode_threads(model, device) if threads is None else max(0, int(threads))

    stats.prompt_tokens = len(ids)
    stats.tokens = 0
    stats.stopped = ""
    t0 = time.perf_counter()
    t_first = None
    reason = "length"
    finished = False

    # Normal (not inference) tensors, so they may be updated in place inside and outside inference mode.
    seen_set: set[int] = set(ids) if use_penalty else set()
    seen = torch.empty(max(vocab, len(seen_set), 1), dtype=torch.long)   # distinct ids seen (repetition penalty)
    n_seen = len(seen_set)
    if n_seen:
        seen[:n_seen] = torch.tensor(sorted(seen_set), dtype=torch.long)
    step_in = torch.empty((1, 1), dtype=torch.long, device=device)
    fast_step = getattr(model, "decode_step", None)   # GPT's lean one-token step; other models use forward
    cache = None
    logits = None
    token = -1

    try:
        while True:
            if stats.tokens >= max_new:
                reason = "length"
                break
            if stop_check():
                reason = "cancelled"
                break
            # One block per token: the model's step for the previous token, then sampling the next.
            with torch.inference_mode(), _threads(n_threads):
                if cache is None:                   # prefill the prompt once
                    cache = model.new_cache(1, block)
                    logits, _ = model(torch.tensor([ids], dtype=torch.long, device=device), cache=cache,
                                      last_only=True)
                elif cache.pos >= block:            # the context is full: slide to its last half
                    keep = ids[-max(1, block // 2):]
                    cache.reset()
                    logits, _ = model(torch.tensor([keep], dtype=torch.long, device=device), cache=cache,
                                      last_only=True)
                    stats.slides += 1
                else:
                    step_in.fill_(token)
                    if fast_step is not None:
                        logits = fast_step(step_in, cache)
                    else:
                        logits, _ = model(step_in, cache=cache, last_only=True)
                row = logits[0, -1]
                if not on_cpu:
                    row = row.float().cpu()
                elif row.dtype != torch.float32:
                    row = row.float()
                if use_penalty and n_seen:
                    idx = seen[:n_seen]
                    sc = row.index_select(0, idx)
                    row.index_copy_(0, idx, torch.where(sc > 0, sc / penalty, sc * penalty))
                if constraint is not None:
                    constraint.apply(row)
                token = sample(row)
            stats.tokens += 1
            if t_first is None:
                t_first = time.perf_counter()
                stats.first_token_ms = (t_first - t0) * 1000.0
            if eos is not None and token == eos:
                reason = "eos"
                break
            ids.append(token)
            if use_penalty and token not in seen_set:
                seen_set.add(token)
                seen[n_seen] = token
                n_seen += 1
            if constraint is not None:
                constraint.advance(token)
            text, hit = matcher.feed(detok.push(token))
            if constraint is not None and constraint.finished and not hit:
                # the form is complete: nothing more to hold back; an ending new line is not part of the text
                text, hit = (text + detok.flush()).rstrip("\n"), True
            if text:
                yield text
            if hit:
                reason = "stop"
                break
        if reason != "stop":
            tail = matcher.feed(detok.flush())[0] + matcher.flush()
            if tail:
                yield tail
        finished = True
    finally:
        t_end = time.perf_counter()
        stats.stopped = reason if finished else "cancelled"   # closed early by its consumer: cancelled
        stats.seconds = t_end - t0
        stats.tokens_per_s = stats.tokens / stats.seconds if stats.seconds > 0 else 0.0
        if t_first is not None and stats.tokens > 1 and t_end > t_first:
            stats.decode_tokens_per_s = (stats.tokens - 1) / (t_end - t_first)
        else:
            stats.decode_tokens_per_s = stats.tokens_per_s
    return stats
