"""What training, evaluation and the dataset scan say while they run reaches a Chinese user in Chinese.

Tiny real runs through the real job runners (a dataset scan of pictures with a stray text file and a broken
picture; a GAN trained from scratch and evaluated after training; a character LSTM; an audio VAE on a few tones
with a broken file; an evaluation job) collect every ``Log`` and ``Progress`` message. Each must come from a
template of ``ui/panels/common.py`` (``_CORE_TEXTS`` / ``_CORE_MESSAGES``), so that ``tr_core_text`` translates it
— a message with no template would stay English in the Train tab's Messages page and the Jobs dock."""
from __future__ import annotations

import numpy as np
import pytest

from aigc_studio.core.base.events import Log, Progress

TINY_GAN = dict(image_size=16, g_width=4, d_width=4, z_dim=8, w_dim=8, pca_components=2)
COMMON = {"log_every": 1, "eval_every": 2, "checkpoint_every": 0, "threads": 1, "sample_every": 2, "batch_size": 4}


@pytest.fixture
def zh(qapp):
    from aigc_studio.ui.i18n import install_translators
    assert install_translators(qapp, "zh_CN") == "zh_CN"
    yield
    install_translators(qapp, "en")


def _data(tmp_path):
    from PIL import Image, ImageDraw
    import soundfile as sf
    pics = tmp_path / "pics"
    pics.mkdir()
    for i in range(12):
        im = Image.new("RGBA", (16, 16), (0, 0, 0, 0))
        ImageDraw.Draw(im).ellipse((1 + i % 5, 2 + i % 3, 12 + i % 4, 13),
                                   fill=(40 * (i % 6), 200 - 30 * (i % 4), 60 + 7 * i, 255))
        im.save(pics / f"{i:02d}.png")
    (pics / "broken.png").write_text("not a picture", encoding="utf-8")
    (pics / "notes.txt").write_text("a stray text file", encoding="utf-8")
    texts = tmp_path / "texts"
    texts.mkdir()
    for i in range(3):
        (texts / f"{i}.txt").write_text("the quick brown fox jumps over the lazy dog. " * 30, encoding="utf-8")
    sounds = tmp_path / "sounds"
    sounds.mkdir()
    t = np.arange(16000) / 16000.0
    for i in range(6):
        sf.write(sounds / f"s{i}.wav", (0.3 * np.sin(2 * np.pi * (220 + 40 * i) * t)).astype("float32"), 16000)
    (sounds / "broken.wav").write_text("not a sound", encoding="utf-8")
    return pics, texts, sounds


def _messages(specs) -> list[tuple[str, str]]:
    from aigc_studio.core import jobs
    from aigc_studio.core.jobs.context import JobContext
    from aigc_studio.core.jobs.driver import drive
    out: list[tuple[str, str]] = []

    def on(event):
        if isinstance(event, (Log, Progress)) and event.message:
            out.append((type(event).__name__, event.message))

    for spec in specs:
        drive(jobs.get_runner(spec.kind)(jobs.validate(spec), JobContext(device="cpu", models=None)), on)
    return out


def test_every_message_of_a_real_scan_training_and_evaluation_is_translated(zh, tmp_path):
    from aigc_studio.core.base.dataset_spec import DatasetScanSpec
    from aigc_studio.core.base.eval_specs import EvalSpec
    from aigc_studio.core.base.train_specs import TrainAudioSpec, TrainImageSpec, TrainTextSpec
    from aigc_studio.ui.panels.common import core_text_template, tr_core_text
    pics, texts, sounds = _data(tmp_path)
    specs = [
        DatasetScanSpec(path=str(pics)),
        TrainImageSpec(data=str(pics), out=str(tmp_path / "gan"), device="cpu",
                       options={**COMMON, "steps": 3, "model": TINY_GAN}),
        TrainTextSpec(data=str(texts), out=str(tmp_path / "lstm"), device="cpu",
                      options={**COMMON, "steps": 2, "architecture": "lstm", "sample_tokens": 8,
                               "model": {"n_layer": 1, "n_embd": 16, "block_size": 16, "dropout": 0.0}}),
        TrainAudioSpec(data=str(sounds), out=str(tmp_path / "audio"), device="cpu",
                       options={**COMMON, "steps": 2, "preset": "audio-tiny", "batch_size": 2}),
        EvalSpec(model=str(tmp_path / "gan"), data=str(pics), samples=8, record=False, device="cpu"),
    ]
    messages = _messages(specs)
    kinds = {k for k, _ in messages}
    assert kinds == {"Log", "Progress"} and len(messages) > 30
    said = "\n".join(m for _, m in messages)
    for expected in ("Training on cpu", "M parameters", "step 1/3, loss", "Saved the model to", "Scanning ",
                     "Evaluation (written into the model card)", "held-out sounds", "Skipped broken.wav"):
        assert expected in said, expected
    missing = sorted({m for _, m in messages if core_text_template(m) is None})
    assert not missing, "core messages with no template in ui/panels/common.py:\n" + "\n".join(missing)
    english = sorted({m for _, m in messages if tr_core_text(m) == m})
    assert not english, "core messages left in English in zh_CN:\n" + "\n".join(english)
    progress = next(m for k, m in messages if k == "Progress" and m.startswith("step 1/3, loss"))
    assert tr_core_text(progress).startswith("第 1/3 步，损失 ")


def test_the_hardware_and_the_time_left_are_translated_inside_their_sentences(zh):
    from aigc_studio.ui.panels.common import tr_core_text
    assert (tr_core_text("Training on cpu (CPU AMD EPYC, 2 cores, 2 torch thread(s)).")
            == "在 cpu 上训练（CPU AMD EPYC，2 核，2 个 torch 线程）。")
    assert tr_core_text("step 31/40, loss 1.096, about 0 min 26 s left") == "第 31/40 步，损失 1.096，约剩 0 分 26 秒"
    assert (tr_core_text("KID 4.01200 ± 3.30500, 0 near copies of 256 samples (256 samples, 7 held-out pictures)")
            == "KID 4.01200 ± 3.30500，256 个样本中有 0 个近似副本（256 个样本，7 张留出图像）")
    assert (tr_core_text("Evaluation (written into the model card): KID 1.11924 ± 1.69458, 0 near copies of 256 "
                         "samples, diversity 1.18x the held-out pictures' (256 samples, 6 held-out pictures)")
            == "评估结果（已写入模型卡）：KID 1.11924 ± 1.69458，256 个样本中有 0 个近似副本，多样性为留出图像的 1.18 倍"
               "（256 个样本，6 张留出图像）")
    assert tr_core_text("An English sentence, of no template") == "An English sentence, of no template"


def test_the_class_weight_and_mode_seeking_messages_are_translated(zh, tmp_path):
    """What the class weights and the mode-seeking term say (the settings' problems, the trainer's refusal and its
    warning, made by the real code) reaches a Chinese user in Chinese."""
    import json

    from aigc_studio.core.training.config import ImageTrainConfig, TrainingError
    from aigc_studio.core.training.image import ImageTask
    from aigc_studio.ui.panels.common import tr_core, tr_core_text
    pics, _, _ = _data(tmp_path)
    labels = {f"{i:02d}.png": i % 2 for i in range(12)}
    (pics / "labels.json").write_text(json.dumps({"classes": ["Round", "Flat", "Empty"], "labels": labels}),
                                      encoding="utf-8")
    base = dict(data=str(pics), out=str(tmp_path / "m"), model_type="gan", balance_classes=True,
                model={**TINY_GAN, "n_classes": 3})
    said = []
    for bad in (dict(class_weights=[1]), dict(class_weights={"Round": 0}), dict(class_weights={"Round": 2},
                balance_classes=False), dict(class_weights={"Round": 2}, class_weights_from=-1),
                dict(mode_seeking=-1.0), dict(class_loss=-1.0)):
        said += [tr_core(p) for p in ImageTrainConfig(**{**base, **bad}).problems()]
    warning = [e.message for e in ImageTask(ImageTrainConfig(**base, class_weights={"Empty": 2})).build(None)
               if "weight" in getattr(e, "message", "")]
    with pytest.raises(TrainingError) as refused:
        list(ImageTask(ImageTrainConfig(**base, class_weights={"Square": 2})).build(None))
    said += [tr_core_text(m) for m in warning + [str(refused.value)]]
    assert len(said) == 8 and all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in said), said
    assert "Round" in said[1] and "Square" in said[-1] and "Round, Flat, Empty" in said[-1]
