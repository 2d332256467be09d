import codecs

import pytest

from threadsift import io
from threadsift.errors import ConfigError, InputError
from threadsift.io import decode, normalize_newlines

FRENCH = "Le café était très agréable, même si la journée fut longue. « Bien sûr », dit-il.\n"
GERMAN = "Über die Brücke gingen die Mädchen; sie aßen süße Äpfel. Größe ändert nichts.\n"
JAPANESE = (
    "日本語のテキストです。これは文字コードの検出を試すための短い文章です。"
    "ニュースの記事と読者のコメント欄を分ける道具を作っています。\n"
)
CHINESE = (
    "这是一段用于测试字符编码检测的中文文本。我们正在开发一个工具，把新闻文章和读者评论分开。\n"
)


def test_utf8() -> None:
    assert decode(FRENCH.encode(), "f") == (FRENCH, "utf-8")


def test_utf8_bom_is_dropped() -> None:
    assert decode(codecs.BOM_UTF8 + FRENCH.encode(), "f") == (FRENCH, "utf-8-sig")


@pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_bom(codec: str) -> None:
    assert decode(FRENCH.encode(codec), "f") == (FRENCH, codec)


def test_cp1252_detected_and_reported() -> None:
    text = FRENCH + "Prix : 5 € — “citation”\n"
    assert decode(text.encode("cp1252"), "f") == (text, "cp1252")


def test_latin1_decodes_to_the_same_text() -> None:
    text, used = decode(GERMAN.encode("latin-1"), "f")
    assert text == GERMAN
    # cp1252 is a superset of latin-1 for printable text, and what browsers use for it.
    assert used in {"cp1252", "latin_1", "iso8859_15"}


def test_short_smart_quotes_read_as_cp1252() -> None:
    assert decode("ok “quoted”\n".encode("cp1252"), "f") == ("ok “quoted”\n", "cp1252")


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Привет, как дела? Это тест кодировки для новостей.\n" * 2, "cp1251"),
        ("Привет, как дела? Это тест кодировки.\n" * 3, "koi8_r"),
        ("Türkçe metin: şehir, ığdır, güzel çiçekler ve dağlar.\n" * 3, "cp1254"),
        ("Zażółć gęślą jaźń. Pchnąć w tę łódź jeża lub ośm skrzyń fig.\n" * 2, "cp1250"),
        ("Καλημέρα, αυτό είναι ελληνικό κείμενο.\n" * 2, "cp1253"),
    ],
)
def test_other_legacy_code_pages(text: str, codec: str) -> None:
    assert decode(text.encode(codec), "f") == (text, codec)


@pytest.mark.parametrize(
    ("text", "codec", "reported"),
    [(JAPANESE, "shift_jis", {"shift_jis", "cp932"}), (CHINESE, "gb18030", {"gb18030"})],
)
def test_cjk_detected_and_reported(text: str, codec: str, reported: set[str]) -> None:
    decoded, used = decode(text.encode(codec), "f")
    assert decoded == text
    assert used in reported


def test_mostly_utf8_with_invalid_bytes_is_utf8_with_replacements() -> None:
    data = ("é" * 40).encode() + b"\xff" + b" fin\n"
    text, used = decode(data, "f")
    assert text == "é" * 40 + "\ufffd fin\n"
    assert used == "utf-8 (1 invalid bytes replaced)"


def test_invalid_utf8_without_valid_sequences_is_detected_as_legacy() -> None:
    text, used = decode(b"na\xefve caf\xe9 cr\xe8me\n", "f")
    assert text == "naïve café crème\n"
    assert used == "cp1252"


def test_explicit_encoding_is_used() -> None:
    assert decode(GERMAN.encode("cp850"), "f", "cp850") == (GERMAN, "cp850")


def test_explicit_encoding_that_fails_names_the_byte() -> None:
    with pytest.raises(InputError) as caught:
        decode(b"ok \xe9\n", "page.txt", "utf-8")
    assert str(caught.value) == "page.txt:byte 3: cannot decode as utf-8: invalid byte b'\\xe9'"
    assert caught.value.source == "page.txt"


@pytest.mark.parametrize("encoding", ["no-such-codec", "base64"])
def test_unknown_or_non_text_encoding(encoding: str) -> None:
    with pytest.raises(ConfigError):
        decode(b"abc", "f", encoding)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"text then a NUL \x00 byte",
        bytes(range(1, 9)) * 50,
    ],
)
def test_binary(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        decode(data, "x.bin")
    assert str(caught.value) == "x.bin: binary file, not text"


def test_nul_after_explicit_decoding_is_binary() -> None:
    with pytest.raises(InputError, match="binary file, not text"):
        decode(b"abc\x00def", "x", "latin-1")


def test_empty_and_whitespace_only() -> None:
    with pytest.raises(InputError) as caught:
        decode(b"", "e.txt")
    assert str(caught.value) == "e.txt: empty input"
    with pytest.raises(InputError) as caught:
        decode(b" \r\n\t\n", "w.txt")
    assert str(caught.value) == "w.txt: empty input (whitespace only)"


def test_newlines_normalised() -> None:
    assert decode(b"a\r\nb\rc\n", "f") == ("a\nb\nc\n", "utf-8")
    assert normalize_newlines("x\r\n\r\ny") == "x\n\ny"


def test_fifty_megabyte_single_line_file(tmp_path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 10_000_000)
    text, used = decode(path.read_bytes(), str(path))
    assert used == "utf-8"
    assert len(text) == 50_000_000
    assert "\n" not in text


def test_large_legacy_file_detects_on_a_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    import charset_normalizer

    seen: list[int] = []
    real = charset_normalizer.from_bytes

    def spy(data: bytes) -> object:
        seen.append(len(data))
        return real(data)

    monkeypatch.setattr(charset_normalizer, "from_bytes", spy)
    # ASCII first, the accented text only far into a single line: the sample must reach it.
    data = b"plain words " * 500_000 + FRENCH.encode("cp1252") * 1000
    text, used = decode(data, "big.txt")
    assert used == "cp1252"
    assert text.endswith(FRENCH)
    assert seen and max(seen) <= 64 * 1024


def test_large_cjk_single_line_file() -> None:
    data = JAPANESE.strip().encode("shift_jis") * 20_000
    assert len(data) > 2_000_000
    text, used = decode(data, "ja.txt")
    assert used in {"shift_jis", "cp932"}
    assert text.startswith(JAPANESE.strip())


def test_messages_the_cli_hints_on_are_stable() -> None:
    assert io.UNDECODABLE == "cannot decode"
    assert io.BINARY == "binary file, not text"
