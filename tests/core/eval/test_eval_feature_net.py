"""The feature network's training task (the recipe's code path) on a tiny made-up emoji folder, and its config."""
from __future__ import annotations

import json

import pytest

from image_fixtures import make_shapes_folder

from aigc_studio.core.eval.feature_train import FeatureNetOptions, FeatureNetTask, augment, render_readme
from aigc_studio.core.jobs.driver import collect
from aigc_studio.core.models.feature_net import FeatureNetConfig, load_feature_net
from aigc_studio.core.training.config import TrainingError
from aigc_studio.core.training.loop import train


def _emoji_folder(root):
    train = make_shapes_folder(root / "train", n=12, seed=1)
    held = make_shapes_folder(root / "heldout", n=6, seed=2)
    labels, split = {}, {}
    for i, p in enumerate(sorted(train.glob("*.png"))):
        labels[f"train/{p.name}"], split[f"train/{p.name}"] = i % 3, "train"
    for i, p in enumerate(sorted(held.glob("*.png"))):
        labels[f"heldout/{p.name}"], split[f"heldout/{p.name}"] = i % 3, "heldout"
    (root / "groups.json").write_text(json.dumps({"groups": ["a", "b", "c"], "labels": labels, "split": split}))
    return root


def test_feature_net_trains_and_writes_a_card(tmp_path):
    data = _emoji_folder(tmp_path / "emoji")
    cfg = FeatureNetOptions.from_dict({"data": str(data), "out": str(tmp_path / "net"), "steps": 3,
                                       "batch_size": 4, "eval_every": 2, "log_every": 1, "checkpoint_every": 0,
                                       "model": {"image_size": 16, "widths": [4, 8], "embed_dim": 5},
                                       "card": {"id": "tiny-feature-net", "name": "tiny"}})
    events, res = collect(train(FeatureNetTask(cfg)))
    assert res["out"] == str(tmp_path / "net") and 0.0 <= res["heldout_accuracy"] <= 1.0
    net, card = load_feature_net(tmp_path / "net")
    m = card["metrics"]
    assert m["heldout_images"] == 6 and m["train_images"] == 12 and len(m["confusion"]) == 3
    assert sum(map(sum, m["confusion"])) == 6
    assert card["config"]["class_names"] == ["a", "b", "c"] and net.config.embed_dim == 5
    assert "Held-out accuracy" in render_readme(card)


def test_missing_groups_file_is_a_problem(tmp_path):
    cfg = FeatureNetOptions.from_dict({"data": str(tmp_path), "out": str(tmp_path / "net")})
    assert any("groups.json" in p.text for p in cfg.problems())


def test_augment_keeps_shapes_and_config_checks():
    import torch
    x = torch.rand(5, 4, 16, 16) * 2 - 1
    assert augment(x, 3, torch.Generator().manual_seed(0)).shape == x.shape
    with pytest.raises(ValueError):
        FeatureNetConfig.from_dict({"classes": 3, "class_names": ["a"]})


def test_extra_data_adds_training_pictures_only(tmp_path):
    """The classifier's recipe adds a second emoji style to the training set; the held-out check stays data's."""
    data = _emoji_folder(tmp_path / "emoji")
    extra = tmp_path / "other"
    pics = make_shapes_folder(extra / "train", n=5, seed=3)
    labels = {f"train/{p.name}": i % 3 for i, p in enumerate(sorted(pics.glob("*.png")))}
    doc = {"groups": ["a", "b", "c"], "labels": labels, "split": {k: "train" for k in labels}}
    (extra / "groups.json").write_text(json.dumps(doc))
    opts = {"data": str(data), "extra_data": [str(extra)], "out": str(tmp_path / "net"), "steps": 2,
            "batch_size": 4, "log_every": 1, "checkpoint_every": 0,
            "model": {"image_size": 16, "widths": [4, 8], "embed_dim": 5}, "card": {"id": "tiny-classifier"}}
    collect(train(FeatureNetTask(FeatureNetOptions.from_dict(opts))))
    m = load_feature_net(tmp_path / "net")[1]["metrics"]
    assert m["train_images"] == 12 + 5 and m["heldout_images"] == 6
    (extra / "groups.json").write_text(json.dumps({**doc, "groups": ["a", "b", "d"]}))
    with pytest.raises(TrainingError, match="groups"):
        collect(train(FeatureNetTask(FeatureNetOptions.from_dict({**opts, "out": str(tmp_path / "net2")}))))
    cfg = FeatureNetOptions.from_dict({**opts, "extra_data": [str(tmp_path / "nowhere")]})
    assert any("nowhere" in p.text for p in cfg.problems())
