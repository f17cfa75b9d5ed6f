"""Data prep for the shipped text models, on made-up miniature copies of the two sources."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from aigc_studio.core.data import text_prep as tp

IDENT = str   # a "converter" that keeps the text, so these tests need no zhconv


def test_well_formed_lines():
    assert tp.well_formed_line("白日依山尽，黄河入海流。") == 5
    assert tp.well_formed_line("故人西辞黄鹤楼，烟花三月下扬州。") == 7
    assert tp.well_formed_line("白日依山尽，黄河入海流") == 0
    assert tp.well_formed_line("白日依山，黄河入海流。") == 0
    assert tp.well_formed_line("白日依山□，黄河入海流。") == 0
    assert tp.well_formed_half_lines("白日依山尽，黄河入海流。\n欲穷千里目，更上一层楼") == (3, 4)
    assert tp.well_formed_half_lines("故人西辞黄鹤楼，烟花三月下扬州。\n孤帆远影碧空尽，唯见长江天际流。") == (4, 4)
    assert tp.well_formed_half_lines("") == (0, 0)


def test_clean_poem_keeps_regular_poems_only():
    rec, why = tp.clean_poem("登鹳雀楼", ["白日依山尽，黄河入海流。", "欲穷千里目，更上一层楼。"], IDENT)
    assert rec == "登鹳雀楼\n白日依山尽，黄河入海流。\n欲穷千里目，更上一层楼。" and why == ""
    rec, _ = tp.clean_poem("题（一作某某）", ["白日依山尽，黄河入海流。"], IDENT)
    assert rec == "题\n白日依山尽，黄河入海流。"
    assert tp.clean_poem("t", ["白日依山□，黄河入海流。"], IDENT) == (None, "missing characters or notes")
    assert tp.clean_poem("t", ["白日依山尽，黄河入海流。（一作某）"], IDENT)[1] == "missing characters or notes"
    assert tp.clean_poem("t", ["白日依山尽，黄河入海流。", "孤帆远影碧空尽，唯见长江天际流。"], IDENT)[1] == \
        "mixed 5 and 7 character lines"
    assert tp.clean_poem("t", ["白日依山尽，黄河入海流！"], IDENT)[1] == "irregular line"
    assert tp.clean_poem("t", [], IDENT)[1] == "empty"
    assert tp.clean_poem("", ["白日依山尽，黄河入海流。"], IDENT)[1] == "irregular title"


def test_clean_poem_converts_with_the_converter():
    rec, _ = tp.clean_poem("秋風", ["秦川雄帝宅，函谷壯皇居。"], lambda s: s.replace("壯", "壮").replace("風", "风"))
    assert rec == "秋风\n秦川雄帝宅，函谷壮皇居。"


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")   # zhconv leaves its dict open
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_traditional_to_simplified_with_zhconv():
    pytest.importorskip("zhconv")
    assert tp.traditional_to_simplified("綺殿千尋起，離宮百雉餘。") == "绮殿千寻起，离宫百雉余。"


def test_prep_tang_on_a_miniature_package(tmp_path):
    base = tmp_path / "package" / "dist" / "quantangshi"
    (base / "error").mkdir(parents=True)
    poems = [{"title": f"无题 {'一二三四五六七八九十'[i]}", "paragraphs": [f"{c}日依山尽，黄河入海流。", "欲穷千里目，更上一层楼。"]}
             for i, c in enumerate("白红青黄紫绿蓝黑灰金")]
    poems.append({"title": "缺字", "paragraphs": ["白日□山尽，黄河入海流。"]})
    poems.append({"title": "重复", "paragraphs": poems[0]["paragraphs"]})
    (base / "poet.tang.0.json").write_text(json.dumps(poems, ensure_ascii=False), encoding="utf-8")
    (base / "poet.tang.1000.json").write_text("[]", encoding="utf-8")
    (base / "poet.song.0.json").write_text(json.dumps(poems, ensure_ascii=False), encoding="utf-8")
    (base / "error" / "poet.tang.0.json").write_text("not json", encoding="utf-8")
    train, held, rep = tp.prep_tang(tmp_path / "package", convert=IDENT)
    assert rep.files == 2 and rep.seen == 12 and rep.kept == 10
    assert rep.dropped == {"missing characters or notes": 1, "duplicate": 1}
    assert len(train) + len(held) == 10 and not set(train) & set(held)
    out = tp.write_split(tmp_path / "out", train, held, rep, "poems")
    text = (tmp_path / "out" / "train.txt").read_text(encoding="utf-8")
    records = [r for r in text.split(tp.POEM_SEPARATOR) if r]
    assert records == train and all(r.count("\n") == 2 for r in records)
    assert out["chars_train"] == len(text)
    assert json.loads((tmp_path / "out" / "prep_report.json").read_text(encoding="utf-8"))["kept"] == 10


def test_heldout_split_is_stable_and_about_two_percent():
    keys = [f"record {i}" for i in range(20000)]
    held = [k for k in keys if tp.is_heldout(k)]
    assert 0.015 < len(held) / len(keys) < 0.025
    assert held == [k for k in keys if tp.is_heldout(k)]


def test_prep_fortunes_on_a_miniature_folder(tmp_path):
    folder = tmp_path / "fortunes"
    folder.mkdir()
    (folder / "wisdom").write_text(
        "A penny saved is a penny earned.\n%\n\tIndented\twith tabs.   \n\t\t-- Someone\n%\n"
        "A PENNY saved -- is a penny earned!\n%\n\n%\n" + "x" * 700 + "\n%\n"
        "bell \x07 here\n%\n" "#### ** ## ||| ##\n#### ** ##\n%\nLast one, no trailing separator.\n",
        encoding="utf-8")
    (folder / "wisdom.dat").write_bytes(b"\x00\x00\x00\x02binary")
    os.symlink("wisdom", folder / "wisdom.u8")
    (folder / "ascii-art").write_text("  /\\_/\\\n ( o.o )\n%\n", encoding="utf-8")
    (folder / "latin1").write_bytes(b"caf\xe9\n%\n")
    assert [p.name for p in tp.iter_fortune_files(folder)] == ["latin1", "wisdom"]
    train, held, rep = tp.prep_fortunes(folder)
    assert set(train + held) == {"A penny saved is a penny earned.",
                                 "        Indented        with tabs.\n                -- Someone",
                                 "Last one, no trailing separator."}
    assert rep.dropped == {"file not UTF-8": 1, "duplicate": 1, "empty": 1, "longer than 600 characters": 1,
                           "control characters": 1, "mostly symbols (ASCII art, tables)": 1}
    tp.write_split(tmp_path / "out", train, held, rep, "fortunes")
    text = (tmp_path / "out" / "train.txt").read_text(encoding="utf-8")
    assert text.count(tp.EOT) == len(train) and text.endswith(tp.EOT + "\n")


def test_prep_script_help_runs():
    import subprocess
    import sys
    root = Path(__file__).resolve().parents[2]
    r = subprocess.run([sys.executable, str(root / "scripts" / "data" / "prep_text_data.py"), "--help"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "tang" in r.stdout
