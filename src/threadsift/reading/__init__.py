"""The read side of a run: query and search its tables, load them back into pages, and the row
files of `threadsift annotate`."""
