"""Regular poems by constrained decoding (core/models/poem_form.py) and the text job's ``form`` setting."""
from __future__ import annotations

import pytest
import torch

from aigc_studio.core.base.errors import InvalidParameters
from aigc_studio.core.base.events import TextDelta
from aigc_studio.core.base.specs import TEXT_FORMS, TextSpec, spec_from_json, spec_to_json
from aigc_studio.core.jobs import get_runner
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.jobs.driver import collect as drive
from aigc_studio.core.models.poem_form import (AUTO, FORMS, FREE, PoemConstraint, PoemFormError, PoemState,
                                               canonical_form, check_poem, normalise_prompt)
from aigc_studio.core.models.registry import ModelCache
from aigc_studio.core.models.tokenizers import CharTokenizer

pytestmark = pytest.mark.usefixtures("one_thread")

MODEL = "tang-poems-zh"
FIXED = [f for f in FORMS if f not in (FREE, AUTO)]
PROMPTS = {                       # each kind of thing a user types
    "nothing": "",
    "title": "春夜",
    "title_line": "春夜\n",
    "first_line_5": "床前明月光，",
    "first_line_7": "朝辞白帝彩云间，",
    "bare_verse_5": "床前明月光",
    "couplet_5": "床前明月光，疑是地上霜。",
    "title_couplet_7": "早发白帝城\n朝辞白帝彩云间，千里江陵一日还。",
}


def fits(prompt: str, form: str) -> bool:
    metre = FORMS[form][0]
    if metre is None or prompt in ("", "春夜", "春夜\n", "床前明月光"):   # a bare line of another metre: a title
        return True
    return ("床前" in prompt) == (metre == 5)


def test_forms_match_the_spec_choices():
    assert tuple(FORMS) == TEXT_FORMS
    assert canonical_form("七言律诗") == "qiyan-lushi" and canonical_form("AUTO") == "auto"


def test_normalise_each_kind_of_prompt():
    n = normalise_prompt("春夜", AUTO)
    assert (n.model_prompt, n.shown_suffix, n.kind) == ("春夜\n", "\n", "title")
    n = normalise_prompt("春夜\n", "wuyan-jueju")
    assert (n.model_prompt, n.shown_suffix, n.state.metre) == ("春夜\n", "", 5)
    n = normalise_prompt("床前明月光，", AUTO)            # a first line: the body form without a title
    assert n.model_prompt.endswith("床前明月光，") and "\n床前" in n.model_prompt
    assert (n.state.metre, n.state.done_verses, n.shown_suffix) == (5, 1, "")
    n = normalise_prompt("床前明月光", AUTO)              # a 5-character line without its comma is a verse
    assert n.model_prompt.endswith("床前明月光，") and n.state.done_verses == 1
    n = normalise_prompt("床前明月光,疑是地上霜.", AUTO)   # ASCII punctuation
    assert n.model_prompt.endswith("床前明月光，疑是地上霜。\n") and n.shown_suffix == "\n"
    assert n.state.done_verses == 2
    n = normalise_prompt("", "qiyan-jueju")
    assert n.kind == "empty" and n.state.in_title and n.state.metre == 7
    poem = "静夜思\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。"
    n = normalise_prompt(poem, AUTO)                     # a finished poem: Continue starts the next one
    assert n.kind == "next" and n.shown_suffix == "\n\n" and n.state.in_title
    assert n.model_prompt == poem + "\n\n"
    n = normalise_prompt(poem + "\n\n", "wuyan-jueju")
    assert n.kind == "next" and n.shown_suffix == ""
    n = normalise_prompt(poem, "wuyan-lushi")            # half a 律诗: it goes on
    assert n.kind == "body" and n.state.done_verses == 4


@pytest.mark.parametrize("prompt,form", [("床前明月光，", "qiyan-jueju"), ("床前明月光。", "wuyan-jueju"),
                                         ("床前明月，", AUTO), ("床前明月光照我，", "wuyan-lushi"),
                                         ("床前明月光明亮之夜，", AUTO)])
def test_prompts_that_break_the_form_are_refused(prompt, form):
    with pytest.raises(PoemFormError) as e:
        normalise_prompt(prompt, form)
    assert e.value.template.format(**e.value.params) == str(e.value)


def _char_tok():
    han = [chr(c) for c in range(0x4E00, 0x4E00 + 300)]
    return CharTokenizer(["\n", " ", "，", "。", "a", "b", "、", "“"] + han)


@pytest.mark.parametrize("form", list(FORMS)[1:])
@pytest.mark.parametrize("start", ["", "春夜", "一丁七万丈，", "一丁七万丈三上，"])
def test_constraint_holds_against_adversarial_logits(form, start):
    """Random logits that favour punctuation, letters and new lines: the form is still met, every time."""
    tok = _char_tok()
    try:
        norm = normalise_prompt(start, form)
    except PoemFormError:
        assert FORMS[form][0] not in (None, len(start) - 1)
        return
    gen = torch.Generator().manual_seed(7)
    bias = torch.zeros(tok.vocab_size)
    bias[:8] = 4.0                      # the non-Han tokens are the likeliest
    for _ in range(25):
        c = PoemConstraint(tok, norm.state)
        out = []
        for _ in range(200):
            logits = torch.randn(tok.vocab_size, generator=gen) * 3 + bias
            c.apply(logits)
            t = int(torch.multinomial(torch.softmax(logits, -1), 1, generator=gen))
            c.advance(t)
            out.append(tok.vocab[t])
            if c.finished:
                break
        assert c.finished
        text = norm.model_prompt + "".join(out)
        poem = text.strip("\n").split("\n\n")[-1]
        verses = (FORMS[form][1],) if FORMS[form][1] else (4, 8)
        ok, why = check_poem(poem, FORMS[form][0], verses)
        assert ok, (why, poem)


def test_check_poem():
    assert check_poem("静夜思\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。")[0]
    assert not check_poem("床前明月光，疑是地上霜。")[0]
    assert not check_poem("床前明月光，疑是地上霜。\n举头望明月，低头思故乡")[0]
    assert not check_poem("床前明月光，疑是地上霜。\n举头望明月，低头思故乡。", metre=7)[0]


def test_constraint_needs_a_character_tokenizer():
    class Bpe:
        type = "bpe"
    with pytest.raises(ValueError):
        PoemConstraint(Bpe(), PoemState())


# --------------------------------------------------------------------------- the job, with the shipped model

@pytest.fixture(scope="module")
def cache():
    return ModelCache()


def run_text(cache, **kw):
    base = dict(prompt="", model=MODEL, max_new_tokens=40, temperature=0.8, top_k=40, top_p=0.95,
                repetition_penalty=1.1, seed=1, stop=("\n\n",))
    spec = TextSpec(**{**base, **kw})
    ctx = JobContext(device=torch.device("cpu"), models=cache)
    return drive(get_runner("text")(spec, ctx))


def body_of(prompt: str, text: str) -> str:
    return (prompt + text).strip("\n").split("\n\n")[-1]


@pytest.mark.parametrize("form", list(FORMS)[1:])
@pytest.mark.parametrize("kind", list(PROMPTS))
def test_every_form_with_every_prompt_kind(cache, form, kind):
    prompt = PROMPTS[kind]
    if not fits(prompt, form):
        with pytest.raises(InvalidParameters) as e:
            run_text(cache, prompt=prompt, form=form)
        assert e.value.problems[0].field == "prompt"
        return
    metre, verses = FORMS[form]
    for seed in (1, 2):
        events, result = run_text(cache, prompt=prompt, form=form, seed=seed)
        ok, why = check_poem(body_of(prompt, result.text), metre, (verses,) if verses else (4, 8))
        assert ok, (why, prompt, result.text)
        assert result.data["stopped"] == "stop"
        assert result.text.endswith("。")
        assert "".join(e.text for e in events if isinstance(e, TextDelta)) == result.text


def test_auto_keeps_the_first_verse_metre_over_many_seeds(cache):
    for seed in range(12):
        for prompt in ("秋夕", "朝辞白帝彩云间，"):
            _, result = run_text(cache, prompt=prompt, form=AUTO, seed=seed)
            poem = body_of(prompt, result.text)
            ok, why = check_poem(poem)
            assert ok, (why, poem)
            if "朝辞" in prompt:
                assert check_poem(poem, 7)[0]


def test_greedy_same_spec_same_poem_and_spec_round_trip(cache):
    a = run_text(cache, prompt="春夜", form="qiyan-jueju", temperature=0.0, seed=1)[1]
    b = run_text(cache, prompt="春夜", form="qiyan-jueju", temperature=0.0, seed=99)[1]
    assert a.text == b.text and check_poem("春夜" + a.text, 7, (4,))[0]
    s = TextSpec(prompt="", form="wuyan-lushi")
    assert spec_from_json(spec_to_json(s)) == s
    assert TextSpec(prompt="x").form == FREE            # saved settings without a form keep today's behaviour


def test_continue_after_a_finished_poem_starts_the_next(cache):
    _, first = run_text(cache, prompt="春夜", form="wuyan-jueju", seed=3)
    text = "春夜" + first.text
    _, nxt = run_text(cache, prompt=text, form="wuyan-jueju", seed=4)
    assert nxt.text.startswith("\n\n") and nxt.text.strip()
    title, *body = nxt.text.strip("\n").split("\n")
    assert title and "，" not in title
    assert check_poem(nxt.text.strip("\n"), 5, (4,))[0]


def test_cancel_keeps_partial_poem(cache):
    ctx = JobContext(device=torch.device("cpu"), models=cache)
    seen = []

    def on_event(ev):
        if isinstance(ev, TextDelta):
            seen.append(ev.text)
            if len(seen) == 5:
                ctx.cancel()
    spec = TextSpec(prompt="春夜", model=MODEL, form="qiyan-lushi", seed=2, stop=("\n\n",))
    _, result = drive(get_runner("text")(spec, ctx), on_event)
    assert result.data["stopped"] == "cancelled" and result.text == "".join(seen)


def test_validation():
    assert TextSpec(prompt="", form="auto").problems() == []
    assert [p.field for p in TextSpec(prompt="", form="free").problems()] == ["prompt"]
    assert [p.field for p in TextSpec(prompt="x", form="sonnet").problems()] == ["form"]


def test_form_on_a_model_without_forms_is_refused(cache):
    with pytest.raises(InvalidParameters) as e:
        run_text(cache, prompt="Hello", model="fortunes-en", form="auto")
    assert e.value.problems[0].field == "form"


def test_even_verses_rhyme_with_the_second(cache):
    """With the model folder's rhymes.json, verses 4, 6 and 8 end in verse 2's rhyme group, whatever is typed."""
    from aigc_studio.core.models.poem_form import load_rhymes
    from aigc_studio.core.models.registry import resolve
    table = load_rhymes(resolve(MODEL).path)
    assert len(table) > 3000
    for seed in range(6):
        for prompt, form in (("春夜", "wuyan-lushi"), ("朝辞白帝彩云间，千里江陵一日还。", AUTO), ("", "qiyan-jueju")):
            _, result = run_text(cache, prompt=prompt, form=form, seed=seed)
            poem = body_of(prompt, result.text)
            assert check_poem(poem)[0], poem
            lines = poem.split("\n")
            if lines and "，" not in lines[0]:
                lines = lines[1:]
            verses = [v for v in "".join(lines).replace("。", "，").split("，") if v]
            key = table[verses[1][-1]]
            assert all(table.get(v[-1]) == key for v in verses[3::2]), poem


def test_rhyme_mask_only_at_even_verse_ends():
    tok = _char_tok()
    rh = {c: ("a" if i % 2 else "b") for i, c in enumerate(tok.vocab) if "\u4e00" <= c <= "\u9fff"}
    st = normalise_prompt("一丁七万丈，三上下不与。", "wuyan-jueju").state
    c = PoemConstraint(tok, st, rh)
    assert c.state.rhyme == "与"
    for ch in "专且丕世":      # verse 3: no rhyme
        assert c.rhyme_group() is None
        c.advance(tok.stoi[ch])
    c.advance(tok.stoi["丘"])
    c.advance(tok.stoi["，"])
    for ch in "丙业丛东":
        assert c.rhyme_group() == rh["与"] or c.state.pos < 4
        c.advance(tok.stoi[ch])
    han, _ = c.allowed()
    assert han == rh["与"]


def test_cli_form(capsys):
    from aigc_studio.cli import run_cli
    assert run_cli(["generate", "text", "--prompt", "春夜", "--form", "七言绝句", "--seed", "2", "--no-save"]) == 0
    out = capsys.readouterr().out.strip("\n")
    assert check_poem(out, 7, (4,))[0], out
    # default for a poem model: auto, so a first line gives a whole poem
    assert run_cli(["generate", "text", "--prompt", "床前明月光，", "--seed", "2", "--no-save"]) == 0
    out = capsys.readouterr().out.strip("\n")
    assert check_poem(out, 5)[0], out
    assert run_cli(["generate", "text", "--prompt", "春夜", "--form", "sonnet", "--no-save"]) == 2
    assert "form" in capsys.readouterr().err
