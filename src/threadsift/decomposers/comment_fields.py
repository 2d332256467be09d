"""Clean a comment's author and date fields as read from a page, and parse the date.

Comment systems print widget text next to the name and the date: "says", "Reply", role badges
glued to the name ("NAMEAuthor"), the avatar's alt text ("Avatar of NAME"), "Posted by", the
date in the name's element ("NAME on 5 May 2020") or the name in the date's ("5 May 2020, by
NAME"). `settle` takes the fields apart and leaves the name in `Comment.author`, the date text in
`Comment.date_raw` and its ISO 8601 form in `Comment.date` (see `dates.parse_date`).
"""

from __future__ import annotations

import re
from datetime import datetime

from threadsift.decomposers.dates import date_start, has_date_shape, parse_date, without_dates
from threadsift.decomposers.dom import clean_author
from threadsift.decomposers.patterns import group
from threadsift.page import Comment, Page

#: Role badges themes print beside a commenter's name.
ROLE_BADGES = (
    "author", "autor", "autorin", "auteur", "autrice", "autore", "autora", "auteur van",
    "admin", "administrator", "administrateur", "administrador", "amministratore", "beheerder",
    "moderator", "moderatorin", "modérateur", "moderador", "moderatore", "mod",
    "editor", "redaktion", "redakteur", "redakteurin", "rédaction", "redacción", "redazione",
    "redactie", "staff", "verified", "verifiziert", "vérifié", "verificado", "verificato",
    "top commenter", "registered commenter", "unregistered commenter", "top-kommentator",
    "subscriber", "abonnent", "abonnentin",
    "abonné", "abonnée", "suscriptor", "abbonato",
)  # fmt: skip
#: Comment actions and counters that end up in a name's element.
WIDGET_WORDS = (
    "reply", "antworten", "antwort", "répondre", "responder", "rispondi", "responder",
    "beantworten", "reageren", "responder", "report", "report abuse", "melden", "signaler",
    "denunciar", "segnala", "rapporteren", "like", "likes", "gefällt mir", "j'aime", "me gusta",
    "mi piace", "vind ik leuk", "quote", "zitieren", "citer", "citar", "cita", "permalink",
    "edit", "bearbeiten", "modifier", "editar", "modifica", "share", "teilen", "partager",
    "compartir", "condividi", "delete", "löschen", "supprimer", "eliminar", "elimina",
    "follow", "folgen", "suivre", "seguir", "segui", "volgen",
)  # fmt: skip
#: Words before a name: "Posted by", "Kommentar von", "Publié par", "Avatar of".
NAME_INTROS = (
    r"(?:posted|written|submitted|comment(?:ed)?|reply|answer(?:ed)?)\s+by",
    r"(?:gepostet|geschrieben|verfasst|kommentiert|eingereicht|kommentar|antwort|beitrag|erstellt"
    r"|eingestellt|veröffentlicht|text|fotos?|bilder)\s*von",
    r"(?:recipe|words|text|photos?|story|article|reporting|interview)\s+by",
    r"(?:post|article|comment)\s+author",
    r"(?:author|autor|autorin|auteur|autrice|autore|autora|text|texte|words|interview|verfasser"
    r"|verfasserin|written by|by|von|par|por|di|da)\s*:",
    r"(?:posté|publié|écrit|envoyé|commenté|commentaire|réponse)\s+par",
    r"(?:publicado|escrito|enviado|comentado|comentario|respuesta)\s+por",
    r"(?:pubblicato|scritto|inviato|commentato|commento|risposta)\s+da",
    r"(?:publicado|escrito|enviado|comentado|comentário|resposta)\s+por",
    r"(?:geplaatst|geschreven|gepost|reactie)\s+door",
    r"(?:avatar|profile (?:picture|photo|image)|user (?:avatar|image|photo)|profilbild|nutzerbild"
    r"|photo de profil|foto de perfil|foto del profilo|immagine del profilo|profielfoto"
    r"|photo|foto|bild|image|imagen|immagine)(?:\s+(?:of|for|von|des|de|du|di|del|da|do|van))?",
    r"by|von|par|por|di|da|door",
)
#: Badges that are never part of a name, even after a plain space ("NAME Verified"), and
#: Drupal's mark of a guest ("NAME (not verified)").
SURE_BADGES = ("verified", "verifiziert", "vérifié", "verificado", "verificato", "top commenter",
               "top-kommentator", "top fan", "not verified", "nicht überprüft", "non vérifié",
               "no verificado", "non verificato", "niet geverifieerd")  # fmt: skip
#: Profile facts forums print after a name ("NAME Mitglied seit 2010 Beiträge: 312").
PROFILE_WORDS = (
    "member since", "mitglied seit", "registriert seit", "dabei seit", "joined", "inscrit depuis",
    "inscrit le", "miembro desde", "registrado", "iscritto dal", "lid sinds", "beiträge",
    "posts", "messages", "mensajes", "messaggi", "berichten", "reputation", "karma", "punkte",
    "points", "rang", "rank",
)  # fmt: skip
#: Words after a name that say whose avatar it is: "NAME's avatar".
NAME_OUTROS = (r"[’']s?\s+(?:avatar|profile (?:picture|photo|image))", r"\s+avatar")
#: Words joining a name to the date after it: "NAME on DATE", "NAME am DATE", "NAME, DATE".
DATE_JOINERS = (
    "on", "at", "am", "um", "le", "à", "el", "a las", "il", "alle", "em", "às", "op", "om",
    "den", "posted", "commented", "schrieb", "sagt", "says", "said", "wrote",
)  # fmt: skip
#: Words that are no name on their own: what is left of "The Editor" without its badge.
ARTICLES = frozenset(
    {"the", "der", "die", "das", "le", "la", "les", "el", "los", "las", "il", "lo", "de", "het",
     "o", "a", "os", "as"}
)  # fmt: skip
#: No name is longer than this many characters once cleaned.
MAX_NAME_CHARS = 60

_SPACE = re.compile(r"\s+")
_INTRO = re.compile(r"\A(?:" + group(*NAME_INTROS) + r")\s*[:\-–]?(?:\s+|\Z)", re.IGNORECASE)
_OUTRO = re.compile(group(*NAME_OUTROS) + r"\s*\Z", re.IGNORECASE)
_PUNCT = " \t,;:|/-–—@•·»«›‹#*"
_BADGE_WORDS = group(*(re.escape(word) for word in sorted(ROLE_BADGES, key=len, reverse=True)))
_WIDGET = group(*(re.escape(word) for word in sorted(WIDGET_WORDS, key=len, reverse=True)))
#: A badge or action word glued to the end of a name ("Anna MüllerAutor"): a capital after a
#: lower-case letter.
_GLUED = re.compile(
    r"(?<=[a-zà-ÿß])"
    + group(*(re.escape(w[0].upper() + w[1:]) for w in (*ROLE_BADGES, *WIDGET_WORDS)))
    + r"\Z"
)
#: ... or set apart at either end ("Admin · NAME", "NAME (Moderator)", "NAME Reply"); a badge
#: after a plain space may be part of the name ("The Editor"), an action may not.
_APART_END = re.compile(
    r"(?:\s*[·|•,\-–—]\s*[(\[]?|\s*[(\[])(?:" + _BADGE_WORDS + "|" + _WIDGET + r")[)\]]?\s*\Z"
    r"|\s+(?:" + _WIDGET + r")\s*\Z",
    re.IGNORECASE,
)
_APART_START = re.compile(
    r"\A[(\[]?(?:" + _BADGE_WORDS + "|" + _WIDGET + r")[)\]]?(?:\s*[·|•:\-–—]\s*|\s+)(?=\S)",
    re.IGNORECASE,
)
#: The "... commenter" badges, which themes print glued to the start of a name whatever its case
#: ("Unregistered Commenterellen"): no name starts with them.
GLUED_START_BADGES = tuple(badge for badge in ROLE_BADGES if badge.endswith(" commenter"))
#: ... or glued to its start ("Registered CommenterNAME"; a one-word badge before a capital).
_GLUED_START = re.compile(
    r"\A(?i:" + _BADGE_WORDS + r")(?<=[a-zà-ÿß])(?=[A-ZÀ-ÞÄÖÜ])"
    r"|\A(?i:" + group(*(re.escape(w) for w in GLUED_START_BADGES)) + r")(?=[^\W\d_])"
)
#: The comment's number printed before its author ("12 NAME", "#12. NAME"); a name that starts
#: with a number ("50 Cent") loses it too, as numbered threads are far more common.
_ORDINAL = re.compile(r"\A\d{1,4}[.)]?\s+(?=[^\W\d_])")
#: The commenter's home page printed after the name ("NAME http://example.org").
_URL_TAIL = re.compile(r"\s+(?:https?://|www\.)\S+\Z", re.IGNORECASE)
#: A profile fact, a counter or a sure badge at the end of a name: glued to it ("NAMEJoined"),
#: or apart (a one-word fact then needs its value: "Posts: 12", for "Rang" is also a surname).
_APART_FACTS = group(
    *(re.escape(w) for w in (*PROFILE_WORDS, *SURE_BADGES) if " " in w or w in SURE_BADGES)
)
_VALUED_FACTS = group(*(re.escape(w) for w in PROFILE_WORDS if " " not in w))
_TAIL = re.compile(
    r"(?:(?<=[a-zà-ÿß])(?="
    + group(*(re.escape(w[0].upper() + w[1:]) for w in (*PROFILE_WORDS, *SURE_BADGES)))
    + r")|\s*[·|•,]?\s+[(\[]?(?=(?i:"
    + _APART_FACTS
    + r")\b|(?i:"
    + _VALUED_FACTS
    + r")\s*[:\d])).*\Z"
    r"|\s*\(\d+\)\s*\Z",
)
#: A field holding nothing but an action (a role alone, "Redaktion", may be the name shown).
_ONLY_WIDGET = re.compile(r"\A(?:" + _WIDGET + r"|avatar|user|profile|\d+)\Z", re.IGNORECASE)
_JOINER = re.compile(
    r"(?:[\s,;|·•@\-–—]+(?:" + group(*map(re.escape, DATE_JOINERS)) + r")?)+\s*\Z", re.IGNORECASE
)
_LEADING_JOINER = re.compile(
    r"\A(?:\s*(?:" + group(*map(re.escape, DATE_JOINERS)) + r"|[,;|·•@\-–—])(?=\s|\Z))+",
    re.IGNORECASE,
)
#: "by NAME" after a date in a date's field.
_BY_NAME = re.compile(
    r"(?:^|[\s,;|·•\-–—])(?:by|von|par|por|di|da|door)\s+(?P<name>[^\d\s].{0,60}?)\s*\Z",
    re.IGNORECASE,
)


def settle(
    comment: Comment, *, language: str | None = None, reference: datetime | None = None
) -> Comment:
    """Clean `comment`'s author and date in place and return it.

    The author loses widget words, badges, "says" and the date printed with it; a date printed
    in the author's field (or the author in the date's) is moved where it belongs. `date_raw`
    keeps the date text (None when the field holds no date shape at all, like a stray "Reply"),
    and `date` its ISO 8601 form, or None when it cannot be pinned down (see `parse_date`).

    Args:
        comment: a comment as a decomposer read it (`date` holding the raw text).
        language: the page's language or language tag ("de", "en-gb"), when known (for
            "04/05/2024").
        reference: when the page was fetched (for "3 hours ago").
    """
    raw = comment.date_raw if comment.date_raw is not None else comment.date
    author, from_author = split_name(comment.author)
    intro = _INTRO.match(raw) if raw else None
    if raw and intro:  # "Posted by NAME on DATE": the name there is the author's
        name, rest = split_name(raw[intro.end() :])
        if name and (author is None or author.startswith(name) or name.startswith(author)):
            author, raw = name, rest
    if author is None and raw:  # "DATE, by NAME"
        match = _BY_NAME.search(raw)
        if match:
            author = clean_name(match["name"])
            raw = raw[: match.start()].strip(_PUNCT) or None
    raw = raw.strip(_PUNCT) if raw else None  # the readers cut "by NAME" from it already
    if not raw or not has_date_shape(raw):
        raw = from_author
    comment.author = author
    comment.date_raw = raw
    comment.date = parse_date(raw, language=language, reference=reference)
    return comment


def date_by_fetch(page: Page, *, language: str | None = None) -> None:
    """Date against the page's fetch time (`Page.fetched`) what only a reference time pins
    down ("3 hours ago", "5 March"): the comments' dates and the article's publication date.

    Decomposers call it last, so that the comments need not carry the time while they are
    found; a page without a fetch time is left as it is.
    """
    reference = fetch_time(page.fetched)
    if reference is None:
        return
    if page.published is None and page.published_raw:
        page.published = parse_date(page.published_raw, language=language, reference=reference)
    for comment in page.comments:
        if comment.date is None and comment.date_raw:
            comment.date = parse_date(comment.date_raw, language=language, reference=reference)


def fetch_time(value: str | None) -> datetime | None:
    """The time of an ISO 8601 `Page.fetched` value, or None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def split_name(text: str | None) -> tuple[str | None, str | None]:
    """The name in an author field and the date text printed after (or before) it."""
    if not text:
        return None, None
    text = _SPACE.sub(" ", text).strip()
    start = date_start(text)
    if start is None:
        return clean_name(text), None
    before, date = text[:start], text[start:]
    before = _JOINER.sub("", before)
    if _LEADING_JOINER.sub("", before).strip(_PUNCT):
        return clean_name(before), date.strip(_PUNCT) or None
    match = _BY_NAME.search(date)  # "5 May 2020, by NAME"
    if match:
        return clean_name(match["name"]), date[: match.start()].strip(_PUNCT) or None
    tail = without_dates(date)  # "On DATE, NAME said:"
    name = clean_name(_LEADING_JOINER.sub("", tail.strip(_PUNCT + " ")))
    if name is not None and name in date:
        cut = date.rindex(name)
        return name, _JOINER.sub("", date[:cut]).strip(_PUNCT) or None
    return None, date.strip(_PUNCT) or None  # a date alone


def clean_name(text: str) -> str | None:
    """A commenter's name without the widget words around it, or None when none is left."""
    name = _SPACE.sub(" ", text).strip(_PUNCT)
    for _ in range(3):
        before = name
        for pattern in (
            _INTRO, _OUTRO, _TAIL, _GLUED, _APART_END, _APART_START, _GLUED_START, _ORDINAL,
            _URL_TAIL,
        ):  # fmt: skip
            stripped = pattern.sub("", name).strip(_PUNCT)
            if stripped.casefold() not in ARTICLES:
                name = stripped
        name = (clean_author(name) or "").strip(_PUNCT)
        if name == before:
            break
    if not name or len(name) > MAX_NAME_CHARS or _ONLY_WIDGET.match(name):
        return None
    if not any(ch.isalnum() for ch in name):
        return None
    return name
