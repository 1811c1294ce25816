"""nq52extract: structured data from Vietnamese news about implementing Party resolutions.

>>> from nq52extract import process
>>> article = process("Ngày 26/6/2020, Tỉnh ủy ban hành Kế hoạch số 402-KH/TU ...")
>>> article.documents[0].canonical
'402-KH/TU'
"""

from __future__ import annotations

from .model import Article
from .pipeline import Options, process_article, process_text

__version__ = "0.1.0"


def process(text: str, **kwargs) -> Article:
    """Run the whole pipeline over one article's text (see :func:`process_text`)."""
    return process_text(text, **kwargs)


def process_files(inputs, out_dir, **kwargs):
    """Process files, folders or globs into ``out_dir`` (see :func:`nq52extract.runner.run`)."""
    from .runner import run

    return run(inputs, out_dir, **kwargs)


__all__ = ["Article", "Options", "process", "process_article", "process_files", "process_text", "__version__"]
