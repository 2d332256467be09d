"""The viewer of a run: `threadsift serve` (a local web app) and `threadsift report` (one HTML
file). Read only; nothing here is imported until one of them is used."""
