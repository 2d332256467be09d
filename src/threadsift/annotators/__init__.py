"""Annotators."""
