"""``python -m threadsift`` runs the command line."""

from threadsift.cli import main

main()
