"""The held-out split when the user gives no held-out data, torch-free and deterministic (the same files give the
same split on every machine and every resume): every 10th item of the sorted list (10 %, at most
:data:`HELD_OUT_CAP`); a set of fewer than :data:`MIN_ITEMS` items keeps nothing out and says so.

Text of fewer files holds out the last 10 % of the characters of each file (spans) unless that is under
:data:`MIN_TEXT_CHARS` characters in all.

The run result (``result["heldout"]``) describes what was held out, for the evaluator::

    {"source": "eval_data" | "split" | "none", "files": [paths held out whole],
     "spans": [{"path", "start", "end"}] (text: character offsets), "note": "..." (why nothing was held out)}
"""
from __future__ import annotations

from typing import Sequence

EVERY = 10
HELD_OUT_CAP = 500
MIN_ITEMS = 20
MIN_TEXT_CHARS = 200

NOTE_TOO_FEW = ("The data is too small to keep a part out for evaluation ({count} items): the held-out figures are "
                "measured on training data.")


def held_out_mask(n: int) -> list[bool]:
    """Which of ``n`` sorted items are held out: every 10th (indexes 9, 19, ...), at most HELD_OUT_CAP; none
    when ``n`` < MIN_ITEMS."""
    if n < MIN_ITEMS:
        return [False] * n
    mask, kept = [False] * n, 0
    for i in range(EVERY - 1, n, EVERY):
        if kept >= HELD_OUT_CAP:
            break
        mask[i] = True
        kept += 1
    return mask


def split_items(items: Sequence) -> tuple[list, list]:
    """(training items, held-out items) of a sorted list."""
    mask = held_out_mask(len(items))
    return [x for x, m in zip(items, mask) if not m], [x for x, m in zip(items, mask) if m]


def text_spans(lengths: Sequence[int]) -> list[tuple[int, int]] | None:
    """For text of fewer than MIN_ITEMS files: the held-out (start, end) character span of each file (its last
    10 %), or None when that is under MIN_TEXT_CHARS in all (too small to hold any out)."""
    spans = [(n - n // EVERY, n) for n in lengths]
    if sum(e - s for s, e in spans) < MIN_TEXT_CHARS:
        return None
    return spans


def heldout_record(source: str, files: Sequence[str] = (), spans: Sequence[dict] = (), note: str = "") -> dict:
    return {"source": source, "files": [str(f) for f in files], "spans": list(spans), "note": note}
