"""Named pattern groups for chrome and comment-widget lines, in several languages.

Heuristics are data: each group is a tuple of regular-expression alternatives joined by
`group`, which refuses an empty group. A group's name is a `Reason`, recorded in the ledger when a
line is dropped because it matched. Nothing here is taken from a particular site: these are the
stock phrases of widely used CMS themes and comment systems (WordPress, wpDiscuz, Disqus, Drupal,
Blogger, XenForo...) and of news-site furniture.

`WHOLE_LINE` groups must match the entire line (after stripping bullets and spaces); `IN_LINE`
groups match anywhere in a short line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from threadsift.reasons import Reason


def group(*alternatives: str) -> str:
    """Join alternatives into one non-capturing group; an empty group is a programming error."""
    if not alternatives or not all(alternatives):
        raise ValueError("a pattern group needs at least one non-empty alternative")
    return "(?:" + "|".join(alternatives) + ")"


def by_first_letter(words: list[str] | tuple[str, ...]) -> str:
    """Alternatives that each start with an ASCII letter, as one alternation that the regex
    engine leaves at once where no word can start (a lookahead of their first letters).

    The words are grouped by first letter in their order; two words of different first letters
    never match at one place, so the order that decides which word wins is kept.
    """
    by_letter: dict[str, list[str]] = {}
    for word in words:
        if not (word[:1].isascii() and word[:1].isalpha()):
            raise ValueError(f"{word!r} does not start with an ASCII letter")
        by_letter.setdefault(word[0].casefold(), []).append(word)
    letters = "".join(by_letter)
    return f"(?=[{letters}])" + group(*(group(*alike) for alike in by_letter.values()))


_NUM = r"[\d.,\s]*\d"
_COMMENTS_WORD = group(
    r"comments?",
    r"kommentare?",
    r"commentaires?",
    r"comentarios?",
    r"coment[aá]rios?",
    r"commenti",
    r"reacties",
    r"responses?",
    r"replies",
    r"answers?",
    r"antworten",
    r"r[ée]ponses?",
    r"respuestas?",
    r"leserbriefe",
    r"leserkommentare",
    r"thoughts",
    r"réactions?",
    r"meinungen",
    r"opinions?",
    r"opiniones",
    r"discussions?",
    r"diskussion",
    r"posts?",
    r"beiträge",
    r"avis",
)

#: Lines that head or frame a comment section, or belong to its widget.
COMMENT_HEADING = (
    _NUM + r"\s*" + _COMMENTS_WORD + r"\b.*",
    _COMMENTS_WORD + r"\s*[(\[:]\s*" + _NUM + r"\s*[)\]]?:?",
    group(
        r"comments",
        r"kommentare",
        r"commentaires",
        r"comentarios",
        r"coment[aá]rios",
        r"commenti",
        r"reacties",
        r"leserkommentare",
        r"leserbriefe",
        r"réactions",
        r"(?:user|reader|leser)\s?(?:comments|kommentare)",
    ),
    r"\{?\s*\d+\s*comments?.{0,40}\}?",
    r"(?:one|un|une|ein|einen|uno|una) (?:comment|commentaire|kommentar|comentario|réaction"
    r"|response|réponse|antwort|respuesta)s?\s*:?",
    r"(?:one|no|\d+) (?:thoughts?|responses?|replies|comments?) (?:on|to) .{1,200}",
    r"\d+ (?:antworten|gedanken|kommentare) (?:zu|auf|zum) .{1,200}",
    r"\d+ (?:réponses?|commentaires?|réflexions?) (?:à|au|sur) .{1,200}",
    r"\d+ (?:respuestas?|comentarios?) (?:a|en) .{1,200}",
    r"\d+ (?:pensieri|commenti|risposte) (?:su|a) .{1,200}",
    r"\d+ (?:reacties|gedachten) op .{1,200}",
    # a theme's "One thought on “TITLE”" in other languages: the title in quotes (else a
    # sentence, "Eine Antwort auf die Frage ...")
    r"(?:ein|eine|un|une|uno|una|een|één|eén) (?:antwort|gedanke|kommentar|réponse|commentaire"
    r"|réflexion|respuesta|comentario|pensiero|commento|risposta|reactie|gedachte)"
    r" (?:zu|auf|zum|à|au|sur|a|en|su|op) [„“”\"«»‚‘’'].{1,200}",
    r"(?:show|view|load|see|read|hide) (?:all |more |the |\d+ |older |newer |previous )*"
    r"(?:comments?|replies|responses)\b.*",
    r"(?:alle |weitere )?kommentare (?:anzeigen|einblenden|ausblenden|laden|lesen)",
    r"(?:voir|afficher|lire) (?:tous )?(?:les )?(?:\d+ )?commentaires?.*",
    r"(?:ver|mostrar|cargar) (?:todos )?(?:los )?(?:m[aá]s )?comentarios?.*",
    r"(?:join|start) the (?:discussion|conversation|debate)",
    r"(?:diskutieren sie mit|diskutiere mit|mitdiskutieren|participez (?:au débat|à la discussion)"
    r"|únete a la (?:conversación|discusión)|participa en el debate)\s*[.!:]?",
    r"(?:reader|user) comments?",
    r"das meinen (?:unsere )?leser",
    r"comment(?:ez|aires)",
)

_SORT = group(
    r"newest",
    r"oldest",
    r"most voted",
    r"most popular",
    r"most liked",
    r"best",
    r"top",
    r"new",
    r"old",
    r"neueste?",
    r"neuste",
    r"älteste",
    r"beste",
    r"beliebteste",
    r"meist ?bewertete?",
    r"meist ?diskutierte?",
    r"bewertung",
    r"(?:le |les )?plus (?:récents?|anciens?|populaires?|votés?)",
    r"(?:les )?mieux notés",
    r"(?:los |las )?más (?:recientes|antiguos|votados|populares|valorados)",
)

#: Stock lines of comment widgets (wpDiscuz, Disqus, Drupal, Blogger...) inside a thread.
COMMENT_WIDGET = (
    r"notify of",
    group(*(_SORT + r"(?:\s+(?:first|zuerst|d'abord|primero))?(?:\s*[|·•,]?\s*" + _SORT + ")*",)),
    r"inline feedbacks?",
    r"would love your thoughts,? please comment\.?x?",
    r".{0,40}\b(?:thoughts|gedanken|meinung|avis|pensées|opinión|opinion|comentarios)\b.{0,40}"
    r"\b(?:please comment|kommentieren sie|kommentiere|commentez|merci de commenter"
    r"|por favor comenta|comente)\.?x?",
    r"(?:notify me of|benachrichtige mich(?: zu| über)?|m'avertir de|me notifier de"
    r"|notificarme de|notificar de)\s*:?",
    r"(?:kommentare|comments|commentaires) (?:abonnieren|subscribe|s'abonner)\??",
    r"(?:trackbacks?|pingbacks?)(?:/(?:trackbacks?|pingbacks?))?.*",
    r"(?:sort|sorted|sortieren|sortiert|trier|trié|ordenar|ordenado)(?: by| nach| par| por)?:?"
    r".{0,40}",
    r"(?:oldest|newest) first",
    r"(?:this|dieser|ce) (?:comment|kommentar|commentaire) (?:was|has been|wurde|a été) "
    r"(?:deleted|removed|gelöscht|entfernt|supprimé).*",
)

#: Badges printed beside a commenter's name.
COMMENT_BADGE = (
    r"(?:guest|gast|invité|invitado|anonymous|anonym|anonyme|anónimo|autor|author|auteur|admin"
    r"|moderator|moderatorin|modérateur|member|mitglied|membre|miembro|avatar|leser|leserin"
    r"|reader|lecteur|lectrice|lector|lectora|abonnent|abonnentin|subscriber|abonné|abonnée"
    r"|suscriptor|suscriptora|verified|verifiziert|vérifié|verificado)",
)

#: Lines of the comment form and the notes around it: the thread ends here.
COMMENT_FORM = (
    r"(?:please )?(?:log ?in|sign in|register) to (?:comment|reply|post).*",
    r"(?:bitte )?(?:loggen sie sich ein|melden sie sich an|logge dich ein|melde dich an)"
    r"(?:,? um .{0,60})?",
    r"(?:please )?(?:log in|sign in)",
    r"(?:veuillez vous connecter|connectez-vous|inicie sesión|inicia sesión)(?: .{0,60})?",
    r"(?:bitte )?(?:anmelden|einloggen|registrieren|melden sie sich an),? um .{0,40}"
    r"(?:kommentar|kommentieren|antworten).*",
    r"(?:connectez-vous|identifiez-vous|inscrivez-vous) pour (?:commenter|publier|répondre).*",
    r"(?:inicia sesión|inicie sesión|regístrate|accede) para (?:comentar|publicar|responder).*",
    r"(?:leave|post|add|write|submit|publish|start)(?: a| your| new)?"
    r" (?:comment|reply|response)s?.*",
    r"(?:cancel|abbrechen) (?:reply|antwort).*",
    r"antworten abbrechen",
    r"(?:leserbrief|leserbriefe|lesermeinung) (?:schreiben|verfassen|einsenden).{0,40}",
    r"(?:kommentar|antwort) (?:schreiben|verfassen|hinterlassen|abschicken|absenden|abgeben"
    r"|hinzufügen|posten)",
    r"(?:schreibe|hinterlasse|hinterlassen sie|verfasse) (?:einen|deinen|ihren) kommentar.*",
    r"(?:enter your comment here|ihren kommentar hier eingeben|gib hier deinen kommentar ein"
    r"|saisissez votre commentaire ici|introduce aquí tu comentario|escribe aquí tu comentario)"
    r".{0,10}",
    r"(?:laisser|ajouter|écrire|poster|publier|rédiger) un (?:commentaire|avis).*",
    r"(?:dejar|deja|añadir|agregar|escribir|publicar|escribe|deja) (?:un |tu |su )?comentario.*",
    r"(?:deixe|deixar|escreva) (?:uma resposta|um comentário|o seu comentário).*",
    r"(?:lascia|scrivi|aggiungi) (?:un commento|una risposta).*",
    r"o seu endereço de e-?mail não será publicado.*",
    r"il tuo indirizzo e-?mail non sarà pubblicato.*",
    r"(?:campos obrigatórios|i campi obbligatori).{0,80}",
    r"your email address will not be published.*",
    r"ihre e-?mail-?adresse wird nicht veröffentlicht.*",
    r"deine e-?mail-?adresse wird nicht veröffentlicht.*",
    r"votre (?:adresse )?(?:e-?mail|courriel) ne sera pas publiée?.*",
    r"tu dirección de correo electrónico no será publicada.*",
    r"required fields are marked.*",
    r"(?:erforderliche|pflicht)felder sind mit .* markiert.*",
    r"les champs obligatoires sont indiqués.*",
    r"(?:name|e-?mail|website|webseite|site web|nom|nombre|correo electrónico|url)\s*[*:]*"
    r"(?:\s*\((?:required|optional|erforderlich|requis)\))?",
    r"(?:comment|kommentar|commentaire|comentario|message|nachricht)\s*[*:]+",
    r"save my name,? email,? and website .*",
    r"meinen namen, meine e-?mail-?adresse und meine website .*",
    r"enregistrer mon nom, mon e-?mail et mon site .*",
    r"this site uses akismet to reduce spam.*",
    r"diese website verwendet akismet.*",
    r"ce site utilise akismet.*",
    r"(?:notify me|benachrichtige mich|prévenez-moi|avertissez-moi|recibir).{0,80}"
    r"(?:comments?|posts?|kommentare|beiträge|commentaires|articles|comentarios|e-?mail).*",
    r"subscribe to (?:comments|replies|this thread|new comments).*",
    r"(?:the )?comments? (?:are|is) closed.*",
    r"(?:this|the) (?:thread|discussion|topic|post) (?:is|has been|was) (?:archived|locked|closed)"
    r".{0,60}",
    r"new (?:comments|replies|posts) (?:cannot|can't|can no longer) be (?:posted|added).{0,80}",
    r"kommentare sind geschlossen.*",
    r"les commentaires sont fermés.*",
    r"powered by (?:disqus|wpdiscuz|blogger|wordpress).*",
    r"(?:post|submit|send|senden|absenden|envoyer|enviar|publicar|publier|abschicken|valider)"
    r"(?: comment| kommentar| commentaire| comentario)?",
    r"(?:comment policy|netiquette|community guidelines|kommentarregeln|charte de modération).*",
    r"(?:be the first to comment|sei der erste.*|soyez le premier.*|sé el primero.*)",
    r"(?:no comments yet|noch keine kommentare|aucun commentaire|sin comentarios).*",
    r"(?:comments are (?:disabled|turned off)|kommentare sind (?:deaktiviert|geschlossen)"
    r"|die kommentarfunktion ist (?:deaktiviert|geschlossen)|les commentaires sont (?:désactivés"
    r"|fermés)|los comentarios están (?:desactivados|cerrados)).{0,80}",
    r"(?:we welcome your comments|wir freuen uns (?:über|auf) ihre? (?:kommentare|meinung)"
    r"|nous attendons vos commentaires|(?:please )?(?:stay|keep it) on topic|bleiben sie sachlich"
    r"|restez courtois|sé respetuoso).{0,120}",
    r"(?:your|dein|ihr|votre|ton|tu|su) (?:comment|kommentar|commentaire|comentario)"
    r" (?:is|was|has|could|wird|wurde|konnte|ist|est|a|n'a|ha|está|no).{0,80}",
    r"(?:awaiting moderation|wartet auf freischaltung|en attente de modération"
    r"|pendiente de moderación).{0,40}",
    r"(?:you are commenting using|du kommentierst mit|vous commentez à l'aide de"
    r"|estás comentando usando).{0,80}",
    r"(?:fill in your details below|trage deine daten unten ein|renseignez vos coordonnées"
    r"|introduce tus datos).{0,120}",
    r"(?:connecting to|verbinde mit|connexion à|conectando a) %s",
    r"(?:log out|abmelden|déconnexion|cerrar sesión)\s*/\s*(?:change|ändern|modifier|cambiar).*",
    r"(?:réagissez|réagir|reagieren sie|reaccione|react)(?: à| auf| a| to)? (?:cet|ce|diesen|este"
    r"|this) (?:article|artikel|artículo|post|billet).*",
    r"(?:le contenu de ce champ|the content of this field|der inhalt dieses feldes).{0,120}",
)

_ACTION = group(
    r"reply",
    r"respond",
    r"answer",
    r"antwort",
    r"contestar",
    r"répondre",
    r"antworten",
    r"responder",
    r"rispondi",
    r"share",
    r"partager",
    r"teilen",
    r"compartir",
    r"copy link",
    r"copier le lien",
    r"link kopieren",
    r"copiar enlace",
    r"report(?: abuse)?",
    r"signaler(?: un abus)?",
    r"(?:missbrauch )?melden",
    r"denunciar(?: abuso)?",
    r"like",
    r"j'aime",
    r"gefällt mir",
    r"me gusta",
    r"edit",
    r"modifier",
    r"bearbeiten",
    r"editar",
    r"delete",
    r"supprimer",
    r"löschen",
    r"eliminar",
    r"print",
    r"imprimer",
    r"drucken",
    r"permalink",
    r"quote",
    r"citer",
    r"zitieren",
    r"citar",
    r"flag",
    r"translate",
    r"übersetzen",
    r"traduire",
)

#: An action with its object: "Report this comment", "Signaler ce commentaire".
_ACTION_ON = (
    _ACTION
    + r"(?:\s+(?:ce|cet|this|diesen|den|este|le|the|un|a|einen)?\s*(?:commentaire|comment"
    + r"|kommentar|comentario|message|beitrag|post|réponse|reply|antwort|respuesta))?"
)

#: Per-comment actions and counters printed inside a thread.
COMMENT_ACTION = (
    r"(?:reply|antworten|antwort|répondre|responder|rispondi|beantworten)(?: ?[↓→»])?",
    r"(?:log in|login|anmelden|connectez-vous) (?:to|um zu) (?:reply|antworten)",
    r"(?:like|likes|liken|gefällt mir|j'aime|me gusta|mi piace|dislike|upvote|downvote)",
    r"(?:reply|antworten|löschen|delete|répondre|supprimer|responder|eliminar|edit|bearbeiten)"
    r"{2,3}",
    r"(?:report|melden|signaler|denunciar|flag)(?: (?:abuse|comment|this|missbrauch))?",
    r"(?:quote|zitieren|zitat|citer|citar|permalink|edit|bearbeiten|modifier|editar|share|teilen"
    r"|partager|compartir|translate|übersetzen|traduire|traducir|delete|löschen|supprimer)",
    _ACTION_ON + r"(?:\s*[·|•/,–-]?\s*" + _ACTION_ON + r")*\s*[›»→↓]?",
    r"loading\.{0,3}|wird geladen\.{0,3}|chargement\.{0,3}|cargando\.{0,3}",
    r"(?:[+\-−]?\s*\d+\s*){1,3}",
    r"\d+\s*(?:points?|votes?|likes?|punkte?|stimmen|j'aime|me gusta|upvotes?|replies|antworten"
    r"|réponses?|respuestas?)",
    r"(?:level|ebene|niveau|nivel) \d+",
    r".{0,6}(?:daumen (?:hoch|runter)|thumbs? (?:up|down)|upvotes?|downvotes?).{0,40}",
    r"(?:in reply to|antwort auf|en réponse à|en respuesta a) .{1,60}",
    r"(?:show|hide|view|load|mehr|weitere|afficher|voir|ver) ?\d* ?(?:more |weitere )?"
    r"(?:replies|antworten|réponses|respuestas|answers?)",
    r"\d+ (?:replies|antworten|réponses|respuestas)",
    r"(?:collapse|expand|aufklappen|einklappen)(?: thread)?",
    r"(?:continue|show|view|read) (?:this |the (?:full |rest of the )?)?(?:thread|discussion)",
    r"(?:vote|voten|voter|votar)(?: up| down)?",
    r"(?:was this helpful\?|hilfreich\?|utile \?).*",
)

#: Forum post headers: the poster's rank and profile fields.
PROFILE = (
    r"(?:registriert seit|mitglied seit|dabei seit|joined|member since|registered|inscrit depuis"
    r"|inscrit le|inscription|miembro desde|registrado|beiträge|posts|messages|mensajes"
    r"|reputation|reputación|réputation|ort|wohnort|location|localisation|ubicación)\s*:.{0,40}",
    r"(?:new|neues|nouveau|nuevo|junior|senior|registered|registrierter?|active|aktives"
    r"|experienced|erfahrenes|premium|gold|silver)\s(?:member|mitglied|membre|miembro|user"
    r"|benutzer|nutzer|utilisateur|usuario)",
)

#: Donation and membership appeals.
DONATION = (
    r"(?:support|unterstütze[nt]?|soutenez|soutenir|apoya|apoyar|sostieni) .{1,60}",
    r"(?:donate|spenden|spende|faire un don|donar|dona|donation|make a donation).{0,60}",
    r"(?:become a|werden sie|werde) (?:member|patron|supporter|mitglied|förderer|abonnent).{0,60}",
    r"(?:einmal|monatlich|jährlich) (?:zahlen|spenden|unterstützen)",
    r"(?:pay|zahlen|payer|pagar) (?:once|monthly|what you want).{0,40}",
    r"(?:subscribe|abonnieren|abonnez-vous|suscríbete|suscribirse)(?: now| jetzt| today)?.{0,60}",
    r"(?:sign up|inscrivez-vous|abonnez-vous|melden sie sich|registrieren sie sich|suscríbete"
    r"|regístrate|get|recevez|erhalten sie|recibe)\b.{0,40}\bnewsletter\b.{0,60}",
    r"(?:our |unser |notre |nuestro )?newsletter\s*:?.{0,40}",
    r".{0,60}\b(?:jetzt (?:gratis|kostenlos) testen|try (?:it )?(?:for )?free|essai gratuit"
    r"|essayez gratuitement|prueba gratis|pruébalo gratis)\b.{0,20}",
)

#: Sharing and social buttons.
SHARE = (
    r"(?:share|teilen|partager|compartir|condividi)(?: (?:this|on|via|auf|sur|en|en las))?"
    r"(?: (?:article|post|story|artikel|beitrag|article|artículo))?:?.{0,40}",
    r"(?:tweet|pin it|e-?mail|print|drucken|imprimer|imprimir|whatsapp|facebook|twitter|x|"
    r"linkedin|reddit|telegram|pinterest|xing|flipboard|pocket|messenger|copy link|link kopieren"
    r"|copier le lien|copiar enlace)",
    r"(?:(?:facebook|twitter|whatsapp|linkedin|e-?mail|print|reddit|telegram|pinterest|xing)"
    r"\s*[|·•,]?\s*){2,}",
    r"(?:follow us|folgen sie uns|suivez-nous|síguenos).{0,60}",
)

#: Headings of related-link lists and "read also" teasers.
RELATED = (
    r"(?:more|mehr|plus|más|more stories|more news) (?:on|about|zum|zu|from|sur|de|del|sobre)"
    r"(?: (?:this|the|dem|diesem|ce|este))? (?:topic|thema|sujet|tema|subject)s?:?",
    r"(?:related|similar|recommended|popular|trending|latest|recent|most read)"
    r"(?: (?:articles?|posts?|stories|news|reads|content|links|videos?))?:?"
    r"(?:\s(?:plugin|for|from|on|in)\b.{0,60})?",
    r"(?:read|see) (?:also|more|next)\s*:?.{0,160}",
    r"(?:lesen|sehen) sie (?:auch|mehr)\s*:?.{0,160}",
    r"(?:lies|siehe) auch\s*:?.{0,160}",
    r"(?:das könnte|dies könnte) (?:sie|dich) (?:auch )?interessieren.*",
    r"(?:you (?:may|might) (?:also )?(?:like|enjoy|be interested in)).*",
    r"(?:à lire aussi|lire aussi|voir aussi|à voir aussi|sur le même sujet)\s*:?.{0,160}",
    r"(?:lee también|leer más|ver también|te puede interesar|noticias relacionadas).{0,160}",
    r"(?:more|mehr|plus|más) (?:on|about|zum|zu|sur|sobre|de) (?:this|the|dem|diesem|ce|este)?"
    r"\s?(?:topic|thema|sujet|tema|subject)s?\s*:.{1,160}",
    r"(?:weitere|ähnliche|verwandte|beliebte|neueste) (?:artikel|beiträge|themen|nachrichten)"
    r"(?: zum thema)?:?.{0,40}",
    r"(?:articles? (?:similaires|liés|associés|populaires)|dans la même rubrique).{0,40}",
    r"(?:previous|next|vorheriger|nächster|précédent|suivant|anterior|siguiente)"
    r"(?: (?:post|article|artikel|beitrag|story|entrada|articles?))?\s*[:»«]?.{0,100}",
    r"(?:older|newer) (?:post|posts|entries|entry)",
    r"more (?:posts|stories|articles|threads|discussions) (?:from|in|on|about) .{1,60}",
    r"\[[^\[\]]{10,300}\]",
    r"(?:article|artikel|beitrag|entrada|post|billet|artículo|articolo)"
    r" (?:précédent|suivant|anterior|siguiente|vorheriger|nächster|previous|next|precedente"
    r"|successivo)\s*[:»«]?.{0,120}",
    r"(?:keep reading|continue reading|weiterlesen|lire la suite|seguir leyendo).{0,80}",
    r"(?:load|show|charger|afficher|mehr|weitere|cargar|ver)"
    r" (?:more|plus|más|mehr|weitere)\b.{0,60}",
    r"(?:tags?|schlagworte?|schlagwörter|stichworte?|themen|mots-clés|étiquettes|etiquetas"
    r"|filed under|categories|category|kategorien?|catégories?|categorías?|rubrik)\s*:.{0,200}",
    r"(?:posted in|veröffentlicht in|publié dans|publicado en) .{1,100}",
)

#: Site navigation, account, legal and cookie lines.
NAVIGATION = (
    r"(?:home|start|startseite|accueil|inicio|menu|menü|navigation|search|suche|rechercher"
    r"|buscar|login|log in|logout|sign in|sign up|register|registrieren|anmelden|abmelden"
    r"|connexion|se connecter|inscription|s'inscrire|iniciar sesión|registrarse|my account"
    r"|mein konto|mon compte|mi cuenta|newsletter|kontakt|contact|contact us|about|about us"
    r"|über uns|à propos|impressum|imprint|datenschutz|privacy|privacy policy"
    r"|datenschutzerklärung|cookies?|cookie settings|terms|terms of use|agb|nutzungsbedingungen"
    r"|mentions légales|aviso legal|sitemap|archive|archiv|archives|rss|skip to content"
    r"|zum inhalt springen|aller au contenu|back to top|nach oben|haut de page|top|close|schließen"
    r"|fermer|cerrar|more|mehr|plus|más|english|deutsch|français|español|advertisement|anzeige"
    r"|werbung|publicité|publicidad|sponsored|gesponsert|ad)",
    r"(?:©|\(c\)|copyright|all rights reserved|alle rechte vorbehalten|tous droits réservés"
    r"|todos los derechos reservados).*",
    r"(?:we use cookies|wir verwenden cookies|nous utilisons des cookies|utilizamos cookies"
    r"|this (?:web)?site uses cookies|diese (?:web)?seite verwendet cookies).*",
    r"(?:accept|akzeptieren|accepter|aceptar)(?: all| alle| tout| todas)?(?: cookies)?",
)

#: Advertising slots: they may sit between two paragraphs of the article.
ADVERTISING = (
    r"(?:sponsored content|gesponserter inhalt|contenu sponsorisé|contenido patrocinado"
    r"|partner content|anzeige|sponsored|promoted|werbung|publicité|publicidad|advertisement"
    r"|gesponsert|ad|ads|annonce|anuncio)\s*:?(?:\s+\S+)?",
)

#: Image captions, credits and placeholders.
CAPTION = (
    r"(?:illustrative|symbol|archive|file|stock|feature[d]?|header|title|cover|archiv|symbol)"
    r"(?:bild|foto|image|photo|picture|pic)",
    r"(?:illustrative|archive|file|stock|featured|header|cover) (?:image|photo|picture|pic)",
    r"(?:image|photo|picture|foto|bild|grafik|graphic|illustration|video)"
    r"(?: (?:credit|source|quelle|courtesy))?\s*[:©].{0,200}",
    r"(?:credit|credits|crédit|crédits|quelle|source|fuente|photographer|fotograf)\s*:.{0,120}",
    r".{0,200}(?:\bfoto|\bphoto|\bbild|\bimage|\bcredit|\bcrédit)\s*:\s*\S.{0,80}",
    r".{0,160}\s(?:/|\||©)\s*(?:getty images|reuters|afp|ap|dpa|epa|imago|shutterstock"
    r"|istock|picture alliance|keystone)\b.{0,60}",
    r"(?:getty images|reuters|afp|ap photo|dpa|epa|imago|shutterstock|istock|picture alliance)"
    r"(?:/.{0,40})?",
    r"\S+\.(?:jpe?g|png|gif|webp|svg)",
    r"(?:advertisement|anzeige|werbung|publicité|publicidad)\s*:?",
)

#: Author boxes, sponsored blocks and other furniture that ends an article.
FURNITURE = (
    r"(?:about the author|über (?:den autor|die autorin|die autoren|uns)|zum autor|zur autorin"
    r"|sobre el autor|sobre la autora|sobre los autores|à propos de l['’]auteur|l['’]auteur"
    r"|(?:der |die )?autor(?:in)?|the author|author bio|biographie|bio)\s*:?",
    r"(?:if you (?:value|like|enjoy|appreciate) (?:our|this) (?:work|journalism|content)"
    r"|please consider (?:a donation|donating|supporting us|subscribing)"
    r"|wenn ihnen (?:unsere arbeit|dieser artikel) gefällt|unterstützen sie (?:uns|unsere arbeit)"
    r"|si vous appréciez (?:notre travail|cet article)|soutenez(?:-nous| notre travail)"
    r"|si te gusta (?:nuestro trabajo|este artículo)|apóyanos|apoya nuestro trabajo).{0,160}",
)

#: Embedded posts and polls.
EMBED = (
    r"(?:a post shared by|ein beitrag geteilt von|une publication partagée par"
    r"|una publicación compartida (?:de|por)|un post condiviso da) .{1,80}",
    r"(?:poll|umfrage|sondage|encuesta|sondaggio|abstimmen|jetzt abstimmen|vote now|votez"
    r"|votar|ergebnisse?(?: anzeigen)?|results|résultats|resultados|risultati)",
    r"[a-z0-9]+(?:-[a-z0-9]+){2,}",
)

#: Bylines and datelines of the article.
BYLINE = (
    r"(?:by|von|par|por|di|written by|posted by|geschrieben von|verfasst von|publié par"
    r"|publicado por|autor|author|auteur|redaktion)\s*:?\s+(?-i:[A-ZÀ-Þ@])[^.!?]{0,80}",
    r"(?:published|updated|veröffentlicht|aktualisiert|publié|mis à jour|publicado"
    r"|actualizado|stand)\s*:?\s*.{0,60}",
    r"\d+\s*(?:min(?:ute)?s?|minuten|minutos)\.?\s*(?:read|lesezeit|lesen|de lecture|lues?"
    r"|de lectura|lectura)",
    r"(?:lesezeit|reading time|temps de lecture|tiempo de lectura)\s*:?.{0,30}",
)

#: Photo agencies and stock libraries: a short line naming one is a credit.
#: A short line that talks about commenting (`COMMENT_TALK`) and about its rules or account
#: (`POLICY_TALK`) is the comment section's preamble: "Please register and respect our
#: netiquette", "Comments are moderated". Both are searched in the case-folded line.
COMMENT_TALK = re.compile(
    r"netiquette|comments|commenting|kommentare|kommentarfunktion|kommentarbereich|commentaires"
    r"|comentarios|leserbrief|diskussionsregeln"
)
POLICY_TALK = re.compile(
    r"netiquette|registr|anmelden|einloggen|log ?in|sign in|moderat|regeln|rules|policy"
    r"|guidelines|charte|normas|spam"
)

#: Cheap substrings one of which every credit line contains (checked before `CREDIT`).
CREDIT_MARKS = (
    "©",
    "(c)",
    "getty",
    "istock",
    "shutterstock",
    "reuters",
    "afp",
    "dpa",
    "imago",
    "picture",
    "keystone",
    "anadolu",
    "ap photo",
    "epa",
    "alamy",
    "unsplash",
    "pixabay",
    "pexels",
    "wikimedia",
    "creative commons",
    "cc",
    "flickr",
)
CREDIT = re.compile(
    r"(?:©|\(c\)|\bgetty ?images\b|\bistock(?:photo)?\b|\bshutterstock\b|\breuters\b|\bafp\b"
    r"|\bdpa\b|\bimago\b|\bpicture[- ]alliance\b|\bkeystone\b|\banadolu\b|\bap photo\b"
    r"|\bepa\b|\balamy\b|\bunsplash\b|\bpixabay\b|\bpexels\b|\bwikimedia commons\b"
    r"|\bcreative commons\b|\bcc[ -]by\b|\bflickr\b)",
    re.IGNORECASE,
)

WHOLE_LINE: Sequence[tuple[Reason, tuple[str, ...]]] = (
    (Reason.COMMENT_WIDGET, COMMENT_WIDGET),
    (Reason.COMMENT_FORM, COMMENT_FORM),
    (Reason.COMMENT_BADGE, COMMENT_BADGE),
    (Reason.COMMENT_HEADING, COMMENT_HEADING),
    # Before the comment actions: a lone "Share" or "Print" is a share bar, not a sign that
    # comments go on.
    (Reason.SHARE, SHARE),
    (Reason.COMMENT_ACTION, COMMENT_ACTION),
    (Reason.PROFILE, PROFILE),
    (Reason.DONATION, DONATION),
    (Reason.RELATED_LINKS, RELATED),
    (Reason.NAVIGATION, NAVIGATION),
    (Reason.ADVERTISING, ADVERTISING),
    (Reason.CAPTION, CAPTION),
    (Reason.BYLINE, BYLINE),
    (Reason.FURNITURE, FURNITURE),
    (Reason.EMBED, EMBED),
)


def compile_whole_line() -> re.Pattern[str]:
    """One alternation with a named group per reason, matched against a whole stripped line."""
    parts = [f"(?P<{reason.name}>{group(*alternatives)})" for reason, alternatives in WHOLE_LINE]
    pattern = r"\A\W{0,3}(?:" + "|".join(parts) + r")\W{0,3}\Z"
    return re.compile(first_letters_ahead(pattern), re.IGNORECASE)


def first_letters_ahead(pattern: str) -> str:
    """`pattern` with a lookahead of its first letters before each group of words
    ("(?:reply|respond|...)"), so that the engine leaves the group at once where none of the
    words can start: a line is checked against hundreds of such groups.

    It matches the same: a lookahead only states what the group needs. Only groups whose every
    branch opens with an ASCII letter (perhaps after `\\b`) that no quantifier follows get one;
    with or without case folding, such a letter and its class match the same characters.
    """
    out: list[str] = []
    done = k = 0
    while k < len(pattern):
        if pattern[k] == "\\":
            k += 2
            continue
        if pattern[k] == "[":
            k = _class_end(pattern, k) + 1
            continue
        letters = _first_letters(pattern, k) if pattern.startswith("(?:", k) else None
        if letters:
            out += (pattern[done:k], f"(?=[{letters}])")
            done = k
        k += 1
    return "".join(out) + pattern[done:]


_QUANTIFIERS = ("?", "*", "{")


def _class_end(pattern: str, k: int) -> int:
    """Where the character class opening at `k` closes."""
    k += 1
    if pattern[k] == "^":
        k += 1
    if pattern[k] == "]":
        k += 1
    while pattern[k] != "]":
        k += 2 if pattern[k] == "\\" else 1
    return k


def _first_letters(pattern: str, start: int) -> str | None:
    """The letters the branches of the "(?:...)" group at `start` open with, or None when a
    branch may open otherwise or the group may be skipped (a quantifier after it)."""
    branches: list[str] = []
    depth = 0
    k = begin = start + 3
    while True:
        char = pattern[k]
        if char == "\\":
            k += 1
        elif char == "[":
            k = _class_end(pattern, k)
        elif char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif char in "|)" and not depth:
            branches.append(pattern[begin:k].removeprefix("\\b"))
            begin = k + 1
            if char == ")":
                break
        k += 1
    if pattern[k + 1 : k + 2] in _QUANTIFIERS:
        return None
    letters = set()
    for branch in branches:
        if not (branch[:1].isascii() and branch[:1].isalpha()) or branch[1:2] in _QUANTIFIERS:
            return None
        letters.add(branch[0])
    return "".join(sorted(letters))
