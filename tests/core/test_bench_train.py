"""The arithmetic of `bench --only train`'s ours-versus-reference figure (devtools/bench_train.py); no timing."""
import pytest

from aigc_studio.devtools.bench_train import paired_ratios


def test_paired_ratios_cancel_a_linear_drift():
    # the machine slows down steadily (other processes): both loops take the same work, 1 s more per round
    ref = [10.0, 12.0, 14.0, 16.0]           # ref[0], then after each round of ours
    ours = [11.0, 13.0, 15.0]                # in between: the same speed as the reference
    assert paired_ratios(ours, ref) == pytest.approx([1.0, 1.0, 1.0])
    # the naive ratio of medians is biased by the drift (ours rounds fall at other times than the ref's)
    assert sorted(ref)[len(ref) // 2] / sorted(ours)[1] != pytest.approx(1.0)


def test_paired_ratios_say_which_is_faster():
    assert paired_ratios([5.0], [10.0, 10.0]) == pytest.approx([2.0])     # ours takes half the time
    assert paired_ratios([20.0], [10.0, 10.0]) == pytest.approx([0.5])


def test_paired_ratios_need_bracketing_reference_rounds():
    with pytest.raises(ValueError):
        paired_ratios([1.0, 1.0], [1.0, 1.0])
