"""Article -> Extraction. One module per fact type; ``extract`` assembles them."""
from __future__ import annotations

from ..models import Article, Extraction


def extract(article: Article) -> Extraction:
    return Extraction(article=article)
