"""Score structured comments (author, text, depth) and article text against gold pages.

Used by `bench/score_html.py` and `tests/decomposers/test_html_synthetic.py`. The gold is a case of
`devtools.scoring` (`NAME.txt` + `NAME.txt.gold.json`): a comment's gold text is its
`comment_text` lines, the gold article the `article` lines joined.

Gold and predicted comments are matched one to one by text similarity (token F1 of their texts
>= `MATCH_AT`, best pairs first). Counts are micro-averaged into F1s: a match counts 1 for the
match F1, its token F1 for the text F1, 1 for the author F1 when the author is right (names
compared case- and space-folded; a gold comment without author accepts any author) and 1 for
the depth F1 when the reply depth is right.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from devtools.scoring import GoldCase

_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|\w+")
MATCH_AT = 0.5


def tokens(text: str) -> Counter[str]:
    """Lower-case word tokens (each CJK character is a token)."""
    return Counter(token.lower() for token in _TOKEN.findall(text))


def token_f1(predicted: str, gold: str) -> float:
    """Bag-of-tokens F1 of two texts (1.0 when both are empty)."""
    p, g = tokens(predicted), tokens(gold)
    if not p and not g:
        return 1.0
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def fold(name: str | None) -> str:
    """A name compared case- and space-insensitively."""
    return re.sub(r"\s+", " ", name or "").strip().casefold()


@dataclass
class CommentCounts:
    """Per-comment counts (micro-averaged into F1s)."""

    gold: int = 0
    pred: int = 0
    matched: int = 0
    text: float = 0.0
    author: int = 0
    depth: int = 0
    named: int = 0  # matched comments whose gold names an author
    named_right: int = 0  # ... and whose predicted author is that name
    wrong_authors: list[tuple[str, str | None]] = field(default_factory=list)  # (gold, predicted)

    def add(self, other: CommentCounts) -> None:
        for name in ("gold", "pred", "matched", "text", "author", "depth", "named", "named_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.wrong_authors.extend(other.wrong_authors)

    def f1(self, value: float) -> float:
        return 2 * value / (self.gold + self.pred) if self.gold + self.pred else 1.0


def gold_article(case: GoldCase) -> str:
    """The gold article: the page's `article` lines joined."""
    rows = case.text.split("\n")
    return "\n".join(rows[r["n"] - 1] for r in case.gold["lines"] if r["label"] == "article")


def gold_comments(text: str, gold: dict[str, Any]) -> list[dict[str, Any]]:
    """Gold comments with their text: the comment_text lines of each span."""
    rows = text.split("\n")
    labels = {row["n"]: row["label"] for row in gold["lines"]}
    out = []
    for comment in gold["comments"]:
        lines = [
            rows[n - 1]
            for n in range(comment["first_line"], comment["last_line"] + 1)
            if labels.get(n) == "comment_text"
        ]
        out.append({**comment, "text": "\n".join(lines)})
    return out


def match_comments(
    gold: list[dict[str, Any]], pred: list[Any], rendered_text: str | None = None
) -> CommentCounts:
    """Match predicted comments (with `text`, `author`, `depth`) to gold ones and count what
    agrees. With `rendered_text`, unmatched predicted comments whose lines are mostly not in it
    are not counted: the gold cannot hold a comment that the rendering dropped."""
    counts = CommentCounts(gold=len(gold), pred=len(pred))
    pairs = sorted(
        (
            (token_f1(p.text, g["text"]), i, j)
            for i, g in enumerate(gold)
            for j, p in enumerate(pred)
        ),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for similarity, i, j in pairs:
        if similarity < MATCH_AT:
            break
        if i in used_gold or j in used_pred:
            continue
        used_gold.add(i)
        used_pred.add(j)
        g, p = gold[i], pred[j]
        counts.matched += 1
        counts.text += similarity
        counts.author += g.get("author") is None or fold(g["author"]) == fold(p.author)
        if g.get("author") is not None:
            counts.named += 1
            right = fold(g["author"]) == fold(p.author)
            counts.named_right += right
            if not right:
                counts.wrong_authors.append((g["author"], p.author))
        counts.depth += g.get("depth") == p.depth
    if rendered_text is not None:
        from threadsift.decomposers.html_lines import text_match_key

        flat = text_match_key(rendered_text)
        counts.pred -= sum(
            1 for j, p in enumerate(pred) if j not in used_pred and not _rendered(p.text, flat)
        )
    return counts


def _rendered(text: str, flat: str) -> bool:
    """Whether most lines of a comment are in the rendered text (compared as matching keys)."""
    from threadsift.decomposers.html_lines import text_match_key

    keys = [k for k in (text_match_key(line) for line in text.split("\n")) if k]
    return bool(keys) and sum(k in flat for k in keys) >= 0.6 * len(keys)
