"""The desk's workflow on articles: each article's status (new, in progress, ready for
review, done), the editors assigned to it, the record of every status change, blind mode,
and the roles (Editors, Reviewers, Desk) that decide who may do what.

Kept out of ``articles/``, which owns an article's text and its import: the workflow is
how a team works on that text, and changes for reasons of its own.
"""
