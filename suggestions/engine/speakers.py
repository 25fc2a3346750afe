"""Who said a quotation: the attribution cue next to it (:mod:`.references`), then the
full name that cue points to (:mod:`.coreference`), for one article read in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from suggestions.engine.coreference import Coreference
from suggestions.engine.gender import Genders
from suggestions.engine.names import Registry
from suggestions.engine.references import MASK, CueReader, Paragraph, Reference, masked
from suggestions.engine.roles import RoleBook

__all__ = ["MASK", "Attributor", "Paragraph", "Reference", "masked"]


@dataclass
class Attributor(CueReader, Coreference):
    """Attribute the quotations of one article, paragraph by paragraph in order."""

    registry: Registry
    roles: RoleBook
    paragraphs: list[Paragraph]
    genders: Genders = field(default_factory=Genders)
    last_speaker: str = ""
    last_speaker_paragraph: int = -10
    speakers: dict[tuple[int, int], str] = field(default_factory=dict)
    # (paragraph index, speaker) of every attributed quotation so far, in order
    history: list[tuple[int, str]] = field(default_factory=list)
