"""What a change to an annotation may be: the errors and values of the owner's interface
(annotations.lifecycle re-exports them, callers name them from there) and the domain
rules every caller's fields go through (:func:`clean_fields`)."""

from __future__ import annotations

from dataclasses import dataclass

from annotations.models import NOTE_MAX_LENGTH, SPEAKER_MAX_LENGTH, Annotation
from articles.text import normalize_newlines

# Which tags may carry a speaker (for a claim: the claimant) and a verdict.
SPEAKER_TAGS = (Annotation.Tag.QUOTE, Annotation.Tag.CLAIM)
VERDICT_TAGS = (Annotation.Tag.CLAIM,)


class ChangeRefused(Exception):
    """A change was refused and nothing was written. ``field`` names the input at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(ChangeRefused):
    """The annotation or paragraph does not exist (page: 404)."""


class NotAllowed(ChangeRefused):
    """The user may not do this to this annotation (page: 403)."""


class RuleBroken(ChangeRefused):
    """A domain rule was broken; ``field`` names the field (page: 400)."""


class VersionMissing(RuleBroken):
    """The change did not say which version it was made against (page: 400, API: 428)."""


class StaleChange(ChangeRefused):
    """The change was made against an older state of the annotation or the article
    (page: 409, API: 412)."""


@dataclass(frozen=True)
class Fields:
    """What an editor sets on an annotation: never its offsets or author."""

    tag: str
    note: str = ""
    speaker: str = ""
    verdict: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "tag": self.tag,
            "note": self.note,
            "speaker": self.speaker,
            "verdict": self.verdict,
        }


@dataclass(frozen=True)
class Selection:
    """A passage of one paragraph: ``text`` is ``paragraph.text[start:end]`` (code points)."""

    paragraph_id: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Outcome:
    """The annotation a create or restore left in place; ``created`` is False when an
    identical one (same author, paragraph, span and tag) was there already and was kept."""

    annotation: Annotation
    created: bool


@dataclass(frozen=True)
class Deleted:
    """A deleted annotation (its last state, no longer in the table) and the id of the
    history event that recorded the deletion, which an undo names."""

    annotation: Annotation
    event_id: int


def clean_fields(fields: Fields) -> Fields:
    """``fields`` checked against the rules, with a claim's missing verdict made
    "unverified" and the speaker stripped.

    Rules: the tag is one of claim, quote, context; a speaker belongs to quotes and
    claims (the claimant), never to context; a verdict belongs to claims only ("unverified"
    on another tag is taken as no verdict); the note and the speaker have length limits.
    Raises :class:`RuleBroken` naming the field.
    """
    tag, speaker, verdict = fields.tag, fields.speaker.strip(), fields.verdict
    # "Unverified" is what a claim's verdict menu shows when nobody judged it: on a
    # passage tagged as something else (a claim made a quote) it means no verdict at all.
    if verdict == Annotation.Verdict.UNVERIFIED and tag not in VERDICT_TAGS:
        verdict = ""
    if tag not in Annotation.Tag.values:
        raise RuleBroken("Unknown tag: choose claim, quote or context.", "tag")
    if verdict and verdict not in Annotation.Verdict.values:
        raise RuleBroken("Unknown verdict.", "verdict")
    if speaker and tag not in SPEAKER_TAGS:
        raise RuleBroken(
            "A speaker belongs to quotes and claims, not to context: clear it or change the tag.",
            "speaker",
        )
    if verdict and tag not in VERDICT_TAGS:
        raise RuleBroken(
            "A verdict belongs to claims only: clear it or tag the passage as a claim.", "verdict"
        )
    if len(speaker) > SPEAKER_MAX_LENGTH:
        raise RuleBroken(
            f"The speaker is too long: at most {SPEAKER_MAX_LENGTH} characters.", "speaker"
        )
    if len(fields.note) > NOTE_MAX_LENGTH:
        raise RuleBroken(f"The note is too long: at most {NOTE_MAX_LENGTH} characters.", "note")
    if tag in VERDICT_TAGS and not verdict:
        verdict = Annotation.Verdict.UNVERIFIED
    # Line breaks as the reader sees them (the admin's textarea sends CR LF).
    return Fields(tag=tag, note=normalize_newlines(fields.note), speaker=speaker, verdict=verdict)
