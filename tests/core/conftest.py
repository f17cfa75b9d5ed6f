"""Fixtures for the core tests: an isolated studio home, tiny models built here (never downloaded)."""
from __future__ import annotations

import pytest

TINY_TEXT = ("the quick brown fox jumps over the lazy dog. " * 4 + "床前明月光，疑是地上霜。举头望明月，低头思故乡。\n")


@pytest.fixture(autouse=True)
def _isolated_studio_home(tmp_path_factory, monkeypatch):
    """No core test reads or writes the real user folders or sees models from the environment."""
    monkeypatch.setenv("AIGC_STUDIO_HOME", str(tmp_path_factory.mktemp("studio-home")))
    monkeypatch.delenv("AIGC_STUDIO_MODELS_DIR", raising=False)


def tiny_card(model_id: str, cfg, tokenizer: str = "char", **extra) -> dict:
    card = {"id": model_id, "name": f"Tiny {model_id}", "kind": "text", "architecture": "gpt",
            "config": cfg.to_dict(), "tokenizer": tokenizer, "language": "en",
            "description": "A tiny random model built by the tests.",
            "data": {"source": "tests", "licence": "MIT", "prep": "none"}, "recipe": {}, "metrics": {},
            "training": {"hardware": "none", "seconds": 0, "steps": 0}}
    card.update(extra)
    return card


def build_tiny_char_model(folder, model_id: str = "tiny-char", *, block_size: int = 32, n_layer: int = 2,
                          n_head: int = 2, n_embd: int = 32, seed: int = 0, eos: str | None = "\n"):
    """A random char-level GPT written as a complete model folder; returns (folder, model, tokenizer)."""
    import torch

    from aigc_studio.core.models.checkpoint import save_model_folder
    from aigc_studio.core.models.gpt import GPT, GPTConfig
    from aigc_studio.core.models.tokenizers import CharTokenizer

    tok = CharTokenizer.train(TINY_TEXT, eos=eos)
    torch.manual_seed(seed)
    cfg = GPTConfig(vocab_size=tok.vocab_size, block_size=block_size, n_layer=n_layer, n_head=n_head,
                    n_embd=n_embd)
    model = GPT(cfg).eval()
    save_model_folder(folder, model, tiny_card(model_id, cfg), tokenizer=tok)
    return folder, model, tok


def build_tiny_bpe(vocab_size: int = 320):
    from aigc_studio.core.models.tokenizers import BPETokenizer
    texts = ["hello world, the studio writes text. " * 3, "床前明月光，疑是地上霜。举头望明月，低头思故乡。",
             "emoji 😀🎉🚀 and more 😀", "naïve café — résumé"] * 5
    return BPETokenizer.train(texts, vocab_size=vocab_size)


@pytest.fixture(scope="session")
def tiny_char_folder(tmp_path_factory):
    folder, _, _ = build_tiny_char_model(tmp_path_factory.mktemp("models") / "tiny-char")
    return folder


@pytest.fixture(scope="session")
def tiny_bpe():
    return build_tiny_bpe()


@pytest.fixture
def user_models_dir():
    """The (isolated) user models folder of this test, created."""
    from aigc_studio.core.models.registry import user_models_dir as umd
    d = umd()
    d.mkdir(parents=True, exist_ok=True)
    return d


class ScriptedModel:
    """A stand-in for GPT whose every forward call makes one scripted token (overwhelmingly) likeliest.

    Lets streaming, stop strings, EOS and sliding be tested token by token. ``calls`` records the length of
    each input fed (a prefill shows as its length, a step as 1)."""

    def __init__(self, script, vocab_size: int, block_size: int = 64):
        import torch

        from aigc_studio.core.models.gpt import GPTConfig
        self.config = GPTConfig(vocab_size=vocab_size, block_size=block_size, n_layer=1, n_head=1, n_embd=8)
        self.script = list(script)
        self.calls: list[int] = []
        self.fed: list[list[int]] = []
        self._p = torch.zeros(1)

    def parameters(self):
        yield self._p

    def new_cache(self, batch: int = 1, max_len: int | None = None):
        class _Cache:
            pos = 0

            def reset(self):
                self.pos = 0
        return _Cache()

    def __call__(self, idx, targets=None, cache=None, last_only=False):
        import torch
        T = idx.shape[1]
        if cache is not None:
            assert cache.pos + T <= self.config.block_size, "context overflow"
            cache.pos += T
        self.calls.append(T)
        self.fed.append(idx[0].tolist())
        n = len(self.calls) - 1
        logits = torch.zeros(1, 1, self.config.vocab_size)
        if n < len(self.script):
            logits[0, 0, self.script[n]] = 100.0
        return logits, None


@pytest.fixture
def scripted_model():
    return ScriptedModel


@pytest.fixture
def make_char_model():
    """build_tiny_char_model(folder, model_id=..., block_size=..., ...) -> (folder, model, tokenizer)."""
    return build_tiny_char_model


@pytest.fixture
def make_card():
    """tiny_card(model_id, cfg, tokenizer="char", **extra) -> a card dict."""
    return tiny_card


@pytest.fixture(scope="module")
def one_thread():
    """Tiny models run fastest on one thread (and a 2-core machine shared with other work stalls on two)."""
    import torch
    prev = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(prev)
