"""A hostile page: markup, event handlers, `javascript:` links and `</textarea>` in every field
the viewer shows (title, lines, article, comment authors and texts, URL). If any of it ran in
a browser it would set ``window.pwned`` or open a dialog."""

from __future__ import annotations

SCRIPT = "<script>window.pwned=1;alert(1)</script>"
IMAGE = '<img src=x onerror="window.pwned=1">'
LINK = '<a href="javascript:window.pwned=1">click me</a>'
TEXTAREA = "</textarea><script>window.pwned=1</script>"
#: Strings that must appear on the page as text, exactly.
SHOWN = (SCRIPT, IMAGE, LINK, TEXTAREA)
#: The page's own URL: never a link.
HOSTILE_URL = "javascript:window.pwned=1"


def _escaped(text: str) -> str:
    """`text` as HTML source shows it as text (what a crawled page holds)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_PARAGRAPH = (
    "The council met on Tuesday evening to discuss the harbour, and the mayor said that the new"
    " ferry timetable would start in May after a long consultation with the island residents."
)

HOSTILE_HTML = f"""<!doctype html>
<html><head><title>{_escaped(SCRIPT)} Harbour news</title></head>
<body>
<nav><a href="/">Home</a> {_escaped(LINK)}</nav>
<article>
<h1>{_escaped(SCRIPT)} Harbour news</h1>
<p>{_PARAGRAPH} {_escaped(IMAGE)}</p>
<p>{_PARAGRAPH} {_escaped(TEXTAREA)}</p>
<p>{_PARAGRAPH} {_escaped(LINK)}</p>
</article>
<div id="comments" class="comments-area">
<h2 class="comments-title">3 comments</h2>
<ol class="comment-list">
<li id="comment-1" class="comment depth-1">
<article class="comment-body">
<footer class="comment-meta">
<div class="comment-author vcard"><b class="fn">{_escaped(SCRIPT)}</b></div>
<div class="comment-metadata"><time datetime="2024-05-01T10:00:00">May 1, 2024</time></div></footer>
<div class="comment-content"><p>I agree with the mayor {_escaped(IMAGE)} about the ferry.</p></div>
</article>
<ol class="children">
<li id="comment-2" class="comment depth-2">
<article class="comment-body">
<footer class="comment-meta">
<div class="comment-author vcard"><b class="fn">{_escaped(IMAGE)}</b></div>
<div class="comment-metadata"><time datetime="2024-05-01T11:00:00">May 1, 2024</time></div></footer>
<div class="comment-content">
<p>No, the old timetable was better {_escaped(TEXTAREA)} for us.</p></div>
</article>
</li>
</ol>
</li>
<li id="comment-3" class="comment depth-1">
<article class="comment-body">
<footer class="comment-meta">
<div class="comment-author vcard"><b class="fn">Rosa</b></div>
<div class="comment-metadata"><time datetime="2024-05-02T09:00:00">May 2, 2024</time></div></footer>
<div class="comment-content"><p>See {_escaped(LINK)} for the full timetable of the ferry.</p></div>
</article>
</li>
</ol>
</div>
<footer>Contact us</footer>
</body></html>
"""
