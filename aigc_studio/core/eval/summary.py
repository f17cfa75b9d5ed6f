"""One line of an evaluation's main figures: the command line's first line, the job's ``Result.text`` and the
message that ends the evaluation after training."""
from __future__ import annotations


def headline(figures: dict) -> str:
    """One line of the main figures (the CLI's and the job list's summary)."""
    kind = figures.get("kind")
    if kind == "text":
        return (f"held-out loss {figures['heldout_loss']:.4f} nats/token, perplexity {figures['perplexity']:.2f} "
                f"({figures['heldout_tokens']:,} tokens)")
    if kind == "audio":
        return f"held-out log-spectral distance {figures['heldout_lsd_db']:.2f} dB ({figures['heldout_sounds']} sounds)"
    if kind == "image":
        parts = []
        if figures.get("fid") is not None:
            parts.append(f"FID {figures['fid']:.3f}")
        if figures.get("kid") is not None:
            parts.append(f"KID {figures['kid']:.5f} ± {figures['kid_std']:.5f}")
        mem = figures.get("memorisation")
        if mem:
            parts.append(f"{mem['near_copies']} near copies of {figures['samples']} samples")
        div = figures.get("diversity") or {}
        if div.get("ratio") is not None:
            parts.append(f"diversity {div['ratio']:.2f}x the held-out pictures'")
        return ", ".join(parts) + f" ({figures['samples']} samples, {figures['reference_images']} held-out pictures)"
    return ""


__all__ = ["headline"]
