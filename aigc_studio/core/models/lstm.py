"""A small character- or token-level LSTM language model in one file: the text preset that trains fast on a
CPU and suits tiny corpora (a few pages of text), beside the GPT sizes.

- ``LSTMConfig``: everything needed to rebuild the model; stored in the model card (``architecture: "lstm"``).
- ``LSTMLM.forward(idx, targets=None, cache=None, last_only=False) -> (logits, loss)``: the same call as
  :class:`~aigc_studio.core.models.gpt.GPT`, so training (``core/training/text.py``) and generation
  (``core/models/sampling.generate_stream``) use either model unchanged.
- ``LSTMState``: the recurrent state (h, c) as the "cache" of generation. ``block_size`` is the training
  sequence length (truncated back-propagation through time); generation slides like the GPT's when a stream
  passes it (the state restarts from the last half of the text), so both models behave alike.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn as nn

from aigc_studio.core.models.gpt import lm_output


@dataclass
class LSTMConfig:
    vocab_size: int
    block_size: int = 128       # training sequence length in tokens
    n_layer: int = 2
    n_embd: int = 256           # embedding and hidden width
    dropout: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "LSTMConfig":
        cfg = cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})
        if cfg.vocab_size < 1 or cfg.n_layer < 1 or cfg.n_embd < 1 or cfg.block_size < 1:
            raise ValueError("vocab_size, n_layer, n_embd and block_size must be positive")
        return cfg


class LSTMState:
    """The (h, c) state of every layer for a batch, and how many positions it has seen."""

    def __init__(self, cfg: LSTMConfig, batch: int, device, dtype=torch.float32):
        shape = (cfg.n_layer, batch, cfg.n_embd)
        self.h = torch.zeros(shape, device=device, dtype=dtype)
        self.c = torch.zeros(shape, device=device, dtype=dtype)
        self.pos = 0

    def reset(self) -> None:
        self.h.zero_()
        self.c.zero_()
        self.pos = 0


class LSTMLM(nn.Module):
    def __init__(self, cfg: LSTMConfig):
        super().__init__()
        self.config = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        self.drop = nn.Dropout(cfg.dropout)
        self.lstm = nn.LSTM(cfg.n_embd, cfg.n_embd, cfg.n_layer, batch_first=True,
                            dropout=cfg.dropout if cfg.n_layer > 1 else 0.0)
        self.ln_f = nn.LayerNorm(cfg.n_embd)
        self.lm_head = nn.Linear(cfg.n_embd, cfg.vocab_size, bias=False)
        self.lm_head.weight = self.wte.weight          # tied, as in the GPT
        nn.init.normal_(self.wte.weight, mean=0.0, std=0.02)

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def new_cache(self, batch: int = 1, max_len: int | None = None) -> LSTMState:
        p = next(self.parameters())
        return LSTMState(self.config, batch, p.device, p.dtype)

    def forward(self, idx: torch.Tensor, targets: torch.Tensor | None = None, cache: LSTMState | None = None,
                last_only: bool = False):
        """idx (B, T) token ids. With ``cache`` the state continues from it and is updated."""
        x = self.wte(idx)
        if self.training:
            x = self.drop(x)
        if cache is not None:
            x, (h, c) = self.lstm(x, (cache.h, cache.c))
            cache.h, cache.c = h, c
            cache.pos += idx.shape[1]
        else:
            x, _ = self.lstm(x)
        return lm_output(self.lm_head, self.ln_f(x), targets, last_only)

    def configure_optimizer(self, lr: float, weight_decay: float = 0.1, betas=(0.9, 0.95)):
        decay = [p for p in self.parameters() if p.requires_grad and p.dim() >= 2]
        no_decay = [p for p in self.parameters() if p.requires_grad and p.dim() < 2]
        groups = [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
        return torch.optim.AdamW(groups, lr=lr, betas=betas)
