"""What a pages view may ask for: facets, sort, search words and paging, from a URL's query.

Only names listed here reach SQL, as column names of the viewer's `summary` table; every value
from a request is a bound parameter. Unknown parameters are ignored, bad numbers fall back to
the defaults, so any URL gives a view.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

#: Facet parameter -> (heading, column of `summary`).
FACETS: dict[str, tuple[str, str]] = {
    "host": ("Host", "host"),
    "language": ("Language", "language"),
    "outcome": ("Outcome", "outcome"),
    "reason": ("Reason", "reason"),
    "comments": ("Has comments", "has_comments"),
    "toxic": ("Toxic share of comments", "toxic_band"),
}
#: Sort parameter -> column of `summary`.
SORTS: dict[str, str] = {
    "title": "title",
    "host": "host",
    "comments": "n_comments",
    "words": "words",
    "toxic": "toxic_share",
    "language": "language",
    "outcome": "outcome",
}
#: What a facet shows for a page without a value (no host, not annotated...).
NONE = "(none)"
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
#: Facet values listed at most, most frequent first.
FACET_VALUES = 20


def _number(values: Sequence[str], default: int, low: int, high: int) -> int:
    try:
        return min(max(int(values[-1]), low), high) if values else default
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class PageQuery:
    """A pages view: facet values (any of a facet's values matches), search words, sort, page."""

    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    words: str = ""
    sort: str | None = None
    descending: bool = False
    page: int = 1
    size: int = PAGE_SIZE

    @classmethod
    def from_params(cls, params: Mapping[str, Sequence[str]]) -> PageQuery:
        """The query of a URL's parameters (as `urllib.parse.parse_qs` gives them)."""
        filters = {name: tuple(dict.fromkeys(params[name])) for name in FACETS if params.get(name)}
        sort = (params.get("sort") or [""])[-1]
        return cls(
            filters=filters,
            words=" ".join((params.get("q") or [""])[-1].split()),
            sort=sort if sort in SORTS else None,
            descending=(params.get("order") or [""])[-1] == "desc",
            page=_number(params.get("p", ()), 1, 1, 10**9),
            size=_number(params.get("size", ()), PAGE_SIZE, 1, MAX_PAGE_SIZE),
        )

    def where(self, skip: str | None = None) -> tuple[str, list[Any]]:
        """The SQL condition of the facet filters (all but `skip`'s) and its parameters."""
        clauses: list[str] = ["TRUE"]
        values: list[Any] = []
        for name, chosen in self.filters.items():
            if name != skip:
                column = FACETS[name][1]
                clauses.append(f"{column} IN ({', '.join('?' * len(chosen))})")
                values += chosen
        return " AND ".join(clauses), values

    def order(self) -> str:
        """The SQL ORDER BY list (only names from `SORTS`), ties broken by page id."""
        if self.sort is None:
            return "host, id"
        direction = "DESC" if self.descending else "ASC"
        return f"{SORTS[self.sort]} {direction} NULLS LAST, id"

    def params(self, **changes: Any) -> list[tuple[str, str]]:
        """The URL parameters of this query, with `changes` (``page``, ``sort``...) applied;
        a change of filter, search or sort goes back to the first page."""
        query = self if not changes else _replace(self, changes)
        found = [(name, value) for name, chosen in query.filters.items() for value in chosen]
        if query.words:
            found.append(("q", query.words))
        if query.sort:
            found.append(("sort", query.sort))
            if query.descending:
                found.append(("order", "desc"))
        if query.size != PAGE_SIZE:
            found.append(("size", str(query.size)))
        if query.page != 1:
            found.append(("p", str(query.page)))
        return found

    def toggled(self, facet: str, value: str) -> list[tuple[str, str]]:
        """The URL parameters with `value` of `facet` added, or removed if it was chosen."""
        chosen = self.filters.get(facet, ())
        values = tuple(v for v in chosen if v != value) if value in chosen else (*chosen, value)
        filters = {name: v for name, v in {**self.filters, facet: values}.items() if v}
        return self.params(filters=filters)


def _replace(query: PageQuery, changes: Mapping[str, Any]) -> PageQuery:
    if "page" not in changes:
        changes = {**changes, "page": 1}
    return replace(query, **changes)
