"""The evaluators on tiny models the tests build: image figures (FID fallback, memorisation, diversity), text
held-out loss and perplexity, audio log-spectral distance, the card, bad inputs."""
from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from audio_fixtures import tiny_audio_folder, tone_folder  # noqa: F401
from image_fixtures import make_shapes_folder, tiny_gan_folder, tiny_vae_folder  # noqa: F401

from aigc_studio.core.base.errors import ModelError, UserError
from aigc_studio.core.eval import images as eval_images
from aigc_studio.core.eval.card import record_in_card
from aigc_studio.core.eval.common import EvalError
from aigc_studio.core.eval.evaluate import evaluate_model
from aigc_studio.core.eval.text import perplexity
from aigc_studio.core.jobs.driver import collect
from aigc_studio.core.models.checkpoint import save_model_folder
from aigc_studio.core.models.eval_readme import BEGIN, END
from aigc_studio.core.models.feature_net import ARCHITECTURE, FeatureNet, FeatureNetConfig, load_feature_net
from aigc_studio.core.training.audio_metrics import log_spectral_distance
from aigc_studio.core.training.text import evaluate_loss


@pytest.fixture(scope="module")
def feature_net_dir(tmp_path_factory):
    """A random (untrained) feature network folder: the figures' plumbing does not depend on its training."""
    torch.manual_seed(0)
    cfg = FeatureNetConfig(image_size=16, widths=(4, 8), embed_dim=10, classes=3, class_names=("a", "b", "c"))
    net = FeatureNet(cfg).eval()
    folder = tmp_path_factory.mktemp("feature") / "feature-net"
    save_model_folder(folder, net, {"id": "test-feature-net", "kind": "image-features", "architecture": ARCHITECTURE,
                                    "config": cfg.to_dict(), "metrics": {"heldout_accuracy": 0.5}})
    return folder


@pytest.fixture(scope="module")
def pictures(tmp_path_factory):
    root = tmp_path_factory.mktemp("pictures")
    return {"train": make_shapes_folder(root / "train", n=12, seed=1, size=16),
            "held": make_shapes_folder(root / "held", n=8, seed=2, size=16)}


def _run(gen):
    return collect(gen)[1]


def test_feature_net_loads_and_embeds(feature_net_dir):
    net, card = load_feature_net(feature_net_dir)
    x = torch.rand(3, 4, 16, 16) * 2 - 1
    f = net.features(x)
    assert f.shape == (3, 10) and card["id"] == "test-feature-net"
    assert net.features(x[:1]).allclose(f[:1], atol=1e-5)          # per picture: no batch dependence
    assert net.features(torch.rand(2, 3, 32, 32)).shape == (2, 10)  # RGB and other sizes are fitted


def test_shipped_feature_net_is_there_and_reports_its_accuracy():
    net, card = load_feature_net()
    assert card["architecture"] == ARCHITECTURE and net.config.classes == len(net.config.class_names) == 9
    assert 0.0 < card["metrics"]["heldout_accuracy"] <= 1.0


def test_missing_feature_net_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="feature network is missing"):
        load_feature_net(tmp_path / "nope")


def test_image_figures_fall_back_to_kid_with_few_pictures(tiny_gan_folder, pictures, feature_net_dir):
    fig = _run(evaluate_model(tiny_gan_folder, pictures["held"], train_data=pictures["train"], samples=12,
                              seed=3, feature_net_dir=feature_net_dir))
    assert fig["kind"] == "image" and fig["samples"] == 12 and fig["reference_images"] == 8
    assert fig["fid"] is None and fig["fid_minimum_images"] == 11
    assert any("FID needs at least 11 images" in n for n in fig["notes"])
    assert fig["kid"] is not None and fig["kid_subset_size"] == 8
    mem = fig["memorisation"]
    assert mem["train_images"] == 12 and mem["near_copies"] == 0 and mem["pixel_rms"]["min"] > 0
    assert fig["diversity"]["ratio"] is not None
    assert sum(fig["groups"]["samples"].values()) == 12
    # the same spec gives the same figures
    assert _run(evaluate_model(tiny_gan_folder, pictures["held"], train_data=pictures["train"], samples=12, seed=3,
                               feature_net_dir=feature_net_dir)) == fig


def test_fid_is_given_with_enough_pictures(tiny_vae_folder, tmp_path, feature_net_dir):
    held = make_shapes_folder(tmp_path / "held", n=14, seed=5, size=16)
    fig = _run(evaluate_model(tiny_vae_folder, held, samples=12, feature_net_dir=feature_net_dir))
    assert fig["fid"] is not None and fig["fid"] >= 0
    assert fig["memorisation"] is None and any("memorisation check was left out" in n for n in fig["notes"])


def test_memorisation_finds_an_exact_copy(pictures, feature_net_dir):
    net, card = load_feature_net(feature_net_dir)
    train, _ = eval_images.load_pictures(sorted(pictures["train"].glob("*.png")), 16)
    held, _ = eval_images.load_pictures(sorted(pictures["held"].glob("*.png")), 16)
    samples = torch.cat([train[5:6], torch.rand(3, 4, 16, 16) * 2 - 1])
    fig = eval_images.measure(samples, held, train, net, card)
    mem = fig["memorisation"]
    assert mem["near_copies"] == 1 and mem["near_copy_fraction"] == pytest.approx(0.25)
    assert mem["pixel_rms"]["min"] == pytest.approx(0.0, abs=1e-6) and mem["feature"]["min"] == pytest.approx(0, abs=1e-4)
    d, idx = eval_images.pixel_nearest(samples[:1], train)
    assert idx[0] == 5


def test_text_loss_and_perplexity(tmp_path, make_char_model):
    folder, model, tok = make_char_model(tmp_path / "m", block_size=16)
    text = "the cat sat on the mat. " * 40
    (tmp_path / "held.txt").write_text(text, encoding="utf-8")
    fig = _run(evaluate_model(folder, tmp_path / "held.txt"))
    assert fig["kind"] == "text"
    assert fig["perplexity"] == pytest.approx(math.exp(fig["heldout_loss"]), rel=1e-3)
    ids = torch.tensor(tok.encode(text), dtype=torch.long)
    assert fig["heldout_loss"] == pytest.approx(evaluate_loss(model, ids, 16, 16), abs=1e-3)
    assert fig["heldout_tokens"] == len(ids)
    assert perplexity(1e6) == float("inf")


def test_text_spans_are_read(tmp_path, make_char_model):
    folder, _, _ = make_char_model(tmp_path / "m", block_size=16)
    (tmp_path / "a.txt").write_text("x" * 50 + "the held out part of the text", encoding="utf-8")
    fig = _run(evaluate_model(folder, None, spans=[{"path": str(tmp_path / "a.txt"), "start": 50, "end": 79}]))
    assert fig["heldout_chars"] == 29


def test_lsd_is_zero_for_the_same_sound_and_grows_with_a_change():
    x = 0.3 * torch.randn(1, 4096, generator=torch.Generator().manual_seed(0))   # every bin above the floor
    assert float(log_spectral_distance(x, x)) == pytest.approx(0.0, abs=1e-9)
    assert float(log_spectral_distance(x * 0.5, x)) == pytest.approx(20 * math.log10(2), rel=1e-3)   # 6 dB


def test_audio_figures(tiny_audio_folder, tone_folder):
    fig = _run(evaluate_model(tiny_audio_folder, tone_folder))
    assert fig["kind"] == "audio" and fig["heldout_sounds"] > 0
    assert fig["heldout_lsd_db"] > 0 and math.isfinite(fig["heldout_stft"])


def test_record_in_card_writes_both_files_and_keeps_other_figures(tmp_path, tiny_audio_folder):
    folder = tmp_path / "model"
    shutil.copytree(tiny_audio_folder, folder)
    card = json.loads((folder / "card.json").read_text())
    card["evaluation"] = {"samples": {"count": 100}}
    (folder / "card.json").write_text(json.dumps(card))
    (folder / "README.md").write_text("# M\n\nmeasured samples\n\n## Limitations\n\nsome\n")
    fig = {"kind": "audio", "heldout_lsd_db": 12.5, "heldout_stft": 2.0, "heldout_sounds": 3,
           "lsd_fft_sizes": [2048], "notes": [], "model": "m", "data": "held", "bad": float("nan")}
    record_in_card(folder, fig)
    new = json.loads((folder / "card.json").read_text())
    assert new["evaluation"]["heldout_lsd_db"] == 12.5 and new["evaluation"]["samples"] == {"count": 100}
    assert new["evaluation"]["bad"] is None                       # NaN is not JSON
    readme = (folder / "README.md").read_text()
    assert "measured samples" in readme and readme.index(BEGIN) < readme.index("## Limitations")
    assert "12.5 dB" in readme
    record_in_card(folder, {**fig, "heldout_lsd_db": 9.25})       # replaced, not repeated
    readme = (folder / "README.md").read_text()
    assert readme.count(BEGIN) == 1 and readme.count(END) == 1 and "9.25 dB" in readme and "12.5 dB" not in readme
    assert not [p for p in folder.iterdir() if p.name not in ("card.json", "README.md", "model.safetensors")]


def test_record_in_card_leaves_the_old_card_when_writing_fails(tmp_path, tiny_audio_folder, monkeypatch):
    folder = tmp_path / "model"
    shutil.copytree(tiny_audio_folder, folder)
    before = (folder / "card.json").read_bytes()
    import aigc_studio.core.base.atomic as atomic

    def broken(*a, **k):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(atomic.os, "fsync", broken)
    with pytest.raises(OSError):
        record_in_card(folder, {"kind": "audio", "heldout_lsd_db": 1.0})
    monkeypatch.undo()
    assert (folder / "card.json").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in tiny_audio_folder.iterdir())


def test_bad_inputs_say_what_is_wrong(tmp_path, tiny_gan_folder, tiny_char_folder, feature_net_dir):
    with pytest.raises(EvalError, match="does not exist"):
        _run(evaluate_model(tiny_gan_folder, tmp_path / "missing"))
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("hello")
    with pytest.raises(EvalError, match="holds text files, not the images"):
        _run(evaluate_model(tiny_gan_folder, tmp_path / "texts"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(EvalError, match="holds no images"):
        _run(evaluate_model(tiny_gan_folder, tmp_path / "empty"))
    with pytest.raises(EvalError, match="holds images, not the text files"):
        _run(evaluate_model(tiny_char_folder, make_shapes_folder(tmp_path / "pics", n=2)))
    with pytest.raises(ModelError):
        _run(evaluate_model("no-such-model", tmp_path / "texts"))
    with pytest.raises(EvalError, match="samples"):
        _run(evaluate_model(tiny_gan_folder, tmp_path / "pics", samples=1))
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "x.png").write_bytes(b"not a png")
    with pytest.raises(EvalError, match="could be read"):
        _run(evaluate_model(tiny_gan_folder, tmp_path / "broken", feature_net_dir=feature_net_dir))
    (tmp_path / "short.txt").write_text("a")
    with pytest.raises(UserError, match="too short"):
        _run(evaluate_model(tiny_char_folder, tmp_path / "short.txt"))


def test_stopping_returns_without_figures(tiny_gan_folder, pictures, feature_net_dir):
    res = _run(evaluate_model(tiny_gan_folder, pictures["held"], samples=200, should_stop=lambda: True,
                              feature_net_dir=feature_net_dir))
    assert res == {"stopped": "cancelled"}


def test_shipped_feature_net_labels_real_emoji_groups():
    """The shipped network on pictures it can judge: flat colour bands read as a flag far more often than as a
    face (a sanity check of the shipped weights, not of their accuracy, which the card reports)."""
    from aigc_studio.core.eval.images import label_pictures
    x = -torch.ones(6, 4, 64, 64)
    for i in range(6):                                   # three horizontal bands, opaque, on a 64x44 flag
        x[i, 3, 10:54, :] = 1
        x[i, :3, 10:25, :] = torch.tensor([1.0, -1, -1])[:, None, None] * (1 - i / 10)
        x[i, :3, 25:40, :] = 1
        x[i, :3, 40:54, :] = torch.tensor([-1.0, -1, 1])[:, None, None]
    names, probs = label_pictures(x)
    assert len(names) == 6 and probs.shape == (6, 9)
    assert np.allclose(probs.sum(1), 1.0, atol=1e-6)
    assert names.count("Flags") >= 4


def test_rgb_models_are_compared_with_pictures_on_white(tmp_path, pictures, feature_net_dir):
    from image_fixtures import build_tiny_gan
    folder, _ = build_tiny_gan(tmp_path / "rgb-gan", "rgb-gan", channels=3)
    fig = _run(evaluate_model(folder, pictures["held"], train_data=pictures["train"], samples=8,
                              feature_net_dir=feature_net_dir))
    assert fig["kid"] is not None and fig["memorisation"]["train_images"] == 12
    held, _ = eval_images.load_pictures(sorted(pictures["held"].glob("*.png")), 16, channels=3)
    assert held.shape[1] == 4 and bool((held[:, 3] == 1).all())                # opaque, composited on white
    assert float(held[:, :3].max()) == pytest.approx(1.0)                        # white background


def test_shipped_emoji_classifier_loads_and_reports_its_accuracy():
    """The category check's classifier (recipes/emoji-classifier.json) ships beside the feature network, with the
    same groups and its own measured held-out accuracy."""
    from aigc_studio.core.base.resources import resource_path
    net, card = load_feature_net(resource_path("eval", "emoji-classifier"))
    feat, _ = load_feature_net()
    assert card["id"] == "emoji-classifier" and net.config.class_names == feat.config.class_names
    assert 0.0 < card["metrics"]["heldout_accuracy"] <= 1.0 and card["metrics"]["train_images"] > 2000
    assert card.get("name_zh") and card.get("description_zh")


def test_category_evaluation_is_rendered_in_the_readme():
    from aigc_studio.core.models.eval_readme import evaluation_lines
    cats = {"model": "m", "truncation": 0.8, "best_of": 4, "classifier": "emoji-classifier",
            "classifier_heldout_accuracy": 0.8, "real_heldout_agreement": 0.79, "real_heldout_images": 99,
            "category_agreement": 0.7, "samples_per_category": 64, "fid": 5.0, "kid": 0.1,
            "feature_space": "emoji-feature-net", "fid_samples": 512,
            "per_category": {"food": {"asked": "Food & Drink", "agreement": 0.75,
                                      "labelled_as": {"Food & Drink": 48, "Objects": 10, "Symbols": 6}}}}
    card = {"evaluation": {"kind": "image", "fid": 1.0}, "evaluation_categories_t0.8_best4": cats}
    text = "\n".join(evaluation_lines(card))
    assert "| Food & Drink | 48 of 64 (75.0 %) | Objects 10, Symbols 6 |" in text
    assert "truncation 0.8, the best 64 of 4x as many" in text and "**70.0 %**" in text
    assert text.index("### Drawn by category") < text.index(END)


def test_category_evaluation_alone_still_gets_a_section():
    from aigc_studio.core.models.eval_readme import evaluation_lines
    cats = {"category_agreement": 0.5, "samples_per_category": 4,
            "per_category": {"flags": {"asked": "Flags", "agreement": 1.0, "labelled_as": {"Flags": 4}}}}
    text = "\n".join(evaluation_lines({"evaluation_categories": cats}))
    assert text.startswith(BEGIN) and text.endswith(END) and "| Flags | 4 of 4 (100.0 %) | — |" in text
    assert evaluation_lines({}) == []
    cats["per_category"]["flags"].update(diversity_ratio=0.93, pixel_diversity_ratio=0.81)
    cats.update(category_diversity_ratio=0.93, category_diversity_min=0.93, category_pixel_diversity_ratio=0.81,
                category_pixel_diversity_min=0.81)
    text = "\n".join(evaluation_lines({"evaluation_categories": cats}))
    assert "| Flags | 4 of 4 (100.0 %) | — | 0.93 / 0.81 |" in text
    assert "mean 0.93, lowest 0.93; in pixels: mean 0.81, lowest 0.81" in text
    # the yardstick per category: the classifier on real emoji of the group (held-out / the generator's training)
    cats["per_category"]["flags"].update(real_heldout_agreement=0.956, real_training_agreement=0.99)
    text = "\n".join(evaluation_lines({"evaluation_categories": cats}))
    assert "| Flags | 4 of 4 (100.0 %) | — | 0.93 / 0.81 | 95.6 % / 99.0 % |" in text
    assert "real emoji of the group so labelled (classifier's held-out / generator's training) |" in text


def test_default_limitations_say_what_the_card_records():
    from aigc_studio.core.models.readme import _trained
    assert _trained({"size_bytes": 4.2e6, "training": {"seconds": 9000, "hardware": "CPU x, 2 cores"}}) == \
        "A 4.2 MB model trained for 2 h 30 min on a CPU"
    assert _trained({"training": {"device": "mps"}}) == "A small model trained on a GPU"
    assert _trained({}) == "A small model trained"
