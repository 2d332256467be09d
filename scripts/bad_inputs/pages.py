"""Cases of one page per file: plain text, HTML, and hostile file names and globs."""

from __future__ import annotations

import os
from pathlib import Path

from bad_inputs.base import ESCAPES, case, gz, page_bytes, put
from bad_inputs.builders import (
    GIB,
    corrupt,
    html_page,
    prose,
    text_page,
    write_bomb,
)

# --- plain text --------------------------------------------------------------------------------


@case("control: a plain text news page", 1, outputs=1)
def txt_ok(d: Path) -> None:
    put(d / "page.txt", text_page(1))


@case("empty .txt files: no bytes, whitespace only, 10,000 newlines", 3, errors=3)
def txt_empty(d: Path) -> None:
    put(d / "empty.txt", b"")
    put(d / "blank.txt", " \t\n\r\n" * 200)
    put(d / "newlines.txt", "\n" * 10_000)


@case("invalid UTF-8: stray bytes, encoded surrogates, overlong forms", 2)
def txt_invalid_utf8(d: Path) -> None:
    data = text_page(2).encode()
    put(d / "broken.txt", data[:300] + b"\xff\xfe\xc3" + data[300:600] + b"\x80" + data[600:])
    put(d / "forms.txt", text_page(3).encode() + b"\xed\xa0\x80 \xc0\xaf \xf8\x88\x80\x80\x80\n")


@case("UTF-16 text without a BOM, little- and big-endian", 2)
def txt_utf16_no_bom(d: Path) -> None:
    put(d / "utf16.txt", text_page(4).encode("utf-16-le"))
    put(d / "utf16be.txt", text_page(5).encode("utf-16-be"))


@case("cp1252 text (no declaration)", 1)
def txt_cp1252(d: Path) -> None:
    put(
        d / "latin.txt",
        (text_page(6) + "Caf\u00e9 \u201cquoted\u201d na\u00efve.\n").encode("cp1252"),
    )


@case("NUL bytes; bidi overrides, zero-width and other format characters", 2)
def txt_control_chars(d: Path) -> None:
    put(d / "nul.txt", text_page(7).replace(". ", ".\x00 ").encode())
    text = text_page(9).replace(" ", " \u202e\u200b", 40).replace(".", ".\u2066\ufeff\u2028")
    put(d / "bidi.txt", text)


@case("binary data named .txt", 1, errors=1)
def txt_binary(d: Path) -> None:
    put(d / "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)


@case("text full of terminal escape sequences (clear screen, title, OSC 8 link)", 1)
def txt_terminal_escapes(d: Path) -> None:
    paragraphs = prose(8)
    put(d / "escapes.txt", f"{ESCAPES}Headline{ESCAPES}\n\n" + f"\n\n{ESCAPES}".join(paragraphs))


@case("old Mac line ends (CR only)", 1, outputs=1)
def txt_cr_newlines(d: Path) -> None:
    put(d / "cr.txt", text_page(10).replace("\n", "\r"))


@case("one 2 MB line of text; 30,000 short lines", 2)
def txt_long(d: Path) -> None:
    put(d / "long.txt", " ".join(prose(11, paragraphs=40)) * 40)
    put(d / "lines.txt", "".join(f"item {n}\n" for n in range(30_000)))


@case("gzipped text and HTML pages (control)", 2, outputs=2)
def gz_pages_ok(d: Path) -> None:
    put(d / "page.txt.gz", gz(text_page(12)))
    put(d / "page.html.gz", gz(html_page(38)))


@case("damaged .txt.gz and .html.gz: cut in half, bad deflate data, cut trailer", 3, errors=3)
def gz_pages_damaged(d: Path) -> None:
    data = gz(text_page(13) * 5)
    put(d / "cut.txt.gz", data[: len(data) // 2])
    put(d / "bad.txt.gz", corrupt(gz(text_page(14) * 5)))
    data = gz(html_page(39))
    put(d / "cut.html.gz", data[: len(data) - 40])


@case("a .txt.gz inflating to 4 GiB of text", 1, errors=1)
def txt_gz_bomb(d: Path) -> None:
    with open(d / "bomb.txt.gz", "wb") as handle:
        write_bomb(handle, b"Headline\n\n", b"word ", 4 * GIB)


@case("a file name that is not valid UTF-8", 1, outputs=1)
def name_not_utf8(d: Path) -> None:
    put(Path(os.fsdecode(os.fsencode(d) + b"/caf\xe9-\xff\xfe.txt")), text_page(15))


@case("file names holding terminal escape sequences", 2)
def name_escapes(d: Path) -> None:
    put(d / "\x1b[2J\x1b]0;pwned\x07.txt", text_page(16))
    put(d / "\x1b]8;;mailto:x@evil.example\x1b\\x\x1b]8;;\x1b\\.txt", b"")


@case("a recursive glob over a directory with two symlink loops", None, args=["{dir}/**/*.txt"])
def glob_symlink_loop(d: Path) -> None:
    put(d / "page.txt", text_page(17))
    os.symlink(".", d / "loop")
    os.symlink(".", d / "again")


# --- HTML --------------------------------------------------------------------------------------


@case("control: an HTML page with a WordPress comment list", 1, outputs=1)
def html_ok(d: Path) -> None:
    comments = "".join(
        f'<li class="comment depth-1" id="comment-{n}"><article class="comment-body">'
        f'<footer><div class="comment-author"><b class="fn">Reader {n}</b> <span class="says">'
        f'says:</span></div><div class="comment-metadata">May {n}, 2024</div></footer>'
        f'<div class="comment-content"><p>{prose(100 + n, paragraphs=1)[0]}</p></div>'
        "</article></li>"
        for n in range(1, 4)
    )
    section = (
        f'<div id="comments"><h2>3 comments</h2><ol class="comment-list">{comments}</ol></div>'
    )
    put(d / "page.html", html_page(20, body_extra=section))


@case("HTML with <script> and XSS in the title, comments and attributes", 1)
def html_script_xss(d: Path) -> None:
    xss = "<script>alert(document.cookie)</script><img src=x onerror=alert(1)>"
    page = html_page(
        21,
        title=f"Story {xss} &lt;script&gt;",
        head_extra=f"<!-- {xss} --><script>document.write('{xss}')</script>",
        body_extra=f'<a href="javascript:alert(1)">x</a><!-- {xss}<svg onload=alert(1)>',
    )
    put(d / "xss.html", page)


@case("HTML whose title and text carry terminal escape sequences", 1)
def html_terminal_escapes(d: Path) -> None:
    put(d / "escapes.html", html_page(22, title=f"Headline {ESCAPES}", body_extra=ESCAPES))


@case("broken markup: unclosed tags, an unterminated comment and CDATA", 1)
def html_broken_markup(d: Path) -> None:
    body = "".join(f"<div><p><b><i>{p}" for p in prose(23))
    put(d / "broken.html", f"<html><head><title>T<body>{body}<![CDATA[ x <!-- never closed")


@case("<meta charset> naming UTF-16 or an unknown charset; invalid UTF-8 and NUL bytes", 3)
def html_bad_encoding(d: Path) -> None:
    page = html_page(24).replace('charset="utf-8"', 'charset="utf-16"')
    put(d / "utf16.html", page.encode())
    put(d / "unknown.html", html_page(25).replace('charset="utf-8"', 'charset="x-no-such"'))
    put(d / "bytes.html", page_bytes(26).replace(b"<p>", b"<p>\x00\xff\xc3(", 3))


@case("HTML with no body text at all", 2)
def html_empty_body(d: Path) -> None:
    put(d / "empty.html", "<!doctype html><html><head></head><body></body></html>")
    put(d / "doctype.html", "<!doctype html>")


@case("entities out of range, NUL and surrogate references, 20,000 entities", 1)
def html_entities(d: Path) -> None:
    odd = "&#0; &#xD800; &#x110000; &#99999999999; &bogus; &amp &lt"
    put(d / "entities.html", html_page(27, body_extra=f"<p>{odd}</p><p>{'&amp;' * 20_000}</p>"))


@case("a title of 1 MB", 1)
def html_huge_title(d: Path) -> None:
    put(d / "title.html", html_page(28, title="Long " * 200_000))


@case("JSON-LD comments of the wrong types and broken JSON", 1)
def html_bad_jsonld(d: Path) -> None:
    blocks = [
        '{"@type": "NewsArticle", "comment": 5}',
        '{"@type": "NewsArticle", "comment": [{"@type": "Comment", "text": ["a"], '
        '"author": [1, {"name": null}], "comment": "x"}, null, 7]}',
        '{"@type": "Comment", "text": {"nested": "text"}',
        "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]",
    ]
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    put(d / "jsonld.html", html_page(29, head_extra=scripts))


@case("a comment list nested 300 replies deep", 1)
def html_deep_comment_thread(d: Path) -> None:
    reply_thread(d, 300)


@case("a comment list nested 2,000 replies deep", 1, big=True)
def html_deep_comment_thread_2k(d: Path) -> None:
    reply_thread(d, 2000)


def reply_thread(d: Path, depth: int) -> None:
    """A WordPress comment list where every comment replies to the one before."""
    opening = "".join(
        f'<li class="comment depth-{n + 1}"><article class="comment-body"><div class="comment-'
        f'author"><b class="fn">R{n}</b></div><div class="comment-content"><p>Reply {n} here'
        '.</p></div></article><ol class="children">'
        for n in range(depth)
    )
    thread = f'<ol class="comment-list">{opening}{"</ol></li>" * depth}</ol>'
    put(d / "thread.html", html_page(30, body_extra=f'<div id="comments">{thread}</div>'))


@case("5,000 nested <div>", 1)
def html_nested_5k(d: Path) -> None:
    put(d / "nested.html", html_page(31, body_extra="<div>" * 5000 + "deep" + "</div>" * 5000))


@case("20,000 nested <div>, never closed", 1, big=True)
def html_nested_20k(d: Path) -> None:
    put(d / "nested.html", html_page(32, body_extra="<div><span>" * 10_000 + "deep"))


@case("100,000 nested <div>", 1, big=True)
def html_nested_100k(d: Path) -> None:
    put(
        d / "nested.html", html_page(33, body_extra="<div>" * 100_000 + "deep" + "</div>" * 100_000)
    )


@case("one tag with 10,000 attributes", 1)
def html_many_attributes(d: Path) -> None:
    attributes = " ".join(f'a{n}="{n}"' for n in range(10_000))
    put(d / "attributes.html", html_page(34, body_extra=f"<div {attributes}>x</div>"))


@case("one tag with 1,000,000 attributes", 1, big=True)
def html_million_attributes(d: Path) -> None:
    attributes = " ".join(f"a{n}" for n in range(1_000_000))
    put(d / "attributes.html", html_page(35, body_extra=f"<div {attributes}>x</div>"))


@case("a 5 MB HTML page on one line", 1)
def html_one_line_5mb(d: Path) -> None:
    words = " ".join(prose(36, paragraphs=60))
    body = "".join(f"<p>{words}</p>" for _ in range((5 << 20) // (len(words) + 7)))
    put(d / "oneline.html", html_page(36, body_extra=body).replace("\n", " "))


@case("a 50 MB HTML page on one line", 1, big=True)
def html_one_line_50mb(d: Path) -> None:
    words = " ".join(prose(37, paragraphs=60))
    body = "".join(f"<p>{words}</p>" for _ in range((50 << 20) // (len(words) + 7)))
    put(d / "oneline.html", html_page(37, body_extra=body).replace("\n", " "))


@case("an .html.gz inflating to 4 GiB", 1, errors=1)
def html_gz_bomb(d: Path) -> None:
    with open(d / "bomb.html.gz", "wb") as handle:
        write_bomb(handle, b"<!doctype html><html><body><p>", b"lorem ", 4 * GIB, b"</p></html>")
