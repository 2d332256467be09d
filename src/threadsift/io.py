"""Turn input bytes into page text: BOMs, UTF-8, detected legacy encodings, binary and empty input.

`decode` returns the text with newlines normalised to ``\\n`` and the name of the encoding it
used, so that a record can say how it was read. Charset detection runs on a sample of the
non-ASCII parts of the input, never over the whole of a large file.
"""

from __future__ import annotations

import codecs
import re

from threadsift.errors import ConfigError, InputError

# Messages the CLI recognises to add a hint (see `threadsift.cli`).
EMPTY = "empty input"
BINARY = "binary file, not text"
UNDECODABLE = "cannot decode"
UNDETECTED = "cannot detect the encoding"

# UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control bytes other than tab, LF, VT, FF, CR and ESC: rare in text, common in binary formats.
_CONTROL = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_HIGH = re.compile(rb"[\x80-\xff]+")
_BINARY_SAMPLE = 64 * 1024
_BINARY_CONTROL_RATIO = 0.1
_DETECT_SAMPLE = 64 * 1024
# Share of non-ASCII characters that must decode as UTF-8 for a mostly-UTF-8 input to be read
# as UTF-8 with the few invalid bytes replaced, rather than as a legacy encoding.
_UTF8_SHARE = 0.9
# When detection finds several encodings equally plausible, prefer the ones most used on the web.
_PREFERRED = ("cp1252", "cp1251", "gb18030", "cp932", "cp949", "big5", "euc_jp", "koi8_r")


def decode(data: bytes, source: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode `data` (read from `source`) to text with ``\\n`` newlines.

    Args:
        data: the raw bytes of one input.
        source: names the input in errors.
        encoding: a codec name to use instead of detecting one.

    Returns:
        The text and the name of the encoding used (``"utf-8"``, ``"utf-8-sig"``, ``"cp1252"``...;
        ``"utf-8 (N invalid bytes replaced)"`` for UTF-8 with a few broken bytes).

    Raises:
        InputError: the input is empty, binary, or cannot be decoded.
        ConfigError: `encoding` is not a known codec.
    """
    if not data:
        raise InputError(EMPTY, source=source)
    if encoding is not None:
        text, used = _decode_as(data, source, encoding), encoding
    else:
        text, used = _decode_detected(data, source)
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise InputError(BINARY, source=source)
    if not text.strip():
        raise InputError(f"{EMPTY} (whitespace only)", source=source)
    return normalize_newlines(text), used


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR line ends into LF."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_encoding(encoding: str) -> None:
    """Raise `ConfigError` unless `encoding` names a text codec Python knows."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise ConfigError(f"unknown encoding {encoding!r}", option="--encoding") from None
    if not info._is_text_encoding:
        raise ConfigError(f"{encoding!r} is not a text encoding", option="--encoding")


def _decode_as(data: bytes, source: str, encoding: str) -> str:
    check_encoding(encoding)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{UNDECODABLE} as {encoding}: invalid byte {data[error.start : error.start + 1]!r}",
            source=source,
            where=f"byte {error.start}",
        ) from None


def _decode_detected(data: bytes, source: str) -> tuple[str, str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, source, name), name
    if _looks_binary(data):
        raise InputError(BINARY, source=source)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    if non_ascii and (non_ascii - replaced) >= _UTF8_SHARE * non_ascii:
        return text, f"utf-8 ({replaced} invalid bytes replaced)"
    return _detect(data, source)


def _looks_binary(data: bytes) -> bool:
    # A NUL byte anywhere means binary (UTF-16/32 without a BOM included); memchr-fast on any size.
    if b"\x00" in data:
        return True
    head = data[:_BINARY_SAMPLE]
    return len(_CONTROL.findall(head)) > _BINARY_CONTROL_RATIO * len(head)


def _detect(data: bytes, source: str) -> tuple[str, str]:
    from charset_normalizer import CharsetMatches, from_bytes

    found: tuple[bytes, CharsetMatches] | None = None
    for sample in _detection_samples(data):
        matches = from_bytes(sample)
        match, prior = matches.best(), found[1].best() if found else None
        if match is not None and (prior is None or match.chaos < prior.chaos):
            found = (sample, matches)
    best = found[1].best() if found else None
    if found is None or best is None:
        raise InputError(UNDETECTED, source=source)
    sample, matches = found
    # The detector often ties several single-byte encodings, and misses cp1252 on Western text
    # that other Latin code pages decode about as cleanly: prefer the commonest on the web.
    tied = [
        m for m in matches if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.05
    ]
    names = [name for name in _PREFERRED if any(name in m.could_be_from_charset for m in tied)]
    if best.encoding != "cp1252" and _reads_as_cp1252(sample, best.chaos, best.encoding):
        names.insert(0, "cp1252")
    names += [m.encoding for m in matches]
    for name in dict.fromkeys(names):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    raise InputError(UNDETECTED, source=source)


def _detection_samples(data: bytes) -> list[bytes]:
    """What to run detection on: at most 64 KiB from just before the first non-ASCII byte.

    The detector rejects an encoding when the sample ends inside a multi-byte character, so the
    sample ends at a byte below 0x30 (never a trail byte in the CJK encodings); when there is
    none, the sample is offered cut at each of the four possible offsets.
    """
    if len(data) <= _DETECT_SAMPLE:
        return [data]
    first = _HIGH.search(data)
    # Everything before the first non-ASCII byte is ASCII, so starting there cuts no character.
    start = max(0, (first.start() if first else 0) - 1024)
    chunk = data[start : start + _DETECT_SAMPLE]
    if start + _DETECT_SAMPLE >= len(data):
        return [chunk]
    cut = max(chunk.rfind(byte, len(chunk) // 2) for byte in (b"\n", b" ", b"\t", b".", b","))
    if cut > 0:
        return [chunk[: cut + 1]]
    return [chunk[: len(chunk) - trim] for trim in range(4)]


def _reads_as_cp1252(sample: bytes, best_chaos: float, best_encoding: str) -> bool:
    """Whether `sample` reads as Latin-script text in cp1252 at least as well as in the best."""
    from charset_normalizer.cd import coherence_ratio
    from charset_normalizer.md import mess_ratio

    try:
        text = sample.decode("cp1252")
        other = sample.decode(best_encoding, errors="replace")
    except (UnicodeDecodeError, LookupError):
        return False
    letters = sum(ch.isalpha() for ch in text)
    accented = sum(ch.isalpha() for ch in text if ord(ch) > 0x7F)
    # Few accented letters among plain ones: Western European text, not a non-Latin script
    # whose bytes cp1252 shows as runs of accented letters.
    if not accented:
        return True  # only punctuation and symbols ("smart quotes", dashes, €) are non-ASCII
    if accented > 0.3 * letters or mess_ratio(text, 1.0) > best_chaos + 0.02:
        return False

    def coherence(decoded: str) -> float:
        languages = coherence_ratio(decoded, 0.1, None)
        return languages[0][1] if languages else 0.0

    # Letter frequencies decide between code pages that are equally clean (Turkish cp1254 and
    # cp1252 differ in six letters only).
    return coherence(text) >= coherence(other)
