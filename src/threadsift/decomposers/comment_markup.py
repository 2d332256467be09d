"""Selector tables of the comment markups real sites use (heuristics are data).

Each `CommentMarkup` names one comment system and gives CSS selectors: `item` finds one comment
element; `author`, `date` and `text` are tried in order inside it (the first that matches wins);
`replies` finds reply containers that sit beside their parent comment instead of inside it
(Drupal's `div.indented`), each adding one level of depth; `requires` must match inside an item for
it to count (it keeps generic class names such as `.comment` from matching site chrome);
`first_is_article` marks forum software, whose first post opens the thread (it is the page's
article, not a comment); `siblings` says that a comment's parts follow its item as siblings
(`<dt>` header, `<dd>` body) instead of lying inside it. Adding a
convention is a data edit here; the code that applies these tables is in `comment_dom.py`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from threadsift.errors import ConfigError


class CommentMarkup(NamedTuple):
    """The selectors of one comment system."""

    name: str
    item: str
    author: tuple[str, ...]
    text: tuple[str, ...]
    date: tuple[str, ...] = ()
    replies: str = ""
    requires: str = ""
    first_is_article: bool = False
    siblings: bool = False


def selectors(*groups: tuple[str, ...]) -> tuple[str, ...]:
    """Join selector groups in order, refusing an empty group (a typo would match nothing)."""
    joined: list[str] = []
    for group in groups:
        if not group or not all(s.strip() for s in group):
            raise ConfigError("empty selector group in a comment markup table")
        joined.extend(group)
    return tuple(joined)


# Dates: a <time> with a machine-readable value first, then what the systems print.
TIME = ("time[datetime]", "time")

WORDPRESS = CommentMarkup(
    name="wordpress",
    # comment_class() adds "comment" and "depth-N"; pingbacks and trackbacks lack "comment".
    item='.comment[class*="depth-"], li.comment, li[id^="li-comment-"]',
    author=(
        ".comment-author .fn",
        ".comment-author cite",
        "cite.fn",
        ".fn",
        ".comment-author",
        ".comment_author",
        ".comment-meta cite",
        ".author",
        ".comment-author-name",
        ".comment-header h3",
        ".comment-header h4",
        ".comment-header strong",
        ".comment-user",
    ),
    text=(
        ".comment-content",
        ".comment-copy",
        ".comment-text",
        ".comment_text",
        ".comment-body .text",
        ".format_text",
        "blockquote",
    ),
    date=selectors(
        TIME,
        (".comment-metadata a", ".commentmetadata a", ".comment-meta a", ".comment-date"),
        (".comment_time", ".comment-time", ".date"),
    ),
)

WORDPRESS_COM = CommentMarkup(
    name="wordpress.com",
    item="li.comment.highlander-comment, .comment-list > li.comment, .commentlist > li.comment",
    author=(".comment-author .fn", ".comment-author cite", ".comment-author"),
    text=(".comment-content", ".comment-body > p", ".comment-text"),
    date=selectors(TIME, (".comment-meta a", ".commentmetadata a")),
)

WPDISCUZ = CommentMarkup(
    name="wpdiscuz",
    # wpDiscuz 7 uses "wpd-" classes; wpDiscuz 5 used "wc-" classes. Replies nest inside parents.
    item=".wpd-comment, .wc-comment",
    author=(".wpd-comment-author", ".wc-comment-author"),
    text=(".wpd-comment-text", ".wc-comment-text"),
    date=selectors(TIME, (".wpd-comment-date", ".wc-comment-date")),
    requires=".wpd-comment-text, .wc-comment-text",
)

DRUPAL8 = CommentMarkup(
    name="drupal8",
    item="article.comment, article.js-comment",
    author=(".comment__author a", ".comment__author", ".field--name-uid", ".username"),
    text=(".field--name-comment-body", ".comment__content", ".content"),
    date=selectors(TIME, (".comment__time", ".comment__submitted", ".submitted")),
    replies=".indented",
)

DRUPAL7 = CommentMarkup(
    name="drupal7",
    item="div.comment",
    author=(".submitted .username", ".username", ".submitted a"),
    text=(".content .field-name-comment-body", ".content", ".comment-text"),
    date=selectors(TIME, (".submitted", ".comment-date")),
    replies=".indented",
    requires=".submitted, .username",
)

BLOGGER = CommentMarkup(
    name="blogger",
    item=".comment-thread li.comment",
    author=("cite.user", ".comment-header cite", ".profile-name-link"),
    text=(".comment-content", "p.comment-content", ".comment-body"),
    date=(".datetime a", ".datetime", ".comment-timestamp"),
    requires=".comment-block, .comment-content",
)

BLOGGER_CLASSIC = CommentMarkup(
    name="blogger-classic",
    item="#comments-block > dt, dl.comments-block > dt",
    author=("dt a[href]", "dt .comment-author", "dt"),
    text=("dd.comment-body", "dd:not(.comment-footer)"),
    date=(".comment-timestamp a", ".comment-timestamp", ".comment-footer"),
    siblings=True,
)

SPIP = CommentMarkup(
    name="spip",
    item=".forum-fil",
    author=(".forum-chapo .author .fn", ".forum-chapo .fn", ".forum-chapo .author", ".fn"),
    text=(".forum-texte",),
    # SPIP prints "DATE, par NAME" in one element: `comment_fields.settle` takes the name out.
    date=selectors(TIME, ("abbr.published", ".forum-chapo small", ".forum-chapo [class*='date']")),
    requires=".forum-texte",
)

MICRODATA = CommentMarkup(
    name="microdata",
    item=(
        '[itemtype$="schema.org/Comment"], [itemtype$="schema.org/UserComments"],'
        # a Q&A page's answers, not an FAQ's (the site wrote those)
        ' [itemtype$="schema.org/Answer"]:not([itemtype$="schema.org/FAQPage"] *)'
    ),
    author=(
        '[itemprop~="author"] [itemprop~="name"]',
        '[itemprop~="author"]',
        '[itemprop~="creator"] [itemprop~="name"]',
        '[itemprop~="creator"]',
    ),
    text=('[itemprop~="text"]', '[itemprop~="commentText"]', '[itemprop~="description"]'),
    date=(
        '[itemprop~="dateCreated"]',
        '[itemprop~="datePublished"]',
        '[itemprop~="commentTime"]',
    ),
)

RDFA = CommentMarkup(
    name="rdfa",
    item='[typeof~="Comment"], [typeof~="schema:Comment"], [typeof~="sioct:Comment"]',
    author=(
        '[property~="author"] [property~="name"]',
        '[property~="schema:author"] [property~="schema:name"]',
        '[property~="author"]',
        '[property~="schema:author"]',
        '[rel~="sioc:has_creator"]',
        '[property~="foaf:name"]',
    ),
    text=(
        '[property~="text"]',
        '[property~="schema:text"]',
        '[property~="content:encoded"]',
        '[property~="sioc:content"]',
    ),
    date=(
        '[property~="dateCreated"]',
        '[property~="schema:dateCreated"]',
        '[property~="datePublished"]',
        '[property~="dc:created"]',
        '[property~="dc:date"]',
    ),
)

PHPBB = CommentMarkup(
    name="phpbb",
    item="div.post",
    author=(".author .username", ".username", ".author strong"),
    text=(".postbody .content", ".content"),
    date=selectors(TIME, (".author",)),
    requires=".postbody",
    first_is_article=True,
)

VBULLETIN = CommentMarkup(
    name="vbulletin",
    item="li.postcontainer, li.postbitlegacy, div.postbit",
    author=(".username strong", ".username", ".bigusername"),
    text=(".postcontent", '[id^="post_message_"]', ".content"),
    date=(".postdate .date", ".postdate", ".date"),
    first_is_article=True,
)

XENFORO = CommentMarkup(
    name="xenforo",
    item="article.message--post, article.message",
    author=(".message-name .username", ".message-name", ".username"),
    text=(".message-body .bbWrapper", ".bbWrapper", ".message-body"),
    date=selectors(TIME, (".message-attribution-main",)),
    requires=".message-body, .bbWrapper",
    first_is_article=True,
)

# Tried in this order; the one that yields the most comments with text wins (ties: first).
MARKUPS: tuple[CommentMarkup, ...] = (
    WPDISCUZ,
    BLOGGER,
    BLOGGER_CLASSIC,
    SPIP,
    DRUPAL8,
    DRUPAL7,
    WORDPRESS,
    WORDPRESS_COM,
    MICRODATA,
    RDFA,
    PHPBB,
    VBULLETIN,
    XENFORO,
)

# Inside a comment element: chrome that is not the comment's text (reply links, votes, forms).
COMMENT_CHROME = (
    ".reply, .comment-reply-link, .comment-reply, .comment-actions, .comment-footer,"
    " .comment-likes, .comment-like-feedback, .wpd-comment-footer, .wc-comment-footer,"
    " .links, .says, form, button, .avatar, .screen-reader-text, .sr-only, .comment-meta,"
    " .commentmetadata, .comment-metadata, .comment-author, .comment-header, .submitted, .repondre,"
    " time, .vcard"
)

# Elements whose text never belongs to a comment.
SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "button", "select", "textarea"}
)

# JSON-LD: the @type values that are comments and the keys that hold them.
JSONLD_COMMENT_TYPES = frozenset({"Comment", "UserComments", "Answer"})
JSONLD_COMMENT_KEYS = ("comment", "comments", "suggestedAnswer", "acceptedAnswer")
#: JSON-LD types whose answers are the site's own text, not readers' (an FAQ's answers).
JSONLD_NOT_THREADS = frozenset({"FAQPage"})

# Words systems print around the author's name ("NAME says:", "par NAME", "von NAME").
AUTHOR_NOISE = re.compile(
    r"^\s*(?:by|par|von|di|por|de|door|av|przez|от)\s+"
    r"|\s+(?:says|said|wrote|sagt|sagte|schrieb|schreibt|meint|hat gesagt|hat geschrieben|dit"
    r"|a dit|écrit|a écrit|dice|dijo|ha dicho|escribió|ha escrito|scrive|ha scritto|disse|zegt"
    r"|skriver|pisze|написал)(?:\s+\S+){0,6}?\s*[:.…]*\s*$"
    r"|\s*[:：]\s*$",
    re.IGNORECASE,
)

# Date words printed before a name in a "submitted" line: "par NAME le 7 mai 2020".
DATE_HINT = re.compile(
    r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b|"
    r"\b(?:ago|vor|il y a|hace|fa|geleden|temu|назад|前)\b",
    re.IGNORECASE,
)

# --- The repeated-block fallback (comment_fallback.py) ---

#: Class tokens that themes put on every other block of a list ("alt", "odd"/"even"): blocks
#: that differ only by them are of one kind.
ALTERNATION_CLASSES = frozenset(
    {"alt", "odd", "even", "alternate", "thread-alt", "thread-odd", "thread-even"}
)
# Class or id words that mark a block or its container as part of a comment thread.
THREAD_WORDS = re.compile(
    r"comment|kommentar|komment|commentaire|comentario|commento|reacti|reply|replies|repl|"
    r"antwort|réponse|respuesta|leserbrief|forum|discussion|diskussion|thread|"
    r"opinion|meinung|posting|post-item|message|beitrag|review|guestbook|gästebuch|留言|回應|评论",
    re.IGNORECASE,
)
# The same words as CSS: elements whose class or id has one mark where a thread may be (the
# fallback looks for repeated blocks only around them, which keeps it fast on long pages).
THREAD_SCOPE_WORDS = (
    "comment", "komment", "coment", "reacti", "reply", "repl", "antwort", "réponse", "forum",
    "discuss", "diskuss", "leser", "opinion", "meinung", "posting", "message", "beitrag",
    "review", "guestbook", "gästebuch", "thread", "留言", "回應", "评论",
)  # fmt: skip
THREAD_SCOPE = ", ".join(f'[class*="{word}" i], [id*="{word}" i]' for word in THREAD_SCOPE_WORDS)
# A block whose heading links to another page is a teaser (a blog index, related articles);
# comment titles link to the comment itself ("#comment-41"), if anywhere.
TEASER = ", ".join(
    f'{tag} a[href]:not([href*="#"]), a[href]:not([href*="#"]) {tag}'
    for tag in ("h1", "h2", "h3", "h4")
)
# Class (or itemprop) words of the element holding a commenter's name, as CSS.
AUTHOR_WORDS = (
    "author", "user", "name", "nick", "poster", "member", "account", "profile", "autor",
    "auteur", "signature", "byline", "from", "benutzer", "nutzer", "utilisateur", "usuario",
    "utente", "pseudo", "verfasser",
)  # fmt: skip
AUTHOR_SCOPE = ", ".join(f'[class*="{word}" i], [itemprop*="{word}" i]' for word in AUTHOR_WORDS)
# Whole lines inside a comment block that are widget chrome, not text.
THREAD_CHROME_LINE = re.compile(
    r"^(?:reply|antworten|répondre|responder|rispondi|responder|beantworten|quote|zitieren|"
    r"citer|like|liken|gefällt mir|j'aime|melden|report|signaler|share|teilen|permalink|link|"
    r"delete|löschen|supprimer|edit|bearbeiten|modifier|save|speichern|\d+|[+-]\d+|[\W\d_]*|"
    r"(?:level|ebene|niveau) \d+|\d+\s*(?:points?|punkte?|votes?|stimmen|likes?)(?:\s*·.*)?)$",
    re.IGNORECASE,
)
# Words around the name and date in a comment header line ("Comment by NAME — DATE @ TIME",
# "Am DATE um TIME von NAME", "NAME - Le DATE à TIME").
HEADER_NOISE = re.compile(
    r"(?<!\w)(?:comment|kommentar|commentaire|posted|geschrieben|gepostet|publié|escrito|"
    r"by|von|par|de|por|di|da|door|am|um|le|on|at|à|a las|el|il|op|uhr|h|o'clock|a\.?m|p\.?m|"
    r"says|sagt|dit|said|wrote|schrieb|écrit|於|回覆|回复|說|说)(?!\w)"
    # Separators: standalone dashes, slashes and dots ("NAME - Le DATE", "NAME / DATE"), but not
    # those inside a name ("Jean-François", "M. Boettcher").
    r"|(?<!\S)[-—–/.]+(?!\S)|[|,•@:;()\[\]]",
    re.IGNORECASE,
)
# Class tokens that mark a block as a reply when its siblings lack them ("comment-sub",
# "is-reply", "child-comment"), and tokens that give the level ("level-3", "depth-2").
REPLY_CLASS = re.compile(
    r"(?:^|[-_])(?:sub|reply|child|answer|antwort|nested|indent|indented)(?:$|[-_])", re.IGNORECASE
)
# Inline indentation that nests flat replies: style="padding-left:37px" (the level is its rank).
INDENT_STYLE = re.compile(r"(?:padding|margin)-left\s*:\s*(\d+(?:\.\d+)?)\s*(?:px|em|rem)", re.I)
LEVEL_CLASS = re.compile(r"(?:level|depth|lvl)[-_]?(\d{1,2})(?:$|[-_])", re.IGNORECASE)
# Inside a comment block: an element holding the blogger's answer to it, with its own name and
# date ("reply-text", "comment-answer"); the date tells it apart from a "Reply" link.
INNER_REPLY = (
    '[class*="reply"], [class*="answer"], [class*="antwort"], [class*="reponse"],'
    ' [class*="réponse"], [class*="respuesta"]'
)
