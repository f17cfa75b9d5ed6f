"""The emoji classifier's second emoji style (scripts/data/prep_emojione.py) on made-up PNGs and a made-up
emoji-test.txt: groups by code points, skin tones and non-emoji left out, the Noto held-out emoji left out."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from PIL import Image
from script_modules import load_script

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "data"))
prep = load_script("prep_emojione", "scripts/data/prep_emojione.py")

EMOJI_TEST = """# Version: 15.0
# group: Smileys & Emotion
1F600 ; fully-qualified # grinning face
# group: Food & Drink
1F354 ; fully-qualified # hamburger
# group: Flags
1F1EB 1F1F7 ; fully-qualified # flag: France
# group: Component
1F3FB ; component # light skin tone
"""


def test_sequence_of():
    assert prep.sequence_of("1F1EB-1F1F7") == (0x1F1EB, 0x1F1F7)
    assert prep.sequence_of("2764-FE0F") == (0x2764,)
    assert prep.sequence_of("sprite") is None


def test_held_out_glyphs_reach_every_sequence_of_theirs():
    """A flag the font maps to a private-use code point is held out by its regional-indicator pair too; a ZWJ
    sequence in both orders; a flag pair never reversed (GB stays when BG is held out)."""
    meta = {"split": {"heldout/flagDE.png": "heldout", "train/fam.png": "heldout", "train/bg.png": "heldout",
                      "train/other.png": "train"},
            "unlabelled": ["heldout/uFE4ED.png", "train/junk.png"]}
    names = prep.held_out_names(meta)
    assert names == {"flagDE", "fam", "bg", "uFE4ED"}
    seqs = {"uFE4ED": (0xFE4ED,), "C": (0x1F1E8,), "N": (0x1F1F3,), "B": (0x1F1E7,), "G": (0x1F1EC,),
            "bg": (0x1F1E7, 0x1F1EC), "man": (0x1F468,), "zwj": (0x200D,), "girl": (0x1F467,),
            "fam": (0x1F467, 0x200D, 0x1F468), "flagDE": (0xFE4E8,)}
    ligatures = {"uFE4ED": ["C", "N"], "bg": ["B", "G"], "fam": ["girl", "zwj", "man"]}
    got = prep.sequences_of(names, seqs, ligatures)
    assert {(0xFE4ED,), (0x1F1E8, 0x1F1F3)} <= got                       # China by its PUA and by its pair
    assert {(0x1F467, 0x200D, 0x1F468), (0x1F468, 0x200D, 0x1F467)} <= got
    assert (0x1F1E7, 0x1F1EC) in got and (0x1F1EC, 0x1F1E7) not in got
    assert (0xFE4E8,) in got and not any(s[:1] == (0x1F4A9,) for s in got)


def test_prep_labels_and_leaves_out(tmp_path, monkeypatch):
    png = tmp_path / "png"
    png.mkdir()
    for name in ("1F354", "1F354-1F3FB", "1F1EB-1F1F7", "1F600", "0031", "1F3FB"):
        Image.new("RGBA", (40, 40), (200, 100, 50, 255)).save(png / f"{name}.png")
    (png / "broken.png").write_bytes(b"not a png")
    (tmp_path / "emoji-test.txt").write_text(EMOJI_TEST, encoding="utf-8")
    noto = tmp_path / "emoji"
    noto.mkdir()
    (noto / "groups.json").write_text("{}")
    monkeypatch.setattr(prep, "held_out_sequences", lambda emoji, font: {(0x1F600,)})
    out = tmp_path / "out"
    assert prep.main(["--png", str(png), "--emoji", str(noto), "--emoji-test", str(tmp_path / "emoji-test.txt"),
                      "--out", str(out)]) == 0
    doc = json.loads((out / "groups.json").read_text(encoding="utf-8"))
    groups = doc["groups"]
    assert {k: groups[v] for k, v in doc["labels"].items()} == {"train/1F354.png": "Food & Drink",
                                                                 "train/1F1EB-1F1F7.png": "Flags"}
    assert set(doc["split"].values()) == {"train"}
    assert doc["skipped"]["skin tone"] == 2 and doc["skipped"]["held out in the Noto set"] == 1
    assert doc["skipped"]["not an emoji or component"] == 2          # 0031, broken.png's name
    assert sorted(p.name for p in (out / "train").iterdir()) == ["1F1EB-1F1F7.png", "1F354.png"]
    with Image.open(out / "train" / "1F354.png") as im:
        assert im.size == (64, 64) and im.mode == "RGBA"


def test_missing_inputs_say_what_to_install(tmp_path, capsys):
    assert prep.main(["--png", str(tmp_path / "none"), "--out", str(tmp_path / "out")]) == 2
    assert "ruby-gemojione" in capsys.readouterr().err
