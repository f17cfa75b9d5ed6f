"""The "Evaluation" section of a model's README.md, from ``card["evaluation"]`` (the figures of
:mod:`aigc_studio.core.eval`): rendered by :func:`aigc_studio.core.models.readme.render_readme` and spliced into
an existing README by :func:`aigc_studio.core.eval.card.record_in_card` (between the two markers, so the rest of
a README — measured samples, histograms — stays as it is)."""
from __future__ import annotations

from typing import Any

BEGIN = "<!-- evaluation -->"
END = "<!-- /evaluation -->"


def _f(v: Any, digits: int = 3) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.{digits}g}" if abs(v) < 1e-3 and v != 0 else f"{v:,.{digits}f}".rstrip("0").rstrip(".")
    return f"{v:,}" if isinstance(v, int) else str(v)


def _pct(v: Any) -> str:
    return "—" if not isinstance(v, (int, float)) else f"{100 * v:.1f} %"


def evaluation_lines(card: dict) -> list[str]:
    """The section's Markdown lines (with its markers), or [] when the card has no studio evaluation."""
    ev = card.get("evaluation")
    categories = [card[k] for k in sorted(card) if k.startswith("evaluation_categories") and isinstance(card[k], dict)]
    if not isinstance(ev, dict) or ev.get("kind") not in ("text", "image", "audio"):
        if not categories:
            return []
        lines = [BEGIN, "## Evaluation", ""]          # a category evaluation only (never `aigc-studio eval`-ed)
        for c in categories:
            lines += [*category_lines(c), ""]
        return lines + [END]
    lines = [BEGIN, "## Evaluation", ""]
    where = ev.get("data") or ev.get("reference")
    if where:
        lines += [f"Against held-out data never trained on: `{where}`"
                  + (f" (evaluated {ev['evaluated']})" if ev.get("evaluated") else "") + ".", ""]
    kind = ev["kind"]
    if kind == "text":
        lines += [f"- Held-out loss: {_f(ev.get('heldout_loss'), 4)} nats per token "
                  f"({_f(ev.get('heldout_loss_per_char'), 4)} per character) over {_f(ev.get('heldout_tokens'))} "
                  "tokens", f"- Perplexity: {_f(ev.get('perplexity'), 2)} (exp of the loss per token)"]
    elif kind == "audio":
        lines += [f"- Held-out log-spectral distance: {_f(ev.get('heldout_lsd_db'))} dB over "
                  f"{_f(ev.get('heldout_sounds'))} sounds (reconstructions from the posterior mean, FFT sizes "
                  f"{ev.get('lsd_fft_sizes')}; lower is better)",
                  f"- Held-out multi-resolution STFT distance: {_f(ev.get('heldout_stft'), 4)}"]
    else:
        fs = ev.get("feature_space") or {}
        lines += [f"Feature space: the studio's own `{fs.get('network')}` ({fs.get('dimensions')} numbers; an "
                  "emoji-group classifier trained on emoji, held-out accuracy "
                  f"{_pct(fs.get('heldout_accuracy'))}), not Inception-v3: the figures compare models of the "
                  "studio with each other, not with published FIDs, and suit emoji-like icons best.", "",
                  f"- {_f(ev.get('samples'))} samples (seeds {ev.get('seed', 0)}…) against "
                  f"{_f(ev.get('reference_images'))} held-out pictures",
                  f"- FID: {_f(ev.get('fid'), 2)}" + ("" if ev.get("fid") is not None else
                                                     f" (needs {ev.get('fid_minimum_images')} pictures per set)"),
                  f"- KID: {_f(ev.get('kid'), 4)} ± {_f(ev.get('kid_std'), 4)} (subsets of "
                  f"{_f(ev.get('kid_subset_size'))})"]
        floor = ev.get("real_data_yardstick")
        if floor:
            lines.append(f"- For scale, {_f(floor.get('training_images'))} real training pictures against the same "
                         f"held-out pictures: FID {_f(floor.get('fid'), 2)}, KID {_f(floor.get('kid'), 4)} (what a "
                         "perfect model would score; KID is unbiased, so near 0 it can come out below 0)")
        mem = ev.get("memorisation")
        if mem:
            lines += [f"- Memorisation: nearest of {_f(mem.get('train_images'))} training pictures, pixel RMS "
                      f"(0-255) min {_f(mem['pixel_rms']['min'], 1)}, median {_f(mem['pixel_rms']['median'], 1)} "
                      f"(held-out pictures: min {_f(mem['heldout_pixel_rms']['min'], 1)}, median "
                      f"{_f(mem['heldout_pixel_rms']['median'], 1)}); near copies (RMS < {mem.get('near_copy_rms')}): "
                      f"{mem.get('near_copies')} ({_f(100 * mem.get('near_copy_fraction', 0), 1)} %); closer than "
                      f"95 % of held-out pictures: {mem.get('closer_than_heldout_p5')}"]
        div = ev.get("diversity") or {}
        lines.append(f"- Diversity: mean pairwise feature distance {_f(div.get('samples_mean_feature_distance'), 2)}"
                     f" (held-out pictures: {_f(div.get('reference_mean_feature_distance'), 2)}, ratio "
                     f"{_f(div.get('ratio'), 2)})")
        groups = (ev.get("groups") or {}).get("samples")
        if groups:
            lines.append("- Samples by emoji group (the feature network's labels): "
                         + ", ".join(f"{k} {v}" for k, v in groups.items() if v))
    for note in ev.get("notes") or []:
        lines.append(f"- Note: {note}")
    if ev.get("command"):
        lines += ["", f"Measured with `{ev['command']}`."]
    for c in categories:
        lines += ["", *category_lines(c)]
    lines += ["", END]
    return lines


def category_lines(ev: dict) -> list[str]:
    """Markdown of a category evaluation (scripts/eval/eval_emoji_categories.py): does a GAN drawn by category
    draw the category asked for, as an independent classifier sees it."""
    how = f"truncation {_f(ev.get('truncation'), 2)}" + (
        f", the best {_f(ev.get('samples_per_category'))} of {_f(ev.get('best_of'))}x as many kept by the "
        "discriminator (the Image panel's Keep the best of)" if (ev.get("best_of") or 1) > 1 else ", plain samples")
    lines = [f"### Drawn by category ({how})", "",
             f"Each category drawn {_f(ev.get('samples_per_category'))} times (seeds 0…); the classifier "
             f"`{ev.get('classifier')}` (held-out accuracy {_pct(ev.get('classifier_heldout_accuracy'))}) names the "
             "emoji group of each picture. On the real held-out emoji it agrees with the true group "
             f"{_pct(ev.get('real_heldout_agreement'))} of the time ({_f(ev.get('real_heldout_images'))} emoji): "
             "the most this check can show.", "",
             f"- Agreement with the category asked: **{_pct(ev.get('category_agreement'))}**",
             f"- FID {_f(ev.get('fid'), 2)}, KID {_f(ev.get('kid'), 4)} ({_f(ev.get('fid_samples'))} samples in "
             f"the categories' training proportions, `{ev.get('feature_space') or ev.get('classifier')}` space); "
             f"near copies {_f(ev.get('memorisation_near_copies'))}; diversity ratio {_f(ev.get('diversity_ratio'), 2)}",
             ]
    per_cat = ev.get("per_category") or {}
    has_div = any(c.get("diversity_ratio") is not None for c in per_cat.values())
    if has_div:
        lines.append(f"- Diversity within a category (samples' spread over the real emoji of the group's, 1 = as "
                     f"varied), in the feature space: mean {_f(ev.get('category_diversity_ratio'), 2)}, lowest "
                     f"{_f(ev.get('category_diversity_min'), 2)}; in pixels: mean "
                     f"{_f(ev.get('category_pixel_diversity_ratio'), 2)}, lowest "
                     f"{_f(ev.get('category_pixel_diversity_min'), 2)}")
    has_real = any(c.get("real_training_agreement") is not None for c in per_cat.values())
    lines += ["", "| category | labelled as the category asked | most often taken for, besides |"
              + (" diversity within (features / pixels) |" if has_div else "")
              + (" real emoji of the group so labelled (classifier's held-out / generator's training) |"
                 if has_real else ""),
              "|---|---|---|" + ("---|" if has_div else "") + ("---|" if has_real else "")]
    n = int(ev.get("samples_per_category") or 0)
    for key, c in per_cat.items():
        others = sorted(((v, k) for k, v in (c.get("labelled_as") or {}).items() if k != c.get("asked")),
                        reverse=True)[:2]
        lines.append(f"| {c.get('asked', key)} | {round((c.get('agreement') or 0) * n)} of {n} "
                     f"({_pct(c.get('agreement'))}) | " + (", ".join(f"{k} {v}" for v, k in others) or "—") + " |"
                     + (f" {_f(c.get('diversity_ratio'), 2)} / {_f(c.get('pixel_diversity_ratio'), 2)} |"
                        if has_div else "")
                     + (f" {_pct(c.get('real_heldout_agreement'))} / {_pct(c.get('real_training_agreement'))} |"
                        if has_real else ""))
    return lines


def splice(readme: str, card: dict) -> str:
    """``readme`` with its evaluation section replaced by (or, when it has none, given before "## Limitations" or
    at the end) the section of ``card``."""
    section = "\n".join(evaluation_lines(card))
    if BEGIN in readme and END in readme:
        head, rest = readme.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        return head + section + tail
    if not section:
        return readme
    mark = "\n## Limitations"
    if mark in readme:
        head, tail = readme.split(mark, 1)
        return head.rstrip("\n") + "\n\n" + section + "\n" + mark + tail
    return readme.rstrip("\n") + "\n\n" + section + "\n"


__all__ = ["BEGIN", "END", "category_lines", "evaluation_lines", "splice"]
