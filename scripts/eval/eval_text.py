#!/usr/bin/env python3
"""Evaluate a shipped text model and write the figures into its card.json and README.md (model card).

    python scripts/eval/eval_text.py tang-poems-zh      # held-out loss + well-formed lines over 100 poems
    python scripts/eval/eval_text.py fortunes-en        # held-out loss + ten samples
    python scripts/eval/eval_text.py fortunes-en --no-write   # print only

- Held-out loss: mean cross-entropy per token over non-overlapping windows of the whole held-out set
  (data/<id>/heldout.txt, from scripts/data/prep_text_data.py), and per character (per token x tokens / characters).
- tang-poems-zh: for 100 held-out poems, the prompt is the title and the first couplet; the model writes on until
  a blank line (end of poem) or 160 characters. A generated verse line is well-formed when it is 5 or 7 Chinese characters followed
  by ， or 。; the figure is well-formed lines / all generated lines (an unfinished last line cut by the token limit
  is not counted). Sampling uses the studio's text defaults (temperature 0.8, top-k 40, top-p 0.95, repetition
  penalty 1.1) through ``aigc_studio.core.models.sampling.generate_stream``.
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
from aigc_studio.core.data import text_prep  # noqa: E402
from aigc_studio.core.models.checkpoint import CARD_FILE, README_FILE, load_model_folder  # noqa: E402
from aigc_studio.core.models.sampling import generate_stream  # noqa: E402
from aigc_studio.core.models.readme import render_readme  # noqa: E402
from aigc_studio.core.training.text import evaluate_loss  # noqa: E402

SAMPLING = dict(temperature=0.8, top_k=40, top_p=0.95, repetition_penalty=1.1)
# how each shipped model was trained (the card's training.conditions)
CONDITIONS = {
    "": "one torch thread on a 2-core CPU shared with other work (the other shipped text model trained at the same "
        "time), so the time is an upper bound",
    "english-en": "one torch thread on a 2-core CPU shared with other work (an emoji GAN training, tests, UI work), "
                  "over two sessions: steps 0-1,400 on an AMD EPYC machine, then resumed from the step-1,400 "
                  "checkpoint (weights, optimiser and random state) on an Intel Xeon machine to step 3,000; the "
                  "time adds the two parts and is an upper bound",
}
# the card's "usage" (the Text panel's prompt hint, in both languages, and its example prompt)
USAGE = {
    "tang-poems-zh": {"prompt": "a title on its own line (end it with a new line), optionally followed by the first "
                                "couplet, e.g. \"春夜\\n\"", "stop": ["\n\n"], "note": "a blank line ends a poem"},
    "fortunes-en": {"prompt": "a few words to start from (e.g. \"The computer\")",
                    "prompt_zh": "几个英文单词作为开头（例如 \"The computer\"）", "example": "The computer",
                    "example_zh": "The computer", "stop": [], "note": "<|endoftext|> ends a fortune"},
    "english-en": {"prompt": "a few English words, or nothing (e.g. \"Once upon a time\")",
                   "prompt_zh": "几个英文单词，或者什么都不写（例如 \"Once upon a time\"）", "example": "Once upon a time",
                   "example_zh": "Once upon a time", "stop": [], "note": "<|endoftext|> ends a text"},
}
FORTUNE_PROMPTS = ["", "", "", "", "A man", "The computer", "Never", "Life is", "Love", "You will"]


def load_run_checkpoint(run: Path):
    """(model, tokenizer, card) from a training run folder's latest checkpoint (runs/<id>)."""
    from safetensors.torch import load_file

    from aigc_studio.core.models.checkpoint import load_weights_into
    from aigc_studio.core.models.gpt import GPT, GPTConfig
    from aigc_studio.core.models.tokenizers import load_tokenizer
    info = json.loads((run / "run.json").read_text(encoding="utf-8"))
    model = GPT(GPTConfig.from_dict(info["config"]))
    load_weights_into(model, load_file(str(run / "checkpoint" / "model.safetensors")), run.name)
    state = json.loads((run / "checkpoint" / "state.json").read_text(encoding="utf-8"))
    print(f"checkpoint at step {state['step']} ({state['seconds']:.0f} s)")
    return model.eval(), load_tokenizer(run), {"id": run.name}


def heldout_loss(model, tok, text: str) -> dict:
    ids = torch.tensor(tok.encode(text), dtype=torch.long)
    per_token = evaluate_loss(model, ids, model.config.block_size, 32)
    return {"heldout_loss_per_token": round(per_token, 4),
            "heldout_loss_per_char": round(per_token * len(ids) / max(1, len(text)), 4),
            "heldout_tokens": int(len(ids)), "heldout_chars": len(text)}


def generate(model, tok, prompt: str, max_new: int, seed: int, stop=()) -> tuple[str, str]:
    ids = tok.encode(prompt) if prompt else [tok.eos_id if tok.eos_id is not None else tok.encode("\n")[0]]
    gen = generate_stream(model, tok, ids, max_new_tokens=max_new, seed=seed, stop=stop, **SAMPLING)
    parts = []
    while True:
        try:
            parts.append(next(gen))
        except StopIteration as e:
            return "".join(parts), getattr(e.value, "stopped", "")


def eval_tang(model, tok, held_records: list[str], n: int = 100) -> tuple[dict, list[tuple[str, str]]]:
    good = total = poems_ok = same = 0
    samples = []
    for i, rec in enumerate(held_records[:n]):
        lines = rec.split("\n")
        prompt = lines[0] + "\n" + lines[1]           # the model goes on with "\n" + the next couplet
        text, stopped = generate(model, tok, prompt, 160, seed=i, stop=("\n\n",))
        body = text
        if stopped == "length" and "\n" in body:      # drop the unfinished last line
            body = body[:body.rfind("\n")]
        elif stopped == "length":
            body = ""
        g, t = text_prep.well_formed_half_lines(body)
        metre = text_prep.well_formed_line(lines[1])
        same += sum(1 for part in re.findall(r"[^，。\n]*[，。]", body) if len(part.strip()) == metre + 1
                    and text_prep.well_formed_half_lines(part.strip()) == (1, 1))
        good += g
        total += t
        poems_ok += int(t > 0 and g == t)
        samples.append((prompt, text))
    m = {"wellformed_line_fraction": round(good / max(1, total), 4), "wellformed_lines": good,
         "generated_lines": total, "same_metre_line_fraction": round(same / max(1, total), 4),
         "wellformed_poem_fraction": round(poems_ok / max(1, n), 4),
         "wellformed_eval_poems": n}
    return m, samples


def eval_fortunes(model, tok) -> list[tuple[str, str]]:
    out = []
    for i, p in enumerate(FORTUNE_PROMPTS):
        text, _ = generate(model, tok, p, 120, seed=100 + i)
        out.append((p, text))
    return out


def eval_english(model, tok, n: int = 100) -> dict:
    """English models (fortunes-en, english-en): ``n`` samples of up to 120 tokens (the prompts of
    FORTUNE_PROMPTS in turn, seeds 1000..), then the share of generated words in wamerican's list and the link
    grammar parse rate of whole generated sentences (scripts/eval/english_metrics.py says how). A word cut by the
    token limit is left out; sentences are taken from prompt + text, the unfinished last one left out."""
    sys.path.insert(0, str(ROOT / "scripts" / "eval"))
    import english_metrics as em
    gen_only, full = [], []
    for i in range(n):
        p = FORTUNE_PROMPTS[i % len(FORTUNE_PROMPTS)]
        text, stopped = generate(model, tok, p, 120, seed=1000 + i)
        text = text.split(em.EOT)[0]
        if stopped == "length":
            text = text[:max(0, max(text.rfind(" "), text.rfind("\n")))]
        gen_only.append(text)
        full.append(p + text)
    words = em.load_words()
    m = em.word_share(gen_only, words)
    print("words not in the list (most frequent first):", ", ".join(m.pop("top_unknown")))
    m.update(em.parse_rate([s for t in full for s in em.sentences(t)]))
    return {"english_samples": n, **m}


def english_corpus(path: Path, sentences: int = 300) -> dict:
    """The same two figures for the training corpus itself (the words of every record; ``sentences`` whole
    sentences spread evenly over the file), the level a model of it can hope for."""
    sys.path.insert(0, str(ROOT / "scripts" / "eval"))
    import english_metrics as em
    text = path.read_text(encoding="utf-8")
    m = em.word_share(text.split(em.EOT), em.load_words())
    sents = em.sentences(text)
    r = em.parse_rate(sents[::max(1, len(sents) // sentences)], limit=sentences)
    return {"corpus_wordlist_share": m["wordlist_share"], "corpus_parse_rate": r["parse_rate"],
            "corpus_sentences_checked": r["sentences_checked"]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", choices=["tang-poems-zh", "fortunes-en", "english-en"])
    ap.add_argument("--folder", type=Path, help="model folder (default aigc_studio/resources/models/<model>)")
    ap.add_argument("--run", type=Path, help="peek at a run folder's checkpoint instead (implies --no-write)")
    ap.add_argument("--data", type=Path, default=ROOT / "data")
    ap.add_argument("--n", type=int, default=100, help="poems to generate (tang-poems-zh)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--no-loss", action="store_true", help="skip the held-out loss (a quick look at samples)")
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    folder = a.folder or ROOT / "aigc_studio" / "resources" / "models" / a.model
    if a.run:
        model, tok, card = load_run_checkpoint(a.run)
        a.no_write = True
    else:
        model, tok, card = load_model_folder(folder)
    held = (a.data / a.model / "heldout.txt").read_text(encoding="utf-8")
    t0 = time.perf_counter()
    metrics = {} if a.no_loss else heldout_loss(model, tok, held)
    if a.model == "tang-poems-zh":
        records = [r for r in held.split(text_prep.POEM_SEPARATOR) if r.strip()]
        m, samples = eval_tang(model, tok, records, a.n)
        metrics.update(m)
        shown = samples[:8]
    else:
        samples = eval_fortunes(model, tok)
        shown = samples
        metrics.update(eval_english(model, tok, a.n))
        if not a.no_loss:
            metrics.update(english_corpus(a.data / a.model / "train.txt"))
    metrics["eval_seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(metrics, ensure_ascii=False, indent=1))
    for p, t in shown:
        print("----\n" + p + "⟨" + t + "⟩")
    if a.no_write:
        return 0
    card.pop("format", None)
    card_path = folder / CARD_FILE
    full = json.loads(card_path.read_text(encoding="utf-8"))
    full.setdefault("metrics", {}).update(metrics)
    full.setdefault("training", {})["conditions"] = CONDITIONS.get(a.model, CONDITIONS[""])
    if a.model == "tang-poems-zh":
        full["usage"] = {**full.get("usage", {}), **USAGE[a.model]}
        full["metrics_notes"] = (
            "Held-out loss: cross-entropy in nats per character over the whole held-out set (2% of the poems, "
            "never trained on). Well-formed: for the first 100 held-out poems the prompt is the title and first "
            "couplet, the model writes until a blank line; a generated verse line is well-formed when it is 5 or "
            "7 Chinese characters followed by ， or 。 (wellformed_line_fraction = wellformed_lines / "
            "generated_lines); same_metre_line_fraction: lines with the prompt's 5 or 7 characters; "
            "wellformed_poem_fraction: poems with at least one generated line, all well-formed.")
    else:
        full["usage"] = {**full.get("usage", {}), **USAGE[a.model]}      # keeps the card's own other entries
        full["metrics_notes"] = (
            "Held-out loss: cross-entropy in nats per BPE token over the whole held-out set (2% of the "
            + ("fortunes and of the World English Bible's chapters" if a.model == "english-en" else "fortunes")
            + ", never trained on), and per character (x tokens / characters). wordlist_share: of the words in "
            "100 generated samples (120 tokens each, prompts empty or a few words), the share found in wamerican's "
            "/usr/share/dict/american-english; parse_rate: whole generated sentences (3-40 words) that the link "
            "grammar parser links completely (scripts/eval/english_metrics.py); corpus_wordlist_share and "
            "corpus_parse_rate: the training corpus measured the same way (300 sentences spread over it).")
    full["sampling"] = ", ".join(f"{k} {v}" for k, v in SAMPLING.items())
    full["recipe_file"] = f"recipes/{a.model}.json"
    short = {"tang-poems-zh": "tang", "english-en": "english"}.get(a.model, "fortunes")
    recipe_card = json.loads((ROOT / full["recipe_file"]).read_text(encoding="utf-8")).get("card", {})
    full["rebuild"] = recipe_card.get("rebuild") or [
        "pip install -e '.[dataprep]'   # zhconv, data prep only", f"python scripts/data/prep_text_data.py {short}",
        f"scripts/train/train_shipped_text.sh {short} --no-resume", f"python scripts/eval/eval_text.py {a.model}"]
    _write_atomic(card_path, json.dumps(full, ensure_ascii=False, indent=2))
    _write_atomic(folder / README_FILE, render_readme(full, shown))
    print(f"wrote {card_path} and {folder / README_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
