"""A table shaped like annotations_annotation, without triggers or foreign keys; the bench
creates it with `CREATE TABLE ... (LIKE annotations_annotation INCLUDING ...)`."""

from django.db import models
from django.utils import timezone

CREATE_SQL = """
DROP TABLE IF EXISTS bench_bare_annotation;
CREATE TABLE bench_bare_annotation
    (LIKE annotations_annotation INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES);
"""


class BareAnnotation(models.Model):
    """The annotation's columns as plain values: ids instead of foreign keys."""

    article_id = models.BigIntegerField()
    paragraph_id = models.BigIntegerField(null=True)
    anchor = models.CharField(max_length=10, default="placed")
    version = models.PositiveIntegerField(default=1)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    tag = models.CharField(max_length=10)
    note = models.TextField(blank=True)
    speaker = models.CharField(max_length=200, blank=True)
    verdict = models.CharField(max_length=12, blank=True)
    author_id = models.BigIntegerField()
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)
    edited = models.DateTimeField(null=True)

    class Meta:
        managed = False
        db_table = "bench_bare_annotation"

    def __str__(self) -> str:
        return f"bare annotation {self.pk}"
