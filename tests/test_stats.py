from threadsift.page import Outcome, Page
from threadsift.stats import Ledger


def page(outcome: Outcome | None = None, reason: str | None = None) -> Page:
    return Page(id="x", text="", outcome=outcome, reason=reason)


def test_every_outcome_is_counted_and_adds_up() -> None:
    ledger = Ledger()
    for p in [
        page(),
        page(Outcome.OUTPUT),
        page(Outcome.DUPLICATE),
        page(Outcome.FILTERED, "too_short"),
        page(Outcome.FILTERED, "too_short"),
        page(Outcome.FILTERED, "language"),
        page(Outcome.ERROR, "a.txt: empty input"),
    ]:
        ledger.record(p)
    assert ledger.inputs == 7
    assert ledger.to_dict() == {
        "inputs": 7,
        "output": 2,
        "duplicate": 1,
        "filtered": {"language": 1, "too_short": 2},
        "errors": {"a.txt: empty input": 1},
    }
    assert ledger.summary() == (
        "7 inputs: 2 pages, 1 duplicate, 3 filtered (language 1, too_short 2), 1 error"
    )


def test_summary_singular_and_plural() -> None:
    ledger = Ledger()
    assert ledger.summary() == "0 inputs: 0 pages"
    ledger.record(page())
    assert ledger.summary() == "1 input: 1 page"
    ledger.record(page(Outcome.ERROR, "b: binary file, not text"))
    ledger.record(page(Outcome.ERROR, "c: binary file, not text"))
    assert ledger.summary() == "3 inputs: 1 page, 2 errors"


def test_merge() -> None:
    a, b = Ledger(), Ledger()
    a.record(page())
    b.record(page(Outcome.FILTERED, "language"))
    b.record(page(Outcome.ERROR, None))
    a.merge(b)
    assert a.to_dict() == {
        "inputs": 3,
        "output": 1,
        "duplicate": 0,
        "filtered": {"language": 1},
        "errors": {"unspecified": 1},
    }
