"""Plain words: everyday words for formal ones (utilise -> use, prior to -> before)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from reviewer.document import Document
from reviewer.language.quotes import quoted_spans
from reviewer.language.vocabulary import PhraseIndex, build_index, find_phrases
from reviewer.lint.finding import Finding, Fix
from reviewer.lint.registry import Context, rule
from reviewer.lint.rulepack import Field, Packs

PLAIN_WORDS_SCHEMA = {
    "phrase": Field(str, required=True),
    "plain": Field(str, required=True),
    "pos": Field(str, choices=("verb", "noun", "other")),
    "safe": Field(bool),
    "advice": Field(str),
    "rank": Field(int, choices=(1, 2)),
    "unless_followed_by": Field(list),
    "forms": Field(dict),
    "source": Field(str),
    "note": Field(str),
}


@dataclass(frozen=True)
class Swap:
    """One matched form and what to write instead; `safe` when the fix is grammatical everywhere."""

    phrase: str
    plain: str
    safe: bool
    advice: str = ""
    rank: int = 2  # 1: a swap every plain-language guide asks for first (utilise, prior to); reported first
    unless_followed_by: tuple[str, ...] = ()  # next words that make a fixed phrase ("frequently asked questions")


# --------------------------------------------------------------------------- inflection


_STRESSED_LAST_SYLLABLE = frozenset(
    "occur concur recur incur refer prefer confer transfer defer deter commit submit permit admit omit "
    "transmit control compel propel expel repel regret equip abhor rebel patrol".split()
)


def _doubles_final_consonant(word: str) -> bool:
    """stop -> stopped, occur -> occurred; but help -> helped, sweat -> sweated, visit -> visited."""
    if word in _STRESSED_LAST_SYLLABLE:
        return True
    return bool(re.search(r"(?:^|[^aeiou])[aeiou][bdgklmnprt]$", word)) and len(word) <= 4


# Past tense and past participle of the irregular verbs that replacements use.
_IRREGULAR_PAST = {
    "bear": ("bore", "borne"), "build": ("built", "built"), "buy": ("bought", "bought"), "cut": ("cut", "cut"),
    "feel": ("felt", "felt"), "find": ("found", "found"), "get": ("got", "got"), "give": ("gave", "given"),
    "go": ("went", "gone"), "have": ("had", "had"), "hold": ("held", "held"), "keep": ("kept", "kept"),
    "let": ("let", "let"), "make": ("made", "made"), "pay": ("paid", "paid"), "put": ("put", "put"),
    "see": ("saw", "seen"), "show": ("showed", "shown"), "speed": ("sped", "sped"), "spread": ("spread", "spread"),
    "stick": ("stuck", "stuck"), "take": ("took", "taken"), "tell": ("told", "told"), "think": ("thought", "thought"),
}


def _regular_forms(verb: str) -> dict[str, str]:
    if verb.endswith("ee"):
        return {"s": verb + "s", "ed": verb + "d", "ing": verb + "ing"}
    if verb.endswith("e"):
        return {"s": verb + "s", "ed": verb + "d", "ing": verb[:-1] + "ing"}
    if re.search(r"[^aeiou]y$", verb):
        return {"s": verb[:-1] + "ies", "ed": verb[:-1] + "ied", "ing": verb + "ing"}
    if re.search(r"(?:s|x|z|ch|sh|o)$", verb):
        return {"s": verb + "es", "ed": verb + "ed", "ing": verb + "ing"}
    if _doubles_final_consonant(verb):
        return {"s": verb + "s", "ed": verb + verb[-1] + "ed", "ing": verb + verb[-1] + "ing"}
    return {"s": verb + "s", "ed": verb + "ed", "ing": verb + "ing"}


def verb_forms(verb: str) -> dict[str, str]:
    """The -s, -ed and -ing forms of a verb (of its first word when it is a phrase: "takes part").

    An irregular verb whose past tense and participle differ gets both: "showed or shown".
    """
    head, space, rest = verb.partition(" ")
    tail = space + rest
    forms = {key: value + tail for key, value in _regular_forms(head).items()}
    if head in _IRREGULAR_PAST:
        past, participle = _IRREGULAR_PAST[head]
        forms["ed"] = past + tail if past == participle else f"{past}{tail} or {participle}{tail}"
    return forms


def noun_plural(noun: str) -> str:
    head, space, last = noun.rpartition(" ")
    if re.search(r"(?:s|x|z|ch|sh)$", last):
        last += "es"
    elif re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return head + space + last


def inflections(phrase: str, plain: str, pos: str, forms: Mapping[str, str]) -> list[tuple[str, str]]:
    """(matched form, replacement) pairs for an entry: the base, regular inflections, explicit forms."""
    pairs = [(phrase, plain)]
    if pos == "verb":
        matched, replaced = verb_forms(phrase), verb_forms(plain.split(" or ")[0])
        pairs += [(matched[k], replaced[k]) for k in ("s", "ed", "ing")]
    elif pos == "noun":
        pairs.append((noun_plural(phrase), noun_plural(plain.split(" or ")[0])))
    explicit = {form.lower(): replacement for form, replacement in forms.items()}
    pairs = [(form, explicit.pop(form.lower(), replacement)) for form, replacement in pairs]
    return pairs + list(explicit.items())


# --------------------------------------------------------------------------- the pack


def plain_words_index(packs: Packs) -> PhraseIndex:
    """The plain-words packs, compiled once per process per set of packs into a phrase index of Swaps."""
    return packs.built("plain-words", PLAIN_WORDS_SCHEMA, _index_of)


def _index_of(entries) -> PhraseIndex:
    return _compile(tuple((e["phrase"], e["plain"], e.get("pos", "other"), bool(e.get("safe")),
                           tuple(sorted((str(k), str(v)) for k, v in (e.get("forms") or {}).items())),
                           str(e.get("advice") or ""), int(e.get("rank") or 2),
                           tuple(str(w).lower() for w in e.get("unless_followed_by") or ()))
                          for e in entries))


def _compile(rows: tuple[tuple[str, str, str, bool, tuple[tuple[str, str], ...], str, int, tuple[str, ...]], ...]
             ) -> PhraseIndex:
    pairs = []
    for phrase, plain, pos, safe, forms, advice, rank, unless in rows:
        for form, replacement in inflections(phrase, plain, pos, dict(forms)):
            pairs.append((form, Swap(phrase, replacement, safe and not advice, advice, rank, unless)))
    return build_index(pairs)


# --------------------------------------------------------------------------- fixes


def match_case(original: str, replacement: str) -> str:
    """Give the replacement the original's capitals: USE for UTILISE, Use for Utilise."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def article_for(word: str) -> str:
    """"a" or "an" before `word`, by its first sound (a heuristic good enough for our replacements)."""
    lowered = word.lower()
    if re.match(r"(?:one|once|use|usu|uni|eu|u[bcfgklmnprstv][aeiou])", lowered):
        return "a"
    if re.match(r"(?:hour|honest|honou?r)", lowered) or lowered[:1] in "aeiou":
        return "an"
    return "a"


_ARTICLE_BEFORE = re.compile(r"\b(an?|An?|AN?) $")


def _same_words(source: str, prose: str) -> bool:
    """The source span is the prose itself, a line break at most standing for a space (no markup)."""
    return source.replace("\r\n", " ").replace("\n", " ") == prose


def _fix(doc, block, start: int, end: int, replacement: str) -> Fix | None:
    """A Fix replacing block text [start, end), turning a preceding a/an as the new word needs.

    None when the span is not plain source text (markup inside it) or is followed by an
    apostrophe or hyphen (a possessive or a compound, where the swap is not safe).
    """
    source_start, source_end = block.source_offset(start), block.source_end(end)
    original = block.text[start:end]
    if not _same_words(doc.source[source_start:source_end], original) or block.text[end : end + 1] in "'’-":
        return None
    new = match_case(original, replacement)
    # "an " just before the word: a bounded look whatever the paragraph's length (\b still sees the character
    # before the window)
    article = _ARTICLE_BEFORE.search(block.text, max(0, start - 4), start)
    if article:
        wanted = article_for(new)
        if article.group(1).lower() != wanted:
            article_start = article.start(1)
            if not _same_words(doc.source[block.source_offset(article_start):source_start],
                               block.text[article_start:start]):
                return None
            wanted = match_case(article.group(1), wanted)
            return Fix(block.source_offset(article_start), source_end, f"{wanted} {new}")
    return Fix(source_start, source_end, new)


# --------------------------------------------------------------------------- where a swap does not belong


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _fixed_phrase(block, end: int, swap: Swap) -> bool:
    """True when the word after the match makes a fixed phrase the swap would break ("frequently asked")."""
    if not swap.unless_followed_by:
        return False
    following = _NEXT_WORD.match(block.text, end)
    return bool(following) and following.group(1).lower() in swap.unless_followed_by


_NEXT_WORD = re.compile(r"\s+([\w’'-]+)")


def _title_case(word: str) -> bool:
    """Capitalised with lower-case letters after (Assistance, Healthcare): not an acronym (CDC, I)."""
    return word[:1].isupper() and any(c.islower() for c in word[1:])


def in_name_or_title(block, start: int, end: int) -> bool:
    """True when block text [start, end) is part of a name or a title written in Title Case:
    "Technical Assistance Center", "Frequently Asked Questions", "What Healthcare Personnel Should Know".
    A capital that only starts a sentence does not count: "Individuals should ..." is prose."""
    words, starts = block.words, block.word_starts
    first = bisect.bisect_left(starts, start)
    last = bisect.bisect_left(starts, end) - 1
    if first > last:
        return False
    sentence = block.sentence_at(start)
    sentence_start = sentence.start if sentence else 0
    for index in range(first, last + 1):
        if _title_case(words[index].text) and words[index].start > sentence_start:
            return True
    following = words[last + 1] if last + 1 < len(words) else None
    if _title_case(words[first].text) and following is not None and _title_case(following.text) \
            and not block.text[words[last].end:following.start].strip(" "):
        return True  # "Frequently Asked Questions" opening a line
    return False


# --------------------------------------------------------------------------- the rule


@dataclass(frozen=True)
class _Use:
    """One use of a pack entry in the article."""

    block: Any
    start: int
    end: int
    swap: Swap




@rule("plain.simpler-word", "suggestion", options={"every_occurrence": False, "max_per_article": 5}, general=True,
      example="Patients should utilise a spacer in order to get the full dose.\n")
def simpler_word(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A formal word or phrase where an everyday one says the same.

    Health writing guides (plainlanguage.gov, the NHS content style guide, the CDC) ask
    for the words people use when they talk: "use" not "utilise", "make sure" not "ensure",
    "before" not "prior to", "to" not "in order to", "about" not "approximately". Each
    finding names the everyday word, or says what to write where no one word fits
    ("hand hygiene": say "wash your hands" or "clean your hands").

    A word an article repeats is reported once, at its first use, with how many times the
    article uses it and on which lines: an editor changes them together. An article gets
    at most `max_per_article` findings (default 5; 0 for no limit): the plainly formal words
    first (utilise, prior to, in order to: `rank: 1` in the pack), then the ones it uses
    most; the last finding lists the other words. Set `every_occurrence = true` to report
    each use of every word (for an editor's underlining); `--fix` always fixes every use. Words inside quotation marks (a quoted title or someone's
    words) and in names or titles written in Title Case ("Technical Assistance Center",
    "Frequently Asked Questions") are left alone.

    Swaps marked `safe` in the `plain-words` pack are grammatical wherever they occur, so
    they carry an automatic fix that keeps the original's capitals; the others need a
    writer's judgement ("sufficient" -> "enough" turns "a sufficient dose" into "enough of a
    dose"). The pack keeps only swaps that say the same in nearly every sentence: "currently"
    (-> "now" implies a change; dated claims are claims.time-relative's), "designate",
    "contaminated", "emphasise" (-> "stress"), "medication", "postpone", "informed" ("stay
    informed") and others that changed the meaning on real pages were taken out.

    The `plain-words` pack lists each phrase with its everyday alternative; verbs and nouns
    are matched in their inflected forms. A project pack `plain-words.yml` adds its own.
    Measured on 68 CDC pages: see the README (rules, "How the rules decide").
    """
    index = plain_words_index(context.packs)
    uses: dict[str, list[_Use]] = {}
    for block in doc.blocks:
        quoted = quoted_spans(block.text) if any(q in block.text for q in '"“‘') else []
        for start, end, swap in find_phrases(block, index):
            if quoted and _inside(quoted, start, end):
                continue
            if in_name_or_title(block, start, end) or _fixed_phrase(block, end, swap):
                continue
            uses.setdefault(swap.phrase, []).append(_Use(block, start, end, swap))
    if options.get("every_occurrence"):
        for group in uses.values():
            for use in group:
                yield _finding(doc, use, [])
        return
    # the plainly formal words first (rank 1), then the words the article leans on most, then the first met
    groups = sorted(uses.values(), key=lambda g: (g[0].swap.rank, -len(g), g[0].block.source_offset(g[0].start)))
    limit = int(options.get("max_per_article") or 0)
    shown = groups if not limit or len(groups) <= limit else groups[:limit - 1]
    for group in shown:
        yield _finding(doc, group[0], group[1:])
    rest = groups[len(shown):]
    if rest:
        yield _summary(doc, rest)


def _summary(doc: Document, groups: list[list[_Use]]) -> Finding:
    """One finding for the words past `max_per_article`, at the first use of the first of them."""
    first = min((g[0] for g in groups), key=lambda u: u.block.source_offset(u.start))
    named = []
    for group in sorted(groups, key=lambda g: -len(g))[:8]:  # the words used most first
        written = group[0].block.text[group[0].start:group[0].end]
        swap = group[0].swap
        times = f"{len(group)} times, " if len(group) > 1 else ""
        named.append(f"'{written}' ({times}{'see the advice' if swap.advice else 'write ' + repr(swap.plain)})")
    return doc.span_finding(first.block, first.start, first.end,
                            f"{len(groups)} more formal words in this article: {'; '.join(named)}"
                            + ("; ..." if len(groups) > 8 else ""))


def _finding(doc: Document, use: _Use, others: list[_Use]) -> Finding:
    block, start, end, swap = use.block, use.start, use.end, use.swap
    written = block.text[start:end]
    more = ""
    if others:
        lines = list(dict.fromkeys(doc.line_col(o.block.source_offset(o.start))[0] for o in others))
        shown = ", ".join(str(n) for n in lines[:5]) + (", ..." if len(lines) > 5 else "")
        count = len(others)
        more = f" (and {count} more time{'s' if count > 1 else ''} in this article: line{'s' if len(lines) > 1 else ''} {shown})"
    if swap.advice:
        return doc.span_finding(block, start, end, f"'{written}': {swap.advice}{more}")
    plain = match_case(written, swap.plain)
    fix = _fix(doc, block, start, end, swap.plain.split(" or ")[0]) if swap.safe else None
    return doc.span_finding(block, start, end, f"'{written}' is formal: write '{plain}'{more}",
                            suggestion=plain, fix=fix)
