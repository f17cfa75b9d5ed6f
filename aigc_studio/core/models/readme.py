"""The human-readable ``README.md`` of a model folder, rendered from its ``card.json`` for every kind (the one
renderer: training writes it, the shipped models' evaluation scripts re-render theirs with measured samples and
figures, and :func:`aigc_studio.core.models.checkpoint.save_model_folder` uses it by default)."""
from __future__ import annotations

import json
import math

from aigc_studio.core.models.eval_readme import evaluation_lines


def _trained(card: dict) -> str:
    """"A 4.1 MB model trained for 2 h 30 min on a CPU": the size, time and device of the card's training (what
    is not recorded is left out)."""
    tr = card.get("training", {})
    device, hw = str(tr.get("device", "")).lower(), str(tr.get("hardware", ""))
    if device.startswith(("cuda", "mps")) or any(k in hw for k in ("CUDA", "NVIDIA", "GPU")):
        where = " on a GPU"
    elif device.startswith("cpu") or hw.startswith("CPU"):
        where = " on a CPU"
    else:
        where = ""
    size = card.get("size_bytes")
    what = f"A {size / 1e6:.1f} MB model" if isinstance(size, (int, float)) and size else "A small model"
    seconds = tr.get("seconds")
    when = f" for {fmt_seconds(float(seconds))}" if isinstance(seconds, (int, float)) and seconds > 0 else ""
    return f"{what} trained{when}{where}"


def fmt_seconds(s: float) -> str:
    m, sec = divmod(int(round(s)), 60)
    h, m = divmod(m, 60)
    return f"{h} h {m:02d} min" if h else f"{m} min {sec:02d} s"


def _gpt(card: dict) -> dict:
    cfg, rec, tr = card.get("config", {}), card.get("recipe", {}), card.get("training", {})
    return {
        "rows": [f"| language | {card.get('language', '')} |",
                 (f"| architecture | LSTM: {cfg.get('n_layer')} layers, {cfg.get('n_embd')} wide, trained on "
                  f"{cfg.get('block_size')}-token sequences |" if card.get("architecture") == "lstm" else
                  f"| architecture | GPT (decoder-only transformer): {cfg.get('n_layer')} layers, {cfg.get('n_head')} "
                  f"heads, {cfg.get('n_embd')} wide, context {cfg.get('block_size')} tokens |"),
                 f"| tokenizer | {card.get('tokenizer', rec.get('tokenizer', ''))}, {cfg.get('vocab_size')} tokens |"],
        "steps": f"- Steps: {tr.get('steps', '')} ({tr.get('stopped', '')}), tokens seen: {tr.get('tokens_seen', 0):,}"
                 f" (training set: {tr.get('train_tokens', 0):,} tokens)",
        "method": f"- Optimiser: AdamW (lr {rec.get('lr')} -> {rec.get('min_lr')}, warmup {rec.get('warmup_steps')} "
                  f"steps, cosine decay, weight decay {rec.get('weight_decay')}, gradient clipping "
                  f"{rec.get('grad_clip')}), batch {rec.get('batch_size')} x {cfg.get('block_size')} tokens, "
                  f"dropout {cfg.get('dropout')}",
        "limitations": f"{_trained(card)}: it imitates the form and vocabulary of its data, not its sense. Output can be incoherent, repetitive or reproduce phrases of the training "
                       "data, and it reflects the views and biases of the texts it learned from.",
    }


def _balance(rec: dict) -> str:
    """The batches' class mix of a conditional GAN trained with balanced classes (and ``class_weights``)."""
    weights = rec.get("class_weights")
    if not weights:
        return "every class as often in the batches"
    more = ", ".join(f"{name} x{w:g}" for name, w in weights.items())
    start = int(rec.get("class_weights_from") or 0)
    return (f"classes in the batches as often as each other, except {more}"
            + (f" from step {start:,}" if start > int(rec.get("class_loss_from") or 0) else ""))


def _image(card: dict) -> dict:
    cfg, rec, tr = card.get("config", {}), card.get("recipe", {}), card.get("training", {})
    colours = "RGBA" if cfg.get("channels") == 4 else "RGB"
    if card.get("architecture") == "gan":
        desc = (f"DCGAN-family GAN: a {cfg.get('mapping_layers')}-layer mapping network (z {cfg.get('z_dim')} -> "
                f"w {cfg.get('w_dim')}), transposed-convolution generator with self-modulated batch norm (scale and "
                f"shift from w), spectral-normalised discriminator with a minibatch-std feature, hinge loss, EMA "
                f"generator; {cfg.get('image_size')}x{cfg.get('image_size')} {colours}")
        method = (f"Adam (G lr {rec.get('lr')}, D lr {rec.get('lr_d')}, betas ({rec.get('beta1')}, "
                  f"{rec.get('beta2')})), batch {rec.get('batch_size')}, EMA decay {rec.get('ema_decay')}, "
                  f"DiffAugment {'on' if rec.get('augment') else 'off'}")
        if rec.get("class_loss") or rec.get("balance_classes"):
            start = int(rec.get("class_loss_from") or 0)
            method += (f"; from step {start:,}: " if start else "; ") + ", ".join(
                x for x in ((f"class loss weight {rec.get('class_loss')}" if rec.get("class_loss") else ""),
                            (_balance(rec) if rec.get("balance_classes") else "")) if x)
        if rec.get("mode_seeking"):
            start = int(rec.get("mode_seeking_from") or 0)
            method += f"; mode-seeking term weight {rec.get('mode_seeking')}" + (
                f" from step {start:,}" if start else "")
    else:
        desc = (f"Convolutional VAE, latent {cfg.get('latent_dim')}, {cfg.get('image_size')}x"
                f"{cfg.get('image_size')} {colours}")
        method = (f"Adam (lr {rec.get('lr')}), batch {rec.get('batch_size')}, L1 + beta x KL, beta 0 -> "
                  f"{rec.get('beta_max')} over {rec.get('kl_warmup')} steps")
    return {
        "rows": [f"| architecture | {desc} |"],
        "steps": f"- Steps: {tr.get('steps')} ({tr.get('stopped')}), images seen: {tr.get('images_seen', 0):,} "
                 f"(training set: {tr.get('train_images', 0):,} images)",
        "method": f"- Optimiser: {method}",
        "limitations": f"{_trained(card)} on {tr.get('train_images', 0):,} pictures: it makes small pictures in the "
                       "style of its data, often with artefacts, and can come close to particular training images. "
                       "Check results before you publish them.",
    }


def _audio(card: dict) -> dict:
    cfg, rec, tr = card.get("config", {}), card.get("recipe", {}), card.get("training", {})
    hop = math.prod(cfg.get("strides", [1]))
    sr = cfg.get("sample_rate", 0)
    seconds = cfg.get("clip_samples", 0) / max(1, sr)
    sizes = card.get("metrics", {}).get("heldout_lsd_fft_sizes")
    return {
        "rows": ["| architecture | VAE: waveform encoder after RAVE (Caillon & Esling 2021), strides "
                 f"{cfg.get('strides')} (hop {hop} samples), one {cfg.get('latent_dim')}-number latent per sound; "
                 f"harmonic-plus-noise decoder after DDSP (Engel et al. 2020): {cfg.get('harmonics')} harmonics, "
                 f"{cfg.get('noise_bands')} noise bands" + (", plus a convolutional waveform branch"
                                                            if cfg.get("wave_branch") else "") + " |",
                 f"| sound | mono, {sr} Hz, {seconds:.3f} s per sound |"],
        "about": ["", "## How it differs from RAVE", "",
                  "- One latent vector per sound instead of a latent sequence; the decoder unrolls it over time from "
                  "a clock input (decaying exponentials of the time since the onset). Sliders, variations and "
                  "morphs act on that vector.",
                  "- The decoder drives an oscillator bank and band-limited noise (DDSP) instead of RAVE's "
                  "convolutional upsampler: with one latent and a smooth clock the upsampler repeated itself every "
                  "frame, so every sound buzzed at the frame rate. The pitch of the training sounds (a YIN estimate) "
                  "supervises the oscillator's pitch.",
                  "- Sampling draws from a Gaussian fitted to the training sounds' latents (mean and principal "
                  "directions stored in the weights) instead of a trained autoregressive prior; temperature scales "
                  "it.",
                  "- Single band (no PQMF), no adversarial fine-tuning."],
        "steps": f"- Steps: {tr.get('steps', '')} ({tr.get('stopped', '')}), batch {rec.get('batch_size')}, "
                 f"sounds seen: {tr.get('sounds_seen', 0):,} (training set: {tr.get('train_sounds', 0):,} sounds)",
        "method": f"- Loss: multi-resolution STFT (FFT sizes {rec.get('stft_sizes')}) + {rec.get('f0_weight')} x "
                  f"pitch error (octaves) + beta x KL, beta 0 -> {rec.get('beta')} from step {rec.get('beta_start')} "
                  f"over {rec.get('beta_warmup')} steps; Adam (lr {rec.get('lr')} -> {rec.get('min_lr')}, warmup "
                  f"{rec.get('warmup_steps')}, cosine), clipping {rec.get('grad_clip')}",
        "metrics_intro": "heldout_lsd_db: log-spectral distance (dB) between held-out sounds and their "
                         "reconstructions from the posterior mean, averaged over "
                         + (f"FFT sizes {list(sizes)}" if sizes else "several FFT sizes") + " (power "
                         "floor -70 dB); lower is better. heldout_f0_*: the decoder's pitch against a YIN estimate of "
                         "the held-out sound (pitched ones).",
        "limitations": f"{_trained(card)}. Sounds are blurrier than the sounds it learned from (attacks smeared over "
                       f"a {1000 * hop / max(1, sr):.0f} ms frame, harmonic sounds a little too clean or too noisy), "
                       f"and it knows only the kinds of sound it was trained on. Sounds longer than {seconds:.2f} s "
                       "fade to silence.",
    }


_PARTS = {"gpt": _gpt, "gan": _image, "image_vae": _image, "audio_vae": _audio}


def render_readme(card: dict, samples: list[tuple[str, str]] | None = None, extra: str = "") -> str:
    """``README.md`` of a model folder from its ``card``. ``samples``: (prompt, generated text) pairs to show;
    ``extra``: more Markdown (measured figures) before the limitations. The card's ``limitations``,
    ``metrics_notes``, ``rebuild`` and ``usage`` are shown when present."""
    part = _PARTS.get(card.get("architecture"), _gpt)(card)
    tr, data = card.get("training", {}), card.get("data", {})
    lines = [f"# {card.get('name', card.get('id', 'model'))}", "", card.get("description", ""), "",
             "| | |", "|---|---|", f"| id | `{card.get('id', '')}` |", *part["rows"]]
    if card.get("parameters"):
        lines.append(f"| parameters | {card['parameters']:,} ({card['parameters'] / 1e6:.2f} M) |")
    if card.get("size_bytes"):
        lines.append(f"| weights | {card['size_bytes'] / 1e6:.2f} MB safetensors ({card.get('weights_dtype', '')}) |")
    if card.get("fine_tuned_from"):
        lines.append(f"| fine-tuned from | `{card['fine_tuned_from']}` |")
    lines += part.get("about", [])
    trainer = {"text": "text", "image": "image", "audio": "audio"}.get(card.get("kind"), "loop")
    lines += ["", "## Data", "", f"- Source: {data.get('source', '')}", f"- Licence: {data.get('licence', '')}",
              f"- Preparation: {data.get('prep', '')}", "", "## Training", "",
              f"- Trained by AIGC Studio's own trainer (`aigc_studio/core/training/{trainer}.py`)"
              + (f" from the recipe `{card['recipe_file']}`" if card.get("recipe_file") else "") + ".",
              part["steps"], f"- Time: {fmt_seconds(float(tr.get('seconds', 0)))}",
              f"- Hardware: {tr.get('hardware', '')}; torch {tr.get('torch', '')}", part["method"]]
    if tr.get("conditions"):
        lines.append(f"- Conditions: {tr['conditions']}")
    if card.get("rebuild"):
        lines += ["", "Rebuild:", "", "```sh", *card["rebuild"], "```"]
    if card.get("usage"):
        u = card["usage"]
        lines += ["", "## Use", "", f"- Prompt: {u.get('prompt', '')}"]
        if u.get("stop"):
            lines.append("- Stop strings: " + ", ".join(json.dumps(x, ensure_ascii=False) for x in u["stop"]))
        if u.get("note"):
            lines.append(f"- Note: {u['note']}")
    lines += ["", "## Metrics", ""]
    for intro in (part.get("metrics_intro"), card.get("metrics_notes")):
        if intro:
            lines += [intro, ""]
    lines += [f"- {k}: {v}" for k, v in card.get("metrics", {}).items()]
    if samples:
        lines += ["", "## Samples", ""]
        if card.get("sampling"):
            lines += [f"Sampling: {card['sampling']}", ""]
        for i, (prompt, text) in enumerate(samples, 1):
            shown = (prompt + "⟨" + text + "⟩") if prompt else text
            lines += [f"{i}.", "", "```text", shown.strip("\n"), "```", ""]
        lines.append("(The prompt is outside ⟨ ⟩; the model wrote what is inside.)")
    if extra:
        lines += ["", extra.strip()]
    evaluation = evaluation_lines(card)             # the studio's evaluation figures (core/eval), when measured
    if evaluation:
        lines += ["", *evaluation]
    lines += ["", "## Limitations", "", card.get("limitations") or part["limitations"], ""]
    return "\n".join(lines)
