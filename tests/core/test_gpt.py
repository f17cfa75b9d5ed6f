"""The GPT: KV-cache decoding computes exactly what a full forward computes."""
from __future__ import annotations

import pytest
import torch

from aigc_studio.core.models.gpt import GPT, GPTConfig
from aigc_studio.core.models.sampling import prepare_for_generation

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def model():
    torch.manual_seed(0)
    return GPT(GPTConfig(vocab_size=50, block_size=32, n_layer=2, n_head=2, n_embd=32)).eval()


def test_config_round_trip_and_validation():
    cfg = GPTConfig(vocab_size=10, block_size=8, n_layer=1, n_head=2, n_embd=8)
    assert GPTConfig.from_dict(cfg.to_dict()) == cfg
    assert GPTConfig.from_dict({**cfg.to_dict(), "unknown": 1}) == cfg
    with pytest.raises(ValueError):
        GPTConfig.from_dict({**cfg.to_dict(), "n_head": 3})


def test_forward_shapes_and_loss(model):
    idx = torch.randint(0, 50, (2, 10))
    logits, loss = model(idx)
    assert logits.shape == (2, 10, 50) and loss is None
    logits, loss = model(idx, targets=idx)
    assert loss.ndim == 0 and torch.isfinite(loss)
    last, _ = model(idx, last_only=True)
    torch.testing.assert_close(last[:, 0], logits[:, -1])


def test_kv_cache_step_by_step_equals_full_forward(model):
    torch.manual_seed(1)
    idx = torch.randint(0, 50, (1, 20))
    with torch.inference_mode():
        full, _ = model(idx)
        cache = model.new_cache(1)
        pre, _ = model(idx[:, :7], cache=cache)              # prefill
        steps = [pre]
        for t in range(7, 20):                              # then one token per step
            out, _ = model(idx[:, t:t + 1], cache=cache, last_only=True)
            steps.append(out)
    torch.testing.assert_close(torch.cat(steps, dim=1), full, atol=1e-5, rtol=1e-5)
    assert cache.pos == 20


def test_kv_cache_chunked_prefill_after_cached_positions(model):
    torch.manual_seed(2)
    idx = torch.randint(0, 50, (2, 16))
    with torch.inference_mode():
        full, _ = model(idx)
        cache = model.new_cache(2)
        a, _ = model(idx[:, :5], cache=cache)
        b, _ = model(idx[:, 5:12], cache=cache)            # several new tokens after cached ones (masked path)
        c, _ = model(idx[:, 12:], cache=cache)
    torch.testing.assert_close(torch.cat([a, b, c], dim=1), full, atol=1e-5, rtol=1e-5)


def test_context_overflow_is_an_error(model):
    with pytest.raises(ValueError, match="exceeds the context"):
        model(torch.zeros(1, 33, dtype=torch.long))
    cache = model.new_cache(1)
    cache.pos = 32
    with pytest.raises(ValueError, match="exceeds the context"):
        model(torch.zeros(1, 1, dtype=torch.long), cache=cache)


def test_cache_reset_reuses_buffers(model):
    idx = torch.randint(0, 50, (1, 6))
    with torch.inference_mode():
        cache = model.new_cache(1)
        first, _ = model(idx, cache=cache)
        cache.reset()
        again, _ = model(idx, cache=cache)
    torch.testing.assert_close(first, again)


def test_prepare_for_generation_changes_layout_not_numbers():
    torch.manual_seed(3)
    m = GPT(GPTConfig(vocab_size=64, block_size=16, n_layer=1, n_head=2, n_embd=16)).eval()
    idx = torch.randint(0, 64, (1, 9))
    before, _ = m(idx)
    names = list(m.state_dict())
    prepare_for_generation(m)
    assert m.lm_head.weight is m.transformer.wte.weight          # still tied
    assert m.lm_head.weight.stride() == (1, 64)
    after, _ = m(idx)
    torch.testing.assert_close(after, before, atol=1e-5, rtol=1e-5)
    assert list(m.state_dict()) == names
    prepare_for_generation(m)                                     # idempotent
    assert m.lm_head.weight.stride() == (1, 64)


@pytest.mark.parametrize("vocab", [64, 80_000])        # small: built normally; large: on the meta device
def test_empty_model_is_tied_and_loads(vocab):
    from aigc_studio.core.models.checkpoint import load_weights_into, state_dict_for_saving
    cfg = GPTConfig(vocab_size=vocab, block_size=16, n_layer=1, n_head=2, n_embd=256)
    torch.manual_seed(5)
    ref = GPT(cfg).eval()
    m = GPT.empty(cfg)
    assert m.lm_head.weight is m.transformer.wte.weight
    assert all(p.device.type == "cpu" for p in m.parameters())
    load_weights_into(m, state_dict_for_saving(ref))
    idx = torch.randint(0, vocab, (1, 5))
    with torch.inference_mode():
        torch.testing.assert_close(m.eval()(idx)[0], ref(idx)[0])


@pytest.mark.parametrize("bias", [True, False])
def test_decode_step_matches_forward(bias):
    """The lean one-token step used for generation does the same arithmetic as forward()."""
    torch.manual_seed(0)
    m = GPT(GPTConfig(vocab_size=60, block_size=32, n_layer=3, n_head=4, n_embd=32, bias=bias)).eval()
    x = torch.randint(0, 60, (2, 12))
    with torch.inference_mode():
        full, _ = m(x)
        cache = m.new_cache(2)
        m(x[:, :5], cache=cache)
        for i in range(5, 12):
            step = m.decode_step(x[:, i:i + 1], cache)
            assert torch.allclose(step[:, 0], full[:, i], atol=1e-5)
        assert cache.pos == 12
        with pytest.raises(ValueError):
            m.decode_step(x[:, :2], cache)      # one token per row only
