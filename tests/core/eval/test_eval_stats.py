"""FID, KID, nearest neighbours and diversity on feature matrices (numpy; no model)."""
from __future__ import annotations

import numpy as np
import pytest

from aigc_studio.core.eval import stats


def _gauss(n, d, seed, shift=0.0, scale=1.0):
    return np.random.default_rng(seed).normal(size=(n, d)) * scale + shift


def test_fid_of_a_set_with_itself_is_zero():
    x = _gauss(300, 8, 0)
    assert stats.fid(x, x) == pytest.approx(0.0, abs=1e-8)


def test_fid_grows_with_a_shift_of_the_mean():
    x, y = _gauss(2000, 4, 1), _gauss(2000, 4, 2)
    base = stats.fid(x, y)
    assert base < 0.1                                  # same distribution: sampling noise only
    shifted = [stats.fid(x, y + s) for s in (0.5, 1.0, 2.0)]
    assert shifted[0] < shifted[1] < shifted[2]
    # a shift of s in every one of 4 dimensions adds |shift|^2 = 4 s^2 (within the sampling noise)
    assert shifted[2] == pytest.approx(base + 16.0 + 2 * 2.0 * float((y.mean(0) - x.mean(0)).sum()), abs=0.3)


def test_frechet_distance_matches_the_closed_form_and_an_independent_trace():
    d = 6
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(d, d)), rng.normal(size=(d, d))
    s1, s2 = a @ a.T + 0.1 * np.eye(d), b @ b.T + 0.1 * np.eye(d)        # non-commuting covariances
    mu1, mu2 = rng.normal(size=d), rng.normal(size=d)
    # tr sqrt(S1 S2) = sum of the square roots of the (real, positive) eigenvalues of S1 S2
    tr = np.sqrt(np.linalg.eigvals(s1 @ s2).real.clip(0)).sum()
    expect = ((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * tr
    assert stats.frechet_distance(mu1, s1, mu2, s2) == pytest.approx(expect, rel=1e-8)
    # diagonal covariances: sum (sqrt(a) - sqrt(b))^2
    assert stats.frechet_distance(np.zeros(3), np.diag([1.0, 4.0, 9.0]), np.zeros(3), np.diag([4.0, 4.0, 1.0])) \
        == pytest.approx(1.0 + 0.0 + 4.0)


def test_frechet_distance_survives_singular_covariances():
    x = _gauss(10, 32, 4)                      # fewer rows than dimensions: rank-deficient covariance
    value = stats.fid(x, _gauss(10, 32, 5))
    assert np.isfinite(value) and value > 0


def _naive_mmd2(x, y):
    d = x.shape[1]
    k = lambda a, b: (a @ b / d + 1) ** 3   # noqa: E731
    m, n = len(x), len(y)
    xx = sum(k(x[i], x[j]) for i in range(m) for j in range(m) if i != j) / (m * (m - 1))
    yy = sum(k(y[i], y[j]) for i in range(n) for j in range(n) if i != j) / (n * (n - 1))
    xy = sum(k(x[i], y[j]) for i in range(m) for j in range(n)) / (m * n)
    return xx + yy - 2 * xy


def test_unbiased_mmd_matches_the_definition():
    x, y = _gauss(7, 3, 6), _gauss(9, 3, 7, shift=0.5)
    assert stats.mmd2_unbiased(x, y) == pytest.approx(_naive_mmd2(x, y), rel=1e-10)


def test_kid_is_unbiased_near_zero_for_one_distribution_and_positive_for_two():
    same = [stats.mmd2_unbiased(_gauss(50, 8, 10 + i), _gauss(50, 8, 100 + i)) for i in range(60)]
    # unbiased: single estimates are negative about as often as positive, and their mean is near 0
    assert min(same) < 0 < max(same)
    assert abs(np.mean(same)) < 3 * np.std(same) / np.sqrt(len(same))
    far = stats.mmd2_unbiased(_gauss(50, 8, 1), _gauss(50, 8, 2, shift=1.0))
    assert far > max(same)
    mean, std, size = stats.kid(_gauss(300, 8, 1), _gauss(200, 8, 2, shift=1.0), subsets=20, subset_size=100)
    assert size == 100 and mean > 0 and std > 0


def test_kid_is_seeded_and_uses_whole_sets_when_small():
    x, y = _gauss(40, 4, 1), _gauss(60, 4, 2)
    assert stats.kid(x, y, subsets=5) == stats.kid(x, y, subsets=5)
    mean, std, size = stats.kid(x, y[:40])
    assert size == 40 and std == 0.0 and mean == pytest.approx(stats.mmd2_unbiased(x, y[:40]))


def test_nearest_finds_an_exact_copy_and_diversity_of_copies_is_zero():
    ref = _gauss(100, 16, 1)
    q = np.concatenate([ref[37:38], _gauss(5, 16, 2) + 10])
    dist, idx = stats.nearest(q, ref)
    assert idx[0] == 37 and dist[0] == pytest.approx(0.0, abs=1e-6)
    assert (dist[1:] > 1).all()
    assert stats.mean_pairwise_distance(np.repeat(ref[:1], 5, axis=0)) == pytest.approx(0.0, abs=1e-6)
    assert stats.mean_pairwise_distance(ref) > 1


@pytest.mark.parametrize("bad", [np.zeros(5), np.array([[np.nan, 1.0], [0.0, 1.0]]), np.zeros((1, 3))])
def test_bad_feature_arrays_are_refused(bad):
    with pytest.raises(ValueError):
        stats.kid(bad, bad)
