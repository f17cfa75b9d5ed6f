#!/usr/bin/env python3
"""Evaluate tang-poems-zh as a user meets it: whole regular poems from what people type, before and after the
poem forms (core/models/poem_form.py). Writes the figures into the model's card.json (``metrics``, keys
``poems_*``), regenerates its README.md and writes docs/poems.md (before/after samples).

    pip install -e '.[eval]'                       # pypinyin (rhyme rate only; not a runtime dependency)
    python scripts/data/prep_text_data.py tang     # data/tang-poems-zh/{train,heldout}.txt, if not there
    python scripts/eval/eval_poems.py              # about 5 minutes on one CPU thread
    python scripts/eval/eval_poems.py --no-write --n 10

Prompts: the titles of the first 100 held-out poems, typed bare (``春夜``), and the first verses of the next 100,
typed with their comma (``床前明月光，``): the held-out split (~2 %, a stable hash) was never trained on. Each
prompt goes through the studio's own text job (same normalisation, sampling defaults and stop string as the Text
panel: temperature 0.8, top-k 40, top-p 0.95, repetition penalty 1.1, stop at a blank line, 200 new tokens) with
the form ``free`` (before: the prompt as typed) and ``auto`` (after), seed = the prompt's index.

- Whole regular poem: the poem the user sees (prompt + text, last record) has 4 or 8 verses, all 5 or all 7 Han
  characters, ，after odd verses, 。after even ones, one couplet a line, and ends on 。 (``poem_form.check_poem``).
- Rhyme rate: over the poems' even verses after the second, the fraction whose last character's pinyin final is
  in the same rhyme group as the second verse's (the 13 groups of 十三辙 over modern finals; pypinyin's most
  common reading). The training poems' own rate over the same verses is reported beside it.
- Distinct-2: distinct character bigrams inside generated verses / all such bigrams (pooled); the held-out
  poems' own figure for the same number of poems beside it.
- Held-out loss: nats per character over the whole held-out set (the model is the same before and after).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from aigc_studio.core.base.atomic import atomic_write_text as _write_atomic  # noqa: E402
from aigc_studio.core.base.specs import TextSpec  # noqa: E402
from aigc_studio.core.jobs import get_runner  # noqa: E402
from aigc_studio.core.jobs.context import JobContext  # noqa: E402
from aigc_studio.core.jobs.driver import collect  # noqa: E402
from aigc_studio.core.models.checkpoint import CARD_FILE, README_FILE  # noqa: E402
from aigc_studio.core.models.poem_form import check_poem, is_han  # noqa: E402
from aigc_studio.core.models.readme import render_readme  # noqa: E402
from aigc_studio.core.models.registry import ModelCache  # noqa: E402

MODEL = "tang-poems-zh"
SAMPLING = dict(temperature=0.8, top_k=40, top_p=0.95, repetition_penalty=1.1, max_new_tokens=200, stop=("\n\n",))
RHYME_GROUPS = {   # 十三辙: modern finals -> rhyme group (both pypinyin spellings: iu/iou, ui/uei, un/uen)
    "a": "a", "ia": "a", "ua": "a",
    "o": "o", "e": "o", "uo": "o",
    "ie": "ie", "ve": "ie", "üe": "ie", "ue": "ie",
    "i": "i", "v": "i", "ü": "i", "er": "i",
    "u": "u",
    "ai": "ai", "uai": "ai",
    "ei": "ei", "ui": "ei", "uei": "ei",
    "ao": "ao", "iao": "ao",
    "ou": "ou", "iu": "ou", "iou": "ou",
    "an": "an", "ian": "an", "uan": "an", "van": "an", "üan": "an",
    "en": "en", "in": "en", "un": "en", "uen": "en", "vn": "en", "ün": "en",
    "ang": "ang", "iang": "ang", "uang": "ang",
    "eng": "eng", "ing": "eng", "ong": "eng", "iong": "eng", "ueng": "eng",
}


def rhyme_group(ch: str):
    from pypinyin import Style, pinyin
    fin = pinyin(ch, style=Style.FINALS, strict=False)[0][0]
    return RHYME_GROUPS.get(fin)


def verses_of(poem: str) -> list[str]:
    lines = poem.strip("\n").split("\n")
    if lines and not any(c in lines[0] for c in "，。"):
        lines = lines[1:]
    return [v for v in re.split(r"[，。]", "".join(lines)) if v]


def rhyme_counts(poems: list[str]) -> tuple[int, int]:
    """(even verses after the 2nd in the 2nd verse's rhyme group, such verses) over ``poems``."""
    hit = n = 0
    for p in poems:
        vs = verses_of(p)
        if len(vs) < 4:
            continue
        key = rhyme_group(vs[1][-1])
        for v in vs[3::2]:
            n += 1
            hit += int(key is not None and rhyme_group(v[-1]) == key)
    return hit, n


def distinct2(texts: list[str]) -> float:
    grams = []
    for t in texts:
        for v in re.split(r"[，。\n]", t):
            v = "".join(c for c in v if is_han(c))
            grams += [v[i:i + 2] for i in range(len(v) - 1)]
    return len(set(grams)) / max(1, len(grams))


def records(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    return [r.strip("\n").split("\n") for r in text.split("\n\n") if r.strip()]


def shown_poem(prompt: str, text: str) -> str:
    """The last poem of what the user sees."""
    return (prompt + text).strip("\n").split("\n\n")[-1]


def run_one(cache, prompt: str, form: str, seed: int) -> tuple[str, str]:
    spec = TextSpec(prompt=prompt, model=MODEL, seed=seed, form=form, **SAMPLING)
    ctx = JobContext(device=torch.device("cpu"), models=cache)
    _, result = collect(get_runner("text")(spec, ctx))
    return result.text, result.data.get("stopped", "")


def heldout_loss(folder: Path, held_text: str) -> float:
    from aigc_studio.core.models.checkpoint import load_model_folder
    from aigc_studio.core.training.text import evaluate_loss
    model, tok, _ = load_model_folder(folder)
    ids = torch.tensor(tok.encode(held_text), dtype=torch.long)
    per_token = evaluate_loss(model, ids, model.config.block_size, 32)
    return round(per_token * len(ids) / max(1, len(held_text)), 4)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT / "data" / "tang-poems-zh")
    ap.add_argument("--folder", type=Path, default=ROOT / "aigc_studio" / "resources" / "models" / MODEL)
    ap.add_argument("--n", type=int, default=100, help="titles and first lines each")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--no-loss", action="store_true")
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    held = records(a.data / "heldout.txt")
    titles = [r[0] for r in held[:a.n]]
    firsts = [r[1].split("，")[0] + "，" for r in held[a.n:2 * a.n]]
    cache = ModelCache()
    t0 = time.perf_counter()
    out: dict[str, dict[str, list[tuple[str, str, str]]]] = {"free": {}, "auto": {}}
    for form in ("free", "auto"):
        for kind, prompts in (("titles", titles), ("first_lines", firsts)):
            rows = []
            for i, p in enumerate(prompts):
                text, stopped = run_one(cache, p, form, seed=i)
                rows.append((p, text, stopped))
            out[form][kind] = rows
            ok = sum(check_poem(shown_poem(p, t))[0] for p, t, _ in rows)
            print(f"{form:5s} {kind:11s}: {ok}/{len(rows)} whole regular poems ({time.perf_counter() - t0:.0f} s)",
                  flush=True)
    m: dict = {}
    for form in ("free", "auto"):
        allrows = out[form]["titles"] + out[form]["first_lines"]
        poems = [shown_poem(p, t) for p, t, _ in allrows]
        for kind in ("titles", "first_lines"):
            rows = out[form][kind]
            m[f"poems_regular_fraction_{form}_{kind}"] = round(
                sum(check_poem(shown_poem(p, t))[0] for p, t, _ in rows) / max(1, len(rows)), 4)
        m[f"poems_regular_fraction_{form}"] = round(sum(check_poem(x)[0] for x in poems) / max(1, len(poems)), 4)
        hit, n = rhyme_counts([x for x in poems if check_poem(x)[0]])
        m[f"poems_rhyme_rate_{form}"] = round(hit / max(1, n), 4)
        m[f"poems_rhyme_verses_{form}"] = n
        m[f"poems_distinct2_{form}"] = round(distinct2([t for _, t, _ in allrows]), 4)
    train = records(a.data / "train.txt")
    hit, n = rhyme_counts(["\n".join(r) for r in train])
    m["poems_rhyme_rate_training"] = round(hit / max(1, n), 4)
    m["poems_rhyme_verses_training"] = n
    ref = held[:2 * a.n]
    m["poems_distinct2_heldout"] = round(distinct2(["\n".join(r[1:]) for r in ref]), 4)
    m["poems_eval_prompts"] = 2 * len(titles)
    if not a.no_loss:
        m["heldout_loss_per_char"] = heldout_loss(a.folder, (a.data / "heldout.txt").read_text(encoding="utf-8"))
    m["poems_eval_seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(m, ensure_ascii=False, indent=1))
    if a.no_write:
        return 0
    notes = ("Poem forms (scripts/eval/eval_poems.py): 100 held-out titles typed bare (春夜) and 100 held-out first "
             "verses typed with their comma (床前明月光，), through the text job with the Text panel's defaults; "
             "free = the prompt as typed (before), auto = the poem form chosen from the first verse (after). "
             "poems_regular_fraction: the poem shown has 4 or 8 verses of one metre (5 or 7 Han characters), ，/。 "
             "alternating, ending on 。. poems_rhyme_rate: even verses after the second in the second verse's "
             "rhyme group (十三辙 over pypinyin finals), over the regular poems (auto: 1.0 by construction, the "
             "forms choose the rhyming verse ends among that group, rhymes.json); _training: the training poems' own "
             "rate. poems_distinct2: distinct character bigrams in generated verses / all; _heldout: the held-out "
             "poems' own.")
    card_path = a.folder / CARD_FILE
    full = json.loads(card_path.read_text(encoding="utf-8"))
    full.setdefault("metrics", {}).update(m)
    old = full.get("metrics_notes", "")
    if "Poem forms (scripts/eval/eval_poems.py)" in old:
        old = old[:old.index("Poem forms (scripts/eval/eval_poems.py)")].rstrip()
    full["metrics_notes"] = (old + " " + notes).strip()
    rebuild = full.setdefault("rebuild", [])
    line = "pip install -e '.[eval]' && python scripts/eval/eval_poems.py   # poem forms, rhyme, distinct-2"
    if line not in rebuild:
        rebuild.append(line)
    _write_atomic(card_path, json.dumps(full, ensure_ascii=False, indent=2) + "\n")
    samples = [(p, t) for p, t, _ in out["auto"]["titles"][:4] + out["auto"]["first_lines"][:4]]
    _write_atomic(a.folder / README_FILE, render_readme(full, samples))
    write_doc(m, out)
    print(f"wrote {card_path}, {a.folder / README_FILE} and docs/poems.md")
    return 0


def write_doc(m: dict, out: dict) -> None:
    def block(p: str, t: str) -> list[str]:
        poem = (p + t).strip("\n")
        return ["```text", poem, "```"]

    lines = ["# Poems: before and after the poem forms", "",
             "Written by `scripts/eval/eval_poems.py` (do not edit by hand). The model is the shipped "
             "`tang-poems-zh`, unchanged; *before* is the form **free** (the prompt read as typed, sampling stops at a "
             "blank line or 200 characters), *after* is the form **auto** (core/models/poem_form.py: the prompt is "
             "put in the training records' form, and decoding is constrained to a 绝句 or 律诗 of the first verse's "
             "metre, with the last character of verses 4, 6 and 8 chosen among the characters of verse 2's rhyme group "
             "(the model folder's rhymes.json, 十三辙 groups; so the after rhyme rate is 1.0 by construction, measured "
             "with the same groups). Same prompts, same seeds, the Text panel's sampling defaults. Prompts are held-out titles and "
             "first verses (never trained on).", "",
             "| | before (free) | after (auto) |", "|---|---|---|"]
    for key, label in (("regular_fraction", "whole regular poems"), ("regular_fraction_{}_titles", "  from a title"),
                       ("regular_fraction_{}_first_lines", "  from a first verse"), ("rhyme_rate", "rhyme rate"),
                       ("distinct2", "distinct-2")):
        f = (lambda form: f"poems_{key.format(form)}") if "{}" in key else (lambda form: f"poems_{key}_{form}")
        lines.append(f"| {label.strip()} | {m.get(f('free'))} | {m.get(f('auto'))} |")
    lines += ["", f"Training poems' own rhyme rate: {m.get('poems_rhyme_rate_training')}; held-out poems' own "
              f"distinct-2: {m.get('poems_distinct2_heldout')}. Held-out loss: {m.get('heldout_loss_per_char', '-')}"
              " nats per character.", "",
              "Reading them: every *after* poem is a 绝句 or 律诗 in form — one metre, ，/。 in place, a couplet a line, "
              "the even verses rhyming in modern pronunciation (十三辙; the classical 平水韵 groups differ in places, "
              "e.g. 东 and 庚 rhyme here). Tonal patterns (平仄) are not enforced and the sense is often loose or "
              "repetitive (a 2.8 M-parameter character model): a Chinese reader accepts them as regular poems in "
              "form, seldom as good ones. Forcing the rhyme sometimes swaps a natural last character for a rarer "
              "rhyming one. *Before*, most tries stop after one couplet, keep going as a title, or break the metre.",
              ""]
    for kind, title in (("titles", "From a bare title"), ("first_lines", "From a first verse")):
        lines += [f"## {title}", ""]
        for i in range(6):
            p, before, _ = out["free"][kind][i]
            _, after, _ = out["auto"][kind][i]
            lines += [f"### `{p}` (seed {i})", "", "Before:", "", *block(p, before), "", "After:", "",
                      *block(p, after), ""]
    _write_atomic(ROOT / "docs" / "poems.md", "\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
