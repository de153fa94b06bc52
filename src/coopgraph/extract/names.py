"""Name folding: the implementation lives in the text layer (extract/text.py); this name is kept for the
modules outside extract/ (resolve, dossier, query) that import it from here."""
from .text import fold_word, name_key, strip_accents

__all__ = ["fold_word", "name_key", "strip_accents"]
