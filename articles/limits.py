"""How big an article may be. One module, imported by the model (check constraints), the
parser (import refusals) and the admin (pagination, form errors), so that they agree.

Lengths are Unicode code points, as Python's ``len`` and PostgreSQL's ``char_length``
count them (and as the annotation offsets do).
"""

from __future__ import annotations

# A file is read whole before it is parsed: 5 MB is far beyond any news article (a long
# read is 50-200 KB) and keeps a bad upload from costing much memory.
MAX_FILE_BYTES = 5 * 1024 * 1024

# Long reads and transcripts have a few hundred paragraphs, rarely over 1,500: 5,000 leaves
# room for them while bounding what a page, an export or a paragraph-by-paragraph alignment
# of two versions (up to MAX_PARAGRAPHS² comparisons) has to handle.
MAX_PARAGRAPHS = 5_000

# Equal to annotations.forms.MAX_SELECTION, so that a whole paragraph can always be
# selected and annotated. A real paragraph is under 2,000 code points; a longer "paragraph"
# is usually a file without blank lines, which should be split rather than stored.
MAX_PARAGRAPH_CHARS = 20_000
