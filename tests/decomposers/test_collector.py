"""The garbage collector held off for one page, and what a page leaves for it."""

from __future__ import annotations

import gc

import pytest

from threadsift.decomposers import collector


def test_paused_holds_collections_off_and_turns_them_back_on() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_paused_turns_collections_back_on_after_an_error() -> None:
    with pytest.raises(ZeroDivisionError), collector.paused():
        _ = 1 / 0
    assert gc.isenabled()


def test_paused_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_paused_runs_the_collection_that_is_due() -> None:
    collected: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collected.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        with collector.paused():
            kept = [[] for _ in range(5 * gc.get_threshold()[0])]
            assert not collected
        assert collected
    finally:
        gc.callbacks.remove(seen)
    assert len(kept) == 5 * gc.get_threshold()[0]


def test_blocks_do_not_wait_for_the_collector() -> None:
    pytest.importorskip("lxml")
    from threadsift.decomposers.html_blocks import Block, blocks_of

    gc.collect()
    gc.disable()
    try:
        page = blocks_of("<html><body><p>One block.</p><div>Another block.</div></body></html>")
        assert len(page.blocks) == 2
        del page
        assert not [o for o in gc.get_objects() if isinstance(o, Block)]
    finally:
        gc.enable()
