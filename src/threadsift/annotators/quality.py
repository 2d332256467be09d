"""Quality signals of each page's article: length, symbols, stop words, repetition.

The signals are those of the Gopher quality and repetition rules (Rae et al. 2021), C4's line
rules (Raffel et al. 2020) and FineWeb's (Penedo et al. 2024), computed once per page so that a
run can filter on them (`threadsift run --filter`) and a user can query them later. They measure;
they never drop a page.

Words are whitespace-separated tokens with surrounding punctuation removed, lower-cased; in
scripts written without spaces (Chinese, Japanese, Thai, Lao, Khmer, Burmese) every character is a
word. Lines are the non-blank lines of the article, paragraphs its blank-line-separated blocks.
Repetition follows the Gopher paper: duplicate lines and paragraphs are the copies after the
first; the top n-gram fraction is the characters (of words) covered by the most frequent word
n-gram (n = 2, 3, 4) when it occurs more than once; the duplicate n-gram fraction is the
characters of words covered by any word n-gram (n = 5..10) occurring more than once, each word
counted once.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import accumulate

from threadsift.annotators.base import Annotator
from threadsift.annotators.stopwords import STOP_WORDS
from threadsift.page import Page, Quality

# Scripts written without spaces between words: every character counts as a word.
_UNSPACED = (
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # kana, CJK ideographs
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Burmese, Khmer
)
_TOKEN = re.compile(f"[{_UNSPACED}]|[^\\s{_UNSPACED}]+")
_PUNCTUATION = (
    "".join(chr(c) for c in range(0x2000, 0x2070) if not chr(c).isspace())
    + "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»¡¿·、。，！？；：「」『』（）【】《》〈〉"
)
_ANY_STOP_WORD = frozenset().union(*STOP_WORDS.values())
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_BULLETS = ("•", "-", "*", "‣", "◦", "▪", "·", "–", "—")
# C4 keeps lines that end in terminal punctuation; closing quotes and brackets may follow it.
_TERMINAL = frozenset(".!?\"'”’»)。！？؟।۔")
SHORT_LINE = 30  # FineWeb: a line of at most this many characters is short
TOP_NGRAMS = (2, 3, 4)
DUP_NGRAMS = (5, 6, 7, 8, 9, 10)


def quality_signals(text: str, language: str | None = None) -> Quality:
    """The quality signals of `text`; stop words are those of `language` when it has a list.

    Without a list for `language` (or without a language), the stop-word share is the highest
    share over the languages with a list.
    """
    tokens = _TOKEN.findall(text.lower())
    words = [word for token in tokens if (word := token.strip(_PUNCTUATION))]
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", text)]
    paragraphs = [p for p in paragraphs if p]
    signals = Quality(word_count=len(words), line_count=len(lines))
    if words:
        lengths = [len(word) for word in words]
        chars = sum(lengths)
        count = len(words)
        signals.mean_word_length = _r(chars / count)
        symbols = text.count("#") + text.count("...") + text.count("…")
        signals.symbol_word_ratio = _r(min(1.0, symbols / count))
        signals.alpha_word_ratio = _r(sum(map(bool, map(_LETTER.search, tokens))) / len(tokens))
        signals.stop_word_share = _r(_stop_word_share(words, language))
        signals.newline_word_ratio = _r(min(1.0, text.count("\n") / count))
        for n in TOP_NGRAMS:
            setattr(signals, f"top_{n}gram_char_fraction", _r(_top_ngram(words, n) / chars))
        for n in DUP_NGRAMS:
            covered = _duplicate_ngrams(words, lengths, n)
            setattr(signals, f"dup_{n}gram_char_fraction", _r(covered / chars))
            if not covered:  # no repeated n-gram: no longer one either
                break
    visible = len("".join(text.split()))
    if visible:
        signals.digit_ratio = _r(len(_DIGIT.findall(text)) / visible)
    if lines:
        n_lines = len(lines)
        signals.bullet_line_ratio = _r(sum(line.startswith(_BULLETS) for line in lines) / n_lines)
        signals.ellipsis_line_ratio = _r(
            sum(line.endswith(("...", "…")) for line in lines) / n_lines
        )
        signals.terminal_punct_line_ratio = _r(
            sum(line[-1] in _TERMINAL for line in lines) / n_lines
        )
        signals.short_line_ratio = _r(sum(len(line) <= SHORT_LINE for line in lines) / n_lines)
        dups, dup_chars = _duplicates(lines)
        signals.dup_line_fraction = _r(dups / n_lines)
        signals.dup_line_char_fraction = _r(dup_chars / sum(len(line) for line in lines))
    if paragraphs:
        dups, dup_chars = _duplicates(paragraphs)
        signals.dup_para_fraction = _r(dups / len(paragraphs))
        signals.dup_para_char_fraction = _r(dup_chars / sum(len(p) for p in paragraphs))
    lowered = text.lower()
    signals.has_lorem_ipsum = "lorem ipsum" in lowered
    signals.has_curly_bracket = "{" in text
    return signals


class QualityAnnotator(Annotator):
    """Set `quality` on each page from its article (after the language annotator, if any)."""

    name = "quality"

    def annotate(self, page: Page) -> None:
        """Compute the signals of one page's article."""
        page.quality = quality_signals(self.clip(page.article), page.language)


def _r(value: float) -> float:
    return round(value, 4)


def _stop_word_share(words: list[str], language: str | None) -> float:
    stop_words = STOP_WORDS.get(language or "")
    if stop_words is not None:
        return sum(map(stop_words.__contains__, words)) / len(words)
    counts = Counter(words)
    found = counts.keys() & _ANY_STOP_WORD  # few words: then each language's share of them
    best = max(
        sum(counts[word] for word in found if word in stop_words)
        for stop_words in STOP_WORDS.values()
    )
    return best / len(words)


def _duplicates(items: list[str]) -> tuple[int, int]:
    """How many items repeat an earlier one, and their characters."""
    seen: set[str] = set()
    count = chars = 0
    for item in items:
        if item in seen:
            count += 1
            chars += len(item)
        else:
            seen.add(item)
    return count, chars


def _top_ngram(words: list[str], n: int) -> int:
    """Characters (of words) of the most frequent n-gram times its count, if it repeats."""
    if len(words) < n:
        return 0
    gram, count = Counter(zip(*(words[i:] for i in range(n)), strict=False)).most_common(1)[0]
    return count * sum(len(word) for word in gram) if count > 1 else 0


def _duplicate_ngrams(words: list[str], lengths: list[int], n: int) -> int:
    """Characters of the words covered by n-grams that occur more than once."""
    grams = list(zip(*(words[i:] for i in range(n)), strict=False))
    counts = Counter(grams)
    if len(counts) == len(grams):
        return 0
    # Coverage by a difference array: +1 where a repeated n-gram starts, -1 n words later.
    delta = [0] * (len(words) + 1)
    for start, gram in enumerate(grams):
        if counts[gram] > 1:
            delta[start] += 1
            delta[start + n] -= 1
    return sum(
        length for length, depth in zip(lengths, accumulate(delta), strict=False) if depth > 0
    )
