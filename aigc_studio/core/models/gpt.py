"""A GPT-style decoder-only transformer in one file (after nanoGPT), weight-compatible with GPT-2.

- ``GPTConfig``: everything needed to rebuild the model; stored in the model card.
- ``GPT.forward(idx, targets=None, cache=None) -> (logits, loss)``.
- ``KVCache``: pre-allocated keys and values per layer, so each new token costs one step rather than a re-run of
  the prompt. Attention uses torch's ``scaled_dot_product_attention``.

Parameter names follow GPT-2 (``transformer.h.0.attn.c_attn.weight``...) with ``nn.Linear`` layout, so a Hugging
Face GPT-2 checkpoint maps onto this model by transposing its Conv1D weights (see ``hf_import.py``).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class GPTConfig:
    vocab_size: int
    block_size: int = 256       # longest context in tokens
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 256
    dropout: float = 0.0
    bias: bool = True
    layer_norm_eps: float = 1e-5

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "GPTConfig":
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        cfg = cls(**known)
        if cfg.n_embd % cfg.n_head:
            raise ValueError("n_embd must be a multiple of n_head")
        return cfg


class KVCache:
    """Keys and values for every layer, for a batch, up to ``max_len`` positions."""

    def __init__(self, cfg: GPTConfig, batch: int, max_len: int, device, dtype=torch.float32):
        hd = cfg.n_embd // cfg.n_head
        shape = (batch, cfg.n_head, max_len, hd)
        # empty, not zeros: positions past `pos` are never read (attention slices [:pos + T])
        self.k = [torch.empty(shape, device=device, dtype=dtype) for _ in range(cfg.n_layer)]
        self.v = [torch.empty(shape, device=device, dtype=dtype) for _ in range(cfg.n_layer)]
        self.pos = 0            # number of positions filled
        self.max_len = max_len

    def reset(self) -> None:
        self.pos = 0


class CausalSelfAttention(nn.Module):
    def __init__(self, cfg: GPTConfig):
        super().__init__()
        self.n_head = cfg.n_head
        self.n_embd = cfg.n_embd
        self.c_attn = nn.Linear(cfg.n_embd, 3 * cfg.n_embd, bias=cfg.bias)
        self.c_proj = nn.Linear(cfg.n_embd, cfg.n_embd, bias=cfg.bias)
        self.dropout = cfg.dropout
        self.resid_dropout = nn.Dropout(cfg.dropout)

    def forward(self, x: torch.Tensor, cache: KVCache | None = None, layer: int = 0) -> torch.Tensor:
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        hd = C // self.n_head
        q = q.view(B, T, self.n_head, hd).transpose(1, 2)
        k = k.view(B, T, self.n_head, hd).transpose(1, 2)
        v = v.view(B, T, self.n_head, hd).transpose(1, 2)
        drop = self.dropout if self.training else 0.0
        if cache is None:
            y = F.scaled_dot_product_attention(q, k, v, dropout_p=drop, is_causal=True)
        else:
            p = cache.pos
            cache.k[layer][:, :, p:p + T] = k
            cache.v[layer][:, :, p:p + T] = v
            k_all = cache.k[layer][:, :, :p + T]
            v_all = cache.v[layer][:, :, :p + T]
            if T == 1:
                y = F.scaled_dot_product_attention(q, k_all, v_all)
            elif p == 0:
                y = F.scaled_dot_product_attention(q, k_all, v_all, is_causal=True)
            else:   # T new queries after p cached positions: query i sees keys 0..p+i
                mask = torch.ones(T, p + T, dtype=torch.bool, device=x.device).tril(diagonal=p)
                y = F.scaled_dot_product_attention(q, k_all, v_all, attn_mask=mask)
        y = self.c_proj(y.transpose(1, 2).contiguous().view(B, T, C))
        return self.resid_dropout(y) if self.training else y   # no module call per token when generating


class MLP(nn.Module):
    def __init__(self, cfg: GPTConfig):
        super().__init__()
        self.c_fc = nn.Linear(cfg.n_embd, 4 * cfg.n_embd, bias=cfg.bias)
        self.gelu = nn.GELU(approximate="tanh")   # GPT-2's "gelu_new"
        self.c_proj = nn.Linear(4 * cfg.n_embd, cfg.n_embd, bias=cfg.bias)
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.c_proj(self.gelu(self.c_fc(x)))
        return self.dropout(y) if self.training else y


class Block(nn.Module):
    def __init__(self, cfg: GPTConfig):
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.n_embd, eps=cfg.layer_norm_eps, bias=cfg.bias)
        self.attn = CausalSelfAttention(cfg)
        self.ln_2 = nn.LayerNorm(cfg.n_embd, eps=cfg.layer_norm_eps, bias=cfg.bias)
        self.mlp = MLP(cfg)

    def forward(self, x: torch.Tensor, cache: KVCache | None = None, layer: int = 0) -> torch.Tensor:
        x = x + self.attn(self.ln_1(x), cache, layer)
        return x + self.mlp(self.ln_2(x))


def lm_output(lm_head: nn.Module, x: torch.Tensor, targets: torch.Tensor | None, last_only: bool):
    """The language-model head of every text model (GPT, LSTM): (logits, loss) with targets, else the logits of
    every position (or of the last one only) and None."""
    if targets is not None:
        logits = lm_head(x)
        return logits, F.cross_entropy(logits.view(-1, logits.size(-1)), targets.reshape(-1), ignore_index=-1)
    if last_only:
        x = x[:, -1:, :]
    return lm_head(x), None


class GPT(nn.Module):
    def __init__(self, cfg: GPTConfig):
        super().__init__()
        self.config = cfg
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(cfg.vocab_size, cfg.n_embd),
            wpe=nn.Embedding(cfg.block_size, cfg.n_embd),
            drop=nn.Dropout(cfg.dropout),
            h=nn.ModuleList([Block(cfg) for _ in range(cfg.n_layer)]),
            ln_f=nn.LayerNorm(cfg.n_embd, eps=cfg.layer_norm_eps, bias=cfg.bias),
        ))
        self.lm_head = nn.Linear(cfg.n_embd, cfg.vocab_size, bias=False)
        self.lm_head.weight = self.transformer.wte.weight   # weight tying, as GPT-2
        self.apply(self._init_weights)
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * cfg.n_layer))

    @classmethod
    def empty(cls, cfg: GPTConfig, device="cpu") -> "GPT":
        """A model to load a checkpoint into: every weight must be loaded before use.

        Large models skip the random init (seconds for GPT-2 sizes) by being built on the meta device; small
        ones are built normally, since the meta device costs about a second the first time in a process."""
        approx = cfg.n_layer * 12 * cfg.n_embd ** 2 + (cfg.vocab_size + cfg.block_size) * cfg.n_embd
        if approx < 20_000_000:
            return cls(cfg).to(device)
        with torch.device("meta"):
            model = cls(cfg)
        model = model.to_empty(device=device)
        model.lm_head.weight = model.transformer.wte.weight   # to_empty may untie: tie again
        return model

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def new_cache(self, batch: int = 1, max_len: int | None = None) -> KVCache:
        p = next(self.parameters())
        return KVCache(self.config, batch, max_len or self.config.block_size, p.device, p.dtype)

    def forward(self, idx: torch.Tensor, targets: torch.Tensor | None = None,
                cache: KVCache | None = None, last_only: bool = False):
        """idx (B, T) token ids. With ``cache``, positions continue from ``cache.pos`` and the cache advances.
        ``last_only`` computes logits for the last position only (generation)."""
        B, T = idx.shape
        start = cache.pos if cache is not None else 0
        if start + T > self.config.block_size:
            raise ValueError(f"sequence of {start + T} tokens exceeds the context of {self.config.block_size}")
        pos = torch.arange(start, start + T, dtype=torch.long, device=idx.device)
        x = self.transformer.wte(idx) + self.transformer.wpe(pos)
        if self.training:
            x = self.transformer.drop(x)
        for i, block in enumerate(self.transformer.h):
            x = block(x, cache, i)
        if cache is not None:
            cache.pos += T
        return lm_output(self.lm_head, self.transformer.ln_f(x), targets, last_only)

    def decode_step(self, idx: torch.Tensor, cache: KVCache) -> torch.Tensor:
        """Logits (B, 1, vocab) for one new token per row, advancing ``cache``: the same arithmetic as
        ``forward(idx, cache=cache, last_only=True)`` with T == 1, written with functional calls on the parameters
        so a generation step pays no per-module call overhead (about 50 module calls per token; measured ~15%
        of a step for a 2M-parameter model on CPU). Inference only (no dropout); tests check it against forward."""
        B, T = idx.shape
        p = cache.pos
        cfg = self.config
        if T != 1 or p + 1 > cfg.block_size:
            raise ValueError("decode_step takes one token per row within the context")
        C, H = cfg.n_embd, cfg.n_head
        hd = C // H
        t = self.transformer
        x = F.embedding(idx, t.wte.weight) + t.wpe.weight[p]
        for i, (ln1w, ln1b, aw, ab, apw, apb, ln2w, ln2b, fw, fb, pw, pb) in enumerate(self._decode_params()):
            h = F.layer_norm(x, (C,), ln1w, ln1b, cfg.layer_norm_eps)
            q, k, v = F.linear(h, aw, ab).split(C, dim=2)
            cache.k[i][:, :, p:p + 1] = k.view(B, 1, H, hd).transpose(1, 2)
            cache.v[i][:, :, p:p + 1] = v.view(B, 1, H, hd).transpose(1, 2)
            y = F.scaled_dot_product_attention(q.view(B, 1, H, hd).transpose(1, 2),
                                               cache.k[i][:, :, :p + 1], cache.v[i][:, :, :p + 1])
            x = x + F.linear(y.transpose(1, 2).reshape(B, 1, C), apw, apb)
            h = F.layer_norm(x, (C,), ln2w, ln2b, cfg.layer_norm_eps)
            x = x + F.linear(F.gelu(F.linear(h, fw, fb), approximate="tanh"), pw, pb)
        cache.pos += 1
        x = F.layer_norm(x, (C,), t.ln_f.weight, t.ln_f.bias, cfg.layer_norm_eps)
        return F.linear(x, self.lm_head.weight)

    def _decode_params(self) -> list[tuple]:
        """Each block's parameters in decode_step's order (the Parameter objects: in-place updates and
        ``.data`` swaps stay visible)."""
        if getattr(self, "_decode_cache", None) is None:
            self._decode_cache = [
                (b.ln_1.weight, b.ln_1.bias, b.attn.c_attn.weight, b.attn.c_attn.bias, b.attn.c_proj.weight,
                 b.attn.c_proj.bias, b.ln_2.weight, b.ln_2.bias, b.mlp.c_fc.weight, b.mlp.c_fc.bias,
                 b.mlp.c_proj.weight, b.mlp.c_proj.bias) for b in self.transformer.h]
        return self._decode_cache

    def configure_optimizer(self, lr: float, weight_decay: float = 0.1, betas=(0.9, 0.95)):
        decay = [p for p in self.parameters() if p.requires_grad and p.dim() >= 2]
        no_decay = [p for p in self.parameters() if p.requires_grad and p.dim() < 2]
        groups = [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
        return torch.optim.AdamW(groups, lr=lr, betas=betas)
