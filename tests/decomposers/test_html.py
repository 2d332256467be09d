"""HtmlDecomposer: one small page per comment markup, written after each system's real markup."""

from __future__ import annotations

import json

import pytest

from threadsift.decomposers.html import HtmlDecomposer
from threadsift.decomposers.html_lines import rows_of
from threadsift.decomposers.text import TextDecomposer
from threadsift.errors import ConfigError
from threadsift.page import Label, Page

pytest.importorskip("resiliparse")

ARTICLE = """
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article>
<h1>{title}</h1>
<p>{body} The council met on Tuesday evening and discussed the new bridge at length.</p>
<p>Engineers presented three designs; the cheapest one would take two years to build and
the most expensive one would last a century, according to the report they handed in.</p>
<p>A final decision is expected in spring, after a public consultation in all districts.</p>
</article></main>
"""


def page_of(body: str, title: str = "Bridge plans under discussion", head: str = "") -> Page:
    html = (
        f"<!doctype html><html><head><title>{title} | Example Times</title>{head}</head><body>"
        + ARTICLE.format(title=title, body="Reporting from the town hall.")
        + body
        + "<footer><p>© Example Times</p></footer></body></html>"
    )
    return Page(id="p", text="", html=html)


def decompose(page: Page) -> Page:
    HtmlDecomposer().decompose(page)
    return page


def summary(page: Page) -> list[tuple[str | None, int, int | None]]:
    return [(c.author, c.depth, c.parent) for c in page.comments]


def assert_lines_consistent(page: Page) -> None:
    """Lines number page.text; comment spans point at the comment's author and text."""
    rows = page.text.split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    assert [line.n for line in page.lines] == list(range(1, len(rows) + 1))
    by_n = {line.n: line for line in page.lines}
    for comment in page.comments:
        if comment.first_line is None:
            continue
        assert comment.last_line is not None
        span = range(comment.first_line, comment.last_line + 1)
        labels = {by_n[n].label for n in span}
        assert Label.COMMENT_TEXT in labels
        first_text_line = comment.text.split("\n")[0]
        assert any(first_text_line in rows[n - 1] for n in span)
        if comment.author and Label.COMMENT_AUTHOR in labels:
            author_rows = [rows[n - 1] for n in span if by_n[n].label is Label.COMMENT_AUTHOR]
            assert comment.author in author_rows[0]
    article_rows = [rows[line.n - 1] for line in page.lines if line.label is Label.ARTICLE]
    assert any("Engineers presented three designs" in row for row in article_rows)
    assert not any("© Example Times" in row for row in article_rows)


WORDPRESS = """
<div id="comments" class="comments-area">
<h2 class="comments-title">2 thoughts on “Bridge plans”</h2>
<ol class="comment-list">
 <li id="comment-11" class="comment even thread-even depth-1 parent">
  <article id="div-comment-11" class="comment-body">
   <footer class="comment-meta">
    <div class="comment-author vcard"><img alt="" src="a.png" class="avatar"/>
     <b class="fn"><a href="https://example.org" class="url">Margarete Vogel</a></b>
     <span class="says">sagt:</span></div>
    <div class="comment-metadata"><a href="#comment-11">
     <time datetime="2021-03-04T10:15:00+01:00">4. März 2021 um 10:15 Uhr</time></a></div>
   </footer>
   <div class="comment-content"><p>Die günstigste Variante hält doch nie hundert Jahre.</p>
    <p>Ich bin für die teure Brücke.</p></div>
   <div class="reply"><a class="comment-reply-link" href="#">Antworten</a></div>
  </article>
  <ol class="children">
   <li id="comment-12" class="comment byuser bypostauthor odd alt depth-2">
    <article id="div-comment-12" class="comment-body">
     <footer class="comment-meta">
      <div class="comment-author vcard"><b class="fn">Redaktion</b>
       <span class="says">sagt:</span></div>
      <div class="comment-metadata"><a href="#comment-12">
       <time datetime="2021-03-04T11:00:00+01:00">4. März 2021 um 11:00 Uhr</time></a></div>
     </footer>
     <div class="comment-content"><p>Danke, wir geben das an den Stadtrat weiter.</p></div>
     <div class="reply"><a class="comment-reply-link" href="#">Antworten</a></div>
    </article>
   </li>
  </ol>
 </li>
 <li id="comment-13" class="comment even thread-odd depth-1">
  <article id="div-comment-13" class="comment-body">
   <footer class="comment-meta">
    <div class="comment-author vcard"><b class="fn">Jens</b> <span class="says">sagt:</span></div>
    <div class="comment-metadata"><a href="#comment-13">
     <time datetime="2021-03-05T08:00:00+01:00">5. März 2021</time></a></div>
   </footer>
   <div class="comment-content"><p>Wann beginnt die öffentliche Anhörung genau?</p></div>
  </article>
 </li>
</ol>
<div id="respond" class="comment-respond"><h3>Schreibe einen Kommentar</h3>
<form><textarea name="comment"></textarea><button>Senden</button></form></div>
</div>
"""


def test_wordpress_core_theme() -> None:
    page = decompose(page_of(WORDPRESS))
    assert summary(page) == [("Margarete Vogel", 0, None), ("Redaktion", 1, 0), ("Jens", 0, None)]
    assert [c.date for c in page.comments] == [
        "2021-03-04T10:15:00+01:00",
        "2021-03-04T11:00:00+01:00",
        "2021-03-05T08:00:00+01:00",
    ]
    assert page.comments[0].text == (
        "Die günstigste Variante hält doch nie hundert Jahre.\nIch bin für die teure Brücke."
    )
    assert page.comments[1].text == "Danke, wir geben das an den Stadtrat weiter."
    assert page.title == "Bridge plans under discussion"
    assert "Engineers presented three designs" in page.article
    assert "Stadtrat" not in page.article
    assert_lines_consistent(page)
    assert all(c.first_line is not None for c in page.comments)


WORDPRESS_COM = """
<div id="comments"><h3>3 réponses à “Bridge plans”</h3>
<ol class="commentlist">
 <li class="comment byuser comment-author-lucie even thread-even depth-1 highlander-comment"
     id="comment-501">
  <div id="div-comment-501" class="comment-body">
   <div class="comment-author vcard"><img alt="" src="g.png" class="avatar avatar-26"/>
    <cite class="fn"><a href="https://lucie.example" class="url">Lucie</a></cite>
    <span class="says">dit :</span></div>
   <div class="comment-meta commentmetadata"><a href="#comment-501">12 avril 2022 à 9 h 14 min</a>
   </div>
   <p>Très bel article, merci pour ces explications claires.</p>
   <p id="comment-like-501" class="comment-likes"><a class="comment-like-link">J’aime</a></p>
   <div class="reply"><a class="comment-reply-link">Répondre</a></div>
  </div>
  <ul class="children">
   <li class="comment byuser bypostauthor odd alt depth-2 highlander-comment" id="comment-502">
    <div id="div-comment-502" class="comment-body">
     <div class="comment-author vcard"><cite class="fn">Paul</cite>
      <span class="says">dit :</span></div>
     <div class="comment-meta commentmetadata">
      <a href="#comment-502">12 avril 2022 à 10 h 02 min</a>
     </div>
     <p>Merci Lucie, à bientôt sur le blog.</p>
    </div>
   </li>
  </ul>
 </li>
 <li class="comment even thread-odd depth-1 highlander-comment" id="comment-503">
  <div id="div-comment-503" class="comment-body">
   <div class="comment-author vcard"><cite class="fn">Amélie B.</cite>
    <span class="says">dit :</span></div>
   <div class="comment-meta commentmetadata"><a href="#comment-503">13 avril 2022 à 18 h 40 min</a>
   </div>
   <p>Je ne suis pas d’accord avec la conclusion.</p>
  </div>
 </li>
</ol></div>
"""


def test_wordpress_com() -> None:
    page = decompose(page_of(WORDPRESS_COM))
    assert summary(page) == [("Lucie", 0, None), ("Paul", 1, 0), ("Amélie B.", 0, None)]
    assert page.comments[0].date_raw == "12 avril 2022 à 9 h 14 min"
    assert page.comments[0].date == "2022-04-12T09:14"
    assert page.comments[0].text == "Très bel article, merci pour ces explications claires."
    assert page.comments[2].text == "Je ne suis pas d’accord avec la conclusion."
    assert_lines_consistent(page)


WPDISCUZ = """
<div id="comments" class="comments-area"><div id="wpdcom" class="wpdiscuz_unauth">
<div class="wpd-thread-head"><div class="wpd-thread-info">3 Comentarios</div></div>
<div class="wpd-thread-list">
 <div id="wpd-comm-71_0" class="comment even thread-even depth-1 wpd-comment wpd_comment_level-1">
  <div class="wpd-comment-wrap wpd-blog-guest">
   <div class="wpd-comment-left"><div class="wpd-avatar"><img alt="Carmen" src="c.png"/></div>
    <div class="wpd-comment-label"><span>Invitado</span></div></div>
   <div id="comment-71" class="wpd-comment-right">
    <div class="wpd-comment-header"><div class="wpd-comment-author">Carmen Ruiz</div>
     <div class="wpd-comment-date" title="3 mayo, 2021 9:12 am"><i class="far fa-clock"></i>
      hace 2 años</div></div>
    <div class="wpd-comment-text"><p>¿Alguien sabe cuándo empiezan las obras?</p></div>
    <div class="wpd-comment-footer"><div class="wpd-vote"><div class="wpd-vote-result">0</div>
     </div><div class="wpd-reply-button"><span>Responder</span></div></div>
   </div>
  </div>
  <div id="wpdiscuz_form_anchor-71_0"></div>
  <div id="wpd-comm-72_71"
       class="comment odd alt depth-2 wpd-comment wpd-reply wpd_comment_level-2">
   <div class="wpd-comment-wrap wpd-blog-guest">
    <div id="comment-72" class="wpd-comment-right">
     <div class="wpd-comment-header"><div class="wpd-comment-author">Javier</div>
      <div class="wpd-comment-date">hace 2 años</div></div>
     <div class="wpd-comment-text"><p>En otoño, según el ayuntamiento.</p></div>
     <div class="wpd-comment-footer"><div class="wpd-reply-button">Responder</div></div>
    </div>
   </div>
   <div id="wpd-comm-73_72"
        class="comment even depth-3 wpd-comment wpd-reply wpd_comment_level-3">
    <div class="wpd-comment-wrap wpd-blog-guest">
     <div id="comment-73" class="wpd-comment-right">
      <div class="wpd-comment-header"><div class="wpd-comment-author">Carmen Ruiz</div>
       <div class="wpd-comment-date">hace 2 años</div></div>
      <div class="wpd-comment-text"><p>¡Gracias por la información!</p></div>
     </div>
    </div>
   </div>
  </div>
 </div>
</div></div></div>
"""


def test_wpdiscuz() -> None:
    page = decompose(page_of(WPDISCUZ))
    assert summary(page) == [("Carmen Ruiz", 0, None), ("Javier", 1, 0), ("Carmen Ruiz", 2, 1)]
    assert [c.text for c in page.comments] == [
        "¿Alguien sabe cuándo empiezan las obras?",
        "En otoño, según el ayuntamiento.",
        "¡Gracias por la información!",
    ]
    assert page.comments[0].date_raw == "hace 2 años"
    assert page.comments[0].date is None  # relative, and no reference time
    assert_lines_consistent(page)


DRUPAL7 = """
<div id="comments" class="comment-wrapper">
<h2 class="title">Commentaires</h2>
<a id="comment-301"></a>
<div class="comment comment-by-anonymous clearfix" about="/comment/301"
     typeof="sioc:Post sioct:Comment">
 <div class="attribution"><div class="submitted">
  <p class="commenter-name"><span class="username">Hélène</span></p>
  <p class="comment-time">jeu, 07/05/2020 - 12:38</p></div></div>
 <div class="content"><span rel="sioc:reply_of" resource="/node/1" class="rdf-meta"></span>
  <div class="field field-name-comment-body"><div class="field-items"><div class="field-item even"
   property="content:encoded"><p>Le pont actuel tiendra encore dix ans, pas plus.</p></div>
  </div></div>
 </div>
 <ul class="links inline"><li class="comment-reply first last"><a href="#">répondre</a></li></ul>
</div>
<div class="indented">
 <a id="comment-302"></a>
 <div class="comment comment-by-node-author clearfix">
  <div class="attribution"><div class="submitted">
   <p class="commenter-name"><span class="username">La rédaction</span></p>
   <p class="comment-time">jeu, 07/05/2020 - 14:02</p></div></div>
  <div class="content"><div class="field field-name-comment-body"><div class="field-items">
   <div class="field-item even"><p>Merci, nous avons posé la question à la mairie.</p></div>
  </div></div></div>
 </div>
</div>
<a id="comment-303"></a>
<div class="comment comment-by-anonymous clearfix">
 <div class="attribution"><div class="submitted">
  <p class="commenter-name"><span class="username">Bruno</span></p>
  <p class="comment-time">ven, 08/05/2020 - 08:30</p></div></div>
 <div class="content"><div class="field field-name-comment-body"><div class="field-items">
  <div class="field-item even"><p>Et le budget, il vient d’où ?</p></div></div></div></div>
</div>
</div>
"""


def test_drupal7() -> None:
    page = decompose(page_of(DRUPAL7))
    assert summary(page) == [("Hélène", 0, None), ("La rédaction", 1, 0), ("Bruno", 0, None)]
    assert [c.text for c in page.comments] == [
        "Le pont actuel tiendra encore dix ans, pas plus.",
        "Merci, nous avons posé la question à la mairie.",
        "Et le budget, il vient d’où ?",
    ]
    assert page.comments[2].date_raw == "ven, 08/05/2020 - 08:30"
    assert page.comments[2].date is None  # day or month first? the page names no language
    assert_lines_consistent(page)


DRUPAL8 = """
<section class="comments"><h2>Commenti</h2>
<article data-comment-user-id="0" id="comment-41" class="comment js-comment by-anonymous">
 <footer class="comment__meta">
  <p class="comment__author"><span>Giulia</span></p>
  <p class="comment__time"><time datetime="2022-06-01T09:00:00Z">1 Giugno 2022</time></p>
 </footer>
 <div class="content">
  <h3><a href="/comment/41" hreflang="it">Finalmente</a></h3>
  <div class="clearfix text-formatted field field--name-comment-body field--type-text-long">
   <p>Finalmente una decisione sul ponte, aspettavamo da anni.</p></div>
  <ul class="links inline"><li class="comment-reply"><a href="#">Rispondi</a></li></ul>
 </div>
</article>
<div class="indented">
 <article data-comment-user-id="3" id="comment-42" class="comment js-comment by-node-author">
  <footer class="comment__meta">
   <p class="comment__author"><a href="/user/3" class="username">Marco Bianchi</a></p>
   <p class="comment__time"><time datetime="2022-06-01T10:30:00Z">1 Giugno 2022</time></p>
  </footer>
  <div class="content">
   <div class="field field--name-comment-body"><p>Grazie Giulia, aggiorneremo l'articolo.</p></div>
  </div>
 </article>
</div>
</section>
"""


def test_drupal8() -> None:
    page = decompose(page_of(DRUPAL8))
    assert summary(page) == [("Giulia", 0, None), ("Marco Bianchi", 1, 0)]
    assert page.comments[0].text == "Finalmente una decisione sul ponte, aspettavamo da anni."
    assert page.comments[1].text == "Grazie Giulia, aggiorneremo l'articolo."
    assert [c.date for c in page.comments] == ["2022-06-01T09:00:00Z", "2022-06-01T10:30:00Z"]
    assert_lines_consistent(page)


BLOGGER = """
<div class="comments" id="comments"><h4>2 comentários:</h4>
<div id="comment-holder"><div class="comment-thread toplevel-thread"><ol id="top-ra">
 <li class="comment" id="c111">
  <div class="avatar-image-container"><img src="blank.gif" alt=""/></div>
  <div class="comment-block">
   <div class="comment-header"><cite class="user"><a href="https://example.org/ana">Ana Sousa</a>
    </cite><span class="icon user"></span>
    <span class="datetime secondary-text"><a href="?showComment=1#c111">10 de maio de 2017 16:14</a>
    </span></div>
   <p class="comment-content">Adorei a receita!<br/><br/>Beijinhos,<br/>Ana</p>
   <span class="comment-actions secondary-text"><a class="comment-reply">Responder</a>
    <span class="item-control blog-admin"><a href="#">Excluir</a></span></span>
  </div>
  <div class="comment-replies"><div id="c111-rt" class="comment-thread inline-thread">
   <span class="thread-toggle thread-expanded"><span class="thread-count"><a>Respostas</a></span>
   </span><ol id="c111-ra" class="thread-chrome thread-expanded"><div>
   <li class="comment" id="c112">
    <div class="avatar-image-container"><img src="b.png" alt=""/></div>
    <div class="comment-block">
     <div class="comment-header"><cite class="user"><a href="#">Rita</a></cite>
      <span class="datetime secondary-text"><a href="#">11 de maio de 2017 08:02</a></span></div>
     <p class="comment-content">Obrigada, Ana! Volte sempre.</p>
     <span class="comment-actions secondary-text"><a class="comment-reply">Responder</a></span>
    </div>
    <div class="comment-replies"></div>
   </li></div></ol></div></div>
 </li>
</ol></div></div></div>
"""


def test_blogger() -> None:
    page = decompose(page_of(BLOGGER))
    assert summary(page) == [("Ana Sousa", 0, None), ("Rita", 1, 0)]
    assert page.comments[0].text == "Adorei a receita!\nBeijinhos,\nAna"
    assert page.comments[1].date_raw == "11 de maio de 2017 08:02"
    assert page.comments[1].date == "2017-05-11T08:02"
    assert_lines_consistent(page)


SPIP = """
<div class="forum-repondre"><h2>Forum</h2></div>
<ul class="forum">
 <li class="forum-fil">
  <div class="forum-message">
   <div class="forum-chapo">
    <strong class="forum-titre"><a href="#forum12" id="forum12">Et les piétons ?</a></strong>
    <small><abbr class="published" title="2019-11-02T18:21:00Z">2 novembre 2019, 18:21</abbr>,
     par <span class="vcard author"><a href="https://exemple.fr" class="url fn">Odile</a></span>
    </small></div>
   <div class="forum-texte"><p>Personne ne parle des trottoirs sur le nouveau pont.</p>
    <p class="repondre"><a href="#">Répondre à ce message</a></p></div>
  </div>
  <ul>
   <li class="forum-fil">
    <div class="forum-message">
     <div class="forum-chapo"><strong class="forum-titre"><a href="#forum13">Et les piétons ?</a>
      </strong><small><abbr class="published" title="2019-11-03T09:00:00Z">3 novembre 2019</abbr>,
      par <span class="vcard author"><a class="url fn">Théo</a></span></small></div>
     <div class="forum-texte"><p>Si, page 12 du rapport : deux trottoirs de trois mètres.</p></div>
    </div>
   </li>
  </ul>
 </li>
</ul>
"""


def test_spip_forum() -> None:
    page = decompose(page_of(SPIP))
    assert summary(page) == [("Odile", 0, None), ("Théo", 1, 0)]
    assert page.comments[0].text == "Personne ne parle des trottoirs sur le nouveau pont."
    assert page.comments[0].date == "2019-11-02T18:21:00Z"
    assert_lines_consistent(page)


MICRODATA = """
<section id="kommentare"><h2>Leserkommentare</h2>
<div itemprop="comment" itemscope itemtype="https://schema.org/Comment" class="box">
 <div><span itemprop="author" itemscope itemtype="https://schema.org/Person">
  <span itemprop="name">Uwe K.</span></span>
  <time itemprop="dateCreated" datetime="2020-01-14T20:29:00+01:00">14.01.2020</time></div>
 <div itemprop="text"><p>Die Brücke ist seit Jahren marode.</p></div>
 <div itemprop="comment" itemscope itemtype="https://schema.org/Comment" class="box">
  <div><span itemprop="author" itemscope itemtype="https://schema.org/Person">
   <span itemprop="name">Sabine</span></span>
   <time itemprop="dateCreated" datetime="2020-01-14T21:02:00+01:00">14.01.2020</time></div>
  <div itemprop="text"><p>Stimmt, ich fahre täglich darüber.</p></div>
 </div>
</div>
<div itemscope itemtype="http://schema.org/UserComments" class="box">
 <span itemprop="creator">Kai</span>
 <meta itemprop="commentTime" content="2020-01-15"/>
 <p itemprop="commentText">Endlich tut sich etwas.</p>
</div>
</section>
"""


def test_schema_org_microdata() -> None:
    page = decompose(page_of(MICRODATA))
    assert summary(page) == [("Uwe K.", 0, None), ("Sabine", 1, 0), ("Kai", 0, None)]
    assert [c.text for c in page.comments] == [
        "Die Brücke ist seit Jahren marode.",
        "Stimmt, ich fahre täglich darüber.",
        "Endlich tut sich etwas.",
    ]
    assert [c.date for c in page.comments] == [
        "2020-01-14T20:29:00+01:00",
        "2020-01-14T21:02:00+01:00",
        "2020-01-15",
    ]
    assert_lines_consistent(page)


RDFA = """
<div vocab="https://schema.org/" typeof="Article"><h2>Reacties</h2>
 <div property="comment" typeof="Comment">
  <span property="author" typeof="Person"><span property="name">Pieter de Vries</span></span>
  <span property="dateCreated" content="2023-02-01T12:00:00Z">1 februari 2023</span>
  <div property="text"><p>Eindelijk een besluit over de brug.</p></div>
 </div>
 <div property="comment" typeof="Comment">
  <span property="author" typeof="Person"><span property="name">Anouk</span></span>
  <span property="dateCreated" content="2023-02-02T08:15:00Z">2 februari 2023</span>
  <div property="text"><p>Hopelijk komt er ook een fietspad.</p></div>
 </div>
</div>
"""


def test_rdfa() -> None:
    page = decompose(page_of(RDFA))
    assert summary(page) == [("Pieter de Vries", 0, None), ("Anouk", 0, None)]
    assert [c.text for c in page.comments] == [
        "Eindelijk een besluit over de brug.",
        "Hopelijk komt er ook een fietspad.",
    ]
    assert page.comments[1].date == "2023-02-02T08:15:00Z"
    assert_lines_consistent(page)


JSONLD = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Bridge plans under discussion",
    "commentCount": 3,
    "comment": [
        {
            "@type": "Comment",
            "author": {"@type": "Person", "name": "Ingrid"},
            "dateCreated": "2024-05-02T07:00:00Z",
            "text": "Bra att de lyssnar på invånarna.",
            "comment": [
                {
                    "@type": "Comment",
                    "author": "Olof",
                    "dateCreated": "2024-05-02T08:00:00Z",
                    "text": "Håller med!",
                }
            ],
        },
        {
            "@type": "Comment",
            "author": [{"@type": "Person", "name": "Sven"}],
            "datePublished": "2024-05-03",
            "text": "Vem betalar?",
        },
    ],
}


def test_json_ld() -> None:
    head = f'<script type="application/ld+json">{json.dumps(JSONLD)}</script>'
    page = decompose(page_of("", head=head))
    assert summary(page) == [("Ingrid", 0, None), ("Olof", 1, 0), ("Sven", 0, None)]
    assert [c.text for c in page.comments] == [
        "Bra att de lyssnar på invånarna.",
        "Håller med!",
        "Vem betalar?",
    ]
    assert page.comments[2].date == "2024-05-03"
    # The comments live in a script, not in the rendered text: they have no line span.
    assert all(c.first_line is None for c in page.comments)
    assert_lines_consistent(page)


def _question(name: str, answer: str, by: str | None = None) -> dict[str, object]:
    reply: dict[str, object] = {"@type": "Answer", "text": answer}
    if by:
        reply["author"] = {"@type": "Person", "name": by}
    return {"@type": "Question", "name": name, "acceptedAnswer": reply}


def test_json_ld_faq_answers_are_no_thread() -> None:
    # An FAQ page's answers are the site's own text (SEO pages carry them on every page).
    faq = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            _question("What does a loan cost?", "Interest and fees, over the whole term."),
            _question("Can I repay early?", "Yes, at a fee of at most one per cent."),
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(faq)}</script>'
    page = decompose(page_of("", head=head))
    assert page.comments == []


def test_microdata_faq_answers_are_no_thread() -> None:
    item = (
        '<div itemscope itemprop="mainEntity" itemtype="https://schema.org/Question">'
        '<h3 itemprop="name">{q}</h3><div itemscope itemprop="acceptedAnswer"'
        ' itemtype="https://schema.org/Answer"><p itemprop="text">{a}</p></div></div>'
    )
    body = (
        '<section class="faq comments" itemscope itemtype="https://schema.org/FAQPage">'
        + item.format(q="What does a loan cost?", a="Interest and fees, over the whole term.")
        + item.format(q="Can I repay early?", a="Yes, at a fee of at most one per cent.")
        + "</section>"
    )
    assert decompose(page_of(body)).comments == []


def test_json_ld_question_page_answers_are_comments() -> None:
    qa = {
        "@context": "https://schema.org",
        "@type": "QAPage",
        "mainEntity": _question("Why does my build fail?", "Pin the compiler.", by="Mirela"),
    }
    head = f'<script type="application/ld+json">{json.dumps(qa)}</script>'
    page = decompose(page_of("", head=head))
    assert [(c.author, c.text) for c in page.comments] == [("Mirela", "Pin the compiler.")]


REPEATED_BLOCKS = """
<div class="leserforum"><h3>Leserbriefe (3)</h3>
 <div class="lb-eintrag"><div class="lb-kopf"><span class="lb-name">Hannelore</span>
  <span class="lb-datum">12.03.2019, 08:15</span></div>
  <div class="lb-text">Seit zwanzig Jahren wird über diese Brücke geredet.</div>
  <div class="lb-eintrag"><div class="lb-kopf"><span class="lb-name">Günther P.</span>
   <span class="lb-datum">12.03.2019, 09:40</span></div>
   <div class="lb-text">Und jetzt wird endlich gebaut, das ist doch gut.</div></div>
 </div>
 <div class="lb-eintrag"><div class="lb-kopf"><span class="lb-name">Dieter</span>
  <span class="lb-datum">13.03.2019, 17:02</span></div>
  <div class="lb-text">Wer zahlt die Mehrkosten, wenn es wieder teurer wird?</div></div>
</div>
"""


def test_repeated_block_fallback() -> None:
    page = decompose(page_of(REPEATED_BLOCKS))
    assert summary(page) == [("Hannelore", 0, None), ("Günther P.", 1, 0), ("Dieter", 0, None)]
    assert [c.text for c in page.comments] == [
        "Seit zwanzig Jahren wird über diese Brücke geredet.",
        "Und jetzt wird endlich gebaut, das ist doch gut.",
        "Wer zahlt die Mehrkosten, wenn es wieder teurer wird?",
    ]
    assert page.comments[2].date_raw == "13.03.2019, 17:02"
    assert page.comments[2].date == "2019-03-13T17:02"
    assert_lines_consistent(page)


RELATED_TEASERS = """
<aside class="related"><h3>More from Example Times</h3><ul>
 <li class="teaser"><a href="/a">Council approves budget for schools</a>
  <span class="date">12.03.2019</span></li>
 <li class="teaser"><a href="/b">New tram line opens in the north</a>
  <span class="date">11.03.2019</span></li>
 <li class="teaser"><a href="/c">Library hours extended this summer</a>
  <span class="date">10.03.2019</span></li>
</ul></aside>
"""


def test_page_without_comments() -> None:
    decomposer = HtmlDecomposer()
    page = page_of(RELATED_TEASERS)
    decomposer.decompose(page)
    assert page.comments == []
    assert page.title == "Bridge plans under discussion"
    assert "Engineers presented three designs" in page.article
    assert "Council approves budget" not in page.article
    assert page.lines and len(page.lines) == len(page.text.rstrip("\n").split("\n"))
    assert decomposer.stats["pages_text_fallback"] == 1


UNSTRUCTURED = """
<div><h2>3 Comments</h2>
<p>Marta says:</p><p>I walk across that bridge every day, it really needs the repair.</p>
<p>Reply</p>
<p>Tom says:</p><p>The second design looked best to me, but the cost is huge.</p>
<p>Reply</p>
<p>Marta says:</p><p>Agreed, Tom. Let us hope the consultation changes something.</p>
<p>Reply</p>
</div>
"""


def test_comments_without_structure_are_not_read_from_the_text() -> None:
    # The DOM holds no thread: what the plain-text rules read as comments in its rendering is,
    # on most real pages, a list, a table or a ticker (bench/score_threads.py), so it is chrome.
    # (The article from the text path, so that the other lines keep its labels.)
    decomposer = HtmlDecomposer(article="text")
    page = page_of(UNSTRUCTURED)
    decomposer.decompose(page)
    assert decomposer.stats["pages_text_fallback"] == 1
    assert decomposer.stats["text_comments_dropped"] == 1
    assert "Marta says:" in page.text
    by_text = Page(id="t", text=page.text)
    TextDecomposer().decompose(by_text)
    assert by_text.comments
    assert page.comments == []
    comment_labels = {Label.COMMENT_AUTHOR, Label.COMMENT_TEXT}
    for line, text_line in zip(page.lines, by_text.lines, strict=True):
        if text_line.label in comment_labels:
            assert (line.label, line.reason) == (Label.CHROME, "html_not_a_comment")
        else:
            assert line == text_line
    assert page.title == "Bridge plans under discussion"


def test_comments_without_structure_from_the_text_when_not_deciding() -> None:
    page = page_of(UNSTRUCTURED)
    HtmlDecomposer(article="text", decide_threads=False).decompose(page)
    by_text = Page(id="t", text=page.text)
    TextDecomposer().decompose(by_text)
    assert page.lines == by_text.lines
    assert page.comments == by_text.comments


def test_page_without_html_uses_its_text() -> None:
    page = Page(id="t", text="Title\n\nSome article text here.\n")
    HtmlDecomposer().decompose(page)
    expected = Page(id="t", text=page.text)
    TextDecomposer(rules_only=True).decompose(expected)  # the HTML path reads text by the rules
    assert page.lines == expected.lines


@pytest.mark.parametrize("source", ["text", "trafilatura", "render"])
def test_article_sources(source: str) -> None:
    if source == "trafilatura":
        pytest.importorskip("trafilatura")
    page = page_of(WORDPRESS)
    HtmlDecomposer(article=source).decompose(page)
    assert "Engineers presented three designs" in page.article
    assert "Stadtrat" not in page.article
    assert summary(page) == [("Margarete Vogel", 0, None), ("Redaktion", 1, 0), ("Jens", 0, None)]
    assert_lines_consistent(page)


def test_unknown_article_source() -> None:
    with pytest.raises(ConfigError):
        HtmlDecomposer(article="nope")


QA_THREAD = """
<div id="answers"><h2>2 Answers</h2>
<div class="answer" itemprop="suggestedAnswer" itemscope itemtype="https://schema.org/Answer">
 <div class="post-text" itemprop="text">
  <p>Use a suspension bridge: it spans the river in one go.</p></div>
 <div class="user-details" itemprop="author" itemscope itemtype="https://schema.org/Person">
  <a href="/u/1"><span itemprop="name">Lena</span></a></div>
 <time itemprop="dateCreated" datetime="2014-02-06T21:03:32">Feb 6, 2014</time>
 <div class="comments"><ul class="comments-list">
  <li class="comment"><div class="comment-body"><span class="comment-copy">Too expensive for a town
   this size, I think.</span> – <a class="comment-user">Piet</a>
   <span class="comment-date">Feb 6, 2014 at 23:18</span></div></li>
  <li class="comment"><div class="comment-body"><span class="comment-copy">Not if the state pays
   half of it.</span> – <a class="comment-user">Lena</a>
   <span class="comment-date">Feb 7, 2014 at 08:02</span></div></li>
 </ul></div>
</div>
<div class="answer" itemprop="suggestedAnswer" itemscope itemtype="https://schema.org/Answer">
 <div class="post-text" itemprop="text"><p>A ferry would be cheaper and faster to start.</p></div>
 <div itemprop="author" itemscope itemtype="https://schema.org/Person">
  <span itemprop="name">Omar</span></div>
 <time itemprop="dateCreated" datetime="2014-02-07T10:00:00">Feb 7, 2014</time>
</div>
</div>
"""


def test_answers_and_their_comments_form_one_thread() -> None:
    page = decompose(page_of(QA_THREAD))
    assert summary(page) == [("Lena", 0, None), ("Piet", 1, 0), ("Lena", 1, 0), ("Omar", 0, None)]
    assert page.comments[1].text == "Too expensive for a town this size, I think."
    assert page.comments[3].text == "A ferry would be cheaper and faster to start."


@pytest.mark.parametrize(
    "html",
    [
        "",
        "only text, no markup",
        "<html><head><title>Empty</title></head></html>",
        '<script type="application/ld+json">{broken json</script><p>Short text.</p>',
        "<div>" * 3000 + "<p>Deeply nested text.</p>" + "</div>" * 3000,
    ],
)
def test_odd_pages_decompose_without_error(html: str) -> None:
    page = Page(id="odd", text="", html=html)
    HtmlDecomposer().decompose(page)
    assert page.comments == []
    assert len(page.lines) == len(rows_of(page.text))


BLOGGER_CLASSIC = """
<div id="comments"><h4>2 comments:</h4><dl id="comments-block">
<dt class="comment-author" id="c1"><a name="c1"></a><a href="/p/1">Maria</a> said...</dt>
<dd class="comment-body"><p>Lindas fotos da ponte!</p></dd>
<dd class="comment-footer"><span class="comment-timestamp">
 <a href="#c1">1 de março de 2010 15:40</a></span></dd>
<dt class="comment-author" id="c2"><a name="c2"></a>Anônimo said...</dt>
<dd class="comment-body"><p>Onde foi tirada a segunda?</p></dd>
<dd class="comment-footer"><span class="comment-timestamp">
 <a href="#c2">2 de março de 2010 09:12</a></span></dd>
</dl></div>
"""


def test_blogger_classic_template() -> None:
    page = decompose(page_of(BLOGGER_CLASSIC))
    assert summary(page) == [("Maria", 0, None), ("Anônimo", 0, None)]
    assert [c.text for c in page.comments] == [
        "Lindas fotos da ponte!",
        "Onde foi tirada a segunda?",
    ]
    assert page.comments[1].date_raw == "2 de março de 2010 09:12"
    assert page.comments[1].date == "2010-03-02T09:12"


PHPBB = """
<div id="page-body"><h2 class="topic-title">Die alte Brücke</h2>
<div id="p10" class="post bg2"><div class="inner"><div class="postbody">
 <h3 class="first"><a href="#p10">Die alte Brücke</a></h3>
 <p class="author">von <strong><a class="username" href="/u/2">brueckenbauer</a></strong>
  » Mo 2. Mär 2015, 18:20</p>
 <div class="content">Weiß jemand, wann die alte Brücke gebaut wurde?</div></div></div></div>
<div id="p11" class="post bg1"><div class="inner"><div class="postbody">
 <h3><a href="#p11">Re: Die alte Brücke</a></h3>
 <p class="author">von <strong><a class="username" href="/u/5">kajak_kim</a></strong>
  » Di 3. Mär 2015, 19:41</p>
 <div class="content">1932, steht auf der Tafel am Ufer.</div></div></div></div>
<div id="p12" class="post bg2"><div class="inner"><div class="postbody">
 <h3><a href="#p12">Re: Die alte Brücke</a></h3>
 <p class="author">von <strong><a class="username" href="/u/7">flussratte</a></strong>
  » Mi 4. Mär 2015, 08:02</p>
 <div class="content">Und sie hält noch fünfzig Jahre.</div></div></div></div>
</div>
"""


def test_phpbb_forum_posts_after_the_opening_post() -> None:
    page = decompose(page_of(PHPBB))
    # The opening post is the thread's article; the replies are its comments.
    assert summary(page) == [("kajak_kim", 0, None), ("flussratte", 0, None)]
    assert [c.text for c in page.comments] == [
        "1932, steht auf der Tafel am Ufer.",
        "Und sie hält noch fünfzig Jahre.",
    ]
    assert page.comments[0].date_raw == "Di 3. Mär 2015, 19:41"
    assert page.comments[0].date == "2015-03-03T19:41"


TYPEPAD = """
<div class="comments" id="comments"><h3>Comments</h3><div class="comments-content">
<div class="comment" id="comment-1"><div class="comment-content">
 <p>Great write-up, thanks for sharing.</p></div>
 <p class="comment-footer">Posted by: <a href="/a">Anna Berg</a> |
  <a href="#comment-1">January 05, 2012 at 10:11 AM</a></p></div>
<div class="comment" id="comment-2"><div class="comment-content">
 <p>I disagree with the second point entirely.</p></div>
 <p class="comment-footer">Posted by: Tom |
  <a href="#comment-2">January 06, 2012 at 08:00 PM</a></p>
</div></div></div>
"""


def test_name_and_date_in_one_footer_line() -> None:
    page = decompose(page_of(TYPEPAD))
    assert summary(page) == [("Anna Berg", 0, None), ("Tom", 0, None)]
    assert page.comments[1].text == "I disagree with the second point entirely."
    assert page.comments[1].date_raw == "January 06, 2012 at 08:00 PM"
    assert page.comments[1].date == "2012-01-06T20:00"


def test_opening_post_of_a_forum_thread_is_not_a_comment() -> None:
    from threadsift.decomposers.dom import thread
    from threadsift.decomposers.html import _opens_thread, _without_first
    from threadsift.page import Line

    comments = thread(
        [
            ("op", "Is the old bridge safe?", None, 0),
            ("a", "Yes.", None, 1),
            ("b", "Since 1932.", None, 2),
            ("c", "Not sure.", None, 0),
        ]
    )
    comments[0].first_line, comments[0].last_line = 3, 5
    base = [Line(n=n, label=Label.ARTICLE if n == 4 else Label.CHROME) for n in range(1, 9)]
    assert _opens_thread(comments[0], base)
    assert not _opens_thread(comments[3], base)
    rest = _without_first(comments, None)
    assert [(c.author, c.depth, c.parent) for c in rest] == [
        ("a", 0, None),
        ("b", 1, 0),
        ("c", 0, None),
    ]


BLOG_INDEX = "".join(
    f"""<article class="post hentry"><header>
<h2 class="entry-title"><a href="/p{i}">Notes from the river, part {i}</a></h2>
<div class="entry-meta"><span class="author vcard"><a class="url fn n" href="/a">Anna</a></span>
<time class="entry-date" datetime="2021-03-0{i}">{i} March 2021</time></div></header>
<div class="entry-summary"><p>Part {i} of the series walks along the river from the old mill to
the ferry landing and asks the people there what they think of the bridge.</p></div>
<div class="comments-area-link"><a href="/p{i}#comments">3 Comments</a></div></article>"""
    for i in range(1, 7)
)


def test_teaser_lists_are_not_comments() -> None:
    # Repeated blocks with a name, a date and a text, but each a linked teaser of another page.
    decomposer = HtmlDecomposer()
    page = page_of(f"<section class='reader-comments-teasers'>{BLOG_INDEX}</section>")
    decomposer.decompose(page)
    assert page.comments == []
    assert decomposer.stats["pages_text_fallback"] == 1


INDENTED_THREAD = "".join(
    f"""<div id="t1_{i}" style="padding-left:{16 + 21 * depth}px"><div class="wrap">
<div class="x9 Comment t1_{i}"><span class="lvl">level {depth + 1}</span>
<a class="author-link" href="/user/{name}">{name}</a><span>{points} points</span> ·
<a href="/c/{i}"><span>{age} hours ago</span></a>
<div class="body"><p>{text}</p></div></div></div></div>"""
    for i, (depth, name, points, age, text) in enumerate(
        [
            (0, "otter_1", 12, 5, "Keep the old bridge for bikes and walkers."),
            (1, "heron", 4, 4, "And build the new one next to it? Too costly."),
            (0, "kingfisher", 9, 3, "A tunnel would spare the view of the old town."),
        ]
    )
)


def test_flat_thread_indented_by_style() -> None:
    # Each comment wrapped in its own indented box: cousins, not siblings, nested by indent.
    page = decompose(page_of(f"<div class='comments-list'>{INDENTED_THREAD}</div>"))
    assert summary(page) == [("otter_1", 0, None), ("heron", 1, 0), ("kingfisher", 0, None)]
    assert page.comments[1].text == "And build the new one next to it? Too costly."
    assert (page.comments[2].date_raw or "").endswith("3 hours ago")  # the whole header line


def test_relative_comment_dates_are_read_against_the_fetch_time() -> None:
    page = page_of(f"<div class='comments-list'>{INDENTED_THREAD}</div>")
    page.fetched = "2024-05-01T10:00:00Z"  # the WARC-Date of the page's record
    decompose(page)
    assert [c.date for c in page.comments] == [
        "2024-05-01T05:00+00:00",
        "2024-05-01T06:00+00:00",
        "2024-05-01T07:00+00:00",
    ]
    unfetched = decompose(page_of(f"<div class='comments-list'>{INDENTED_THREAD}</div>"))
    assert [c.date for c in unfetched.comments] == [None] * 3  # nothing to count back from


def test_class_depths_of_no_blocks_is_empty() -> None:
    from threadsift.decomposers.dom import class_depths

    assert class_depths([]) == []


def test_indent_depths_stop_at_the_document() -> None:
    from resiliparse.parse.html import HTMLTree

    from threadsift.decomposers.comment_fallback import _indent_depths

    tree = HTMLTree.parse("<html><body><div>one</div></body></html>")
    assert _indent_depths([tree.document.query_selector("html")]) == [0]


@pytest.mark.parametrize(
    "block",
    [
        '{"@type": {"name": "Comment"}, "text": "x"}',
        '{"@type": ["Comment", {"a": 1}], "text": "A reader comment."}',
        "[" * 5000 + "]" * 5000,
        '{"comment": ' * 500 + "{}" + "}" * 500,
    ],
)
def test_hostile_json_ld_is_no_crash(block: str) -> None:
    html = f'<html><body><p>Story.</p><script type="application/ld+json">{block}</script>'
    page = Page(id="x", text="", html=html + "</body></html>")
    HtmlDecomposer().decompose(page)
    assert all(comment.text for comment in page.comments)
