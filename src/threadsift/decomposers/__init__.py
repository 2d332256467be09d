"""Decomposers: split a page's text into title, article, chrome and comments."""
