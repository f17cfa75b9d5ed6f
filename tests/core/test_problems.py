"""Problems as data: every spec names the field and a stable code of each problem, with an English template (the
translation key) and its arguments; InvalidParameters carries them and reads as the joined English text."""
from __future__ import annotations

import pytest

from aigc_studio.core.base.errors import InvalidParameters, Problem, as_problem, user_message
from aigc_studio.core.base.options import Options
from aigc_studio.core.base.settings import Settings
from aigc_studio.core.base.specs import (SEED_MAX, SPEC_TYPES, AudioSpec, ImageSpec, TextSpec, spec_from_dict,
                                         spec_from_json)


def by_field(spec) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in spec.problems():
        assert isinstance(p, Problem), p
        out.setdefault(p.field, []).append(p.code)
    return out


def test_problem_text_fills_the_template():
    p = Problem("mode", "choice", "Unknown mode '{mode}': one of {modes}.", {"mode": "x", "modes": "a, b"})
    assert p.text == str(p) == "Unknown mode 'x': one of a, b."
    assert Problem("", "other", "Braces {stay} without args.").text == "Braces {stay} without args."
    assert as_problem("plain words") == Problem("", "other", "plain words")
    assert as_problem(p) is p


def test_valid_specs_have_no_problems():
    assert TextSpec(prompt="x").problems() == []
    assert ImageSpec().problems() == []
    assert AudioSpec().problems() == []
    assert SPEC_TYPES["text"] is TextSpec and SPEC_TYPES["image"] is ImageSpec and SPEC_TYPES["audio"] is AudioSpec


@pytest.mark.parametrize("kwargs, field, code", [
    ({"prompt": "  "}, "prompt", "empty"),
    ({"max_new_tokens": 0}, "max_new_tokens", "range"),
    ({"temperature": 5.5}, "temperature", "range"),
    ({"top_k": -1}, "top_k", "range"),
    ({"top_p": 0.0}, "top_p", "range"),
    ({"repetition_penalty": 0.5}, "repetition_penalty", "range"),
    ({"seed": SEED_MAX + 1}, "seed", "range"),
    ({"model": ""}, "model", "empty"),
    ({"device": "tpu"}, "device", "choice"),
    ({"stop": ("",)}, "stop", "empty"),
])
def test_text_spec_problem_fields_and_codes(kwargs, field, code):
    assert by_field(TextSpec(**{"prompt": "x", **kwargs})) == {field: [code]}


@pytest.mark.parametrize("kwargs, field, code", [
    ({"model": " "}, "model", "empty"),
    ({"mode": "dream"}, "mode", "choice"),
    ({"count": 0}, "count", "range"),
    ({"seed": -1}, "seed", "range"),
    ({"strength": 3.0}, "strength", "range"),
    ({"frames": 1}, "frames", "range"),
    ({"directions": (11.0,)}, "directions", "range"),
    ({"mode": "encode"}, "source", "empty"),
    ({"device": "gpu"}, "device", "choice"),
    ({"truncation": -0.1}, "truncation", "range"),
    ({"best_of": 0}, "best_of", "range"),
    ({"mode": "best_of", "count": 9, "best_of": 8}, "best_of", "too_few"),
    ({"mode": "variations"}, "latents", "missing"),
    ({"latents": ((float("nan"),),)}, "latents", "damaged"),
    ({"latents": ((0.0,),) * 65}, "latents", "too_many"),
])
def test_image_spec_problem_fields_and_codes(kwargs, field, code):
    assert by_field(ImageSpec(**kwargs)) == {field: [code]}


@pytest.mark.parametrize("kwargs, field, code", [
    ({"seconds": 20.0}, "seconds", "range"),
    ({"temperature": 2.5}, "temperature", "range"),
    ({"mode": "interpolate", "latents": ((0.0,),)}, "latents", "missing"),
    ({"count": 100}, "count", "range"),
])
def test_audio_spec_problem_fields_and_codes(kwargs, field, code):
    assert by_field(AudioSpec(**kwargs)) == {field: [code]}


def test_messages_keep_their_english_words():
    (p,) = TextSpec(prompt="x", seed=-1).problems()
    assert p.text == "The seed must be between 0 and 4294967295." and not p.args
    (p,) = ImageSpec(mode="dream").problems()
    assert p.message == "Unknown mode '{mode}': one of {modes}."
    assert p.args == {"mode": "dream", "modes": "sample, variations, interpolate, latent, encode, best_of"}
    assert [p.text for p in AudioSpec(mode="variations").problems()] == ["Select a sound first."]
    assert [p.text for p in ImageSpec(mode="interpolate", latents=((1.0,),)).problems()] == \
        ["Select two images to interpolate between."]


def test_a_value_of_the_wrong_type_is_a_problem_of_its_field():
    problems = ImageSpec(strength="high", count=0).problems()
    assert [(p.field, p.code) for p in problems] == [("count", "range"), ("strength", "wrong_type")]
    wrong = problems[1]
    assert wrong.message == "A setting has a value of the wrong type ({error})."
    assert wrong.text.startswith("A setting has a value of the wrong type (") and "str" in wrong.text
    assert by_field(TextSpec(prompt="x", stop=5)) == {"stop": ["wrong_type"]}
    assert by_field(AudioSpec(directions=3)) == {"directions": ["wrong_type"]}
    assert by_field(ImageSpec(latents=(5,))) == {"latents": ["wrong_type"]}
    with pytest.raises(InvalidParameters) as ei:
        TextSpec(prompt="x", temperature="hot").validate()
    assert [p.field for p in ei.value.problems] == ["temperature"]


def test_invalid_parameters_carries_problems_and_reads_as_english():
    with pytest.raises(InvalidParameters) as ei:
        TextSpec(prompt="", max_new_tokens=0).validate()
    err = ei.value
    assert all(isinstance(p, Problem) for p in err.problems)
    assert [(p.field, p.code) for p in err.problems] == [("prompt", "empty"), ("max_new_tokens", "range")]
    assert str(err) == ("The prompt is empty: type a few words to start from.; "
                        "Max new tokens must be between 1 and 4096.")
    assert user_message(err) == str(err)
    mixed = InvalidParameters([Problem("seed", "range", "Seed {n} is bad.", {"n": 3}), "plain words"])
    assert str(mixed) == "Seed 3 is bad.; plain words"
    assert mixed.problems[1] == Problem("", "other", "plain words")


def test_restoring_specs_reports_problems():
    with pytest.raises(InvalidParameters) as ei:
        spec_from_dict({"kind": "teleport"})
    assert [(p.field, p.code) for p in ei.value.problems] == [("kind", "unknown")]
    with pytest.raises(InvalidParameters) as ei:
        spec_from_json("{not json")
    assert [p.code for p in ei.value.problems] == ["not_json"]
    with pytest.raises(InvalidParameters) as ei:
        spec_from_dict({"kind": "text"})          # the prompt is missing
    (p,) = ei.value.problems
    assert p.code == "incomplete" and p.text.startswith("The saved settings are incomplete (") and "prompt" in p.text


def test_settings_problems_name_their_field():
    s = Settings(output_dir="/tmp/x")
    assert s.problems() == []
    bad = s.replace(device="tpu", language="fr")
    assert [(p.field, p.code) for p in bad.problems()] == [("device", "invalid"), ("language", "invalid")]


def test_options_problems_are_problems():
    from dataclasses import dataclass

    @dataclass
    class Steps(Options):
        WHAT = "step options"
        steps: int = 1

        def _problems(self):
            return [Problem("steps", "range", "Steps must be at least 1.")] if self.steps < 1 else []

    @dataclass
    class Legacy(Options):
        steps: int = 1

        def _problems(self):
            return ["Steps must be at least 1."] if self.steps < 1 else []

    assert Steps().problems() == []
    assert Steps(steps=0).problems() == [Problem("steps", "range", "Steps must be at least 1.")]
    assert Legacy(steps=0).problems() == [Problem("", "other", "Steps must be at least 1.")]
    (wrong,) = Steps(steps="many").problems()
    assert wrong.code == "wrong_type" and wrong.text.startswith("A step option has a value of the wrong type (")
