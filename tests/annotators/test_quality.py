"""Quality signals of articles: values on texts whose answers are counted by hand."""

from __future__ import annotations

import pytest

from threadsift.annotators.quality import QualityAnnotator, quality_signals
from threadsift.annotators.stopwords import STOP_WORDS
from threadsift.page import Comment, Outcome, Page, Quality

PROSE = (
    "The council met on Monday and voted for the new budget.\n\n"
    "It will pay for schools, roads and a library in the north of the city."
)


def test_empty_text_gives_zeros() -> None:
    assert quality_signals("") == Quality()
    assert quality_signals("  \n\n ") == Quality()


def test_words_lengths_and_ratios() -> None:
    q = quality_signals("Cats sat. #tags and 42 more...")
    # words: cats sat tags and 42 more -> 6 words, 20 letters and digits
    assert q.word_count == 6
    assert q.mean_word_length == pytest.approx(20 / 6, abs=1e-4)
    assert q.symbol_word_ratio == pytest.approx(2 / 6, abs=1e-4)  # one '#', one '...'
    assert q.digit_ratio == pytest.approx(2 / 25, abs=1e-4)  # 25 non-space characters
    assert q.alpha_word_ratio == pytest.approx(5 / 6, abs=1e-4)  # '42' has no letter


def test_unspaced_scripts_count_characters_as_words() -> None:
    q = quality_signals("我们今天去公园。")
    assert q.word_count == 7
    assert q.mean_word_length == 1.0


def test_stop_word_share_uses_the_language_list() -> None:
    text = "the cat and the dog"
    assert quality_signals(text, "en").stop_word_share == pytest.approx(3 / 5)
    # German list: none of these words; unknown language: best list (English).
    assert quality_signals(text, "de").stop_word_share == 0.0
    assert quality_signals(text, None).stop_word_share == pytest.approx(3 / 5)
    assert quality_signals("der Hund und die Katze", "und").stop_word_share == pytest.approx(3 / 5)


def test_stop_word_lists_cover_the_main_european_languages() -> None:
    for language in ("en", "de", "fr", "es", "it", "pt", "nl"):
        words = STOP_WORDS[language]
        assert len(words) >= 40
        assert all(word == word.lower() and " " not in word for word in words)


def test_line_signals() -> None:
    text = "A full sentence here.\n- a bullet\nTo be continued...\n«Quoted.»\nno end"
    q = quality_signals(text)
    assert q.line_count == 5
    assert q.bullet_line_ratio == 0.2
    assert q.ellipsis_line_ratio == 0.2
    assert q.terminal_punct_line_ratio == pytest.approx(3 / 5)  # '.', '...' and '»'
    assert q.short_line_ratio == 1.0
    assert q.newline_word_ratio == pytest.approx(4 / 12, abs=1e-4)  # a lone '-' is no word


def test_duplicate_lines_and_paragraphs() -> None:
    text = "Subscribe now\nA unique line of text\nSubscribe now\n\nSubscribe now"
    q = quality_signals(text)
    assert q.dup_line_fraction == pytest.approx(2 / 4)
    assert q.dup_line_char_fraction == pytest.approx(26 / (13 * 3 + 21), abs=1e-4)
    # paragraphs: the first block and "Subscribe now" (not a copy of the block)
    assert q.dup_para_fraction == 0.0


def test_top_ngrams_only_when_repeated() -> None:
    assert quality_signals(PROSE).top_2gram_char_fraction == 0.0
    q = quality_signals("big deal big deal small talk")
    # 'big deal' twice: 2 * 7 characters of 23
    assert q.top_2gram_char_fraction == pytest.approx(14 / 23, abs=1e-4)
    assert q.top_3gram_char_fraction == 0.0


def test_duplicate_ngrams_count_each_word_once() -> None:
    q = quality_signals("one two three four five one two three four five six")
    # the 5-gram repeats: its ten words (38 characters of 41) are covered, 'six' is not
    assert q.dup_5gram_char_fraction == pytest.approx(38 / 41, abs=1e-4)
    assert q.dup_6gram_char_fraction == 0.0
    overlapping = quality_signals("a b c d e f a b c d e f a b c d e f")
    assert overlapping.dup_5gram_char_fraction == 1.0
    assert overlapping.dup_10gram_char_fraction == 1.0
    assert quality_signals(PROSE).dup_5gram_char_fraction == 0.0


def test_c4_flags() -> None:
    assert quality_signals("Lorem ipsum dolor sit amet").has_lorem_ipsum
    assert quality_signals("function() { return 1; }").has_curly_bracket
    assert not quality_signals(PROSE).has_curly_bracket


def test_annotator_fills_pages_and_skips_errors() -> None:
    page = Page(id="a", text="", article=PROSE, language="en", comments=[Comment(0, None, "x")])
    broken = Page(id="b", text="", outcome=Outcome.ERROR, reason="bad")
    out = list(QualityAnnotator().run([page, broken]))
    assert out == [page, broken]  # nothing dropped, order kept
    assert page.quality is not None and page.quality.word_count == 26
    assert page.quality.stop_word_share > 0.3
    assert broken.quality is None
