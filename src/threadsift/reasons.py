"""The registry of chrome reasons: why a line of page text was labelled chrome.

Every value here can appear in the `reason` of a chrome line (`lines.reason` in a run's tables).
Pattern-group reasons are also the names of the groups in `decomposers/patterns.py`. The
`html_*` values keep the spelling they have had in outputs since they were introduced.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """Why a line is chrome; the value is what outputs record."""

    description: str

    def __new__(cls, value: str, description: str) -> Reason:
        """Make a member whose value is `value` and which carries a one-line description."""
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member

    # Named pattern groups of decomposers/patterns.py.
    COMMENT_WIDGET = "comment-widget", "a stock line of a comment widget (sorting, notify-of...)"
    COMMENT_FORM = "comment-form", "a line of the comment form or the notes around it"
    COMMENT_BADGE = "comment-badge", "a badge printed beside a commenter's name"
    COMMENT_HEADING = "comment-heading", "a line that heads or frames a comment section"
    SHARE = "share", "a sharing or social button"
    COMMENT_ACTION = "comment-action", "a per-comment action or counter inside a thread"
    PROFILE = "profile", "a forum post header: the poster's rank or profile fields"
    DONATION = "donation", "a donation or membership appeal"
    RELATED_LINKS = "related-links", "a heading or line of related or recommended links"
    NAVIGATION = "navigation", "site navigation, account, legal or cookie lines"
    ADVERTISING = "advertising", "an advertising slot"
    CAPTION = "caption", "an image caption, credit or placeholder"
    BYLINE = "byline", "a byline or dateline of the article"
    FURNITURE = "furniture", "an author box, sponsored block or other furniture ending an article"
    EMBED = "embed", "an embedded post or poll"
    # Shapes of a single line (decomposers/lines.py).
    CURRENCY_AMOUNT = "currency-amount", "a line that is only an amount of money"
    SEPARATOR = "separator", "a line of punctuation or symbols only"
    COMMENT_POLICY = "comment-policy", "a note on the comment policy or moderation"
    # Signals of the page around the line (text decomposer).
    BEFORE_ARTICLE = "before-article", "a line above the article"
    AFTER_ARTICLE = "after-article", "a line below the article and outside the thread"
    REPEATED_TITLE = "repeated-title", "the title printed again"
    REPEATED_LINE = "repeated-line", "a line the page prints more than once"
    DATE = "date", "a line that is only a date"
    NUMBER = "number", "a line that is only a number"
    # The comment thread (text decomposer).
    AFTER_COMMENTS = "after-comments", "a line after the last comment"
    AVATAR_NAME = "avatar-name", "a commenter's name repeated as an avatar's text"
    EMPTY_COMMENT = "empty-comment", "the author line of a comment with no text"
    SIGNATURE = "signature", "a commenter's signature line"
    COMMENT_META = "comment-meta", "a comment's date, score or other metadata line"
    COMMENT_THREAD = "comment-thread", "a line inside the thread that belongs to no comment"
    # HTML decomposer.
    HTML_OUTSIDE_ARTICLE = "html_outside_article", "outside the article and thread markup"
    HTML_COMMENT_THREAD = "html_comment_thread", "inside the thread markup, in no comment"
    HTML_COMMENT_META = "html_comment_meta", "a comment's metadata in the thread markup"
    HTML_NOT_A_COMMENT = "html_not_a_comment", "a block of thread markup that is not a comment"
    # Corpus stage.
    SITE_REPEATED = "site-repeated", "a line repeated across many pages of the same site"
