"""Voice: who does what. Passives that hide the actor, pages mostly in the passive, pages that never
speak to the reader."""

from __future__ import annotations

import bisect
from typing import Any, Iterable, Mapping

from reviewer.document import Document
from reviewer.document.model import Block, Sentence
from reviewer.language.voice import AUXILIARIES, CAUSAL, YOU, Passive, actor_is_person, find_passives, is_instruction_to_reader
from reviewer.lint.finding import Finding
from reviewer.lint.registry import Context, rule

_BODY_KINDS = ("paragraph", "list_item", "blockquote")
_INSTRUCTION_WORDS = frozenset("should must".split())
_INSTRUCTION_PHRASES = (("need", "to"), ("needs", "to"), ("have", "to"), ("has", "to"), ("are", "advised"),
                        ("are", "encouraged"), ("are", "asked"), ("is", "advised"), ("is", "encouraged"))


def _block_passives(block: Block) -> list[tuple[Sentence, list[Passive]]]:
    """(sentence, its passives) for the sentences of `block` (three words or more) that hold a passive; the
    passives index into `sentence.words`. A block or sentence with no "be" or "get" is skipped at once."""
    folded = block.folded_words
    if AUXILIARIES.isdisjoint(folded):
        return []
    starts, words, text = block.word_starts, block.words, block.text
    found_in = []
    for sentence in block.sentences:
        low, high = bisect.bisect_left(starts, sentence.start), bisect.bisect_left(starts, sentence.end)
        lower = folded[low:high]
        if high - low < 3 or AUXILIARIES.isdisjoint(lower):
            continue
        gaps = [text[words[i].end:words[i + 1].start] for i in range(low, high - 1)] + [""]
        found = find_passives(lower, gaps)
        if found:
            found_in.append((sentence, found))
    return found_in


def body_passives(doc: Document) -> tuple[list[tuple[Sentence, list[Passive]]], int]:
    """(the body sentences holding a passive, with their passives; the number of body sentences of at least
    four words), kept in the document's memo: the voice rules and the scorecard share one pass."""
    key = "voice.body_passives"
    if key not in doc.memo:
        found, total = [], 0
        for block in doc.blocks:
            if block.kind in _BODY_KINDS:
                total += sum(len(sentence.words) >= 4 for sentence in block.sentences)
                found.extend(_block_passives(block))
        doc.memo[key] = (found, total)
    return doc.memo[key]


def passive_share(doc: Document) -> tuple[list[tuple[Sentence, list[Passive]]], int]:
    """(the body sentences of at least four words holding a passive, with their passives; the number of body
    sentences of at least four words)."""
    found, total = body_passives(doc)
    return [(sentence, passives) for sentence, passives in found if len(sentence.words) >= 4], total


@rule("voice.passive", "suggestion", opt_in=True, options={"with_actor_only": True},
      example="Your blood pressure will be checked by your nurse at every visit.\n")
def passive(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A passive sentence that names who acts: "is checked by your nurse" -> "your nurse checks".

    Plain-language and health-literacy guides ask for the active voice: it says who does what
    (Federal Plain Language Guidelines, "Use active voice"; CDC Clear Communication Index, active voice
    for the main message and call to action; PEMAT-P understandability item 5, "The material uses the
    active voice"). A passive is "be" or "get" (with up to three words such as "not", "often", "been"
    between) and a past participle: a regular "-ed" form or one from a list of irregular ones (given,
    taken, spread, known). Adjectives and states are not passives: "is tired", "are located", "is used
    to", "are worried", "is vaccinated", and any "un-" or hyphenated participle.

    By default only passives whose sentence names the actor ("by your doctor", "by the clinic") are
    reported, with the actor in the message: that is where the active voice is shorter and clearer. A
    passive without an actor ("HIV is passed on through ...", "the test is done at a clinic") usually has an
    agent that is unknown or beside the point, which the guides allow; `voice.passive-share` reports
    pages where such sentences pile up. A "by" that says how or when ("by phone", "by washing your
    hands", "by then") is no actor.

    Options: `with_actor_only` (default true). Measured on the 68 CDC development pages: 15 findings (0.2
    per 1,000 words), all judged, 14 true (93%; benchmarks/precision/judgements/voice.tsv). Set it to false
    to report every passive: there that is 747 findings (8.9 per 1,000 words) at 35% precision (40 judged,
    benchmarks/precision/opt-in/voice.passive-all.tsv), so use it to edit one page, never as a gate.

    Opt-in: on the 68 CDC development pages it gave 15 findings, too few to judge the 40 a rule on
    by default must be judged on. Turn it on with `select` (its id or the `voice` family), a severity in
    the config, or for one article with front matter `reviewer: {enable: [voice]}`.
    """
    with_actor_only = bool(options.get("with_actor_only", True))
    for sentence, passives in body_passives(doc)[0]:
        block = sentence.block
        for found in passives:
            words = sentence.words
            if with_actor_only and not _named_actor(found, words):
                continue
            end = words[found.agent_end - 1].end if found.has_agent else words[found.participle].end
            phrase = block.text[words[found.aux].start:end]
            if found.has_agent:
                actor = block.text[words[found.agent_start].start:words[found.agent_end - 1].end]
                yield doc.span_finding(block, words[found.aux].start, end,
                                       f"passive voice: \"{phrase}\"; say who acts first",
                                       suggestion=f"start with the actor: \"{actor} ...\"")
            else:
                yield doc.span_finding(block, words[found.aux].start, end,
                                       f"passive voice: \"{phrase}\"; say who acts, if it matters")


@rule("voice.passive-share", "suggestion", opt_in=True, options={"max_share": 0.25, "min_sentences": 12},
      example="# Tests\n\n" + "".join(f"Sample {n} is taken at the clinic. It is sent to a laboratory. "
                                     "The result is checked.\n\n" for n in range(1, 6)))
def passive_share_rule(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A page where more than a quarter of the sentences are in the passive voice.

    One finding per article, at its first heading (or its first line), giving the share of body
    sentences (paragraphs, list items, quotations; at least four words) that hold a passive, and the
    lines with the most passives: start there. A page that is mostly passive hides who does what, which
    is the first thing plain-language guides ask writers to say (Federal Plain Language Guidelines, "Use
    active voice"; PEMAT-P item 5; CDC Clear Communication Index, active voice). Passives are found as
    `voice.passive` finds them, with or without an actor; adjectives and states ("is tired", "are
    located") are not counted.

    Options: `max_share` (default 0.25: reported above one sentence in four) and `min_sentences`
    (default 12: shorter pages are not judged, a share of a few sentences says little). "Get tested", "get
    vaccinated" and "people who are incarcerated" are idioms and person-first phrases, not counted. On the
    68 CDC development pages: 1 finding, judged true (benchmarks/precision/judgements/voice.tsv).

    Opt-in: on the 68 CDC development pages it gave 1 finding, too few to judge the 40 a rule on
    by default must be judged on. Turn it on with `select` (its id or the `voice` family), a severity in
    the config, or for one article with front matter `reviewer: {enable: [voice]}`.
    """
    passive, total = passive_share(doc)
    if total < int(options.get("min_sentences", 12)) or not passive:
        return
    share = len(passive) / total
    if share <= float(options.get("max_share", 0.25)):
        return
    worst = sorted(passive, key=lambda item: -len(item[1]))[:3]
    lines = sorted({doc.line_col(sentence.source_start)[0] for sentence, _ in worst})
    anchor = doc.headings[0] if doc.headings else doc.blocks[0]
    # an empty span at the heading: an article-level finding shares its place with others (readability.grade)
    yield doc.span_finding(anchor, 0, 0,
                           f"{share:.0%} of sentences ({len(passive)} of {total}) are in the passive voice "
                           f"(target at most {float(options.get('max_share', 0.25)):.0%}); rewrite the ones "
                           f"that hide who acts, starting with line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))}")


@rule("voice.reader-not-addressed", "suggestion", opt_in=True, options={"min_instructions": 3},
      example="Patients should take the tablets with food. Patients must not drive. "
              "Patients need to drink water.\n")
def reader_not_addressed(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A page of instructions that never speaks to the reader as "you".

    Plain-language guides ask writers to talk to the reader: "Patients should take their tablets with
    food" becomes "Take your tablets with food" (Federal Plain Language Guidelines, "Use pronouns to speak
    directly to readers"; NHS content style guide, which addresses the reader as "you"; PEMAT-P actionability
    item 21, "The material addresses the user directly when describing actions").

    Reported once per article, at its first instruction, when the page has at least `min_instructions`
    (default 3) sentences that tell someone what to do ("should", "must", "need to", "are advised to")
    and not one "you", "your" or instruction to the reader ("Take ...", "Do not ..."). Pages written for
    professionals about patients may mean it: switch the rule off for them. On the 68 CDC development
    pages: 2 findings, both judged true.

    Opt-in: on the 68 CDC development pages it gave 2 findings, too few to judge the 40 a rule on
    by default must be judged on. Turn it on with `select` (its id or the `voice` family), a severity in
    the config, or for one article with front matter `reviewer: {enable: [voice]}`.
    """
    first: tuple[Block, Sentence] | None = None
    instructions = 0
    for block in doc.blocks:
        if block.kind == "table_cell":
            continue
        folded = block.folded_words
        if any(word in YOU for word in folded):
            return
        for sentence in block.sentences:
            lower = [w.text.lower().replace("’", "'") for w in sentence.words]
            if block.kind != "heading" and is_instruction_to_reader(lower):
                return
            if _is_instruction(lower):
                instructions += 1
                first = first or (block, sentence)
    if first is None or instructions < int(options.get("min_instructions", 3)):
        return
    block, sentence = first
    yield doc.span_finding(block, sentence.start, sentence.end,
                           f"{instructions} sentences tell readers what to do but the page never says \"you\"; "
                           "speak to the reader (\"Take your tablets\", not \"Patients should take their tablets\")")


def _named_actor(found: Passive, words) -> bool:
    """A passive whose "by" phrase names a person, a role or an organisation the sentence could start with."""
    if not found.has_agent or words[found.participle].text.lower() in CAUSAL:
        return False
    agent = words[found.agent_start:found.agent_end]
    return actor_is_person([w.text.lower() for w in agent], [w.text for w in agent])


def _is_instruction(lower: list[str]) -> bool:
    if any(word in _INSTRUCTION_WORDS for word in lower):
        return True
    return any((a, b) in _INSTRUCTION_PHRASES for a, b in zip(lower, lower[1:]))
