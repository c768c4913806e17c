"""Plain words: everyday words for formal ones (utilise -> use, prior to -> before)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from reviewer.document import Document
from reviewer.language.vocabulary import PhraseIndex, build_index, find_phrases
from reviewer.lint.finding import Finding, Fix
from reviewer.lint.registry import Context, rule
from reviewer.lint.rulepack import Field, Packs

PLAIN_WORDS_SCHEMA = {
    "phrase": Field(str, required=True),
    "plain": Field(str, required=True),
    "pos": Field(str, choices=("verb", "noun", "other")),
    "safe": Field(bool),
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
                           tuple(sorted((str(k), str(v)) for k, v in (e.get("forms") or {}).items())))
                          for e in entries))


def _compile(rows: tuple[tuple[str, str, str, bool, tuple[tuple[str, str], ...]], ...]) -> PhraseIndex:
    pairs = []
    for phrase, plain, pos, safe, forms in rows:
        for form, replacement in inflections(phrase, plain, pos, dict(forms)):
            pairs.append((form, Swap(phrase, replacement, safe)))
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


# --------------------------------------------------------------------------- the rule


@rule("plain.simpler-word", "suggestion", example="Patients should utilise a spacer in order to get the full dose.\n")
def simpler_word(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A formal word or phrase where an everyday one says the same.

    Health writing guides (plainlanguage.gov, the NHS content style guide, the CDC) ask
    for the words people use when they talk: "use" not "utilise", "start" not "commence",
    "before" not "prior to", "to" not "in order to", "about" not "approximately". Each
    finding names the everyday word. Swaps marked `safe` in the `plain-words` pack are
    grammatical wherever they occur, so they carry an automatic fix that keeps the original's
    capitals; the others need a writer's judgement ("sufficient" -> "enough" changes
    "a sufficient dose" into "enough of a dose").

    The `plain-words` pack lists each phrase with its everyday alternative; verbs and nouns
    are matched in their inflected forms. A project pack `plain-words.yml` adds its own.
    """
    index = plain_words_index(context.packs)
    for block in doc.blocks:
        for start, end, swap in find_phrases(block, index):
            written = block.text[start:end]
            plain = match_case(written, swap.plain)
            fix = _fix(doc, block, start, end, swap.plain) if swap.safe else None
            yield doc.span_finding(block, start, end, f"'{written}' is formal: write '{plain}'",
                                   suggestion=plain, fix=fix)
