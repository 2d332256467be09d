from collections import Counter

import pytest

from devtools.pages import MakePage
from threadsift.errors import AccountingError
from threadsift.page import Outcome, Page
from threadsift.stats import Intake, Ledger


def read(ledger: Ledger, *pages: Page, settles: bool = True) -> None:
    """What a chain does with pages its reader yields: admit them as inputs, record them."""
    for page in pages:
        ledger.admit(page, Intake.INPUTS)
        ledger.record(page, settles=settles)


def test_every_outcome_is_counted_and_adds_up(make_page: MakePage) -> None:
    ledger = Ledger()
    read(
        ledger,
        make_page(),
        make_page(outcome=Outcome.OUTPUT),
        make_page(outcome=Outcome.DUPLICATE),
        make_page(outcome=Outcome.FILTERED, reason="too_short"),
        make_page(outcome=Outcome.FILTERED, reason="too_short"),
        make_page(outcome=Outcome.FILTERED, reason="language"),
        make_page(outcome=Outcome.ERROR, reason="a.txt: empty input"),
    )
    ledger.check("test", settled=True)
    assert ledger.to_dict() == {
        "inputs": 7,
        "output": 2,
        "duplicate": 1,
        "filtered": {"language": 1, "too_short": 2},
        "errors": {"a.txt: empty input": 1},
        "pending": 0,
    }
    assert ledger.summary() == (
        "7 inputs: 2 pages, 1 duplicate, 3 filtered (language 1, too_short 2), 1 error"
    )
    assert Ledger.from_dict(ledger.to_dict()) == ledger


def test_summary_singular_and_plural(make_page: MakePage) -> None:
    ledger = Ledger()
    assert ledger.summary() == "0 inputs: 0 pages"
    read(ledger, make_page())
    assert ledger.summary() == "1 input: 1 page"
    read(ledger, make_page(outcome=Outcome.ERROR, reason="b: binary file, not text"))
    read(ledger, make_page(outcome=Outcome.ERROR, reason="c: binary file, not text"))
    assert ledger.summary() == "3 inputs: 1 page, 2 errors"


def test_records_set_aside_are_inputs_and_filtered() -> None:
    ledger = Ledger()
    ledger.set_aside(Counter(request=2, warcinfo=1))
    ledger.check("test", settled=True)
    assert ledger.summary() == "3 inputs: 0 pages, 3 filtered (request 2, warcinfo 1)"


def test_pages_left_pending_are_settled_by_the_stage_that_takes_them_back(
    make_page: MakePage,
) -> None:
    kept, dropped, copy = make_page(), make_page(outcome=Outcome.FILTERED, reason="x"), make_page()
    split = Ledger()
    read(split, kept, dropped, copy, settles=False)
    split.check("split")
    assert (split.pending, split.output) == (2, 0)
    copy.outcome = Outcome.DUPLICATE  # what the settle stage's source decides
    settle = Ledger()
    for page in (kept, dropped, copy):
        settle.admit(page, Intake.CARRIED)
        settle.record(page)
    settle.check("settle")
    run = Ledger()
    run.merge(split)
    run.merge(settle)
    run.check("run", settled=True)
    assert run.to_dict() == {
        "inputs": 3,
        "output": 1,
        "duplicate": 1,
        "filtered": {"x": 1},
        "errors": {},
        "pending": 0,
    }


def test_a_lost_page_fails_the_check(make_page: MakePage) -> None:
    ledger = Ledger()
    ledger.admit(make_page(), Intake.INPUTS)
    read(ledger, make_page())
    with pytest.raises(AccountingError) as caught:
        ledger.check("split stage, shard 3")
    assert str(caught.value).startswith("split stage, shard 3: of 2 records that came in, 1 ended")


def test_a_run_with_pages_left_pending_fails_the_check(make_page: MakePage) -> None:
    ledger = Ledger()
    read(ledger, make_page(), settles=False)
    ledger.check("split")  # a chain may leave pages for a later stage
    with pytest.raises(AccountingError, match="1 pages were left pending"):
        ledger.check("the run", settled=True)
