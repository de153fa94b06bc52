"""Sentence spans: the implementation lives in the text layer (extract/text.py); this name is kept for the
modules, tests and benchmarks that import it from here."""
from .text import ABBREVIATIONS, split_sentences

__all__ = ["ABBREVIATIONS", "split_sentences"]
