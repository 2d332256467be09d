from devtools.pages import MakePage
from threadsift.page import Outcome
from threadsift.stats import Ledger


def test_every_outcome_is_counted_and_adds_up(make_page: MakePage) -> None:
    ledger = Ledger()
    for p in [
        make_page(),
        make_page(outcome=Outcome.OUTPUT),
        make_page(outcome=Outcome.DUPLICATE),
        make_page(outcome=Outcome.FILTERED, reason="too_short"),
        make_page(outcome=Outcome.FILTERED, reason="too_short"),
        make_page(outcome=Outcome.FILTERED, reason="language"),
        make_page(outcome=Outcome.ERROR, reason="a.txt: empty input"),
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


def test_summary_singular_and_plural(make_page: MakePage) -> None:
    ledger = Ledger()
    assert ledger.summary() == "0 inputs: 0 pages"
    ledger.record(make_page())
    assert ledger.summary() == "1 input: 1 page"
    ledger.record(make_page(outcome=Outcome.ERROR, reason="b: binary file, not text"))
    ledger.record(make_page(outcome=Outcome.ERROR, reason="c: binary file, not text"))
    assert ledger.summary() == "3 inputs: 1 page, 2 errors"


def test_merge(make_page: MakePage) -> None:
    a, b = Ledger(), Ledger()
    a.record(make_page())
    b.record(make_page(outcome=Outcome.FILTERED, reason="language"))
    b.record(make_page(outcome=Outcome.ERROR, reason=None))
    a.merge(b)
    assert a.to_dict() == {
        "inputs": 3,
        "output": 1,
        "duplicate": 0,
        "filtered": {"language": 1},
        "errors": {"unspecified": 1},
    }
