"""Suggestions: quotations with their speakers and check-worthy claims, found by a
rule-based engine (:mod:`suggestions.engine`) and stored beside the article.

An app of its own because suggestions are not annotations: nobody wrote them, they have
no author, history, version or verdict, they are recomputed whenever their paragraph
changes, and they must never be mixed with what people annotated. Their table, their
exactness triggers, their background task, their command, the editors' decisions and the
reading page's endpoints live here; accepting one as an annotation goes through the
owner, :mod:`annotations.lifecycle_suggestions`.
"""
