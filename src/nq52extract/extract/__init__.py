"""Extractors: pure functions from an article's normalized text to spans, one module each."""
