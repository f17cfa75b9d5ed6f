"""The English corpus prep (scripts/data/prep_text_data.py: World English Bible markup to plain records) and the
English text figures (scripts/eval/english_metrics.py: word-list share, sentences, link grammar parse rate), on
made-up inputs — no Debian package needed except where a test says it skips without one."""
from __future__ import annotations

import pytest
from script_modules import load_script

prep = load_script("prep_text_data", "scripts/data/prep_text_data.py")
em = load_script("english_metrics", "scripts/eval/english_metrics.py")

VERSE = ('<w lemma="strong:H0430">In</w> <w lemma="strong:H0853">the</w> <w>beginning</w>, <w>God</w>'
         '<note placement="foot"><reference type="annotateRef">1:1 </reference>The Hebrew word rendered '
         '“God” is “אֱלֹהִ֑ים” (Elohim).</note><w>created</w> <w>the</w> <w>heavens</w>.')


def test_web_verse_text_drops_notes_and_keeps_word_breaks():
    assert prep.web_verse_text(VERSE) == "In the beginning, God created the heavens."
    q = '<q who="Jesus">“Don’t be afraid<note>a note</note>,” he said—gently.</q>'
    assert prep.web_verse_text(q) == '"Don\'t be afraid," he said--gently.'
    assert prep.web_verse_text('<title type="psalm">A Psalm</title><l>The LORD is my shepherd;</l>') == \
        "The LORD is my shepherd;\n"
    assert prep.web_verse_text('a<div eID="p1" type="x-p"/>').endswith("\n\n")


def test_web_chapters_and_records():
    imp = ("$$$[ Module Heading ]\n\n$$$Genesis 0:0\nintro\n"
           "$$$Genesis 1:1\nOne.\n$$$Genesis 1:2\nTwo.<div eID=\"x\" type=\"x-p\"/>\n"
           "$$$Genesis 1:3\nThree.\n$$$Genesis 2:1\nFour.\n")
    chapters = list(prep.iter_web_chapters(imp))
    assert [k for k, _ in chapters] == ["Genesis 1", "Genesis 2"]
    assert prep.web_records(chapters[0][1]) == ["One. Two.", "Three."]          # a paragraph end closes a record
    long = ["word " * 30] * 10                                                   # 150 characters each
    recs = prep.web_records([v.strip() for v in long], max_chars=400)
    assert all(len(r) <= 400 for r in recs) and sum(r.count("word") for r in recs) == 300


def test_word_share_rules():
    words = frozenset({"the", "cat", "don't", "Israel", "I", "a"})
    m = em.word_share(["The cat don't xyzzy", "I saw Israel<|endoftext|>a"], words)
    # The (capitalised), cat, don't, I, Israel, a in the list; xyzzy and saw not
    assert (m["words"], m["words_in_list"]) == (8, 6) and m["top_unknown"] == ["saw", "xyzzy"]
    assert em.word_share([""], words)["wordlist_share"] == 0.0


def test_sentences_are_whole_and_plain():
    text = ("The cat sat on the mat. It was 3 o'clock! Too short. Who knows what\n"
            "        -- An Author\n<|endoftext|>\nA new record starts here? And it ends unfinished")
    # "It was 3 o'clock!" has a digit, "Too short." two words, "Who knows what" no end mark (the attribution line
    # is dropped), the last one is unfinished
    assert em.sentences(text) == ["The cat sat on the mat.", "A new record starts here?"]


def test_link_grammar_parse_rate():
    try:
        parser = em.Parser()
    except RuntimeError:
        pytest.skip("python3-link-grammar is not installed (apt-get install python3-link-grammar)")
    r = em.parse_rate(["The computer is broken.", "Oxpernights a little sides rer your dams."], parser)
    assert (r["sentences_checked"], r["sentences_parsed"]) == (2, 1)
