"""generate_stream: each sampling control does what it says; streaming is UTF-8 safe; the context slides."""
from __future__ import annotations

import pytest
import torch

from aigc_studio.core.models.gpt import GPT, GPTConfig
from aigc_studio.core.models.sampling import GenerationStats, generate_stream, truncate_prompt
from aigc_studio.core.models.tokenizers import CharTokenizer

pytestmark = pytest.mark.usefixtures("one_thread")


class FixedLogits:
    """A model whose next-token logits are always the same."""

    def __init__(self, logits, block_size: int = 1000):
        self.logits = torch.tensor(logits, dtype=torch.float32)
        self.config = GPTConfig(vocab_size=len(logits), block_size=block_size, n_layer=1, n_head=1, n_embd=8)

    def parameters(self):
        yield self.logits

    def new_cache(self, batch=1, max_len=None):
        class C:
            pos = 0

            def reset(self):
                self.pos = 0
        return C()

    def __call__(self, idx, targets=None, cache=None, last_only=False):
        cache.pos += idx.shape[1]
        return self.logits.clone().view(1, 1, -1), None


class IdTok:
    """Token i decodes to chr(65 + i)."""
    eos_id = None
    vocab_size = 26

    def decode(self, ids):
        return "".join(chr(65 + i) for i in ids)


def collect(gen):
    parts = []
    while True:
        try:
            parts.append(next(gen))
        except StopIteration as stop:
            return parts, stop.value


@pytest.fixture(scope="module")
def char_setup():
    tok = CharTokenizer.train("the quick brown fox jumps over the lazy dog. 床前明月光", eos=None)
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=tok.vocab_size, block_size=24, n_layer=2, n_head=2, n_embd=32)).eval()
    return model, tok


def reference_greedy(model, ids, n, block):
    """Naive greedy: a full forward over the window at every step, sliding as generate_stream does."""
    ids = list(ids)
    start, out = 0, []
    with torch.inference_mode():
        for _ in range(n):
            if len(ids) - start > block:
                start = len(ids) - block // 2
            logits, _ = model(torch.tensor([ids[start:]]))
            t = int(torch.argmax(logits[0, -1]))
            out.append(t)
            ids.append(t)
    return out


def test_temperature_zero_is_argmax_and_deterministic(char_setup):
    model, tok = char_setup
    prompt = tok.encode("the quick")
    kw = dict(max_new_tokens=10, temperature=0.0, top_k=0, top_p=1.0, repetition_penalty=1.0)
    a, st = collect(generate_stream(model, tok, prompt, seed=1, **kw))
    b, _ = collect(generate_stream(model, tok, prompt, seed=999, **kw))
    assert "".join(a) == "".join(b) == tok.decode(reference_greedy(model, prompt, 10, 24))
    assert st.tokens == 10 and st.stopped == "length"


def test_top_k_one_and_tiny_top_p_are_greedy(char_setup):
    model, tok = char_setup
    prompt = tok.encode("lazy dog")
    greedy = tok.decode(reference_greedy(model, prompt, 12, 24))
    for kw in (dict(top_k=1, top_p=1.0), dict(top_k=0, top_p=1e-6), dict(top_k=5, top_p=1e-6)):
        parts, _ = collect(generate_stream(model, tok, prompt, max_new_tokens=12, temperature=1.0,
                                           repetition_penalty=1.0, seed=3, **kw))
        assert "".join(parts) == greedy, kw


def test_seed_reproducibility(char_setup):
    model, tok = char_setup
    prompt = tok.encode("fox")
    kw = dict(max_new_tokens=30, temperature=1.5, top_k=0, top_p=1.0, repetition_penalty=1.0)
    a = "".join(collect(generate_stream(model, tok, prompt, seed=7, **kw))[0])
    b = "".join(collect(generate_stream(model, tok, prompt, seed=7, **kw))[0])
    c = "".join(collect(generate_stream(model, tok, prompt, seed=8, **kw))[0])
    assert a == b
    assert a != c


def sample_many(logits, n=300, **kw):
    model = FixedLogits(logits)
    kw = {"temperature": 1.0, "top_k": 0, "top_p": 1.0, "repetition_penalty": 1.0, **kw}
    parts, st = collect(generate_stream(model, IdTok(), [0], max_new_tokens=n, seed=5, **kw))
    assert st.tokens == n
    return {ord(c) - 65 for c in "".join(parts)}


def test_top_k_limits_to_the_k_best():
    logits = [0.0, 3.0, 2.9, 2.8, 2.7, 0.1, 0.2]
    assert sample_many(logits, top_k=2) == {1, 2}
    assert sample_many(logits, top_k=4) == {1, 2, 3, 4}
    assert sample_many(logits) == set(range(7))   # no limit: everything appears


def test_top_p_keeps_the_nucleus():
    import math
    probs = [0.5, 0.3, 0.15, 0.05]
    logits = [math.log(p) for p in probs]
    assert sample_many(logits, top_p=0.7) == {0, 1}
    assert sample_many(logits, top_p=0.85) == {0, 1, 2}
    assert sample_many(logits, top_p=0.7, top_k=3) == {0, 1}


def test_temperature_sharpens_and_flattens():
    logits = [1.0, 0.0, 0.0, 0.0]
    model = FixedLogits(logits)

    def count0(t):
        parts, _ = collect(generate_stream(model, IdTok(), [1], max_new_tokens=400, temperature=t, top_k=0,
                                           top_p=1.0, repetition_penalty=1.0, seed=0))
        return "".join(parts).count("A")
    assert count0(0.2) > count0(1.0) > count0(5.0)


def test_repetition_penalty_ctrl_style():
    kw = dict(max_new_tokens=1, temperature=0.0, top_k=0, top_p=1.0)
    pos = FixedLogits([2.0, 1.5, 0.0])                # seen positive logit is divided: 2.0 -> 1.0 < 1.5
    assert collect(generate_stream(pos, IdTok(), [0], repetition_penalty=2.0, **kw))[0] == ["B"]
    assert collect(generate_stream(pos, IdTok(), [0], repetition_penalty=1.0, **kw))[0] == ["A"]
    neg = FixedLogits([-1.0, -1.5, -9.0])             # seen negative logit is multiplied: -1 -> -2 < -1.5
    assert collect(generate_stream(neg, IdTok(), [0], repetition_penalty=2.0, **kw))[0] == ["B"]
    # generated tokens count as seen too (once each, not cumulatively): A, then B (A is 1.0 < 1.5), then A
    # again (A 1.0 > B 0.75) for good
    kw["max_new_tokens"] = 4
    assert "".join(collect(generate_stream(pos, IdTok(), [2], repetition_penalty=2.0, **kw))[0]) == "ABAA"


def test_max_new_tokens_respected(char_setup):
    model, tok = char_setup
    for n in (1, 5, 17):
        _, st = collect(generate_stream(model, tok, tok.encode("a"), max_new_tokens=n, temperature=0.9, top_k=10,
                                        top_p=0.9, seed=1))
        assert st.tokens == n and st.stopped == "length"
    assert st.first_token_ms > 0 and st.tokens_per_s > 0 and st.prompt_tokens == 1


def text_of(script_text):
    return [ord(c) - 65 for c in script_text]


def test_stop_string_cuts_and_is_not_included(scripted_model):
    script = text_of("ABCSTOPDEF")
    model = scripted_model(script, vocab_size=26)
    parts, st = collect(generate_stream(model, IdTok(), [0], max_new_tokens=20, temperature=0.0, stop=("STOP",)))
    assert "".join(parts) == "ABC" and st.stopped == "stop"
    assert st.tokens == 7                       # ABC + the four tokens of STOP
    # a partial match is held back, then released when it turns out not to be the stop string
    model = scripted_model(text_of("ABSTXYZ"), vocab_size=26)
    parts, st = collect(generate_stream(model, IdTok(), [0], max_new_tokens=7, temperature=0.0, stop=("STOP",)))
    assert "".join(parts) == "ABSTXYZ" and st.stopped == "length"
    assert all("ST" not in p or p.endswith("XYZ") or "STX" in p for p in parts)
    # the earliest of several stop strings wins; a stop string at the very start gives no text
    model = scripted_model(text_of("ABXYAB"), vocab_size=26)
    parts, _ = collect(generate_stream(model, IdTok(), [0], max_new_tokens=9, temperature=0.0, stop=("YA", "BX")))
    assert "".join(parts) == "A"
    model = scripted_model(text_of("QQA"), vocab_size=26)
    parts, st = collect(generate_stream(model, IdTok(), [0], max_new_tokens=9, temperature=0.0, stop=("QQ",)))
    assert parts == [] and st.stopped == "stop"


def test_eos_stops_and_is_not_in_the_text(scripted_model):
    class EosTok(IdTok):
        eos_id = 25
    model = scripted_model(text_of("HIZABC"), vocab_size=26)
    parts, st = collect(generate_stream(model, EosTok(), [0], max_new_tokens=20, temperature=0.0))
    assert "".join(parts) == "HI" and st.stopped == "eos" and st.tokens == 3


def test_cancellation_keeps_partial_text(char_setup):
    model, tok = char_setup
    got: list[str] = []
    stats = GenerationStats()
    gen = generate_stream(model, tok, tok.encode("the"), max_new_tokens=50, temperature=0.0,
                          should_stop=lambda: len(got) >= 4, stats=stats)
    for p in gen:
        got.append(p)
    assert stats.stopped == "cancelled" and stats.tokens == 4 and len("".join(got)) == 4
    full = "".join(collect(generate_stream(model, tok, tok.encode("the"), max_new_tokens=50, temperature=0.0))[0])
    assert full.startswith("".join(got))


def test_closing_the_stream_counts_as_cancelled(char_setup):
    model, tok = char_setup
    stats = GenerationStats()
    gen = generate_stream(model, tok, tok.encode("the"), max_new_tokens=50, temperature=0.0, stats=stats)
    next(gen)
    gen.close()
    assert stats.stopped == "cancelled" and stats.tokens == 1


def byte_token_ids(tokenizer, data: bytes):
    """The ids of the single-byte tokens of a byte-level BPE for ``data`` (GPT-2's byte-to-unicode map)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), 256))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    table = dict(zip(bs, (chr(c) for c in cs)))
    ids = [tokenizer.tok.token_to_id(table[b]) for b in data]
    assert None not in ids
    return ids


def test_utf8_safe_streaming_of_split_characters(tiny_bpe, scripted_model):
    text = "月光😀 ok 🎉é"
    script = byte_token_ids(tiny_bpe, text.encode("utf-8"))
    model = scripted_model(script, vocab_size=tiny_bpe.vocab_size)
    parts, st = collect(generate_stream(model, tiny_bpe, tiny_bpe.encode("hi"), max_new_tokens=len(script),
                                        temperature=0.0))
    assert "".join(parts) == text
    assert all("\ufffd" not in p for p in parts)
    assert len(parts) >= 6                      # streamed character by character, not at the end
    # a stop string inside multi-byte text
    model = scripted_model(script, vocab_size=tiny_bpe.vocab_size)
    parts, st = collect(generate_stream(model, tiny_bpe, tiny_bpe.encode("hi"), max_new_tokens=len(script),
                                        temperature=0.0, stop=("😀",)))
    assert "".join(parts) == "月光" and st.stopped == "stop"


def test_incomplete_character_at_the_end_is_flushed(tiny_bpe, scripted_model):
    script = byte_token_ids(tiny_bpe, "a".encode() + "😀".encode()[:2])
    model = scripted_model(script, vocab_size=tiny_bpe.vocab_size)
    parts, _ = collect(generate_stream(model, tiny_bpe, [0], max_new_tokens=len(script), temperature=0.0))
    assert "".join(parts) == tiny_bpe.decode(script)        # "a" + a replacement character, once
    assert parts[0] == "a"


def test_random_bpe_model_stream_equals_decoding_all_tokens(tiny_bpe):
    torch.manual_seed(4)
    model = GPT(GPTConfig(vocab_size=tiny_bpe.vocab_size, block_size=64, n_layer=1, n_head=2, n_embd=16)).eval()
    with torch.no_grad():   # make multi-byte pieces likely: favour the single-byte tokens of CJK and emoji
        boost = set(byte_token_ids(tiny_bpe, "明月😀🎉".encode()))
        for i in boost:
            model.transformer.wte.weight[i] *= 8
    prompt = tiny_bpe.encode("床前")
    ref = reference_greedy(model, prompt, 30, 64)
    parts, st = collect(generate_stream(model, tiny_bpe, prompt, max_new_tokens=30, temperature=0.0))
    assert "".join(parts) == tiny_bpe.decode(ref)
    assert all(not p.endswith("\ufffd") for p in parts[:-1])


def test_context_slides_when_full(char_setup, scripted_model):
    model, tok = char_setup                      # block_size 24
    prompt = tok.encode("the quick brown fox ju")  # 22 tokens
    parts, st = collect(generate_stream(model, tok, prompt, max_new_tokens=40, temperature=0.0,
                                        repetition_penalty=1.0))
    assert st.tokens == 40 and st.slides >= 2
    assert "".join(parts) == tok.decode(reference_greedy(model, prompt, 40, 24))
    sm = scripted_model([1] * 30, vocab_size=26, block_size=8)
    collect(generate_stream(sm, IdTok(), [0, 0, 0, 0, 0, 0], max_new_tokens=12, temperature=0.0))
    assert sm.calls[0] == 6 and 4 in sm.calls    # prefill, steps, then the last half (4) re-prefilled
    assert max(len(f) for f in sm.fed) <= 8


def test_prompt_must_fit_and_not_be_empty(char_setup):
    model, tok = char_setup
    with pytest.raises(ValueError):
        next(generate_stream(model, tok, [], max_new_tokens=3))
    with pytest.raises(ValueError, match="truncate"):
        next(generate_stream(model, tok, [1] * 25, max_new_tokens=3))


def test_truncate_prompt_keeps_the_end():
    assert truncate_prompt([1, 2, 3], 5) == ([1, 2, 3], False)
    assert truncate_prompt([1, 2, 3, 4, 5], 5) == ([1, 2, 3, 4, 5], False)
    assert truncate_prompt(list(range(10)), 4) == ([6, 7, 8, 9], True)
    assert truncate_prompt(list(range(10)), 4, reserve=1) == ([7, 8, 9], True)
    assert truncate_prompt(list(range(10)), 4, reserve=10) == ([9], True)
