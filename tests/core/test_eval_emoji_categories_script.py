"""scripts/eval/eval_emoji_categories.py's diversity within a category: the figure that shows a generator drawing
one picture per category, which the category agreement alone would reward."""
from __future__ import annotations

import numpy as np
from script_modules import load_script

ev = load_script("eval_emoji_categories", "scripts/eval/eval_emoji_categories.py")


def test_category_diversity_tells_copies_from_variety():
    rng = np.random.default_rng(0)
    real = rng.normal(size=(80, 64))
    assert abs(ev.category_diversity(rng.normal(size=(64, 64)), real) - 1.0) < 0.05     # as varied as the real
    one = np.repeat(real[:1], 64, axis=0) + rng.normal(scale=1e-3, size=(64, 64))        # one picture, 64 times
    assert ev.category_diversity(one, real) < 0.01
    assert 0.4 < ev.category_diversity(rng.normal(size=(64, 64)) * 0.5, real) < 0.6
    assert ev.category_diversity(one, None) is None and ev.category_diversity(one, real[:1]) is None


def test_the_yardstick_is_the_classifier_on_real_emoji_of_the_category():
    pred = np.array(["Activities", "Objects", "Activities", "Flags", "Activities"])
    group = np.array([True, True, True, False, False])                 # the first three are activities
    got = ev.yardstick("Activities", pred, group, {"Activities": 0.25})
    assert got == {"real_heldout_agreement": 0.25, "real_training_agreement": 0.6667, "real_training_images": 3}
    none = ev.yardstick("Symbols", pred, np.zeros(5, bool), {})
    assert none == {"real_heldout_agreement": None, "real_training_agreement": None, "real_training_images": 0}
    assert ev.yardstick("Symbols", pred, None, {})["real_training_images"] == 0
