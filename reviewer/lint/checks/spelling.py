"""Spelling: words no dictionary knows, reported when a known word is one edit away."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from typing import Any, Iterable, Iterator, Mapping

from reviewer.document import Block, Document
from reviewer.language.abbreviations import looks_like_acronym
from reviewer.language.vocabulary import jargon_lexicon, medical_words
from reviewer.lint.directives import article_settings
from reviewer.lint.finding import Finding
from reviewer.lint.registry import Context, rule
from reviewer.lint.rulepack import Packs

# Word parts that stand alone only in hyphenated words: "non-smoker", "re-test", "co-codamol".
_PREFIXES = frozenset("""a ante anti auto bi co counter de di dis e ex extra hyper hypo in inter intra macro
    micro mid mini multi non over pan para post pre pro pseudo re self semi sub super trans tri ultra un under
    well x""".split())
_NOT_A_WORD = re.compile(r"[\d_]|^[^a-z]")  # numbers, words with digits, code-like tokens
# Prefixes written closed up with a listed word (telehealth, nonsmoker, preregister). Left out on purpose:
# un- and mis-, which turn typos into "words" (untill = un + till, misstake = mis + stake).
_CLOSED_PREFIXES = ("tele", "non", "pre", "re", "multi", "anti", "post", "inter", "intra", "semi", "sub", "super",
                    "over", "under", "micro", "cyber")
# Words that never start or end a closed compound the dictionaries lack: "eachother", "everytime", "infact"
# and "thankyou" are two words run together, whatever their parts.
_FUNCTION_WORDS = frozenset("""a an and any are as at be been but by can could do does each every for from had has
    have he her his how i if in into is it its may me might more most must my no not of off on or other our
    out she should so some such than that the their them then there these they this those through to too up
    upon us very was we well were what when where which who why will with would you your""".split())
# Abbreviations written with or without a full stop (British style drops it): never typos.
# Endings that are no second word: "occur" + "ing" is the typo "occuring"; "care" + "full" the typo "carefull".
_NOT_A_SECOND_PART = frozenset("""full fully ing ings ed er ers est ly ness ment ments ful less tion tions sion ance
    ence ity ous ive ism ist ists ise ize ised ized""".split())
_ABBREVIATIONS = frozenset("etc eg ie vs approx incl".split())
# A closed compound starts with a bare word (handwashing, breastmilk); a first part that is inflected
# (higher, fastest, quickly, others) written closed up with a word the article also writes apart is a lost space.
_INFLECTED = ("er", "est", "ly", "s")
COMPOUND_PART_ZIPF = 3.0
# A word the article uses this often is its own term (a device, a service) unless a common word is one edit
# away (an author who writes "seperate" writes it every time).
TERM_USES = 3
TERM_NEIGHBOUR_ZIPF = 3.5  # both parts of an unlisted closed compound must be common words (hand + washing)


# --------------------------------------------------------------------------- British and American


# Pairs no rule derives (British, American). Ambiguous pairs are left out on purpose:
# tire/tyre, check/cheque, curb/kerb, practice/practise, story/storey, draft/draught, license/licence.
_VARIANT_PAIRS = {
    "grey": "gray", "greys": "grays", "greying": "graying", "mould": "mold", "mouldy": "moldy",
    "plough": "plow", "sceptical": "skeptical", "sceptic": "skeptic", "aluminium": "aluminum",
    "sulphur": "sulfur", "moustache": "mustache", "pyjamas": "pajamas", "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers", "amoeba": "ameba", "programme": "program", "programmes": "programs",
    "enrol": "enroll", "enrolment": "enrollment", "fulfil": "fulfill", "fulfilment": "fulfillment",
    "skilful": "skillful", "wilful": "willful", "instalment": "installment", "distil": "distill",
    "defence": "defense", "offence": "offense", "pretence": "pretense", "catalogue": "catalog",
    "dialogue": "dialog", "analogue": "analog", "smoulder": "smolder", "cosy": "cozy",
    "faeces": "feces", "faecal": "fecal", "caesarean": "cesarean", "foetus": "fetus", "foetal": "fetal",
}
_AMERICAN_PAIRS = {american: british for british, american in _VARIANT_PAIRS.items()
                   if british not in ("programme", "programmes", "foetus", "foetal")}  # UK uses both

# -ise words that are never -ize, and -ize words that are never -ise.
_ONLY_ISE = frozenset("""advise advertise apprise arise chastise circumcise comprise compromise concise demise
    despise devise disguise enfranchise enterprise excise exercise expertise franchise improvise incise
    merchandise noise otherwise paradise poise praise precise premise promise raise revise rise supervise
    surmise surprise televise treatise wise""".split())
_ONLY_IZE = frozenset("size prize seize capsize maize baize".split())
_NOT_TRE = frozenset("acre cadre genre lucre massacre mediocre nacre ogre padre timbre euchre".split())
# Stems whose British forms end in -our, -re or a doubled l (US -or, -er, single l).
_OUR_STEMS = frozenset("""arb ard arm behavi cand clam col dem demean endeav fav ferv flav glam harb hon hum
    lab neighb od parl rig rum sav savi splend tum val vap vig""".split())
_TRE_STEMS = frozenset("""calib cent centimet decilit fib kilomet kilolit lit lust manoeuv meag micromet
    millilit millimet nanomet sab sepulch somb spect theat""".split())
_LL_STEMS = ("travel", "label", "cancel", "model", "counsel", "fuel", "signal", "level", "channel", "tunnel",
             "total", "equal", "jewel", "marvel", "dial", "quarrel", "rival", "pedal", "shovel", "snorkel")
_SUFFIXES = r"(s|d|ed|ing|er|ers|ation|ations|ite|ites|able|ful|less|ous|or|ors)?"
_MEDICAL_BRITISH = (  # (British pattern, American replacement), both directions by swapping
    (r"^(.*)aemi(a|as|c)$", r"\1emi\2", r"^(.*(?:c|d|h|k|l|m|n|r|t|x))emi(a|as|c)$", r"\1aemi\2"),
    (r"^(hyper|hypo|an)?haem(a|o)(.*)$", r"\1hem\2\3", r"^(hyper|hypo|an)?hem(a|o)(.*)$", r"\1haem\2\3"),
    (r"^(.*)paed(ia|ic|iatr)(.*)$", r"\1ped\2\3", r"^(.*)ped(ia|ic|iatr)(.*)$", r"\1paed\2\3"),
    (r"^(.*)oedem(a|as|atous)$", r"\1edem\2", r"^(.*?)edem(a|as|atous)$", r"\1oedem\2"),
    (r"^oesophag(.*)$", r"esophag\1", r"^esophag(.*)$", r"oesophag\1"),
    (r"^oestr(og|ad|us)(.*)$", r"estr\1\2", r"^estr(og|ad|us)(.*)$", r"oestr\1\2"),
    (r"^(.*)rrhoe(a|al|ic)$", r"\1rrhe\2", r"^(.*)rrhe(a|al|ic)$", r"\1rrhoe\2"),
    (r"^(.*)pnoe(a|ic)$", r"\1pne\2", r"^(.*)pne(a|ic)$", r"\1pnoe\2"),
    (r"^(.*)gynaec(.*)$", r"\1gynec\2", r"^(.*)gynec(.*)$", r"\1gynaec\2"),
    (r"^(.*)anaesth(.*)$", r"\1anesth\2", r"^(.*)anesth(.*)$", r"\1anaesth\2"),
    (r"^aetiolog(.*)$", r"etiolog\1", r"^etiolog(.*)$", r"aetiolog\1"),
)


def american_spelling(word: str) -> str | None:
    """The American form of a British-looking word (colour -> color, haemoglobin -> hemoglobin), or None.

    A rewrite by pattern: the caller trusts it only when the dictionary knows the result.
    """
    if word in _VARIANT_PAIRS:
        return _VARIANT_PAIRS[word]
    match = re.match(r"^([a-z]*[aeiou][a-z]*?)our" + _SUFFIXES + "$", word)
    if match and len(match.group(1)) >= 2:
        return f"{match.group(1)}or{match.group(2) or ''}"
    match = re.match(r"^([a-z]{3,})is(e|es|ed|ing|ation|ations|er|ers)$", word)
    if match and match.group(1) + "ise" not in _ONLY_ISE:
        return f"{match.group(1)}iz{match.group(2)}"
    match = re.match(r"^([a-z]+)ys(e|es|ed|ing)$", word)
    if match:
        return f"{match.group(1)}yz{match.group(2)}"
    match = re.match(r"^([a-z]{2,}[^aeiour])(re|res|red|ring)$", word)  # not -rre: "ensurre" is no "ensurer"
    if match and match.group(1) + "re" not in _NOT_TRE:
        return match.group(1) + {"re": "er", "res": "ers", "red": "ered", "ring": "ering"}[match.group(2)]
    match = re.match(r"^(" + "|".join(_LL_STEMS) + r")l(ed|ing|er|ers|or|ors|ous)$", word)
    if match:
        return match.group(1) + match.group(2)
    for british, american, _, _ in _MEDICAL_BRITISH:
        if re.match(british, word):
            return re.sub(british, american, word)
    return None


def british_spelling(word: str) -> str | None:
    """The British form of an American word (color -> colour, organize -> organise), or None.

    Only listed stems and regular suffixes are rewritten, so the result is a real British word.
    """
    if word in _AMERICAN_PAIRS:
        return _AMERICAN_PAIRS[word]
    match = re.match(r"^([a-z]+)iz(e|es|ed|ing|ation|ations|er|ers)$", word)
    if match and match.group(1) + "ize" not in _ONLY_IZE:
        return f"{match.group(1)}is{match.group(2)}"
    match = re.match(r"^([a-z]+)yz(e|es|ed|ing)$", word)
    if match:
        return f"{match.group(1)}ys{match.group(2)}"
    match = re.match(r"^([a-z]+)or" + _SUFFIXES + "$", word)
    if match and match.group(1) in _OUR_STEMS:
        return f"{match.group(1)}our{match.group(2) or ''}"
    match = re.match(r"^([a-z]+)(er|ers|ered|ering)$", word)
    if match and match.group(1) in _TRE_STEMS:
        return match.group(1) + {"er": "re", "ers": "res", "ered": "red", "ering": "ring"}[match.group(2)]
    match = re.match(r"^(" + "|".join(_LL_STEMS) + r")(ed|ing|er|ers|or|ors|ous)$", word)
    if match:
        return f"{match.group(1)}l{match.group(2)}"
    for _, _, american, british in _MEDICAL_BRITISH:
        if re.match(american, word) and word not in ("academia", "academias"):
            return re.sub(american, british, word)
    return None


# --------------------------------------------------------------------------- dictionaries


_LETTERS = "abcdefghijklmnopqrstuvwxyz'"
MAX_SUGGESTED_LENGTH = 45  # pneumonoultramicroscopicsilicovolcanoconiosis


def edits1(word: str) -> set[str]:
    """Every string one edit away: a letter deleted, two neighbours swapped, one replaced or one inserted."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + swaps + replaces + inserts)






@functools.lru_cache(maxsize=16)
def parse_accept_list(text: str) -> frozenset[str]:
    """A project accept list's text: one word per line, `#` comments."""
    return frozenset(w.strip().lower() for w in (line.split("#", 1)[0] for line in text.splitlines()) if w.strip())


def _lexicon_words(packs: Packs) -> frozenset[str]:
    """Every word of the jargon pack: real words, whatever a general dictionary says."""
    return jargon_lexicon(packs).words


_PROJECT_WORDS: dict[tuple, frozenset[str]] = {}


def _project_words(packs: Packs, accepted: frozenset[str]) -> frozenset[str]:
    """The medical word list, the jargon pack's words and the project's accept list, joined once per run
    (not once per article: the union of thousands of words, and its hash, would be paid every time)."""
    key = (packs.folders, accepted)
    words = _PROJECT_WORDS.get(key)
    if words is None:
        words = _PROJECT_WORDS[key] = medical_words(packs) | _lexicon_words(packs) | accepted
    return words


@functools.lru_cache(maxsize=8)
def vocabulary_for(extra: frozenset[str], variant: str) -> "Vocabulary":
    """One Vocabulary per word set and variant, shared by the documents that use them (its verdicts are memoised)."""
    return Vocabulary(extra, variant)


class Vocabulary:
    """Which words count as correctly spelled for one document.

    The dictionary is pyspellchecker's English list as shipped in the frequency table
    (reviewer/lexicon: the same words, without the possessive forms), asked word by word
    through the word store, so a run pays neither pyspellchecker's load time nor the table's.
    """

    def __init__(self, extra: frozenset[str], variant: str) -> None:
        from reviewer.language.lexicon.frequency import lookup
        from reviewer.language.lexicon.wordstore import spelled

        self.extra = extra
        self.variant = variant
        self.frequency = lookup  # exact word -> Zipf value, 0.0 when not in the frequency table
        self.spelled = spelled  # exact word -> its kind in the SCOWL and medical lists: word, name, abbreviation
        self._verdicts: dict[str, bool] = {}
        self._joins: dict[str, tuple[str, str] | None] = {}
        self._suggestions: dict[str, list[str]] = {}  # an unknown word's suggestions (edits1 costs hundreds of lookups)
        self.quiet: dict[str, bool] = {}  # word as written -> never reported, wherever it stands (see `is_quiet`)

    def is_quiet(self, word: str) -> bool:
        """True when the word, as written, is never reported whatever its place: not prose to check, or a word
        this vocabulary accepts that is neither the other variant's spelling nor a run-together pair whose
        first part is inflected (the three ways `unknown_word` reports a checked word). Memoised: most of an
        article's words are common words met again and again."""
        verdict = self.quiet.get(word)
        if verdict is None:
            lowered = _checkable_shape(word)
            verdict = lowered is None or (
                not self.wrong_variant(lowered) and self.accepts(lowered)
                and not ((split := self.joined(lowered)) and split[0].endswith(_INFLECTED) and not self.known(lowered)))
            if len(self.quiet) >= 200_000:  # a bound on what a long run's distinct words may take
                self.quiet.clear()
            self.quiet[word] = verdict
        return verdict

    def listed(self, word: str) -> bool:
        """In a dictionary, or in an accept list (where a plural -s or -es counts too)."""
        if word in self.extra or self.frequency(word) or self.spelled(word) == "w":
            return True
        if word.endswith("s") and (word[:-1] in self.extra or (word.endswith("es") and word[:-2] in self.extra)):
            return True
        if not word.isascii():  # puréed, naïve, café: the lists have most accented words without accents too
            unaccented = _without_accents(word)
            return unaccented != word and self.listed(unaccented)
        return False

    def known(self, word: str) -> bool:
        """Listed, or the other variant's spelling of a listed word (unless the project picked one)."""
        if self.listed(word):
            return True
        if self.variant != "us":
            american = american_spelling(word)
            if american and self.listed(american):
                return True
        if self.variant != "uk":
            british = british_spelling(word)
            return british is not None and self.listed(british)
        return False

    def wrong_variant(self, word: str) -> str | None:
        """The project's spelling of a known word written in the other variant, or None."""
        if self.variant == "us":
            american = american_spelling(word)
            return american if american and american != word and self.listed(american) else None
        if self.variant == "uk" and self.listed(word):
            british = british_spelling(word)
            return british if british and british != word else None
        return None

    def accepts(self, word: str) -> bool:
        """Known, or a hyphenated word whose parts are known words or prefixes (non-drowsy), or a word
        regularly built from known ones (telehealth, cohorting, handwashing: see `derived` and `joined`)."""
        verdict = self._verdicts.get(word)
        if verdict is None:
            parts = [p for p in word.split("-") if p]
            verdict = (self.known(word) or word in _ABBREVIATIONS
                       or (len(parts) > 1 and all(p in _PREFIXES or self.accepts(p) or self.combining_form(p)
                                                   for p in parts[:-1]) and self.accepts(parts[-1]))
                       or (len(parts) == 1 and (self.derived(word) or self.joined(word) is not None)
                           and not self.near_common(word)))
            self._verdicts[word] = verdict
        return verdict

    def combining_form(self, part: str) -> bool:
        """A medical combining form before a hyphen (ileo-anal, gastro-oesophageal, femoro-popliteal): it ends
        in -o and a listed word shares its stem (ileum, gastric, femoral)."""
        return len(part) >= 4 and part.endswith("o") and any(
            self.listed(part[:-1] + ending) for ending in ("um", "ic", "al", "ac", "ia", "us", "a", "y", "e", "on"))

    def near_common(self, word: str) -> bool:
        """A common word (Zipf 3 or more) is one edit away: a built-looking word is then a typo of it
        (threshhold is thresh + hold, but one letter from threshold; comming is not com + ming)."""
        return any(self.frequency(near) >= COMPOUND_PART_ZIPF for near in edits1(word))

    def derived(self, word: str) -> bool:
        """A listed word with a prefix written closed up (telework, nonhealthcare; after a prefix of three
        letters or fewer, a word of six letters or more, so "reslut" is not re + slut), or with -ing, -ed or
        -able added to a listed word ending in two consonants (cohorting, cohorted, fillable): the endings
        a dictionary lists only for common words. A word ending in a vowel and one consonant is left out,
        since it doubles it (occurring, beginning: "occuring" is a typo)."""
        for prefix in _CLOSED_PREFIXES:
            rest = word[len(prefix):]
            if word.startswith(prefix) and len(rest) >= (4 if len(prefix) >= 4 else 6) and self.known(rest):
                return True
        for suffix in ("ing", "ed", "able"):
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and len(stem) >= 4 and _ends_in_two_consonants(stem) and self.known(stem):
                return True
        return False

    def joined(self, word: str) -> tuple[str, str] | None:
        """(first, second) when the word is two words written as one, else None: two common words (hand +
        washing, counter + tops: three letters or more each, Zipf 3 or more, so a typo rarely splits into two
        of them), or a word of five letters or more seen in use (Zipf 2) followed by a common word or an
        abbreviation (guidance + pdf, regulates + external: link labels run into the text before them). Never
        when a common word is one edit away (see `near_common`). Either part a
        function word (each + other, every + time) makes it None: `run_together` reports those; so does a
        second part "full" (carefull, helpfull are typos)."""
        if word in self._joins:
            return self._joins[word]
        found = None
        if len(word) >= 7:
            for split in range(3, len(word) - 2):
                first, second = word[:split], word[split:]
                if first in _FUNCTION_WORDS or second in _FUNCTION_WORDS or second in _NOT_A_SECOND_PART:
                    continue
                head, tail = self.frequency(first), self.frequency(second)
                if head >= COMPOUND_PART_ZIPF and tail >= COMPOUND_PART_ZIPF or (
                        len(first) >= 5 and head >= 2.0 and (tail >= COMPOUND_PART_ZIPF or self.spelled(second) == "a")):
                    found = (first, second)
                    break
        self._joins[word] = found
        return found

    def run_together(self, word: str) -> tuple[str, str] | None:
        """(first, second) when the unlisted word is two words with a function word among them, written as
        one (eachother, everytime, thankyou): a space is missing. None otherwise."""
        if len(word) < 5 or self.known(word):
            return None
        for split in range(2, len(word) - 1):
            first, second = word[:split], word[split:]
            if (first in _FUNCTION_WORDS or second in _FUNCTION_WORDS) and min(len(first), len(second)) >= 2 \
                    and self.frequency(first) >= COMPOUND_PART_ZIPF and self.frequency(second) >= COMPOUND_PART_ZIPF:
                return first, second
        return None

    def suggestions(self, word: str) -> list[str]:
        """Known words one edit away (delete, swap, replace, insert), most common first, at most three and
        none ten times rarer than the first; in a hyphenated word, the part nothing knows is mended. None for
        a "word" longer than any real one (its 55 candidates a letter would cost a lookup each for nothing)."""
        found = self._suggestions.get(word)
        if found is None:
            if len(self._suggestions) >= 20_000:  # a bound on what a long run's (or a server's) unknown words may take
                self._suggestions.clear()
            found = self._suggestions[word] = self._suggest(word)
        return list(found)

    def _suggest(self, word: str) -> list[str]:
        if len(word) > MAX_SUGGESTED_LENGTH:
            return []
        parts = word.split("-")
        if len(parts) > 1:  # side-efect: mend the part nothing knows, keep the others
            for index, part in enumerate(parts):
                if part and part not in _PREFIXES and not self.accepts(part) and not self.combining_form(part):
                    return ["-".join(parts[:index] + [fix] + parts[index + 1:]) for fix in self.suggestions(part)]
            return []
        found = [w for w in edits1(word) if self.listed(w)]
        ranked = sorted(found, key=lambda w: (-self.frequency(w), w))[:3]
        # a far rarer neighbour is noise beside a common one (side-effects, not side-elects)
        return [w for w in ranked if self.frequency(w) >= self.frequency(ranked[0]) - 1.0] if ranked else []


def _without_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _ends_in_two_consonants(stem: str) -> bool:
    return stem[-1] not in "aeiouy" and stem[-2] not in "aeiou"


# --------------------------------------------------------------------------- words to check


def _candidates(block: Block) -> Iterator[tuple[int, int, str, bool]]:
    """(start, end, word, sentence_start) for each word of a block worth a spelling check."""
    for sentence in block.sentences:
        first = True
        for word in sentence.words:
            yield word.start, word.end, word.text, first
            first = False


def _unquiet_candidates(doc: Document, quiet, is_quiet) -> Iterator[tuple[Block, int, int, str, bool]]:
    """(block, start, end, word, sentence_start) for each word of the document, in order, that `_candidates`
    gives and the vocabulary does not know to be quiet (`quiet` is its memo's get, `is_quiet` the method)."""
    for block in doc.blocks:
        for sentence in block.sentences:
            first = True
            for word, start, end in sentence.words:
                verdict = quiet(word)
                if not (verdict or (verdict is None and is_quiet(word))):
                    yield block, start, end, word, first
                first = False


def _strip_apostrophes(word: str) -> str:
    word = word.replace("’", "'")
    if word.endswith("'s"):
        return word[:-2]
    return word.rstrip("'")


def _checkable(word: str, at_sentence_start: bool, names: frozenset[str]) -> str | None:
    """The word in lower case, without a possessive, when it is prose to spell-check; else None."""
    if word[0].isupper() and (not at_sentence_start or word in names):
        return None  # a name: Okafor, Terrence Higgins Trust
    return _checkable_shape(word)


@functools.lru_cache(maxsize=65536)
def _checkable_shape(word: str) -> str | None:
    if _NOT_A_WORD.search(word.lower()) or any(c.isnumeric() for c in word):
        return None  # 2.5, mm³, HbA1c, COVID-19
    if len(word) < 2 or looks_like_acronym(word) or word.isupper():
        return None
    if any(c.isupper() for c in word[1:]):
        return None  # mixed case: eGFR, mmHg, iPhone
    return _strip_apostrophes(word.lower())


def _capitalised_mid_sentence(doc: Document) -> frozenset[str]:
    """Words the document capitalises inside sentences: names, even when one starts a sentence."""
    names = set()
    for block in doc.blocks:
        for sentence in block.sentences:
            for word in sentence.words[1:]:
                if word.text[:1].isupper() and not word.text.isupper():
                    names.add(word.text)
    return frozenset(names)


# --------------------------------------------------------------------------- the rule


@rule("spelling.unknown", "warning", options={"accept_file": "", "variant": "both"}, file_options=("accept_file",),
      choices={"variant": ("both", "us", "uk")},
      example="There is usually another medecine you can switch to.\n")
def unknown_word(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A word no dictionary knows, with a known word one edit away: probably a typo.

    Words are checked against pyspellchecker's English word list, SCOWL's American, British
    and Canadian lists (size 80), about 15,000 medical words (ICD-10-CM conditions, ICD-10-PCS
    procedures, generic medicine names), the `medical-words` pack, the words of the `jargon`
    pack, a project accept list and the article's own list. Also accepted: a listed word
    with a prefix closed up (telehealth, nonsmoker), with -ing, -ed or -able (cohorting,
    wipeable; not after a vowel and one consonant, so "occuring" is still reported), two
    common words written as one (handwashing), accented words (puréed), and etc, eg, ie, vs.

    Reported only with a suggestion: the known words one edit away (a letter added, dropped,
    changed or two letters swapped), most common first; or the two words a missing space
    joined, when one is a function word (eachother) or when the article writes them apart
    elsewhere and the first is inflected (higherrisk beside "higher risk"). A word with
    nothing known one edit away is left alone: on real pages those were names, new terms and
    scraping leftovers, rarely typos; so is a word the article uses three times or more whose
    only neighbours are rare words (its own term: "dosette", not "seperate"). Precision on 68 real CDC pages: 2 findings, both real
    (126 findings and 7% before the word lists); 0.02 findings per 1,000 words.

    Never checked: acronyms and mixed-case words (HIV, eGFR, mmHg), names (a capitalised
    word inside a sentence, one the article capitalises there, or a name SCOWL lists),
    numbers and words with digits, code, URLs, e-mail addresses and the parts of dotted
    names (nhs.uk). Parts of hyphenated words are checked one by one.

    British and American spellings are both accepted by default. Option `variant = "us"`
    reports British spellings (colour, haemoglobin, organise) and `variant = "uk"` American
    ones (color, hemoglobin, organize: British -ise, as the NHS writes it). A word is British
    when a regular rewrite (-our to -or, -ise to -ize, -yse to -yze, -tre to -ter, doubled l
    in travelled, ae and oe in medical words, and a short list of pairs such as grey/gray)
    turns it into a word the dictionary knows.

    Options: `accept_file`, a file of accepted words (one per line, `#` comments) relative to
    the configuration file; `variant`, "both", "us" or "uk". An article can accept words in
    front matter: `reviewer: {accept_words: [Okafor]}`.
    """
    variant = str(options.get("variant") or "both")
    accept_option = str(options.get("accept_file") or "")
    accepted = parse_accept_list(context.files[accept_option]) if accept_option else frozenset()
    article = frozenset(w.lower() for w in article_settings(doc)[0].get("accept_words", ()))
    project = _project_words(context.packs, accepted)
    vocabulary = vocabulary_for(project | article if article else project, variant)  # the same set: its hash is kept
    names: frozenset[str] | None = None  # read only for a capitalised first word that is not quiet
    label = {"us": "American", "uk": "British"}.get(variant, "")
    reported: set[str] = set()
    pairs: frozenset[tuple[str, str]] | None = None
    counts: Counter[str] | None = None
    quiet, is_quiet = vocabulary.quiet.get, vocabulary.is_quiet
    for block, start, end, word, first in _unquiet_candidates(doc, quiet, is_quiet):
        if first and word[0].isupper() and names is None:
            names = _capitalised_mid_sentence(doc)
        lowered = _checkable(word, first, names or frozenset())
        if lowered is None or lowered in reported or _dotted(block.text, start, end):
            continue
        preferred = vocabulary.wrong_variant(lowered)
        if preferred:
            reported.add(lowered)
            yield doc.span_finding(block, start, end, f"'{word}' is not {label} spelling: write "
                                   f"'{_match_case(word, preferred)}'", suggestion=_match_case(word, preferred))
        elif not vocabulary.accepts(lowered) and not (word[:1].isupper() and vocabulary.spelled(lowered) == "n"):
            reported.add(lowered)
            suggestions = [_match_case(word, s) for s in vocabulary.suggestions(lowered)]
            split = vocabulary.run_together(lowered) if not suggestions else None
            if split:
                suggestions = [_match_case(word, " ".join(split))]
            if not suggestions:
                continue  # nothing known is one edit away: a name, a new term or a leftover, rarely a typo
            if not split:
                counts = _word_counts(doc) if counts is None else counts
                if counts[lowered] >= TERM_USES and vocabulary.frequency(suggestions[0].lower()) < TERM_NEIGHBOUR_ZIPF:
                    continue  # the article's own term, used again and again, near only a rare word
            yield doc.span_finding(block, start, end, f"unknown word '{word}'; did you mean "
                                   f"{' or '.join(repr(s) for s in suggestions)}?", suggestion=suggestions[0])
        elif (split := vocabulary.joined(lowered)) and split[0].endswith(_INFLECTED) and not vocabulary.known(lowered):
            pairs = _word_pairs(doc) if pairs is None else pairs
            if split in pairs:  # "higher risk" elsewhere in the article: here a space is missing
                reported.add(lowered)
                spaced = _match_case(word, " ".join(split))
                yield doc.span_finding(block, start, end, f"'{word}' looks like two words run together "
                                       f"(the article writes '{' '.join(split)}' elsewhere); did you mean "
                                       f"'{spaced}'?", suggestion=spaced)


def _dotted(text: str, start: int, end: int) -> bool:
    """Part of a dotted name, not a word: nhs.uk, gov.uk, leaflet.pdf, e.g. (a dot joins it to a letter)."""
    before = start >= 2 and text[start - 1] in "./@" and text[start - 2].isalnum()
    after = end + 1 < len(text) and text[end] in "./@" and text[end + 1].isalnum()
    return before or after


def _word_counts(doc: Document) -> Counter[str]:
    """How often the document uses each word, lower case."""
    return Counter(w.text.lower() for block in doc.blocks for w in block.words)


def _word_pairs(doc: Document) -> frozenset[tuple[str, str]]:
    """Every pair of neighbouring words of the document, lower case (for 'higher risk' beside 'higherrisk')."""
    pairs = set()
    for block in doc.blocks:
        words = [w.text.lower() for w in block.words]
        pairs.update(zip(words, words[1:]))
    return frozenset(pairs)


def _match_case(original: str, word: str) -> str:
    return word[:1].upper() + word[1:] if original[:1].isupper() else word
