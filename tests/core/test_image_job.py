"""The image job (core/jobs/image.py) with tiny GAN and VAE folders: every mode, the events and result contract,
reproducibility (the same spec twice, and each image's own spec alone), cancelling, and every bad input."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch
from image_fixtures import (build_tiny_gan, build_tiny_vae, drive, make_shapes_folder, shapes_folder,  # noqa: F401
                            tiny_gan_folder, tiny_vae_folder, write_bad_pictures)

from aigc_studio.core.base.errors import InvalidParameters, ModelError, UserError
from aigc_studio.core.jobs import get_runner
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.base.events import ImagePreview, Log, Progress, Result
from aigc_studio.core.base.specs import ImageSpec, spec_from_dict, spec_from_json, spec_to_json
from aigc_studio.core.models.registry import ModelCache

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def cache():
    return ModelCache()


def run_job(spec: ImageSpec, cache: ModelCache, on_event=None, ctx: JobContext | None = None):
    """(events, result, images): the previews put together in job order as one uint8 (N, H, W, 4) array."""
    ctx = ctx or JobContext(device=torch.device("cpu"), models=cache)
    events, result = drive(get_runner("image")(spec, ctx), on_event)
    previews = [e for e in events if isinstance(e, ImagePreview)]
    images = np.zeros((0, 16, 16, 4), np.uint8)
    for p in previews:
        assert p.index == len(images)
        images = np.concatenate([images, p.images])
    return events, result, images


def spec(model, /, **kw) -> ImageSpec:
    return ImageSpec(**{"model": str(model), "count": 3, "seed": 5, **kw})


@pytest.fixture(scope="module")
def gan_latents(tiny_gan_folder, cache):
    """Two latents of the tiny GAN, from a sample job's items."""
    _, res, _ = run_job(spec(tiny_gan_folder, count=2, seed=100), cache)
    return [tuple(it["latent"]) for it in res.data["items"]]


@pytest.fixture(scope="module")
def vae_latents(tiny_vae_folder, cache):
    _, res, _ = run_job(spec(tiny_vae_folder, count=2, seed=100), cache)
    return [tuple(it["latent"]) for it in res.data["items"]]


def model_of(kind, gan_folder, vae_folder):
    return gan_folder if kind == "gan" else vae_folder


# ------------------------------------------------------------------------------------------------ sample

@pytest.mark.parametrize("kind", ["gan", "vae"])
def test_sample_events_and_result_contract(kind, tiny_gan_folder, tiny_vae_folder, cache):
    folder = model_of(kind, tiny_gan_folder, tiny_vae_folder)
    events, res, images = run_job(spec(folder, count=6, seed=5), cache)
    assert isinstance(res, Result)
    previews = [e for e in events if isinstance(e, ImagePreview)]
    assert [len(p.images) for p in previews] == [4, 2] and [p.index for p in previews] == [0, 4]
    assert images.shape == (6, 16, 16, 4) and images.dtype == np.uint8
    progress = [e for e in events if isinstance(e, Progress)]
    assert (progress[-1].done, progress[-1].total) == (6, 6)
    assert all(not isinstance(v, torch.Tensor) for e in events for v in vars(e).values())
    d = res.data
    assert d["architecture"] == ("gan" if kind == "gan" else "image_vae")
    assert d["model"] == f"tiny-{kind}" and d["image_size"] == 16 and d["stopped"] == "done" and d["device"] == "cpu"
    items = d["items"]
    assert len(items) == 6
    for i, it in enumerate(items):
        s = spec_from_dict(it["spec"])
        assert s == dataclasses.replace(spec(folder, count=6, seed=5), count=1, seed=5 + i)
        assert it["label"] == f"seed {5 + i}" and it["score"] is None
        assert len(it["latent"]) == 8 and all(isinstance(x, float) for x in it["latent"])
    assert len({im.tobytes() for im in images}) == 6          # six different pictures


@pytest.mark.parametrize("kind", ["gan", "vae"])
def test_the_same_spec_twice_gives_identical_pixels(kind, tiny_gan_folder, tiny_vae_folder, cache):
    s = spec(model_of(kind, tiny_gan_folder, tiny_vae_folder), count=5, seed=77, truncation=0.8,
             directions=(1.5, -0.5))
    _, r1, a = run_job(s, cache)
    _, r2, b = run_job(spec_from_json(spec_to_json(s)), ModelCache())       # a fresh load, a restored spec
    assert np.array_equal(a, b) and r1.data["items"] == r2.data["items"]


@pytest.mark.parametrize("kind", ["gan", "vae"])
def test_image_i_of_a_sample_job_is_its_own_spec_alone(kind, tiny_gan_folder, tiny_vae_folder, cache):
    folder = model_of(kind, tiny_gan_folder, tiny_vae_folder)
    _, res, images = run_job(spec(folder, count=6, seed=40), cache)       # two previews: 4 + 2
    for i in (0, 3, 5):
        _, _, alone = run_job(ImageSpec(model=str(folder), count=1, seed=40 + i), cache)
        assert np.array_equal(alone[0], images[i]), i
        _, _, again = run_job(spec_from_dict(res.data["items"][i]["spec"]), cache)
        assert np.array_equal(again[0], images[i]), i


def test_seeds_truncation_and_sliders_change_the_pictures(tiny_gan_folder, cache):
    _, _, base = run_job(spec(tiny_gan_folder, count=2, seed=1), cache)
    _, _, other = run_job(spec(tiny_gan_folder, count=2, seed=3), cache)
    assert not np.array_equal(base, other)
    _, _, slid = run_job(spec(tiny_gan_folder, count=2, seed=1, directions=(3.0,)), cache)
    assert not np.array_equal(base, slid)
    _, res, avg = run_job(spec(tiny_gan_folder, count=4, seed=1, truncation=0.0), cache)
    assert all(np.array_equal(avg[0], im) for im in avg)                # truncation 0: the average image
    assert all(it["spec"]["truncation"] == 0.0 for it in res.data["items"])


def test_vae_truncation_scales_new_samples_only(tiny_vae_folder, vae_latents, cache):
    _, res, mean = run_job(spec(tiny_vae_folder, count=3, seed=5, truncation=0.0), cache)
    assert all(np.array_equal(mean[0], im) for im in mean)               # truncation 0: the mean image
    assert all(v == 0.0 for v in res.data["items"][0]["latent"])
    base = vae_latents[0]
    _, _, as_is = run_job(spec(tiny_vae_folder, mode="latent", latents=(base,)), cache)
    _, _, truncated = run_job(spec(tiny_vae_folder, mode="latent", latents=(base,), truncation=0.0), cache)
    assert np.array_equal(as_is[0], truncated[0])                        # a given latent is decoded as it is


def test_the_registry_finds_models_by_id(tiny_gan_folder, tiny_vae_folder, cache, monkeypatch):
    import os
    monkeypatch.setenv("AIGC_STUDIO_MODELS_DIR",
                       os.pathsep.join([str(tiny_gan_folder.parent), str(tiny_vae_folder.parent)]))
    from aigc_studio.core.models.registry import list_models
    assert {"tiny-gan", "tiny-vae"} <= {m.id for m in list_models("image")}
    _, _, by_id = run_job(ImageSpec(model="tiny-gan", count=2, seed=9), cache)
    _, _, by_path = run_job(ImageSpec(model=str(tiny_gan_folder), count=2, seed=9), cache)
    assert np.array_equal(by_id, by_path)


def test_rgb_models_give_opaque_pictures(tmp_path, cache):
    gan, _ = build_tiny_gan(tmp_path / "rgb-gan", "rgb-gan", channels=3)
    vae, _ = build_tiny_vae(tmp_path / "rgb-vae", "rgb-vae", channels=3)
    for folder in (gan, vae):
        _, res, images = run_job(spec(folder, count=2), cache)
        assert images.shape == (2, 16, 16, 4) and (images[..., 3] == 255).all()


# ------------------------------------------------------------------------------------------------ other modes

@pytest.mark.parametrize("kind", ["gan", "vae"])
def test_variations_and_their_own_specs(kind, tiny_gan_folder, tiny_vae_folder, gan_latents, vae_latents, cache):
    folder = model_of(kind, tiny_gan_folder, tiny_vae_folder)
    base = (gan_latents if kind == "gan" else vae_latents)[0]
    s = spec(folder, mode="variations", latents=(base,), count=5, seed=3, strength=0.7, truncation=0.9)
    _, res, images = run_job(s, cache)
    assert images.shape[0] == 5 and len({im.tobytes() for im in images}) == 5
    items = res.data["items"]
    assert [it["label"] for it in items] == [f"variation {j}" for j in range(1, 6)]
    for k in (0, 4):
        one = spec_from_dict(items[k]["spec"])
        assert one.mode == "latent" and one.count == 1 and one.truncation == 0.9
        assert list(one.latents[0]) == items[k]["latent"]
        _, _, alone = run_job(one, cache)
        assert np.array_equal(alone[0], images[k]), k
    # strength 0: every variation is the picture itself
    _, _, same = run_job(dataclasses.replace(s, strength=0.0, count=3), cache)
    _, _, itself = run_job(spec(folder, mode="latent", latents=(base,), truncation=0.9), cache)
    assert all(np.array_equal(im, itself[0]) for im in same)


@pytest.mark.parametrize("kind", ["gan", "vae"])
def test_interpolation_frames_and_their_own_specs(kind, tiny_gan_folder, tiny_vae_folder, gan_latents, vae_latents,
                                                   cache):
    folder = model_of(kind, tiny_gan_folder, tiny_vae_folder)
    a, b = gan_latents if kind == "gan" else vae_latents
    s = spec(folder, mode="interpolate", latents=(a, b), frames=6, count=1)
    _, res, images = run_job(s, cache)
    assert images.shape[0] == 6                                # frames, not count
    items = res.data["items"]
    assert [it["label"] for it in items] == [f"frame {i}/6" for i in range(1, 7)]
    _, _, ends = run_job(spec(folder, mode="latent", latents=(a, b)), cache)
    assert np.array_equal(images[0], ends[0]) and np.array_equal(images[-1], ends[1])
    for k in (1, 4):
        _, _, alone = run_job(spec_from_dict(items[k]["spec"]), cache)
        assert np.array_equal(alone[0], images[k]), k
    # slerp keeps the norm of Gaussian latents typical (a straight line would shrink it in the middle)
    norms = [float(np.linalg.norm(it["latent"])) for it in items]
    assert min(norms) > 0.9 * min(norms[0], norms[-1])


def test_latent_mode_decodes_the_latents_as_given(tiny_gan_folder, gan_latents, cache):
    _, res, images = run_job(spec(tiny_gan_folder, count=2, seed=100), cache)
    _, res2, again = run_job(spec(tiny_gan_folder, mode="latent", latents=tuple(gan_latents)), cache)
    assert np.array_equal(images, again)
    assert [it["latent"] for it in res2.data["items"]] == [list(x) for x in gan_latents]
    assert [spec_from_dict(it["spec"]).latents for it in res2.data["items"]] == [(x,) for x in gan_latents]


def test_encode_with_the_vae_and_its_own_specs(tiny_vae_folder, shapes_folder, cache):
    from aigc_studio.core.assets.images import load_image, to_model_array
    from aigc_studio.core.models.checkpoint import load_model_folder

    src = shapes_folder / "shape-003.png"
    s = spec(tiny_vae_folder, mode="encode", source=str(src), count=4, seed=8, strength=0.6)
    _, res, images = run_job(s, cache)
    items = res.data["items"]
    assert images.shape[0] == 4 and [it["label"] for it in items] == ["reconstruction", "variation 1",
                                                                       "variation 2", "variation 3"]
    model = load_model_folder(tiny_vae_folder)[0]
    mu, _ = model.encode(torch.from_numpy(to_model_array(load_image(src), 16)).unsqueeze(0))
    assert torch.allclose(torch.tensor(items[0]["latent"]), mu[0].detach(), atol=1e-5)
    for k in (0, 3):
        one = spec_from_dict(items[k]["spec"])
        assert one.mode == "latent" and one.source == ""
        _, _, alone = run_job(one, cache)
        assert np.array_equal(alone[0], images[k]), k
    _, _, again = run_job(s, cache)
    assert np.array_equal(again, images)
    _, _, one_only = run_job(dataclasses.replace(s, count=1), cache)
    assert np.array_equal(one_only[0], images[0])


def test_encode_works_with_an_rgb_vae(tmp_path, shapes_folder, cache):
    folder, _ = build_tiny_vae(tmp_path / "rgb-vae", "rgb-vae", channels=3)
    _, res, images = run_job(spec(folder, mode="encode", source=str(shapes_folder / "shape-000.png"), count=2),
                             cache)
    assert images.shape[0] == 2 and len(res.data["items"][0]["latent"]) == 8


def test_best_of_keeps_the_top_count_sorted_by_score(tiny_gan_folder, cache):
    s = spec(tiny_gan_folder, mode="best_of", best_of=12, count=4, seed=20, truncation=0.9)
    events, res, images = run_job(s, cache)
    items = res.data["items"]
    scores = [it["score"] for it in items]
    assert len(items) == 4 and images.shape[0] == 4 and scores == sorted(scores, reverse=True)
    # the discriminator's scores of all 12, judged the same way (one batch)
    model = cache.get(str(tiny_gan_folder), torch.device("cpu")).model
    with torch.inference_mode():
        zs = torch.cat([model.noise(20 + i, 1) for i in range(12)])
        all_scores = model.score(model.sample(zs, 0.9)).tolist()
    best = sorted(range(12), key=lambda i: (-all_scores[i], i))[:4]
    assert [spec_from_dict(it["spec"]).seed for it in items] == [20 + i for i in best]
    assert scores == [round(all_scores[i], 4) for i in best]
    for k, it in enumerate(items):
        one = spec_from_dict(it["spec"])
        assert one.mode == "sample" and one.count == 1 and one.truncation == 0.9 and it["label"].startswith("score")
        _, _, alone = run_job(one, cache)
        assert np.array_equal(alone[0], images[k]), k
    progress = [e for e in events if isinstance(e, Progress)]
    assert (progress[-1].done, progress[-1].total) == (12, 12)


def test_best_of_judges_every_image_in_the_discriminators_groups(tiny_gan_folder, cache):
    # 13 images: the discriminator's minibatch-std groups (4) do not divide 13, so 3 extra samples fill the batch
    # (judged alone or in a prime-sized batch, the images would lose that feature and be judged on another footing)
    _, res, _ = run_job(spec(tiny_gan_folder, mode="best_of", best_of=13, count=13, seed=0), cache)
    model = cache.get(str(tiny_gan_folder), torch.device("cpu")).model
    assert model.config.mbstd_group == 4
    with torch.inference_mode():
        padded = model.score(model.sample(torch.cat([model.noise(i, 1) for i in range(16)]))).tolist()
    by_seed = {spec_from_dict(it["spec"]).seed: it["score"] for it in res.data["items"]}
    assert by_seed == {i: round(padded[i], 4) for i in range(13)}


# ------------------------------------------------------------------------------------------------ cancelling

def test_a_cancelled_job_returns_the_images_made_so_far(tiny_gan_folder, cache):
    ctx = JobContext(device=torch.device("cpu"), models=cache)

    def cancel_after_first_preview(ev):
        if isinstance(ev, ImagePreview):
            ctx.cancel()

    events, res, images = run_job(spec(tiny_gan_folder, count=20, seed=0), cache, cancel_after_first_preview, ctx)
    assert images.shape[0] == 4 and len(res.data["items"]) == 4
    assert res.data["stopped"] == "cancelled"
    assert any(isinstance(e, Log) and "Stopped after 4 of 20" in e.message for e in events)
    _, _, full = run_job(spec(tiny_gan_folder, count=4, seed=0), cache)
    assert np.array_equal(images, full)

    ctx2 = JobContext(device=torch.device("cpu"), models=cache)
    ctx2.cancel()
    _, res2, none = run_job(spec(tiny_gan_folder, count=3), cache, ctx=ctx2)
    assert none.shape[0] == 0 and res2.data["items"] == [] and res2.data["stopped"] == "cancelled"


def test_a_cancelled_best_of_keeps_the_best_of_those_judged(tiny_gan_folder, cache, monkeypatch):
    from aigc_studio.core.jobs import image as image_job
    monkeypatch.setattr(image_job, "SCORE_BATCH", 5)
    ctx = JobContext(device=torch.device("cpu"), models=cache)

    def cancel_after_first_batch(ev):
        if isinstance(ev, Progress):
            ctx.cancel()

    events, res, images = run_job(spec(tiny_gan_folder, mode="best_of", best_of=15, count=3, seed=0), cache,
                                  cancel_after_first_batch, ctx)
    seeds = [spec_from_dict(it["spec"]).seed for it in res.data["items"]]
    assert len(seeds) == 3 and all(0 <= s < 5 for s in seeds) and images.shape[0] == 3
    assert res.data["stopped"] == "cancelled"
    assert any(isinstance(e, Log) and "judging 5 of 15" in e.message for e in events)


# ------------------------------------------------------------------------------------------------ bad input

@pytest.mark.parametrize("kw, words", [
    ({"count": 0}, "number of results"), ({"count": 65}, "number of results"), ({"seed": -1}, "seed"),
    ({"seed": 2**32}, "seed"), ({"truncation": 3.0}, "Truncation"), ({"truncation": float("nan")}, "Truncation"),
    ({"mode": "interpolate", "frames": 1, "latents": ((0.0,) * 8, (1.0,) * 8)}, "frames"),
    ({"mode": "interpolate", "latents": ((0.0,) * 8,)}, "two"), ({"mode": "variations"}, "Select"),
    ({"mode": "latent", "latents": ((0.0, float("inf")),)}, "damaged"), ({"mode": "encode"}, "file to encode"),
    ({"mode": "dream"}, "Unknown mode"), ({"strength": 2.5}, "strength"), ({"directions": (11.0,)}, "Slider"),
    ({"directions": (0.0,) * 17}, "Slider"), ({"best_of": 0}, "Best of"),
    ({"mode": "best_of", "best_of": 3, "count": 4}, "at most N"), ({"device": "tpu"}, "device"),
    ({"model": " "}, "Choose a model")])
def test_invalid_specs_are_refused_before_loading_anything(kw, words, tiny_gan_folder):
    class NoModels:
        def get(self, *a):
            raise AssertionError("a model was loaded")

    s = spec(tiny_gan_folder, **kw)
    with pytest.raises(InvalidParameters) as ei:
        s.validate()
    assert words in str(ei.value)
    with pytest.raises(InvalidParameters):
        drive(get_runner("image")(s, JobContext(device=torch.device("cpu"), models=NoModels())))


@pytest.mark.parametrize("mode", ["variations", "interpolate", "latent"])
def test_a_latent_from_another_model_is_refused(mode, tiny_gan_folder, gan_latents, cache):
    short = tuple(gan_latents[0][:5])
    latents = (short,) if mode != "interpolate" else (gan_latents[0], short)
    with pytest.raises(UserError, match="has 5 numbers but this model's latent has 8"):
        run_job(spec(tiny_gan_folder, mode=mode, latents=latents), cache)


def test_a_latent_with_the_wrong_nesting_is_refused_in_words(tiny_gan_folder, cache):
    nested = (tuple((float(i), float(i)) for i in range(4)),)           # a (4, 2) matrix, not a vector
    with pytest.raises(UserError, match="latent"):
        run_job(spec(tiny_gan_folder, mode="latent", latents=nested), cache)


def test_encode_needs_a_vae(tiny_gan_folder, shapes_folder, cache):
    with pytest.raises(UserError, match="needs a VAE"):
        run_job(spec(tiny_gan_folder, mode="encode", source=str(shapes_folder / "shape-000.png")), cache)


def test_best_of_needs_a_gan(tiny_vae_folder, cache):
    with pytest.raises(UserError, match="GAN's discriminator"):
        run_job(spec(tiny_vae_folder, mode="best_of", best_of=8), cache)


def test_a_text_model_is_not_an_image_model(tiny_char_folder, cache):
    with pytest.raises(UserError, match="not an image model"):
        run_job(ImageSpec(model=str(tiny_char_folder), count=1), cache)


def test_an_unknown_model_is_a_model_error(cache):
    with pytest.raises(ModelError, match="Unknown model 'no-such-gan'"):
        run_job(ImageSpec(model="no-such-gan", count=1), cache)


@pytest.mark.parametrize("which, words", [("text", "is a text file, not an image"),
                                          ("truncated", "damaged or incomplete"),
                                          ("bomb", "too large"), ("empty", "is empty"),
                                          ("zip", "ZIP archive"), ("missing", "was not found"),
                                          ("folder", "is a folder")])
def test_bad_source_files_for_encode_are_refused_with_a_message(which, words, tmp_path, tiny_vae_folder, cache):
    files = write_bad_pictures(tmp_path / "bad")
    files["missing"] = tmp_path / "bad" / "gone.png"
    files["folder"] = tmp_path / "bad"
    src = files[which]
    with pytest.raises(UserError) as ei:
        run_job(spec(tiny_vae_folder, mode="encode", source=str(src)), cache)
    assert words in str(ei.value) and f"“{src.name}”" in str(ei.value)


def test_a_tiny_source_picture_is_refused(tmp_path, tiny_vae_folder, cache):
    from PIL import Image
    Image.new("RGBA", (4, 4), (255, 0, 0, 255)).save(tmp_path / "dot.png")
    with pytest.raises(UserError, match="too small"):
        run_job(spec(tiny_vae_folder, mode="encode", source=str(tmp_path / "dot.png")), cache)


def test_seeds_past_the_largest_wrap_around_so_every_image_keeps_a_valid_spec(tiny_gan_folder, cache):
    from aigc_studio.core.base.specs import SEED_MAX
    _, res, images = run_job(spec(tiny_gan_folder, count=3, seed=SEED_MAX), cache)
    specs = [spec_from_dict(it["spec"]) for it in res.data["items"]]
    assert [s.seed for s in specs] == [SEED_MAX, 0, 1]
    for s, im in zip(specs, images):
        _, _, alone = run_job(s.validate(), cache)
        assert np.array_equal(alone[0], im)
    _, res, images = run_job(spec(tiny_gan_folder, mode="best_of", best_of=4, count=4, seed=SEED_MAX - 1), cache)
    assert sorted(spec_from_dict(it["spec"]).validate().seed for it in res.data["items"]) == [0, 1, SEED_MAX - 1,
                                                                                            SEED_MAX]
