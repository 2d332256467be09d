"""Model artefacts threadsift ships (data files only; see MODEL_CARD.md)."""
