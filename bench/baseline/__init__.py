"""Bench-only Django pieces: settings that extend the product's with a bare baseline view
at /bench/insert/ (never in the product's URLs), and the trigger-less table it writes.

The baseline is what the issue measures the product against: a view behind the same
middleware (session, authentication, CSRF) with a logged-in session, doing one ORM INSERT
into a table shaped like the annotation table (same columns and indexes) without triggers
or foreign keys.
"""
