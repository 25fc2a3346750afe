"""The engine over one article: quotations with speakers, check-worthy sentences, and
indirect speech as context. Pure Python, no database; about a millisecond a paragraph.

Steps: find the quotations of every paragraph (:mod:`.quotes`), split sentences around
them (:mod:`.sentences`), collect the article's names and roles (:mod:`.names`,
:mod:`.roles`), then go through the paragraphs in order attributing each quotation
(:mod:`.speakers`), dropping scare quotes and titles (:mod:`.scare`), and scoring each
sentence that is not mainly a quotation (:mod:`.claims`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from suggestions.engine import bodies, claims, discourse, relations, scare
from suggestions.engine.gender import PRONOUN_GENDER, Genders, phrase_gender
from suggestions.engine.names import Mention, Registry, common_nouns, mentions, nfc
from suggestions.engine.quotes import quotations_of_article
from suggestions.engine.roles import RoleBook
from suggestions.engine.sentences import split
from suggestions.engine.spans import Found, ParagraphIn, Quotation
from suggestions.engine.speakers import MASK, Attributor, Paragraph, Reference, masked

# Global offsets: paragraph index times this, plus the offset in the paragraph.
_STRIDE = 1_000_000
# A sentence whose quoted part is at least this share of it is a quotation, not a claim.
QUOTED_SHARE = 0.5
NEAR = 45  # code points between marks and a cue for the cue to be "near"


def suggest(paragraphs: Sequence[ParagraphIn], language: str = "") -> list[Found]:
    """Every suggestion for an article given as its paragraphs in order.

    ``language`` is the article's BCP 47 tag or ""; the cues of English, French and
    German are used whatever it is. Returns the suggestions in reading order: quotes
    (speaker = full name or ""), claims (reason, claimant or "") and context (indirect
    speech with its source). Offsets are code points into each paragraph's text.
    """
    texts = [p.text for p in paragraphs]
    quotations = quotations_of_article(texts)
    parsed: list[Paragraph] = []
    registry = Registry(singles_are_names=not language.lower().startswith("de"))
    nouns = common_nouns(texts)
    for index, (text, quotes) in enumerate(zip(texts, quotations, strict=True)):
        sentences = split(text, quotes)
        found = mentions(text, nouns)
        offset = index * _STRIDE
        starts = {s0 for s0, _ in sentences}
        for m in found:
            lead = text[max(0, m.start - 3) : m.start].strip(' “"«„‘»(')
            at_start = m.start in starts or (not lead and _sentence_start(sentences, m.start))
            registry.add(offset + m.start, m, sentence_start=at_start)
        parsed.append(Paragraph(text, masked(text, quotes), sentences, found, quotes, offset))
    roles = RoleBook()
    for p in parsed:
        for m in p.mentions:
            if len(m.tokens) >= 2 or (m.title and not _shared_surname(registry, m)):
                full = registry.full_name(m.text, p.offset + m.start) or m.text
                roles.learn(p.text, p.offset, m, full)
            roles.learn_body(p.text, p.offset, m)
            full = registry.full_name(m.text, p.offset + m.start) or m.text
            bodies.learn(p.text, p.offset, m, full, roles)
    attributor = Attributor(registry, roles, parsed, _genders(registry, roles, parsed))
    results: list[Found] = []
    cued_at: set[int] = set()  # indices in results of quotations attributed by a cue
    loose: set[int] = set()  # of quotations in headings and captions or without a cue
    titles: list[Found] = []  # quotations of headings and captions taken for titles
    chain_speaker = ""
    exchange = _Exchange()
    asked_by = ""  # the speaker of the previous paragraph's closing question
    for index, (p, source) in enumerate(zip(parsed, paragraphs, strict=True)):
        quotes_here: list[tuple[Quotation, str, str]] = []
        for q in p.quotations:
            asker = _asker(p, quotes_here) if quotes_here else asked_by
            kind, speaker, how = _quotation(attributor, index, p, q, asker)
            if kind != "quote":
                if source.kind in ("heading", "caption"):
                    words = p.text[q.start : q.end]
                    titles.append(Found(index, q.start, q.end, words, "quote", "", _DQ, 0.6))
                continue
            if q.continues and chain_speaker and not how.startswith("cue"):
                speaker, how = chain_speaker, "continued"
            quotes_here.append((q, speaker, how))
        quotes_here = exchange.attribute(attributor, index, p, quotes_here, source.kind)
        # quotations of one paragraph without a cue share the speaker of one with a cue
        # (or with a cue to an unnamed person: "A care worker…, said: “…” “…”"), unless
        # the sentence before them names who speaks ("Müller nickt. „…“")
        cued = [s for _, s, how in quotes_here if _is_cued(s, how)]
        final: list[tuple[Quotation, str, str]] = []
        for q, speaker, how in quotes_here:
            if cued and not how.startswith("cue") and how not in ("continued", "lead-in"):
                near = _nearest_cued(q, quotes_here)
                speaker, how = (speaker, how) if near is None else (near, "near")
            final.append((q, speaker, how))
        # a run-on chain takes the first speaker found in it
        for q, speaker, how in final:
            if q.continues and not speaker:
                speaker = chain_speaker
            if (how.startswith("cue") or how == "near") and source.kind == "body":
                cued_at.add(len(results))
            elif source.kind != "body" or how == "context":
                loose.add(len(results))
            results.append(
                Found(
                    index,
                    q.start,
                    q.end,
                    p.text[q.start : q.end],
                    "quote",
                    nfc(speaker),
                    _DQ,
                    0.9 if speaker else 0.6,
                )
            )
            if speaker and source.kind == "body":
                # a heading's or caption's pull quote is outside the story's flow
                attributor.last_speaker = speaker
                attributor.last_speaker_paragraph = index
                attributor.history.append((index, speaker))
        last = final[-1] if final else None
        asked_by = last[1] if last and p.text[last[0].start : last[0].end].endswith("?") else ""
        if final and final[-1][0].runs_on:
            chain_speaker = final[-1][1] or chain_speaker
        elif not (final and final[-1][0].continues):
            chain_speaker = ""
        if source.kind != "heading":
            results.extend(_claims(attributor, index, p))
    return discourse.pull_quotes(results, cued_at, loose, titles)


_DQ = "direct quotation"


class _Exchange:
    """The state of a run of quotation-only paragraphs (see :mod:`.discourse`): who
    asked the last question, who answered, and whether the paragraph before quoted."""

    def __init__(self) -> None:
        self.asker = ""
        self.answerer = ""
        self.question = False  # the paragraph before was a quotation-only question
        self.quoted_before = False

    def attribute(
        self,
        a: Attributor,
        index: int,
        p: Paragraph,
        quotes: list[tuple[Quotation, str, str]],
        kind: str,
    ) -> list[tuple[Quotation, str, str]]:
        """``quotes`` (quotation, speaker, how) of paragraph ``index`` with the speakers
        of quotations without a cue set by the paragraphs around them."""
        quoted_before, self.quoted_before = self.quoted_before, bool(quotes)
        alone = kind == "body" and bool(quotes) and discourse.standalone(p)
        if not alone or any(how != "context" for _, _, how in quotes):
            self.question = False
            if not alone:
                self.asker = self.answerer = ""
            return quotes
        speaker: str | None = None
        if self.question and self.asker:
            speaker = self.answerer or discourse.answerer(a, index - 1, self.asker)
            self.answerer = speaker or ""
        elif discourse.is_question(p) and self.asker and self.answerer:
            speaker = self.asker
        if speaker is None:
            speaker = discourse.named_after(a, index, quoted_before=quoted_before)
        if speaker is None and discourse.asked_before(a, index):
            # an interview: the writer's question, then the interviewee's answer
            speaker = relations.topic(a) or a.last_speaker or None
        self.question = discourse.is_question(p)
        found = speaker or (quotes[-1][1] if quotes else "")
        if self.question and not self.answerer:
            self.asker = found
        return [(q, speaker or s, "next" if speaker else how) for q, s, how in quotes]


# Pronouns that, alone with one person in a sentence, are that person: "Brennan shook
# his head", "Lind said she would". Object pronouns ("thanked her") are left out.
_SUBJECT_PRONOUN = re.compile(r"\b(?:he|his|she|il|elle|er)\b", re.IGNORECASE)


def _genders(registry: Registry, roles: RoleBook, parsed: list[Paragraph]) -> Genders:
    """What the article says of its people's genders: honorifics and roles (strong),
    and a pronoun in a sentence that names only one person (weak)."""
    genders = Genders()
    for name, gender in roles.genders.items():
        genders.learn(name, gender, strong=True)
    probe = Attributor(registry, roles, parsed, genders)
    for p in parsed:
        for m in p.mentions:
            if m.title:
                gender = phrase_gender(m.title)
                full = registry.full_name(m.text, p.offset + m.start) or m.text
                if _shared_surname(registry, m):
                    # "Mr Okonjo" when Daniel and Grace Okonjo are named: the first of
                    # them whose gender is not known yet, unless one is known to be his
                    family = registry.family(nfc(m.text).lower())
                    known = any(genders.of(n) == gender for n in family)
                    full = "" if known else next((n for n in family if not genders.of(n)), "")
                genders.learn(full, gender, strong=True)
        for s0, s1 in p.sentences:
            people = set(probe._people_in(p, s0, s1))
            if len(people) != 1:
                continue
            first = next((m.end for m in p.mentions if s0 <= m.start < s1), s0)
            pronoun = _SUBJECT_PRONOUN.search(p.masked, first, s1)
            after = p.masked[pronoun.end() : pronoun.end() + 20].split()[:1] if pronoun else []
            if after and after[0].lower().strip(",.;:") in relations.FAMILY_WORDS:
                continue  # "His wife was blunter": the wife is not "his"
            if pronoun:
                gender = PRONOUN_GENDER[pronoun.group().lower()]
                genders.learn(people.pop(), gender, strong=False)
    return genders


def _shared_surname(registry: Registry, m: Mention) -> bool:
    """True for a surname alone that several people of the article share ("Mrs Okonjo"
    when Daniel and Grace Okonjo are named): its title says nothing of either yet."""
    return len(m.tokens) == 1 and len(registry.family(nfc(m.text).lower())) > 1


def _sentence_start(sentences: list[tuple[int, int]], at: int) -> bool:
    return any(s0 <= at < s1 and at - s0 <= 2 for s0, s1 in sentences)


def _is_cued(speaker: str, how: str) -> bool:
    return how == "cue-unnamed" or (how.startswith("cue") and bool(speaker))


def _asker(p: Paragraph, quotes: list[tuple[Quotation, str, str]]) -> str:
    """The speaker of the paragraph's last quotation so far when it is a question: the
    answer that follows is someone else's ("“Was it urgent?” Obi asked. He paused.")."""
    if not quotes:
        return ""
    q, speaker, _ = quotes[-1]
    return speaker if p.text[q.start : q.end].rstrip().endswith("?") else ""


def _nearest_cued(q: Quotation, quotes: list[tuple[Quotation, str, str]]) -> str | None:
    best: tuple[int, str] | None = None
    for other, speaker, how in quotes:
        if other is q or not _is_cued(speaker, how):
            continue
        d = abs(other.open - q.open)
        if best is None or d < best[0]:
            best = (d, speaker)
    return None if best is None else best[1]


def _quotation(
    a: Attributor, index: int, p: Paragraph, q: Quotation, asker: str = ""
) -> tuple[str, str, str]:
    """(kind from :func:`scare.judge`, speaker, how it was found: "cue", "cue-unnamed"
    (a cue to someone the article does not name), "subject", "lead-in" (the sentence
    before names the speaker), "context"). ``asker`` is the speaker of a question just
    before, not a candidate for a pronoun that answers it."""
    s0, s1 = a._sentence_of(p, q)
    ref = a.cue_reference(p, q)
    before = p.masked[s0 : q.open]
    after = p.masked[q.close + 1 : s1]
    cue_near = ref is not None and _near(p, q, ref, before, after)
    cue_in_sentence = bool(p.cues_in(s0, s1) or p.sources_in(s0, s1))
    kind = scare.judge(
        p.text[q.start : q.end],
        p.text[s0 : q.open],
        cue_near=cue_near,
        cue_in_sentence=cue_in_sentence or ref is not None,
    )
    if q.continues:
        kind = "quote"
    if kind != "quote":
        return kind, "", ""
    if ref is not None:
        speaker = a.resolve(ref, index)
        if asker and speaker == asker and ref.kind == "pronoun":
            # "“Is it dead?” Hale asked Ruiz. “Yes,” she replied.": not the asker
            gender = PRONOUN_GENDER.get(ref.text, "")
            speaker = a.person_like(index, ref.position, gender, exclude=asker) or speaker
        unnamed = not speaker and ref.kind in ("someone", "pronoun")
        return kind, speaker, "cue-unnamed" if unnamed else "cue"
    whole = (q.end - q.start) / max(1, len(p.text[s0:s1].strip())) >= QUOTED_SHARE
    if not whole:
        subject = a._subject(p, s0, q.open)
        if subject:
            return kind, subject, "subject"
    else:
        lead = discourse.lead_in(a, index, p, s0, exclude=asker)
        if lead:
            return kind, lead, "lead-in"
    found = a.recent_person(index, p.offset + q.open)
    return kind, found or a.last_speaker, "context"


def _near(p: Paragraph, q: Quotation, ref: Reference, before: str, after: str) -> bool:
    """A cue stands right by the marks: a colon or comma before them, a comma after
    them, or a verb of saying within :data:`NEAR` code points either side."""
    tail = before.rstrip()
    if tail.endswith(":") or tail.endswith(","):
        return True
    if after.lstrip()[:1] in (",", ""):
        return True
    return any(
        q.open - NEAR <= c1 <= q.open or q.close < c0 <= q.close + 1 + NEAR for c0, c1, _ in p.cues
    )


def _claims(a: Attributor, index: int, p: Paragraph) -> list[Found]:
    found: list[Found] = []
    for s0, s1 in p.sentences:
        sentence = p.text[s0:s1]
        quoted = p.masked[s0:s1].count(MASK)
        share = quoted / max(1, len(sentence))
        if share >= QUOTED_SHARE or (p.masked[s0] == MASK and share >= QUOTED_SHARE / 2):
            continue
        # A claim is made in the writer's words: quoted words are the quote's suggestion,
        # so the sentence is judged on what lies outside its quotations.
        own = p.masked[s0:s1].replace(MASK, "") if quoted else sentence
        verdict = claims.score(own if own.strip(" ,:;") else "")
        source = p.sources_in(s0, s1)
        claimant = _claimant(a, index, p, s0, s1)
        if verdict.score >= claims.THRESHOLD:
            found.append(
                Found(
                    index, s0, s1, sentence, "claim", nfc(claimant), verdict.reason, verdict.score
                )
            )
        elif source and quoted == 0 and claimant:
            found.append(
                Found(index, s0, s1, sentence, "context", nfc(claimant), "indirect speech", 0.5)
            )
    return found


def _claimant(a: Attributor, index: int, p: Paragraph, s0: int, s1: int) -> str:
    """Who a sentence is attributed to by a cue in it ("…, Lind said."), or ""."""
    if not (p.cues_in(s0, s1) or p.sources_in(s0, s1)):
        return ""
    pseudo = Quotation(s1, s1, s1, s1)
    ref = a.cue_reference(p, pseudo)
    if ref is None:
        return ""
    return a.resolve(ref, index, guess=False)
