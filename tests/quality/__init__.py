"""Quality evaluation helpers shared by the quality gate test and `bench/score_decomposer.py`."""
