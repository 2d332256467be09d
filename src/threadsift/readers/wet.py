"""WET files (Common Crawl's extracted text): each conversion record is a page of text.

WET is WARC with ``conversion`` records holding UTF-8 text; the record's WARC-Target-URI is the
page URL. Damage is handled as in `threadsift.readers.warc`, and a page keeps its record's id,
offset and date as a WARC page does.
"""

from __future__ import annotations

from collections.abc import Iterator

from threadsift.errors import InputError
from threadsift.io import decode
from threadsift.page import Page, page_id
from threadsift.readers.base import Reader, error_page
from threadsift.readers.inputs import source_name
from threadsift.readers.streams import open_input, peek
from threadsift.readers.text import host_of
from threadsift.readers.warcstream import WarcDamage, WarcRecord, iter_records, looks_gzipped


class WetReader(Reader):
    """Read WET and WET.gz files (``-`` for stdin) into one text page per conversion record."""

    name = "read_wet"

    def read_file(self, path: str) -> Iterator[Page]:
        """Yield a page per conversion record and an error page per damaged record."""
        source = source_name(path)
        with open_input(path) as stream:
            gzipped = looks_gzipped(peek(stream, 8192), source)
            records = iter_records(stream, gzipped=gzipped, max_record=self.budget.record_bytes)
            for number, item in enumerate(records, start=1):
                if isinstance(item, WarcDamage):
                    where = f"record {number} at offset {item.offset}"
                    yield error_page(source, f"{source}: {item.message}", where=where)
                    continue
                page = self._page(item, source, number)
                if page is not None:
                    yield page

    def _page(self, record: WarcRecord, source: str, number: int) -> Page | None:
        if record.type != "conversion":
            self.stats[f"skipped_{record.type or 'untyped'}"] += 1
            return None
        if record.too_large:
            self.stats["skipped_too_large"] += 1
            return None
        if not record.block.strip():
            self.stats["skipped_empty"] += 1
            return None
        url = record.headers.get("warc-target-uri", "").strip("<>") or None
        where = f"record {number} at offset {record.offset}"
        try:
            # WET text is UTF-8; detection is the fallback for files written by other tools.
            try:
                text, used = decode(record.block, source, "utf-8")
            except InputError:
                text, used = decode(record.block, source)
        except InputError as error:
            return error_page(source, f"{source}: {where}: {error.args[0]}", where=where)
        record_id = record.record_id
        return Page(
            id=page_id(source, where, record_id or ""),
            text=text,
            source=source,
            source_id=record_id,
            source_offset=record.offset,
            fetched=record.date,
            url=url,
            host=host_of(url),
            encoding=used,
        )
