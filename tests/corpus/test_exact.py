"""Exact duplicates by normalised text, the smallest key kept."""

from threadsift.corpus.exact import dedup_text_key, exact_groups, text_hash


def test_normalised_text_ignores_case_and_spacing() -> None:
    assert dedup_text_key("  The  Story\n\nends ") == "the story ends"
    assert text_hash("The story") == text_hash("the   STORY\n")
    assert text_hash("The story") != text_hash("The stories")
    assert text_hash(" \n") == 0


def test_groups_keep_the_smallest_key() -> None:
    keys = ["c", "a", "b", "d", "e"]
    hashes = [text_hash(t) for t in ("x", "x", "y", "x", "")]
    assert exact_groups(keys, hashes) == {"c": "a", "d": "a"}
    comments = [("p2", 0), ("p1", 3), ("p1", 1)]
    assert exact_groups(comments, [5, 5, 5]) == {("p2", 0): ("p1", 1), ("p1", 3): ("p1", 1)}
