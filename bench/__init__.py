"""Benchmarks and scorers; run each from the checkout's root as `python -m bench.NAME`."""
