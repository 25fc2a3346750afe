"""The suggestion engine: quotations with their speakers and check-worthy claims.

Pure Python over Unicode-aware patterns, no model and nothing downloaded (see the
``suggestions`` app's docstring for why). Entry point: :func:`suggest`.
"""

from suggestions.engine.article import suggest
from suggestions.engine.spans import Found, ParagraphIn

__all__ = ["Found", "ParagraphIn", "suggest"]
