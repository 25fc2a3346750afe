"""Attribution across paragraphs, where no verb of saying stands by the quotation.

Four conventions of news writing, each a rule here:

- a paragraph that is only a quotation, with the speaker named right after it: "“It
  will be quieter.”" then "That was the verdict of Hannah Lindqvist, …" (a sentence
  that points back: that, this, c'est, das…), or, after a paragraph with no quotation,
  a paragraph whose first sentence opens with the person ("Jordan Pike, the trust's
  director, laughs…");
- an exchange of questions and answers, each a paragraph of its own (a court report's
  cross-examination, an interview): a question is the asker's, the answer after it is
  the other party's, the person named last before the exchange who is not the asker;
  an answer after the writer's own question (unquoted, "Why did you start?") is the
  interviewee's, the person the article is about;
- a sentence right before a quotation without a cue that opens with its speaker
  ("McAllister-Bryce shrugs. “…”", "He paused. “…”", "Asked what he will do, he
  grins. “…”", "His wife was blunter. “…”");
- a pull quote: words quoted again in a heading or a caption (or without any cue) are
  the words of whoever the article attributes them to where they are quoted with a cue.

Offsets are code points; paragraphs are the engine's (:class:`.references.Paragraph`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import TYPE_CHECKING

from suggestions.engine import relations
from suggestions.engine.bodies import is_body
from suggestions.engine.gender import PRONOUN_GENDER
from suggestions.engine.references import MASK, Paragraph, Reference
from suggestions.engine.relations import RELATION_START
from suggestions.engine.spans import Found

if TYPE_CHECKING:
    from suggestions.engine.speakers import Attributor

# A sentence that points back at what was just quoted: "That was the verdict of X",
# "Those were the words of X", "C'est ce qu'affirme X", "Das fordert X".
BACK_REFERENCE = re.compile(
    r"\s*(?:that|this|those|these|such|thus|c['’]est|c['’]était|ce\s+sont|telle?s?|voilà|"
    r"das|dies|diese|so)\b",
    re.IGNORECASE,
)
# The subject pronoun after an opening clause: "Asked what he will do, he grins."
_CLAUSE_PRONOUN = re.compile(
    r"[^,\x00]{1,60},\s+(?P<pronoun>he|she|il|elle|er|sie)\s+[a-zäöüéè]", re.IGNORECASE
)
# How many paragraphs back the answerer of an exchange is looked for.
EXCHANGE_REACH = 4
# Shortest words of a pull quote matched against a quotation elsewhere (code points).
PULL_QUOTE_MIN = 12
_OUTSIDE = " \u00a0\u202f.,;:!?…—–-"


def standalone(p: Paragraph) -> bool:
    """True when ``p`` is nothing but quotations (what lies outside them is
    punctuation)."""
    return bool(p.quotations) and not p.masked.replace(MASK, "").strip(_OUTSIDE)


def is_question(p: Paragraph) -> bool:
    """True when the last quotation of ``p`` is a question."""
    q = p.quotations[-1]
    return p.text[q.start : q.end].rstrip().endswith("?")


def named_after(a: Attributor, index: int, *, quoted_before: bool) -> str | None:
    """The speaker of the quotation-only paragraph ``index`` when the next paragraph's
    first sentence names them: one that points back ("That was the reply of a Brennock
    spokesperson") names the first person or body in it; otherwise, when the paragraph
    before had no quotation (``quoted_before`` false, so the words continue nobody),
    a first sentence that opens with a person names that person. None otherwise."""
    if index + 1 >= len(a.paragraphs):
        return None
    nxt = a.paragraphs[index + 1]
    if not nxt.sentences:
        return None
    t0, t1 = nxt.sentences[0]
    if MASK in nxt.masked[t0:t1]:
        return None
    if BACK_REFERENCE.match(nxt.masked[t0:t1]):
        people = a._people_in(nxt, t0, t1)
        return people[0] if people else None
    if quoted_before:
        return None
    m = next((m for m in nxt.mentions if t0 in (m.start, m.outer_start)), None)
    if m is None or nxt.not_a_person(m):
        return None
    full = a.person_of(nxt, m)
    if full and (len(full.split()) > 1 or m.title) and not is_body(full, a.roles):
        return full
    return None


def asked_before(a: Attributor, index: int) -> bool:
    """True when the paragraph before ``index`` is the writer's question: no quotation,
    ending with a question mark ("The worst night?", "Why did you start?")."""
    if index == 0:
        return False
    p = a.paragraphs[index - 1]
    return not p.quotations and p.text.rstrip().endswith("?")


def lead_in(a: Attributor, index: int, p: Paragraph, s0: int, *, exclude: str = "") -> str | None:
    """The speaker of a quotation without a cue that opens the sentence at ``s0``,
    when the sentence right before it, with no quotation of its own, opens with the
    speaker: a name ("McAllister-Bryce shrugs. “…”") or a pronoun ("He paused.
    “…”", resolved to a person other than ``exclude``). None otherwise."""
    before = [(t0, t1) for t0, t1 in p.sentences if t1 <= s0]
    if not before:
        return None
    t0, t1 = before[-1]
    if MASK in p.masked[t0:t1]:
        return None
    word = re.match(r"[\w’'-]+", p.masked[t0:t1])
    relation = RELATION_START.match(p.masked[t0:t1])
    if relation:
        # "Her neighbour, Tariq Aziz, agrees. “…”": the person in apposition
        apposed = re.match(r",\s+", p.masked[t0 + relation.end() : t1])
        at = t0 + relation.end() + (apposed.end() if apposed else 0)
        named = next((m for m in p.mentions if m.start == at), None) if apposed else None
        if named is not None:
            return a.person_of(p, named)
    if relation and relation.group("np").lower() in relations.FAMILY_WORDS:
        # "His wife was blunter. “…”": the relative, not "he"
        np = relation.group("np").lower()
        ref = Reference("role", np, p.offset + t0, words=(np,))
        return a.resolve(ref, index) or None
    pronoun = word.group().lower() if word else ""
    clause = _CLAUSE_PRONOUN.match(p.masked[t0:t1])
    if clause and pronoun not in PRONOUN_GENDER:
        pronoun = clause.group("pronoun").lower()  # "Asked what he will do, he grins."
    if pronoun in PRONOUN_GENDER:
        gender = PRONOUN_GENDER[pronoun]
        return a.person_like(index, p.offset + t0, gender, exclude=exclude) or None
    m = next((m for m in p.mentions if m.start == t0 or m.outer_start == t0), None)
    if m is not None and m.start in p.groups:
        return None  # "Residents of Quay Lane nodded.": nobody named
    m = None if m is None else p.modified.get(m.start, m)
    if m is None or (len(m.tokens) < 2 and not a.registry.full_name(m.text, p.offset + t0)):
        return None
    return a.person_of(p, m)


def answerer(a: Attributor, index: int, asker: str) -> str | None:
    """Who answers the question asked by ``asker`` in paragraph ``index``: the person
    named last before it who is not the asker (the witness, the interviewee)."""
    for k in range(index - 1, max(-1, index - 1 - EXCHANGE_REACH), -1):
        p = a.paragraphs[k]
        for s0, s1 in reversed(p.sentences):
            for name in reversed(a._people_in(p, s0, s1)):
                if name != asker and not is_body(name, a.roles):
                    return name
    return None


def _words(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip(_OUTSIDE + "\"'“”‘’«»„").casefold()


def pull_quotes(
    results: list[Found], cued: set[int], loose: set[int], extra: list[Found]
) -> list[Found]:
    """``results`` with the speaker of each quotation at an index in ``loose`` (in a
    heading or caption, or found without a cue) set to the speaker of a quotation with
    a cue (index in ``cued``) whose words contain its words; the candidates of
    ``extra`` (quotations of headings and captions taken for titles) are added as
    quotes when the article quotes their words with a cue. Reading order is kept."""
    sources = [(_words(results[i].text), results[i].speaker) for i in sorted(cued)]
    sources = [(words, speaker) for words, speaker in sources if speaker]

    def speaker_of(text: str) -> str | None:
        words = _words(text)
        if len(words) < PULL_QUOTE_MIN:
            return None
        return next((speaker for source, speaker in sources if words in source), None)

    out = list(results)
    for i in loose:
        found = speaker_of(out[i].text)
        if found is not None and i not in cued:
            out[i] = replace(out[i], speaker=found)
    for f in extra:
        found = speaker_of(f.text)
        if found is not None:
            out.append(replace(f, speaker=found))
    if extra:
        out.sort(key=lambda f: (f.paragraph, f.start))
    return out
