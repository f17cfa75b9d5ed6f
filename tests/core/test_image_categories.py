"""Class-conditional image generation (issue 10): the GAN's class conditioning (core/models/gan.py), the trainer's
labels file (core/training/image.py), the spec's ``category`` (core/base/specs.py, core/base/categories.py), the
image job drawing a category (core/jobs/image.py) and the CLI flag — end to end on tiny models built here; and the
unconditional models (the shipped emoji-gan) unchanged."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
import torch
from image_fixtures import GAN_CFG, build_tiny_gan, drive, image_card, make_shapes_folder  # noqa: F401

from aigc_studio.core.base.categories import category_index, category_key, category_keys
from aigc_studio.core.base.errors import InvalidParameters, UserError
from aigc_studio.core.base.events import ImagePreview
from aigc_studio.core.base.specs import ImageSpec, spec_from_dict
from aigc_studio.core.jobs import get_runner, validate
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.models.checkpoint import load_model_folder, save_model_folder
from aigc_studio.core.models.gan import GAN, GANConfig, fit_pca, recalibrate_batchnorm
from aigc_studio.core.models.registry import ModelCache
from aigc_studio.core.training.config import ImageTrainConfig, TrainingError
from aigc_studio.core.training.image import train_image

pytestmark = pytest.mark.usefixtures("one_thread")

ROOT = Path(__file__).resolve().parents[2]
CATEGORIES = ["Smileys & Emotion", "Food & Drink", "Flags"]


def build_tiny_cgan(folder: Path, seed: int = 0):
    torch.manual_seed(seed)
    cfg = GANConfig.from_dict({**GAN_CFG, "n_classes": len(CATEGORIES)})
    model = GAN(cfg)
    recalibrate_batchnorm(model.G, batches=2, batch=16, seed=seed)
    fit_pca(model.G, n=256, seed=seed, batch=128)
    model.eval()
    save_model_folder(folder, model, {**image_card("tiny-cgan", "gan", cfg), "categories": CATEGORIES})
    return folder, model


@pytest.fixture(scope="module")
def cgan(tmp_path_factory):
    return build_tiny_cgan(tmp_path_factory.mktemp("cgan") / "tiny-cgan")


@pytest.fixture(scope="module")
def plain_gan(tmp_path_factory):
    return build_tiny_gan(tmp_path_factory.mktemp("gan") / "tiny-gan")


def run_image(spec: ImageSpec):
    ctx = JobContext(device=torch.device("cpu"), models=ModelCache())
    events, result = drive(get_runner("image")(spec, ctx))
    images = np.concatenate([e.images for e in events if isinstance(e, ImagePreview)])
    return result, images


# ------------------------------------------------------------------------------------------------ keys, spec

def test_category_keys_and_lookup():
    names = ["Smileys & Emotion", "People & Body", "Animals & Nature", "Food & Drink", "Travel & Places",
             "Activities", "Objects", "Symbols", "Flags"]
    assert category_keys(names) == ["smileys", "people", "animals", "food", "travel", "activities", "objects",
                                    "symbols", "flags"]
    assert category_key("  ") == ""
    assert category_index("any", names) is None and category_index("ANY", names) is None
    assert category_index("food", names) == 3 and category_index("Food & Drink", names) == 3
    assert category_index("cars", names) == -1 and category_index("food", []) == -1


def test_spec_category_is_checked_without_torch():
    assert ImageSpec().category == "any" and not ImageSpec().problems()
    assert not ImageSpec(category="flags").problems() and not ImageSpec(category="Food").problems()
    for bad in ("", "two words", "x" * 40, "a/b", 3, None):
        probs = ImageSpec(category=bad).problems()
        assert [p.field for p in probs] == ["category"], bad
        assert "“any”" in probs[0].message or probs[0].code == "wrong_type"
    with pytest.raises(InvalidParameters):
        validate(ImageSpec(category="no such thing"))
    # an old spec (no category) restores as "any"
    assert spec_from_dict({"kind": "image", "model": "emoji-gan", "seed": 3}).category == "any"


# ------------------------------------------------------------------------------------------------ the model

def test_conditional_gan_modules_and_labels(cgan):
    _, model = cgan
    z = torch.cat([model.noise(s, 1) for s in range(6)])
    by_class = [model.sample(z, labels=c) for c in range(3)]
    assert not torch.equal(by_class[0], by_class[1]) and not torch.equal(by_class[1], by_class[2])
    # labels None: each row's class is the largest of its first n_classes numbers
    own = z[:, :3].argmax(1)
    assert torch.allclose(model.sample(z), model.sample(z, labels=own), atol=1e-6)
    # truncation 0 gives the class's mean w: one image per class whatever the noise
    t0 = model.sample(z, truncation=0.0, labels=1)
    assert torch.allclose(t0[0], t0[-1], atol=1e-5)
    # the projection discriminator judges with and without the class
    x = model.sample(z[:2], labels=2)
    assert model.score(x).shape == (2,) and model.score(x, labels=2).shape == (2,)
    assert not torch.allclose(model.score(x), model.score(x, labels=2))


def test_conditional_model_folder_round_trip(cgan):
    folder, model = cgan
    loaded, _, card = load_model_folder(folder)
    assert loaded.config.n_classes == 3 and card["categories"] == CATEGORIES
    z = torch.cat([model.noise(s, 1) for s in range(4)])
    assert torch.allclose(loaded.sample(z, 0.7, (0.5,), labels=2), model.sample(z, 0.7, (0.5,), labels=2),
                          atol=2e-3)      # float16 weights in the folder


def test_unconditional_gan_has_exactly_the_old_modules(plain_gan):
    _, model = plain_gan
    keys = set(model.state_dict())
    assert not any("class_embed" in k or "w_avg_class" in k for k in keys)
    z = torch.cat([model.noise(s, 1) for s in range(3)])
    assert torch.equal(model.sample(z, labels=1), model.sample(z))         # labels ignored
    assert model.G.labels_for(z) is None


def test_shipped_emoji_gan_loads_strictly_and_is_unconditional():
    folder = ROOT / "aigc_studio" / "resources" / "models" / "emoji-gan"
    model, _, card = load_model_folder(folder)        # strict load: no missing or extra tensors
    assert model.config.n_classes == 0 and "categories" not in card
    from safetensors.torch import load_file
    assert set(load_file(str(folder / "model.safetensors"))) == set(model.state_dict())


# ------------------------------------------------------------------------------------------------ the job

def test_job_draws_the_asked_category_and_each_image_reproduces(cgan):
    folder, model = cgan
    result, images = run_image(ImageSpec(model=str(folder), count=3, seed=11, category="food"))
    items = result.data["items"]
    assert [it["spec"]["category"] for it in items] == ["food"] * 3
    z = torch.cat([model.noise(11 + i, 1) for i in range(3)])
    loaded, _, _ = load_model_folder(folder)
    want = np.stack([loaded.sample(z[i:i + 1], labels=1)[0].numpy() for i in range(3)])
    from aigc_studio.core.assets.images import from_model_array
    assert np.array_equal(images, from_model_array(want))
    alone = spec_from_dict(items[1]["spec"])
    _, again = run_image(alone)
    assert np.array_equal(again[0], images[1])
    # "any": each image's class from its noise, the same as the model's default
    _, any_images = run_image(ImageSpec(model=str(folder), count=3, seed=11))
    own = z[:, :3].argmax(1)
    want_any = np.stack([loaded.sample(z[i:i + 1], labels=int(own[i]))[0].numpy() for i in range(3)])
    assert np.array_equal(any_images, from_model_array(want_any))


def test_job_best_of_and_variations_keep_the_category(cgan):
    folder, _ = cgan
    result, images = run_image(ImageSpec(model=str(folder), mode="best_of", count=2, best_of=6, seed=3,
                                         category="flags"))
    assert len(images) == 2 and all(it["spec"]["category"] == "flags" for it in result.data["items"])
    lat = tuple(result.data["items"][0]["latent"])
    res2, _ = run_image(ImageSpec(model=str(folder), mode="variations", count=2, seed=1, latents=(lat,),
                                  category="flags"))
    assert all(it["spec"]["category"] == "flags" for it in res2.data["items"])


def test_job_refuses_categories_a_model_lacks(cgan, plain_gan):
    with pytest.raises(UserError, match="no category “cars”.*smileys, food, flags"):
        run_image(ImageSpec(model=str(cgan[0]), category="cars"))
    with pytest.raises(UserError, match="draws no categories"):
        run_image(ImageSpec(model=str(plain_gan[0]), category="food"))
    _, images = run_image(ImageSpec(model=str(plain_gan[0]), count=2, category="any"))   # as before
    assert len(images) == 2


# ------------------------------------------------------------------------------------------------ training

def labelled_shapes(folder: Path, n: int = 12) -> Path:
    make_shapes_folder(folder, n=n)
    labels = {f"shape-{i:03d}.png": i % 2 for i in range(n - 1)}          # the last picture has no label
    (folder / "labels.json").write_text(json.dumps({"format": "aigc-studio-labels/1", "classes": ["Round", "Flat"],
                                                    "labels": labels}), encoding="utf-8")
    return folder


def tcfg(tmp_path: Path, data: Path, **kw) -> ImageTrainConfig:
    base = dict(data=str(data), out=str(tmp_path / "m"), run_dir=str(tmp_path / "m.run"), model_type="gan",
                model={**GAN_CFG, "n_classes": 2}, steps=3, batch_size=4, lr=2e-3, lr_d=2e-3, sample_every=0,
                checkpoint_every=2, log_every=1, seed=7)
    base.update(kw)
    return ImageTrainConfig(**base)


def test_trainer_takes_labels_from_the_labels_file(tmp_path):
    data = labelled_shapes(tmp_path / "shapes")
    events, res = drive(train_image(tcfg(tmp_path, data)))
    assert any("Left out 1 images without a class label" in getattr(e, "message", "") for e in events)
    model, _, card = load_model_folder(Path(res["out"]))
    assert model.config.n_classes == 2 and card["categories"] == ["Round", "Flat"]
    assert card["training"]["train_images"] + len(card.get("heldout", {}).get("files", [])) <= 11
    z = torch.cat([model.noise(s, 1) for s in range(2)])
    assert not torch.equal(model.sample(z, labels=0), model.sample(z, labels=1))


def test_trainer_resumes_a_conditional_run_bit_for_bit(tmp_path):
    data = labelled_shapes(tmp_path / "shapes")
    _, straight = drive(train_image(tcfg(tmp_path / "a", data, steps=4)))
    drive(train_image(tcfg(tmp_path / "b", data, steps=2)))
    _, resumed = drive(train_image(tcfg(tmp_path / "b", data, steps=4, resume=True)))
    a = load_model_folder(Path(straight["out"]))[0].state_dict()
    b = load_model_folder(Path(resumed["out"]))[0].state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_discriminator_class_logits_are_its_projection(cgan):
    """The class loss reads the class from the projection itself: D(x, c) - D(x) is column c of the logits."""
    model = cgan[1]
    x = model.sample(torch.cat([model.noise(s, 1) for s in range(3)]), labels=1)
    with torch.no_grad():
        plain = model.D(x)
        for c in range(model.config.n_classes):
            logit, cls = model.D(x, c, class_logits=True)
            assert cls.shape == (3, model.config.n_classes)
            assert torch.allclose(logit, model.D(x, c), atol=1e-5)
            assert torch.allclose(logit - plain, cls[:, c], atol=1e-4)
    with pytest.raises(ValueError, match="class-conditional"):
        GAN(GANConfig(**GAN_CFG)).D(x, class_logits=True)


def test_class_loss_switched_on_mid_run_continues_as_the_recipe(tmp_path):
    """``class_loss_from``: a run that turns the class loss on at a step, resumed from a checkpoint made before
    (without it), ends bit for bit where the whole recipe from scratch does; the loss changes the model."""
    data = labelled_shapes(tmp_path / "shapes")
    on = dict(class_loss=1.0, class_loss_from=2)
    events, straight = drive(train_image(tcfg(tmp_path / "a", data, steps=4, **on)))
    assert {"d_class", "g_class"} <= {getattr(e, "name", "") for e in events}
    drive(train_image(tcfg(tmp_path / "b", data, steps=2)))
    _, resumed = drive(train_image(tcfg(tmp_path / "b", data, steps=4, resume=True, **on)))
    _, off = drive(train_image(tcfg(tmp_path / "c", data, steps=4)))
    a = load_model_folder(Path(straight["out"]))[0].state_dict()
    b = load_model_folder(Path(resumed["out"]))[0].state_dict()
    c = load_model_folder(Path(off["out"]))[0].state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert not all(torch.equal(a[k], c[k]) for k in a)


def test_balanced_classes_draw_every_class_as_often(tmp_path):
    """``balance_classes``: real and generated batches hold every class about as often, whatever the data's
    proportions; a class with no training images is never drawn; the run still resumes bit for bit."""
    data = make_shapes_folder(tmp_path / "shapes", n=12)
    labels = {f"shape-{i:03d}.png": (0 if i < 10 else 1) for i in range(12)}          # 10 of class 0, 2 of 1
    (data / "labels.json").write_text(json.dumps({"classes": ["Many", "Few", "None"], "labels": labels}),
                                      encoding="utf-8")
    cfg = tcfg(tmp_path, data, model={**GAN_CFG, "n_classes": 3}, balance_classes=True, eval_data=str(data))
    from aigc_studio.core.training.image import ImageTask
    task = ImageTask(cfg)
    list(task.build(None))

    def drawn(balance: bool) -> tuple[torch.Tensor, torch.Tensor]:
        """Shares of each class among 800 real and 800 generated images' classes."""
        task.balance = balance
        real, fake = [], []
        for _ in range(200):
            task._batch()
            real.append(task.batch_labels)
            fake.append(task._fake_labels())
        return tuple(torch.bincount(torch.cat(t), minlength=3).double() / (200 * cfg.batch_size)
                     for t in (real, fake))

    for share in drawn(True):
        assert abs(share[0] - 0.5) < 0.08 and abs(share[1] - 0.5) < 0.08 and share[2] == 0
    for share in drawn(False):                                  # the data's proportions: 2 of 12 (or 11)
        assert share[1] < 0.3
    on = dict(balance_classes=True, class_loss=0.5, class_loss_from=2, model={**GAN_CFG, "n_classes": 3})
    _, straight = drive(train_image(tcfg(tmp_path / "a", data, steps=4, **on)))
    drive(train_image(tcfg(tmp_path / "b", data, steps=2, model=on["model"])))
    _, resumed = drive(train_image(tcfg(tmp_path / "b", data, steps=4, resume=True, **on)))
    a = load_model_folder(Path(straight["out"]))[0].state_dict()
    b = load_model_folder(Path(resumed["out"]))[0].state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_class_weights_draw_a_class_more_often_and_name_real_classes(tmp_path):
    """``class_weights`` (with balanced classes): a class of weight 3 is drawn three times as often as one of
    weight 1, in real and generated batches, and a class without images never; a weight for a class the data
    does not have stops the run before training, naming it and the data's classes."""
    data = make_shapes_folder(tmp_path / "shapes", n=12)
    labels = {f"shape-{i:03d}.png": (0 if i < 10 else 1) for i in range(12)}          # 10 of class 0, 2 of 1
    (data / "labels.json").write_text(json.dumps({"classes": ["Many", "Few", "None"], "labels": labels}),
                                      encoding="utf-8")
    from aigc_studio.core.training.image import ImageTask
    task = ImageTask(tcfg(tmp_path, data, model={**GAN_CFG, "n_classes": 3}, balance_classes=True,
                          class_weights={"Few": 3.0}, eval_data=str(data)))
    list(task.build(None))
    task.balance = task.weighted = True                          # as train_step sets them (class_weights_from 0)
    real, fake = [], []
    for _ in range(200):
        task._batch()
        real.append(task.batch_labels)
        fake.append(task._fake_labels())
    for t in (real, fake):
        share = torch.bincount(torch.cat(t), minlength=3).double() / (200 * task.cfg.batch_size)
        assert abs(share[1] - 0.75) < 0.06 and abs(share[0] - 0.25) < 0.06 and share[2] == 0
    # switched on at a step (class_weights_from): a run resumed across the switch ends where the whole recipe does
    on = dict(balance_classes=True, class_loss=0.5, class_loss_from=1, class_weights={"Few": 3.0},
              class_weights_from=3, model={**GAN_CFG, "n_classes": 3})
    _, straight = drive(train_image(tcfg(tmp_path / "s", data, steps=5, **on)))
    drive(train_image(tcfg(tmp_path / "r", data, steps=2, **{**on, "class_weights": {}})))
    _, resumed = drive(train_image(tcfg(tmp_path / "r", data, steps=5, resume=True, **on)))
    _, unweighted = drive(train_image(tcfg(tmp_path / "u", data, steps=5, **{**on, "class_weights": {}})))
    a, b, c = (load_model_folder(Path(r["out"]))[0].state_dict() for r in (straight, resumed, unweighted))
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert not all(torch.equal(a[k], c[k]) for k in a)
    bad = ImageTask(tcfg(tmp_path / "b", data, model={**GAN_CFG, "n_classes": 3}, balance_classes=True,
                         class_weights={"Activities": 3.0}, eval_data=str(data)))
    with pytest.raises(TrainingError, match=r"classes the data does not have \(Activities\); its classes are "
                                            r"Many, Few, None"):
        list(bad.build(None))
    empty = ImageTask(tcfg(tmp_path / "e", data, model={**GAN_CFG, "n_classes": 3}, balance_classes=True,
                           class_weights={"None": 2.0}, eval_data=str(data)))
    assert any("None has a weight but no training images" in getattr(e, "message", "") for e in empty.build(None))
    plain = ImageTask(tcfg(tmp_path / "p", data, model=dict(GAN_CFG), balance_classes=True,
                           class_weights={"Few": 2.0}, eval_data=str(data)))
    with pytest.raises(TrainingError, match="GAN drawn by category: this model has no categories"):
        list(plain.build(None))


@pytest.mark.parametrize("bad", [dict(class_weights={"a": 0}), dict(class_weights={"a": -1.0}),
                                 dict(class_weights={"a": 101}), dict(class_weights={"a": "3"}),
                                 dict(class_weights={"a": True}), dict(class_weights=["a", 3]),
                                 dict(class_weights={"a": 3.0}, balance_classes=False),
                                 dict(class_weights={"a": 3.0}, class_weights_from=-1),
                                 dict(class_weights={"a": 3.0}, class_weights_from=True),
                                 dict(class_weights={"a": 3.0}, class_weights_from="3"),
                                 dict(class_weights=None), dict(class_weights={"a": 3.0}, model_type="vae")])
def test_class_weights_are_checked(tmp_path, bad):
    data = labelled_shapes(tmp_path / "shapes")
    problems = tcfg(tmp_path, data, **{"balance_classes": True, **bad}).problems()
    assert [p.field for p in problems if p.field != "model"] == ["class_weights"]
    assert not tcfg(tmp_path, data, balance_classes=True, class_weights={"a": 2.5}).problems()


@pytest.mark.parametrize("bad", [dict(class_loss=-1.0), dict(balance_classes="yes"), dict(class_loss=11.0),
                                 dict(class_loss_from=-5), dict(class_loss="strong")])
def test_class_loss_settings_are_checked(tmp_path, bad):
    data = labelled_shapes(tmp_path / "shapes")
    assert any(p.field == "class_loss" for p in tcfg(tmp_path, data, **bad).problems())


def test_trainer_without_labels_says_what_is_missing(tmp_path):
    data = make_shapes_folder(tmp_path / "plain", n=8)
    with pytest.raises(TrainingError, match="labels.json is missing"):
        drive(train_image(tcfg(tmp_path, data)))
    (data / "labels.json").write_text('{"classes": ["a", "b", "c"], "labels": {}}', encoding="utf-8")
    with pytest.raises(TrainingError, match="has 3 classes but the model is set for 2"):
        drive(train_image(tcfg(tmp_path, data)))
    (data / "labels.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(TrainingError, match="cannot be read"):
        drive(train_image(tcfg(tmp_path, data)))


# ------------------------------------------------------------------------------------------------ CLI

def test_cli_generate_image_category(cgan, tmp_path, capsys):
    from aigc_studio.cli import run_cli
    out = str(tmp_path / "out")
    assert run_cli(["generate", "image", "--model", str(cgan[0]), "--count", "2", "--seed", "4", "--category",
                    "food", "--out", out]) == 0
    from aigc_studio.core.assets.metadata import load_spec
    saved = sorted(Path(out).rglob("*.png"))
    assert len(saved) == 2 and all(load_spec(p).category == "food" for p in saved)
    capsys.readouterr()
    rc = run_cli(["generate", "image", "--model", str(cgan[0]), "--count", "1", "--category", "two words",
                  "--no-save"])
    assert rc != 0
    assert "category" in capsys.readouterr().err.lower()


def test_item_specs_replace_keeps_category():
    s = ImageSpec(category="food")
    assert dataclasses.replace(s, count=1, seed=3).category == "food"


def test_the_model_readme_names_the_class_mix_of_the_batches():
    """The README's optimiser line says how the classes were mixed in the batches (the shipped card's recipe, and
    the same with class weights)."""
    from aigc_studio.core.models.readme import render_readme
    card = json.loads((ROOT / "aigc_studio/resources/models/emoji-cgan/card.json").read_text(encoding="utf-8"))
    rec = card["recipe"]
    assert "class loss weight" in render_readme(card)
    plain = render_readme({**card, "recipe": {**rec, "balance_classes": True, "class_weights": {}}})
    weighted = render_readme({**card, "recipe": {**rec, "balance_classes": True,
                                                 "class_weights": {"Activities": 3.0}}})
    assert "every class as often in the batches" in plain and "Activities" not in plain.split("Optimiser")[1][:400]
    assert "except Activities x3" in weighted and "x3 from step" not in weighted
    later = render_readme({**card, "recipe": {**rec, "balance_classes": True, "class_weights": {"Activities": 3},
                                              "class_weights_from": 25000}})
    assert "except Activities x3 from step 25,000" in later
    assert "mode-seeking" not in plain
    ms = render_readme({**card, "recipe": {**rec, "mode_seeking": 0.3, "mode_seeking_from": 25000}})
    assert "mode-seeking term weight 0.3 from step 25,000" in ms


def test_mode_seeking_term_is_small_when_different_noise_gives_different_pictures():
    """The MSGAN term: 1 / (mean picture distance over noise distance) of the batch's two halves; a generator
    drawing the same picture for every noise pays 1/eps; pairs are drawn for the same class."""
    from aigc_studio.core.models.gan import mode_seeking_loss, same_class_pairs
    g = torch.Generator().manual_seed(0)
    z = torch.randn(8, 16, generator=g)
    same = torch.zeros(8, 4, 6, 6)
    apart = torch.rand(8, 4, 6, 6, generator=g) * 2 - 1
    assert mode_seeking_loss(same, z) > 1e4
    d_img = (apart[:4] - apart[4:]).abs().flatten(1).mean(1)
    d_z = (z[:4] - z[4:]).abs().mean(1)
    assert torch.isclose(mode_seeking_loss(apart, z), 1 / ((d_img / d_z).mean() + 1e-5), rtol=1e-5)
    assert mode_seeking_loss(apart[:1], z[:1]) == 0
    y = torch.tensor([0, 1, 2, 0, 1, 1, 2])
    assert same_class_pairs(y).tolist() == [0, 1, 2, 0, 1, 2, 2] and y.tolist() == [0, 1, 2, 0, 1, 1, 2]


def test_mode_seeking_switched_on_mid_run_continues_as_the_recipe(tmp_path):
    """``mode_seeking`` from ``mode_seeking_from``: its loss is reported (g_ms), it changes the run, and a run
    resumed across the switch ends bit for bit where the whole recipe does; its settings are checked."""
    data = labelled_shapes(tmp_path / "shapes")
    on = dict(class_loss=0.2, balance_classes=True, mode_seeking=1.0, mode_seeking_from=2, steps=4)
    events, straight = drive(train_image(tcfg(tmp_path / "s", data, **on)))
    assert "g_ms" in {getattr(e, "name", "") for e in events}
    drive(train_image(tcfg(tmp_path / "r", data, **{**on, "steps": 2, "mode_seeking": 0.0})))
    _, resumed = drive(train_image(tcfg(tmp_path / "r", data, resume=True, **on)))
    _, off = drive(train_image(tcfg(tmp_path / "o", data, **{**on, "mode_seeking": 0.0})))
    a, b, c = (load_model_folder(Path(r["out"]))[0].state_dict() for r in (straight, resumed, off))
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert not all(torch.equal(a[k], c[k]) for k in a)
    _, plain = drive(train_image(tcfg(tmp_path / "p", make_shapes_folder(tmp_path / "plain", n=8),
                                      model=dict(GAN_CFG), mode_seeking=0.5)))       # an unconditional GAN too
    assert Path(plain["out"]).is_dir()
    for bad in (dict(mode_seeking=-1.0), dict(mode_seeking=11), dict(mode_seeking=True),
                dict(mode_seeking_from=-3), dict(mode_seeking="on")):
        assert [p.field for p in tcfg(tmp_path, data, **bad).problems()] == ["mode_seeking"]
