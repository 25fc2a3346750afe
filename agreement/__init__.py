"""Agreement between editors, and adjudication of where they differ.

Its own app, beside ``annotations`` and the desk's workflow (``desk``): the figures are
read-only statistics over everyone's annotations (pure functions in
:mod:`agreement.figures` and :mod:`agreement.unitizing`, no Django), and adjudication
keeps records of its own (:class:`agreement.models.Adjudication`: which annotations a
decision settled, by whom, when) with their own permissions (``view_agreement``,
``adjudicate``), given to the ``Reviewers`` and ``Desk`` groups. The annotation an
adjudication makes final is written by the annotations' lifecycle owner
(:mod:`annotations.lifecycle_adjudication`), like every other change to an annotation.
"""
