"""The text job: events, result contract, determinism, truncation warning, cancellation."""
from __future__ import annotations

import json

import pytest
import torch

from aigc_studio.core.base.errors import InvalidParameters, ModelError, UserError
from aigc_studio.core.jobs import RUNNERS, get_runner
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.jobs.driver import collect as drive
from aigc_studio.core.base.events import Log, Progress, Result, TextDelta
from aigc_studio.core.base.specs import TextSpec, spec_from_json, spec_to_json
from aigc_studio.core.models.registry import ModelCache

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def cache():
    return ModelCache()


def ctx_for(cache):
    return JobContext(device=torch.device("cpu"), models=cache)


def spec(folder, **kw):
    base = dict(prompt="the quick", model=str(folder), max_new_tokens=20, temperature=0.9, top_k=10, top_p=0.9,
                repetition_penalty=1.1, seed=42)
    return TextSpec(**{**base, **kw})


def test_runner_registry():
    assert RUNNERS["text"] == "aigc_studio.core.jobs.text:run"
    from aigc_studio.core.jobs import text
    assert get_runner("text") is text.run
    with pytest.raises(UserError, match="Unknown job kind"):
        get_runner("nope")


def test_events_and_result_contract(tiny_char_folder, cache):
    events, result = drive(get_runner("text")(spec(tiny_char_folder, stop=()), ctx_for(cache)))
    assert isinstance(result, Result)
    deltas = [e.text for e in events if isinstance(e, TextDelta)]
    assert deltas and "".join(deltas) == result.text
    progress = [e for e in events if isinstance(e, Progress)]
    assert progress[0].done == 0 and progress[-1].done == result.data["tokens"]
    assert all(p.total == 20 for p in progress)
    assert len(progress) >= len(deltas)
    d = result.data
    assert set(d) == {"prompt_used", "prompt_truncated", "tokens", "tokens_per_s", "first_token_ms", "stopped",
                      "device", "model"}
    assert d["prompt_used"] == "the quick" and d["prompt_truncated"] is False
    assert d["stopped"] in ("length", "eos") and 1 <= d["tokens"] <= 20
    assert d["device"] == "cpu" and d["model"] == "tiny-char"
    assert d["tokens_per_s"] > 0 and d["first_token_ms"] > 0
    json.dumps(d)                                           # plain data, no tensors
    assert not any(isinstance(e, Log) and e.level == "warning" for e in events)


def test_same_spec_same_text(tiny_char_folder, cache):
    s = spec(tiny_char_folder, max_new_tokens=40, temperature=1.2, top_k=0, top_p=1.0)
    a = drive(get_runner("text")(s, ctx_for(cache)))[1].text
    b = drive(get_runner("text")(spec_from_json(spec_to_json(s)), ctx_for(ModelCache())))[1].text
    c = drive(get_runner("text")(spec(tiny_char_folder, max_new_tokens=40, temperature=1.2, top_k=0, top_p=1.0,
                                      seed=43), ctx_for(cache)))[1].text
    assert a == b
    assert a != c


def test_greedy_ignores_the_seed(tiny_char_folder, cache):
    texts = {drive(get_runner("text")(spec(tiny_char_folder, temperature=0.0, seed=s), ctx_for(cache)))[1].text
             for s in (1, 2, 3)}
    assert len(texts) == 1


def test_long_prompt_is_truncated_with_a_warning(tiny_char_folder, cache):
    prompt = "the lazy dog jumps. " * 5                     # 100 characters; the model's context is 32
    events, result = drive(get_runner("text")(spec(tiny_char_folder, prompt=prompt), ctx_for(cache)))
    warnings = [e for e in events if isinstance(e, Log) and e.level == "warning"]
    assert [w.message for w in warnings] == [
        "The prompt was longer than the model's context of 32 tokens; only its last 32 were used."]
    assert result.data["prompt_truncated"] is True
    assert result.data["prompt_used"] == prompt[-32:]
    assert result.data["tokens"] > 0


def test_cancel_keeps_partial_text(tiny_char_folder, cache):
    ctx = ctx_for(cache)
    seen = []

    def on_event(ev):
        if isinstance(ev, TextDelta):
            seen.append(ev.text)
            if len(seen) == 3:
                ctx.cancel()
    events, result = drive(get_runner("text")(spec(tiny_char_folder, max_new_tokens=30, stop=(),
                                                   temperature=0.0), ctx), on_event)
    assert result.data["stopped"] == "cancelled"
    assert result.text == "".join(seen) and len(seen) == 3
    # cancelled before it starts: nothing is loaded or generated
    ctx2 = ctx_for(ModelCache())
    ctx2.cancel()
    events, result = drive(get_runner("text")(spec(tiny_char_folder), ctx2))
    assert result.text == "" and result.data["stopped"] == "cancelled" and len(ctx2.models) == 0


def test_stop_string(tiny_char_folder, cache):
    full = drive(get_runner("text")(spec(tiny_char_folder, temperature=0.0, max_new_tokens=30), ctx_for(cache)))[1]
    assert full.data["stopped"] == "length" and len(full.text) >= 6, full.text
    stop = full.text[4:6]
    cut = drive(get_runner("text")(spec(tiny_char_folder, temperature=0.0, max_new_tokens=30, stop=(stop,)),
                                   ctx_for(cache)))[1]
    assert cut.data["stopped"] == "stop"
    assert cut.text == full.text[:full.text.index(stop)]


def test_invalid_spec_and_unknown_model(cache):
    with pytest.raises(InvalidParameters):
        drive(get_runner("text")(TextSpec(prompt="  ", model="x"), ctx_for(cache)))
    with pytest.raises(InvalidParameters):
        drive(get_runner("text")(TextSpec(prompt="hi", model="x", top_p=0.0), ctx_for(cache)))
    with pytest.raises(ModelError, match="Unknown model"):
        drive(get_runner("text")(TextSpec(prompt="hi", model="no-such-model"), ctx_for(cache)))


def test_closing_the_job_closes_generation(tiny_char_folder, cache):
    gen = get_runner("text")(spec(tiny_char_folder, max_new_tokens=30), ctx_for(cache))
    for ev in gen:
        if isinstance(ev, TextDelta):
            break
    stream, stats = gen.gi_frame.f_locals["stream"], gen.gi_frame.f_locals["stats"]
    assert stream.gi_frame is not None and stats.stopped != "cancelled"     # still generating
    gen.close()                                          # the engine closes a cancelled or failed job
    assert gen.gi_frame is None and stream.gi_frame is None                 # its finally: closed the token stream
    assert stats.stopped == "cancelled" and 1 <= stats.tokens < 30
