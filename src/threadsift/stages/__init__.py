"""The stages of a corpus run, in order: `RUN`.

Adding a stage is one class (`stages.base.Stage`) and one entry in `RUN`; see docs/stages.md.
Stage modules import what they run inside their methods, so importing this package is cheap.
"""

from __future__ import annotations

from threadsift.stages.base import Stage
from threadsift.stages.dedup import DedupStage
from threadsift.stages.index import IndexStage
from threadsift.stages.settle import SettleStage
from threadsift.stages.site_chrome import ChromeStage, LearnStage
from threadsift.stages.split import SplitStage

#: What `threadsift run` does: learn site chrome, split, dedup, settle, index.
RUN: tuple[Stage, ...] = (
    ChromeStage(),
    LearnStage(),
    SplitStage(),
    DedupStage(),
    SettleStage(),
    IndexStage(),
)
