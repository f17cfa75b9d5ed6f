"""DiffAugment in the GAN trainer: on by default for small image sets ("auto": fewer than 1000 images), off on
request; every picture D sees is augmented, real and fake, in D's step and in G's step; recorded in the card."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from image_fixtures import GAN_CFG, drive, shapes_folder  # noqa: F401

from aigc_studio.core.base.events import Log
from aigc_studio.core.training import image as image_trainer
from aigc_studio.core.training.config import ImageTrainConfig
from aigc_studio.core.training.image import diffaugment_on, train_image

pytestmark = pytest.mark.usefixtures("one_thread")


def gan_cfg(tmp_path: Path, data: Path, **kw) -> ImageTrainConfig:
    base = dict(data=str(data), out=str(tmp_path / "g"), run_dir=str(tmp_path / "g.run"), model_type="gan",
                model=dict(GAN_CFG), steps=3, batch_size=4, eval_every=0, sample_every=0, checkpoint_every=0,
                log_every=1, seed=3)
    return ImageTrainConfig(**{**base, **kw})


def test_auto_is_on_below_a_thousand_images():
    assert diffaugment_on("auto", 999) and not diffaugment_on("auto", 1000)
    assert diffaugment_on(True, 50_000) and not diffaugment_on(False, 10)
    assert ImageTrainConfig(data="d", out="o").diffaugment == "auto"
    bad = ImageTrainConfig(data="d", out="o", diffaugment_policy="color,zoom").problems()
    assert any(p.field == "diffaugment" for p in bad)


@pytest.mark.parametrize("option, calls", [("auto", 3 * 3), (False, 0)])
def test_every_picture_d_sees_is_augmented(tmp_path, shapes_folder, monkeypatch, option, calls):  # noqa: F811
    seen = []
    real_fn = image_trainer.diff_augment

    def counting(x, policy, generator=None, **kw):
        seen.append((x.shape[0], policy, kw.get("fill")))
        return real_fn(x, policy, generator, **kw)
    monkeypatch.setattr(image_trainer, "diff_augment", counting)
    events, res = drive(train_image(gan_cfg(tmp_path, shapes_folder, diffaugment=option)))
    assert len(seen) == calls                     # real + fake in D's step, fake in G's step, each step
    assert all(s == (4, "color,translation,cutout", -1.0) for s in seen)
    card = json.loads((Path(res["out"]) / "card.json").read_text(encoding="utf-8"))
    assert card["training"]["diffaugment"] == ("color,translation,cutout" if calls else "")
    described = [e.message for e in events if isinstance(e, Log) and e.message.startswith("GAN: ")]
    assert ("DiffAugment" in described[0]) == bool(calls)
    # 22 training pictures (2 of the 24 held out) are too few for the default size: said, with the size that fits
    warnings = [e.message for e in events if isinstance(e, Log) and e.level == "warning"]
    assert ("The data has 22 images, too few for the size gan-small (it suits 200 or more): the model may learn it "
            "by heart. The size gan-tiny suits this data better.") in warnings
    assert res["heldout"]["source"] == "split" and len(res["heldout"]["files"]) == 2
