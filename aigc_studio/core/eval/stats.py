"""The numbers behind the image figures, on feature matrices (numpy, float64):

- :func:`frechet_distance` / :func:`fid`: the Fréchet distance between Gaussians fitted to two feature sets
  (Heusel et al. 2017). The matrix square root term is computed the numerically careful way: tr sqrt(S1 S2) =
  sum of sqrt(eigenvalues of sqrt(S1) S2 sqrt(S1)), a symmetric positive semi-definite matrix, so a symmetric
  eigendecomposition (float64) does it without the complex parts and the failures of a general ``sqrtm`` on
  near-singular products (clean-fid and pytorch-fid add an eps to the diagonal when sqrtm fails; here nothing
  fails, tiny negative eigenvalues from rounding are clipped to 0).
- :func:`kid`: the Kernel Inception Distance (Bińkowski et al. 2018): the unbiased estimate of the squared MMD
  with the cubic polynomial kernel k(x, y) = (x·y / d + 1)^3, averaged over random subsets (as clean-fid and
  torch-fidelity do: 100 subsets of up to 1,000 features); returns its mean and standard deviation over subsets.
- :func:`nearest`: the distance of each row of one set to its nearest row of another (memorisation).
- :func:`mean_pairwise_distance`: the mean Euclidean distance between distinct rows (diversity).
"""
from __future__ import annotations

import numpy as np

KID_SUBSETS = 100
KID_SUBSET_SIZE = 1000


def fid_minimum(dim: int) -> int:
    """The fewest images per set for FID: more than the feature dimensions, so each covariance has full rank."""
    return dim + 1


def _as_features(x) -> np.ndarray:
    a = np.asarray(x, dtype=np.float64)
    if a.ndim != 2 or not np.isfinite(a).all():
        raise ValueError("features must be a finite 2-D array (rows = images)")
    return a


def gaussian(features) -> tuple[np.ndarray, np.ndarray]:
    """(mean, covariance) of a feature set (unbiased covariance, rows = samples)."""
    f = _as_features(features)
    if len(f) < 2:
        raise ValueError("at least 2 feature vectors are needed")
    return f.mean(axis=0), np.cov(f, rowvar=False).reshape(f.shape[1], f.shape[1])


def _psd_sqrt(s: np.ndarray) -> np.ndarray:
    w, v = np.linalg.eigh((s + s.T) / 2)
    return (v * np.sqrt(np.clip(w, 0.0, None))) @ v.T


def frechet_distance(mu1, sigma1, mu2, sigma2) -> float:
    """||mu1 - mu2||^2 + tr(S1) + tr(S2) - 2 tr sqrt(S1 S2), the trace via the eigenvalues of the symmetric
    sqrt(S1) S2 sqrt(S1)."""
    mu1, mu2 = np.asarray(mu1, np.float64), np.asarray(mu2, np.float64)
    s1, s2 = np.asarray(sigma1, np.float64), np.asarray(sigma2, np.float64)
    r1 = _psd_sqrt(s1)
    m = r1 @ s2 @ r1
    eig = np.linalg.eigvalsh((m + m.T) / 2)
    tr_covmean = float(np.sqrt(np.clip(eig, 0.0, None)).sum())
    diff = mu1 - mu2
    d = float(diff @ diff + np.trace(s1) + np.trace(s2) - 2.0 * tr_covmean)
    return max(d, 0.0)


def fid(features_a, features_b) -> float:
    """FID between two feature sets (each needs :func:`fid_minimum` rows for a meaningful value)."""
    return frechet_distance(*gaussian(features_a), *gaussian(features_b))


def _poly_kernel(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return (x @ y.T / x.shape[1] + 1.0) ** 3


def mmd2_unbiased(x, y) -> float:
    """The unbiased squared MMD of two samples (sizes m, n >= 2) with the cubic polynomial kernel: the means of
    k(x, x') and k(y, y') over distinct pairs, minus twice the mean of k(x, y)."""
    x, y = _as_features(x), _as_features(y)
    m, n = len(x), len(y)
    if m < 2 or n < 2:
        raise ValueError("at least 2 feature vectors per set are needed")
    kxx, kyy, kxy = _poly_kernel(x, x), _poly_kernel(y, y), _poly_kernel(x, y)
    return float((kxx.sum() - np.trace(kxx)) / (m * (m - 1)) + (kyy.sum() - np.trace(kyy)) / (n * (n - 1))
                 - 2.0 * kxy.mean())


def kid(features_a, features_b, subsets: int = KID_SUBSETS, subset_size: int = KID_SUBSET_SIZE,
        seed: int = 0) -> tuple[float, float, int]:
    """(mean, standard deviation, subset size) of the unbiased MMD^2 over ``subsets`` random subsets of
    ``min(subset_size, len(a), len(b))`` rows of each set, drawn without replacement (seeded: the same inputs
    give the same figure). With both sets no larger than the subset size, every subset is the whole set and
    the standard deviation is 0."""
    a, b = _as_features(features_a), _as_features(features_b)
    size = min(subset_size, len(a), len(b))
    if size < 2:
        raise ValueError("KID needs at least 2 images in each set")
    if size == len(a) == len(b):
        v = mmd2_unbiased(a, b)
        return v, 0.0, size
    rng = np.random.default_rng(seed)
    vals = np.array([mmd2_unbiased(a[rng.choice(len(a), size, replace=False)],
                                   b[rng.choice(len(b), size, replace=False)]) for _ in range(subsets)])
    return float(vals.mean()), float(vals.std()), size


def nearest(queries, references, block: int = 512) -> tuple[np.ndarray, np.ndarray]:
    """(distance, index) of each query row's nearest reference row (Euclidean), in blocks of queries."""
    q, r = _as_features(queries), _as_features(references)
    rr = (r * r).sum(axis=1)
    dist, idx = np.empty(len(q)), np.empty(len(q), dtype=np.int64)
    for i in range(0, len(q), block):
        qb = q[i:i + block]
        d2 = (qb * qb).sum(axis=1)[:, None] - 2.0 * qb @ r.T + rr[None, :]
        j = d2.argmin(axis=1)
        idx[i:i + block] = j
        dist[i:i + block] = np.sqrt(np.clip(d2[np.arange(len(qb)), j], 0.0, None))
    return dist, idx


def mean_pairwise_distance(features) -> float:
    """The mean Euclidean distance between distinct rows (0 when all are the same)."""
    f = _as_features(features)
    if len(f) < 2:
        return 0.0
    sq = (f * f).sum(axis=1)
    d2 = np.clip(sq[:, None] - 2.0 * f @ f.T + sq[None, :], 0.0, None)
    d = np.sqrt(d2)
    n = len(f)
    return float((d.sum() - np.trace(d)) / (n * (n - 1)))


__all__ = ["KID_SUBSETS", "KID_SUBSET_SIZE", "fid", "fid_minimum", "frechet_distance", "gaussian", "kid",
           "mean_pairwise_distance", "mmd2_unbiased", "nearest"]
