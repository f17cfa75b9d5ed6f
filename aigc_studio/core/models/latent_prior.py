"""A VAE's latent prior fitted to its training set: a Gaussian mixture over the encoded training latents.

A VAE trained with a KL term leaves "holes": the posterior means of the training set do not fill N(0, I), so
random samples decoded from N(0, I) land between the data and look like colour blobs. Sampling from a density
fitted to the training latents (the "ex-post density estimation" of Ghosh et al. 2020, "From variational to
deterministic autoencoders") gives samples that look like the data. The VAE itself is unchanged: encoding a
user's picture and its variations work as before.

- :func:`fit_gmm`: EM in float64 torch (k-means++ start, full or diagonal covariances, a small ridge on the
  diagonal so every covariance stays positive definite); deterministic for a seed.
- :class:`GaussianMixture`: ``sample(seed, truncation)`` draws one latent from a CPU generator seeded with
  ``seed`` (the component, then its Gaussian noise: same seed, identical latent, on every machine);
  ``truncation`` scales the noise around the chosen component's mean (1: the fitted density). ``log_prob``.
- Stored as ``prior.safetensors`` in the model folder (tensors ``weights`` [K], ``means`` [K, D], ``scale_tril``
  [K, D, D], float32; metadata ``format`` = ``aigc-studio-prior/1``). :func:`load_prior` reads and checks it; a
  missing file gives (None, ""), an unreadable or inconsistent one (None, a note for the user) and the caller falls
  back to N(0, I).
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

import torch

from aigc_studio.core.base.atomic import atomic_write_bytes

PRIOR_FILE = "prior.safetensors"
PRIOR_FORMAT = "aigc-studio-prior/1"
PRIOR_CHOICES = ("fitted", "standard")      # the specs' ``prior`` setting: the fitted mixture, or N(0, I)
NOTE_UNREADABLE = ("The model's fitted latent prior ({file}) could not be used ({error}): new samples come from "
                   "the standard normal N(0, I).")


@dataclass
class GaussianMixture:
    weights: torch.Tensor      # [K], sums to 1
    means: torch.Tensor        # [K, D]
    scale_tril: torch.Tensor   # [K, D, D], lower triangular, positive diagonal (covariance = L L^T)
    meta: dict

    @property
    def dim(self) -> int:
        return int(self.means.shape[1])

    @property
    def k(self) -> int:
        return int(self.means.shape[0])

    def sample(self, seed: int, truncation: float = 1.0) -> torch.Tensor:
        """One latent [D] (float32) from a CPU generator seeded with ``seed``."""
        g = torch.Generator().manual_seed(int(seed))
        k = int(torch.multinomial(self.weights.double(), 1, generator=g))
        eps = torch.randn(self.dim, generator=g, dtype=torch.float64)
        z = self.means[k].double() + float(truncation) * (self.scale_tril[k].double() @ eps)
        return z.float()

    def sample_many(self, seeds, truncation: float = 1.0) -> torch.Tensor:
        return torch.stack([self.sample(s, truncation) for s in seeds])

    def log_prob(self, z: torch.Tensor) -> torch.Tensor:
        """log density of latents [N, D] (float64)."""
        return _log_prob_components(z.double(), self.weights.double(), self.means.double(),
                                    self.scale_tril.double()).logsumexp(1)

    def save(self, folder: Path, extra_meta: dict | None = None) -> Path:
        from safetensors.torch import save
        meta = {k: str(v) for k, v in {**self.meta, **(extra_meta or {})}.items()}
        meta["format"] = PRIOR_FORMAT
        data = save({"weights": self.weights.float().contiguous(), "means": self.means.float().contiguous(),
                     "scale_tril": self.scale_tril.float().contiguous()}, metadata=meta)
        path = Path(folder) / PRIOR_FILE
        atomic_write_bytes(path, data)
        return path


def _log_prob_components(x, weights, means, tril) -> torch.Tensor:
    """[N, K] log(w_k N(x | mu_k, L_k L_k^T))."""
    n, d = x.shape
    out = torch.empty(n, means.shape[0], dtype=x.dtype)
    for k in range(means.shape[0]):
        diff = (x - means[k]).T                                   # [D, N]
        sol = torch.linalg.solve_triangular(tril[k], diff, upper=False)
        maha = (sol * sol).sum(0)
        logdet = 2.0 * torch.log(torch.diagonal(tril[k])).sum()
        out[:, k] = math.log(max(float(weights[k]), 1e-300)) - 0.5 * (maha + logdet + d * math.log(2 * math.pi))
    return out


def fit_gmm(x: torch.Tensor, k: int = 24, iters: int = 200, seed: int = 0, covariance: str = "full",
            reg: float = 1e-3, tol: float = 1e-6) -> tuple[GaussianMixture, dict]:
    """EM for a Gaussian mixture on ``x`` [N, D]; returns (mixture, summary with the mean log-likelihood)."""
    if covariance not in ("full", "diag"):
        raise ValueError("covariance must be full or diag")
    x = x.double()
    n, d = x.shape
    k = max(1, min(int(k), n))
    g = torch.Generator().manual_seed(int(seed))
    # k-means++ start
    centres = [x[int(torch.randint(n, (1,), generator=g))]]
    for _ in range(1, k):
        d2 = torch.cdist(x, torch.stack(centres)).pow(2).min(1).values
        centres.append(x[int(torch.multinomial(d2 / d2.sum(), 1, generator=g))] if d2.sum() > 0 else x[0])
    means = torch.stack(centres)
    var0 = x.var(0).mean().clamp(min=1e-6)
    tril = torch.eye(d, dtype=torch.float64).repeat(k, 1, 1) * var0.sqrt()
    weights = torch.full((k,), 1.0 / k, dtype=torch.float64)
    prev = -float("inf")
    ll = prev
    it = 0
    eye = torch.eye(d, dtype=torch.float64)
    for it in range(1, iters + 1):
        lp = _log_prob_components(x, weights, means, tril)
        norm = lp.logsumexp(1, keepdim=True)
        ll = float(norm.mean())
        r = (lp - norm).exp()                                      # [N, K]
        nk = r.sum(0) + 1e-10
        weights = nk / n
        means = (r.T @ x) / nk[:, None]
        for j in range(k):
            diff = x - means[j]
            if covariance == "full":
                cov = (r[:, j, None] * diff).T @ diff / nk[j]
                cov = 0.5 * (cov + cov.T) + reg * eye
            else:
                cov = torch.diag((r[:, j, None] * diff * diff).sum(0) / nk[j] + reg)
            tril[j] = torch.linalg.cholesky(cov)
        if abs(ll - prev) < tol * max(1.0, abs(ll)):
            break
        prev = ll
    summary = {"components": k, "covariance": covariance, "iterations": it, "mean_log_likelihood": round(ll, 4),
               "latents": n, "dim": d, "ridge": reg, "seed": seed}
    mix = GaussianMixture(weights.float(), means.float(), tril.float(), meta={
        "kind": "gaussian-mixture", "components": k, "covariance": covariance, "dim": d})
    return mix, summary


_CACHE: dict[tuple, tuple[GaussianMixture | None, str]] = {}


def load_prior(folder: Path, dim: int) -> tuple[GaussianMixture | None, str]:
    """(the folder's fitted prior, "") or (None, "") when it has none, or (None, a note) when it is unusable."""
    path = Path(folder) / PRIOR_FILE
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None, ""
    except OSError as e:
        return None, NOTE_UNREADABLE.format(file=PRIOR_FILE, error=e.strerror or str(e))
    key = (str(path), st.st_mtime_ns, st.st_size, int(dim))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _read(path, int(dim))
    return _CACHE[key]


def _read(path: Path, dim: int) -> tuple[GaussianMixture | None, str]:
    from safetensors import safe_open

    def bad(error: str):
        return None, NOTE_UNREADABLE.format(file=PRIOR_FILE, error=error)
    try:
        with safe_open(str(path), framework="pt") as f:
            meta = f.metadata() or {}
            names = set(f.keys())
            if not {"weights", "means", "scale_tril"} <= names:
                return bad("tensors are missing")
            w, mu, tril = (f.get_tensor(n).float() for n in ("weights", "means", "scale_tril"))
    except Exception as e:     # safetensors raises its own error types for a damaged file
        return bad(f"not a valid safetensors file: {type(e).__name__}")
    if meta.get("format") != PRIOR_FORMAT:
        return bad("unknown format")
    k = w.shape[0] if w.dim() == 1 else -1
    if k < 1 or mu.shape != (k, dim) or tril.shape != (k, dim, dim):
        return bad(f"it does not fit this model's {dim}-number latent")
    if not (torch.isfinite(w).all() and torch.isfinite(mu).all() and torch.isfinite(tril).all()):
        return bad("it holds NaN or infinite numbers")
    if (w < 0).any() or abs(float(w.sum()) - 1.0) > 1e-3:
        return bad("its weights do not sum to 1")
    if not (torch.diagonal(tril, dim1=1, dim2=2) > 0).all():
        return bad("a covariance is not positive definite")
    return GaussianMixture(w / w.sum(), mu, torch.tril(tril), meta=dict(meta)), ""


def choose_prior(setting: str, folder: Path, dim: int) -> tuple[GaussianMixture | None, str]:
    """The prior new samples come from for the spec's ``prior`` setting: (the fitted mixture, "") when asked
    for and usable; (None, "") for ``standard`` or a model without one; (None, a note) when the file is unusable."""
    if setting == "standard":
        return None, ""
    return load_prior(folder, dim)
