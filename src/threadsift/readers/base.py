"""Base of the readers: sharding, error records and counting live here; a reader writes `read_file`.

A reader turns one input (a path, or ``-`` for stdin) into pages. A record that cannot be read
becomes a page with ``outcome=Outcome.ERROR`` and the message in ``reason``, so that every input
record ends somewhere; records a reader skips on purpose (a WARC request record, say) are counted
in ``stats`` as ``skipped_<reason>``.

A reader reads the inputs of the shard it runs on (`shard_paths`): every `n`-th input of `n`
shards, or, when there are fewer inputs than shards, a part of one (`FilePart`), so that one
large file feeds several shards: part `k` of `n` keeps every `n`-th record from the `k`-th. Every
part reads the whole file (reading costs a fraction of decomposing), and the file's skipped
records and whole-file errors count in part 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from threadsift.budget import DEFAULT_BUDGET, Budget
from threadsift.errors import ConfigError, InputError, MissingDependency
from threadsift.io import EMPTY
from threadsift.page import Outcome, Page, page_id
from threadsift.readers.inputs import source_name
from threadsift.step import Shard, Step


@dataclass(frozen=True, slots=True)
class FilePart:
    """Part `part` of `parts` of the input at `path`: every `parts`-th record from the `part`-th."""

    path: str
    part: int = 0
    parts: int = 1


def shard_paths(inputs: Sequence[str], shards: int, rank: int) -> list[FilePart]:
    """The inputs of shard `rank` of `shards`: every `shards`-th input from `rank` when there are
    at least as many inputs as shards; else input `rank % inputs` in part, shared with the other
    shards it falls to (so that one large file still feeds every worker)."""
    files = len(inputs)
    if files >= shards or not files:
        return [FilePart(path) for path in inputs[rank::shards]]
    index = rank % files
    return [FilePart(inputs[index], rank // files, len(range(index, shards, files)))]


class Reader(Step):
    """Read input paths (or parts of them) into pages; subclasses write `read_file`.

    Whatever goes wrong with one input ends as an error page naming it, never as an exception
    out of `run`: an `InputError` for the whole input, a reader's bug after the records read so
    far, and an input without any record (an empty ``.jsonl`` or ``.warc.gz``).
    """

    name = "read"

    def __init__(self, paths: Iterable[str], *, budget: Budget = DEFAULT_BUDGET) -> None:
        super().__init__()
        self.paths = list(paths)
        self.budget = budget

    def run(self, pages: Iterable[Page] = (), shard: Shard = Shard()) -> Iterator[Page]:
        """Yield the pages already in the stream, then the pages of `shard`'s inputs."""
        yield from pages
        for part in shard_paths(self.paths, shard.world_size, shard.rank):
            for page in self._read_part(part):
                self.stats["errors" if page.outcome is Outcome.ERROR else "pages"] += 1
                yield page

    def set_aside(self) -> Counter[str]:
        """The records skipped on purpose (``skipped_<reason>`` in `stats`), by reason."""
        prefix = "skipped_"
        return Counter(
            {key.removeprefix(prefix): n for key, n in self.stats.items() if key.startswith(prefix)}
        )

    def _read_part(self, part: FilePart) -> Iterator[Page]:
        """The pages of one part of an input, and an error page for whatever stops reading it."""
        skipped = {k: v for k, v in self.stats.items() if k.startswith("skipped_")}
        source = source_name(part.path)
        records = 0  # pages and error pages the input gave, in every part
        failed = False
        try:
            for records, page in enumerate(self.read_file(part.path), start=1):
                if (records - 1) % part.parts == part.part:
                    yield page
        except InputError as error:
            failed = True
            if part.part == 0:
                yield error_page(source, str(error))
        except (ConfigError, MissingDependency):  # the options or the install: stop the run
            raise
        except Exception as error:  # a reader's bug costs the rest of one input, not the run
            failed = True
            if records % part.parts == part.part:
                message = (
                    f"{source}: internal error after {records} records ({error!r}); "
                    "the rest of the input is skipped (please report)"
                )
                yield error_page(source, message, where=f"after record {records}")
        skipped_now = sum(v for k, v in self.stats.items() if k.startswith("skipped_"))
        empty = not records and not failed and skipped_now == sum(skipped.values())
        if empty and part.part == 0:
            yield error_page(source, f"{source}: {EMPTY} (no records)")
        if part.part != 0:  # part 0 counts the file's skipped records
            for key in [k for k in self.stats if k.startswith("skipped_")]:
                self.stats[key] = skipped.get(key, 0)

    def read_file(self, path: str) -> Iterator[Page]:
        """Yield the pages of one input; raise `InputError` when the whole input is unreadable."""
        raise NotImplementedError


def error_page(source: str, message: str, *, where: str = "") -> Page:
    """A page standing for a record that could not be read, so that it is still accounted for."""
    return Page(
        id=page_id(source, where),
        text="",
        source=source,
        outcome=Outcome.ERROR,
        reason=message,
    )
