"""Synthetic labelled pages: HTML after real comment systems, rendered, labelled by construction.

Run `python -m bench.synthpages OUTDIR --split tune|holdout --seed N --count K`; see
tests/data/synthetic/README.md for how the committed sets were made.
"""
