"""Development code shared by `tests/`, `bench/` and `scripts/`; not part of the threadsift package.

Importable from the checkout's root: pytest puts the root on `sys.path` (`pythonpath = ["."]` in
pyproject.toml) and the benchmarks run as modules from there (`python -m bench.score_html`).

- `corpus`: a generated JSON Lines corpus with known chrome, duplicates and every outcome;
- `warc`: tiny WARC records and HTTP responses, byte by byte;
- `outputs`: a run's tables, corpus and counts read back, to compare runs;
- `scoring`, `comments`: scores of a decomposer against gold-labelled pages;
- `fuzzing`: the Hypothesis strategies and fuzz targets of `make fuzz` and the tests;
- `scripts`: the modules of `scripts/`, imported from their files.
"""
