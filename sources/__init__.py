"""Articles from outside sources: web pages, feeds and newsroom formats (NewsML-G2, NITF,
JSON), each read into an :class:`articles.parsing.ParsedArticle` and stored by
:func:`articles.importing.import_parsed`, the one importer.

A separate app because ``articles`` owns the text format, the storage and the import
(duplicates, one transaction per article, ``--replace``); what is here only turns bytes
from elsewhere into a parsed article: fetching them safely (:mod:`sources.fetching`),
choosing a reader (:mod:`sources.readers`) and the readers themselves
(:mod:`sources.webpage` for HTML), and running imports in the background with their
progress (:mod:`sources.jobs`: many uploaded files, a pasted URL).
"""
