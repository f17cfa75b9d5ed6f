"""Image categories of class-conditional models (issue 10): a conditional GAN's card lists its classes'
names (``categories``, e.g. the Unicode emoji groups "Smileys & Emotion" ... "Flags"); specs, the CLI and the
panels name a category by its *key*, the first word of its name in lower case ("smileys", "people", "animals",
"food", "travel", "activities", "objects", "symbols", "flags"). ``"any"`` keeps the unconditional behaviour: each
image's class comes from its own noise. Torch-free and Qt-free."""
from __future__ import annotations

import re

ANY = "any"
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,31}$")


def category_key(name: str) -> str:
    """"Smileys & Emotion" -> "smileys"; "Food & Drink" -> "food"; a name without letters -> "" ."""
    words = re.findall(r"[A-Za-z0-9]+", str(name))
    return words[0].lower() if words else ""


def category_keys(names) -> list[str]:
    """The keys of a card's ``categories`` in order (a key that repeats gets its position appended)."""
    keys: list[str] = []
    for i, n in enumerate(names or ()):
        k = category_key(n) or f"class{i}"
        keys.append(k if k not in keys else f"{k}{i}")
    return keys


def category_index(category: str, names) -> int | None:
    """The class index of ``category`` (a key, or a full name, case-insensitive) among ``names``; None for "any";
    -1 when the model has no such category."""
    c = str(category).strip().lower()
    if c == ANY:
        return None
    keys = category_keys(names)
    for i, (k, n) in enumerate(zip(keys, names or ())):
        if c in (k, str(n).lower()):
            return i
    return -1
