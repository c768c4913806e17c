"""Numbers: risks and figures written the way lay readers understand them (CDC Clear Communication Index,
numeracy items; risk-communication research)."""

from __future__ import annotations

import bisect
import re
from typing import Any, Iterable, Mapping

from reviewer.document import Document
from reviewer.document.model import Block, Sentence
from reviewer.lint.finding import Finding, fix_for
from reviewer.lint.registry import Context, rule

_PERCENT = r"\d+(?:\.\d+)?\s?(?:%|percent\b|per cent\b)"
_FRACTION_WORDS = r"(?:half|a half|a third|one third|a quarter|one quarter|two[- ]thirds|three[- ]quarters)"
_RISK = r"(?:risk|risks|chance|chances|odds|likelihood|probability|rate|rates)"
_RELATIVE = re.compile(
    r"\b(?:reduc|lower|cut|decreas|increas|rais|doubl|tripl|halv|boost|drop|shrink|slash)\w*\s+"
    r"(?:[\w'’-]+\s+){0,4}?" + _RISK + r"\b(?:\s+of\s+[\w'’ -]{1,40}?)?\s+by\s+"
    r"(?:about\s+|around\s+|up\s+to\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|roughly\s+|at\s+least\s+)?"
    r"(?:" + _PERCENT + "|" + _FRACTION_WORDS + r"\b)"
    r"|\b" + _PERCENT + r"\s+(?:higher|lower|greater|smaller|bigger|increased|reduced|less|more)\s+"
    r"(?:[\w'’-]+\s+){0,2}?(?:" + _RISK + r"|likely)\b"
    r"|\b(?:twice|double|triple|two|three|four|five|six|ten|\d+(?:\.\d+)?)\s*(?:times|-fold|fold)\s+"
    r"(?:as\s+likely|more\s+likely|less\s+likely|the\s+" + _RISK + r"|(?:higher|greater|lower)\s+" + _RISK + r")\b"
    r"|\b(?:twice|half)\s+as\s+likely\b"
    r"|\b(?:doubles|triples|halves|doubled|tripled|halved)\s+(?:the|your|their|his|her|a\s+person's)\s+" + _RISK + r"\b",
    re.IGNORECASE)
# Every relative-risk shape holds one of these: a cheap test before the long pattern.
_RISK_KEYS = ("risk", "chance", "odds", "likel", "rate", "probab")
_FREQUENCY = re.compile(r"\b\d[\d,]*\s+(?:in|out\s+of)\s+(?:every\s+)?\d[\d,]*\b", re.IGNORECASE)
_FROM_TO = re.compile(r"\bfrom\s+(?:about\s+)?\d[\d,.]*\s?(?:%|percent|per cent|in\s+\d[\d,]*)?\s+(?:down\s+|up\s+)?to\s+\d",
                      re.IGNORECASE)
_ANY_PERCENT = re.compile(r"\b\d+(?:\.\d+)?\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
# A percentage that is a chance: "a 0.5% chance", "2.5% of people", "1.5% will develop". Not a strength or an
# amount ("a 0.5% bleach solution", "1% hydrocortisone cream", "an HbA1c of 6.5%", "20% off").
_CHANCE_PERCENT = re.compile(
    r"\b\d+(?:\.\d+)?\s?(?:%|percent\b|per cent\b)"
    r"(?=\s+(?:[\w'’-]+\s+){0,2}?(?:chance|chances|risk|probability|likelihood|odds)\b"
    r"|\s+of\s+(?:all\s+|the\s+)?(?:people|adults|children|babies|women|men|patients|users|those|cases|pregnancies|"
    r"smokers|infants|deaths|girls|boys|teenagers|pregnant|them|us|you)\b"
    r"|\s+(?:will|may|might|could|would|go\s+on\s+to)\s+(?:get|develop|die|have|need|be|catch)\b)",
    re.IGNORECASE)


def _sentences(doc: Document, keys: tuple[str, ...]) -> Iterable[tuple[Block, Sentence, str]]:
    """(block, sentence, the next sentence's text in the same block or '') for the body blocks whose text, in
    lower case, holds one of `keys` (a cheap test before the patterns)."""
    for block in doc.blocks:
        if block.kind == "heading":
            continue
        lower = block.text.lower()
        if not any(key in lower for key in keys):
            continue
        sentences = block.sentences
        for index, sentence in enumerate(sentences):
            following = sentences[index + 1].text if index + 1 < len(sentences) else ""
            yield block, sentence, following


@rule("numbers.relative-risk", "warning", opt_in=True,
      example="Taking this medicine cuts your risk of a stroke by 50%.\n")
def relative_risk(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A relative change in risk with no absolute risk beside it: "cuts your risk by 50%".

    Half of what? A relative risk alone makes a small benefit or harm look large, and readers cannot act on it.
    Risk-communication research (Gigerenzer et al., "Helping doctors and patients make sense of health
    statistics", Psychological Science in the Public Interest, 2007; Akl et al., Cochrane Review 2011) and the
    CDC Clear Communication Index numeracy and risk items ("Does the material explain what the numbers
    mean?", "If the material uses numeric probability to describe risk, is the probability also explained?")
    ask for the absolute risk: "cuts the risk of a stroke from 2 in 100 to 1 in 100".

    Reported: "reduces/lowers/cuts/increases/doubles ... risk ... by N% (or half, a third)", "N% higher/lower
    risk", "twice/3 times as likely", "doubles your risk", when neither that sentence nor the next gives
    an absolute figure: a natural frequency such as "2 in 100" or "from 4% to 2%" (in either sentence), or
    another percentage in the same sentence. On the 68 CDC development pages: 1 finding, judged true.

    Opt-in: on the 68 CDC development pages it gave 1 finding, too few to judge the 40 a rule on
    by default must be judged on. Turn it on with `select` (its id or the `numbers` family), a severity in
    the config, or for one article with front matter `reviewer: {enable: [numbers]}`.
    """
    for block, sentence, following in _sentences(doc, _RISK_KEYS):
        text = sentence.text
        matches = list(_RELATIVE.finditer(text))
        if not matches:
            continue
        if _FREQUENCY.search(text) or _FROM_TO.search(text) or _FREQUENCY.search(following) \
                or _FROM_TO.search(following):
            continue
        percents = [m.start() for m in _ANY_PERCENT.finditer(text)]
        for match in matches:
            inside = bisect.bisect_left(percents, match.end()) - bisect.bisect_left(percents, match.start())
            if len(percents) > inside:  # another percentage in the sentence: the baseline
                continue
            start = sentence.start + match.start()
            yield doc.span_finding(block, start, sentence.start + match.end(),
                                   f"\"{match.group()}\" is a relative risk; say the absolute risk too "
                                   "(\"from 2 in 100 to 1 in 100\"), in this sentence or the next")


def natural_frequency(value: float) -> str | None:
    """A percentage as "N in M" with whole N (0.5 -> "5 in 1,000"), or None when there is no neat one."""
    for denominator in (100, 1000, 10000, 100000, 1000000):
        count = value * denominator / 100
        if abs(count - round(count)) < 1e-9 and round(count) >= 1:
            return f"{round(count):,} in {denominator:,}"
    return None


@rule("numbers.percent-chance", "suggestion", opt_in=True, options={"below": 10.0},
      example="There is a 0.5% chance of a serious reaction.\n")
def percent_chance(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A small risk written as a percentage with decimals: "a 0.5% chance" -> "5 in 1,000".

    Lay readers understand natural frequencies ("5 in 1,000 people") better than percentages, and
    decimals and percentages under 1 most of all (Gigerenzer and Hoffrage, Psychological Review 1995;
    Gigerenzer et al., 2007; the CDC Clear Communication Index asks for "numbers the primary audience uses").

    Reported: a percentage below `below` (default 10) written with a decimal point, or below 1, when it is
    a chance: "a 0.5% chance (risk, likelihood, odds)", "2.5% of people (adults, children, patients)", "1.5%
    will develop (get, die, need)", in a sentence that gives no natural frequency already. Strengths and
    amounts stay quiet ("a 0.5% bleach solution", "1% hydrocortisone cream", "an HbA1c of 6.5%"). The
    suggestion is the same figure as "N in M". On the 68 CDC development pages: no findings.

    Opt-in: on the 68 CDC development pages it gave no findings, too few to judge the 40 a rule on
    by default must be judged on. Turn it on with `select` (its id or the `numbers` family), a severity in
    the config, or for one article with front matter `reviewer: {enable: [numbers]}`.
    """
    below = float(options.get("below", 10.0))
    for block, sentence, _following in _sentences(doc, ("%", "percent", "per cent")):
        text = sentence.text
        if "%" not in text and "percent" not in text and "per cent" not in text:
            continue
        if _FREQUENCY.search(text):
            continue
        for match in _CHANCE_PERCENT.finditer(text):
            number = re.match(r"\d+(?:\.\d+)?", match.group()).group()
            value = float(number)
            if value >= below or ("." not in number and value >= 1) or value == 0:
                continue
            frequency = natural_frequency(value)
            if frequency is None:
                continue
            yield doc.span_finding(block, sentence.start + match.start(), sentence.start + match.end(),
                                   f"\"{match.group()}\" as a chance is hard to picture; write \"{frequency}\"",
                                   suggestion=frequency)


_FORM_FREQUENCY = re.compile(r"\b\d[\d,]*\s+(?:in|out\s+of)\s+(?:every\s+)?\d[\d,]*\b", re.IGNORECASE)


@rule("numbers.mixed-forms", "suggestion", opt_in=True,
      example="About 1 in 3 adults has high blood pressure, and 20% of them do not know it.\n")
def mixed_forms(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """Risks compared in different forms in one paragraph: "1 in 3" next to "20%".

    Readers compare numbers best when they share one form and one denominator (CDC Clear Communication
    Index, numeracy items; Fagerlin, Zikmund-Fisher and Ubel, "Helping patients decide", J Natl Cancer Inst
    2011; Gigerenzer et al., 2007). Reported once per paragraph, at the percentage, when the paragraph gives
    a natural frequency ("1 in 3", "5 out of 100") and also a percentage that is a chance ("20% of adults",
    "a 5% risk"). Say both as "N in 100" (or both as percentages).

    Opt-in: it found nothing on the 68 CDC development pages, so its precision is unmeasured, and a
    paragraph can give two unrelated figures. Turn it on with `select` (its id or the `numbers` family), a
    severity in the config, or for one article with front matter `reviewer: {enable: [numbers]}`.
    """
    for block in doc.blocks:
        if block.kind == "heading":
            continue
        text = block.text
        if "%" not in text and "percent" not in text:
            continue
        frequency = _FORM_FREQUENCY.search(text)
        if not frequency:
            continue
        for match in _CHANCE_PERCENT.finditer(text):
            yield doc.span_finding(block, match.start(), match.end(),
                                   f"\"{match.group()}\" is compared with \"{frequency.group()}\" in another form; "
                                   "give both risks in one form (\"N in 100\")")
            break


_UNITS = {"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
          "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_NUMBER_WORDS = re.compile(
    r"\b(?:(?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?P<one>one|two|three|four|five|six|"
    r"seven|eight|nine)\b)?|(?P<teen>eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
    r"|(?P<mult>one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<big>hundred|thousand))\b(?!-)",
    re.IGNORECASE)
_IDIOMS = re.compile(r"fifty[- ]fifty|twenty[- ]four[- ]seven|twenty[- ]twenty|nineteen[- ]\w+ties", re.IGNORECASE)


@rule("numbers.spelled-out", "suggestion", opt_in=True,
      example="Wash your hands for twenty seconds.\n")
def spelled_out(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A number above ten written in words: "twenty seconds" -> "20 seconds".

    Numerals are quicker to find and read than words, and health-literacy and government style guides ask
    for them (CDC Clear Communication Index, "numbers the primary audience uses"; NHS digital service manual
    content style guide and GOV.UK style guide, "numbers": write numbers as numerals). Ten and below may
    stay words, as many house styles allow.

    Reported: eleven to ninety-nine and "two hundred", "three thousand". Quiet at the start of a sentence
    (house styles differ there), in names and titles (Title Case mid-sentence), for vague amounts
    ("hundreds of", "a hundred", "thousands") and idioms ("fifty-fifty"). Words from eleven to ninety-nine are
    fixable to numerals. On the 68 CDC development pages (which write numerals): no findings.

    Opt-in: on the 68 CDC development pages it gave no findings, too few to judge the 40 a rule on
    by default must be judged on. Turn it on with `select` (its id or the `numbers` family), a severity in
    the config, or for one article with front matter `reviewer: {enable: [numbers]}`.
    """
    for block in doc.blocks:
        if block.kind == "heading":
            continue
        text = block.text
        lower = text.lower()
        if not any(key in lower for key in ("ty", "teen", "eleven", "twelve", "hundred", "thousand")):
            continue
        for match in _NUMBER_WORDS.finditer(text):
            start, end = match.span()
            if _IDIOMS.match(text, start) or text[start - 1:start] == "-":
                continue
            sentence = block.sentence_at(start)
            if sentence is not None and text[sentence.start:start].strip(" \"'“‘(") == "":
                continue  # opens a sentence
            if text[start].isupper():
                continue  # a name or a title: "Twenty Questions"
            if match.group("big") and re.match(r"s?\s+of\b", text[end:]) or text[end:end + 1] == "s":
                continue
            value = _value(match)
            numeral = f"{value:,}"
            fix = fix_for(doc, block, start, end, numeral) if value < 100 else None
            yield doc.span_finding(block, start, end, f"write \"{match.group()}\" as a numeral: {numeral}",
                                   suggestion=numeral, fix=fix)


def _value(match: re.Match) -> int:
    if match.group("teen"):
        return _UNITS[match.group("teen").lower()]
    if match.group("tens"):
        return _TENS[match.group("tens").lower()] + (_ONES[match.group("one").lower()] if match.group("one") else 0)
    multiplier = _ONES.get(match.group("mult").lower(), 10)
    return multiplier * (100 if match.group("big").lower() == "hundred" else 1000)


_CALCULATION = re.compile(
    r"\b(?:mg|mcg|micrograms?|milligrams?|ml|units?)\s*(?:/|per|for\s+(?:each|every))\s*(?:kg|kilograms?|kilos?|"
    r"lbs?|pounds?)\b(?:\s+of\s+(?:body\s+)?weight)?"
    r"|\bper\s+(?:kg|kilogram|kilo|pound|lb)\s+of\s+(?:body\s+)?weight\b"
    r"|\b\d+(?:\.\d+)?\s?(?:%|percent)\s+of\s+(?:your|their|a\s+person's|the)\s+(?:total\s+)?(?:daily\s+)?"
    r"(?:calories|calorie\s+intake|energy\s+intake|energy|intake|body\s+weight|weight|salary|income)\b"
    r"|\b(?:multiply|divide|subtract|add\s+up)\b[^.!?]{0,60}\d"
    r"|\b(?:calculate|work\s+out)\s+(?:your|the|how)\b[^.!?]{0,60}\d",
    re.IGNORECASE)


_CALCULATION_KEYS = ("kg", "kilo", "pound", "lb", "%", "percent", "multiply", "divide", "subtract", "add up",
                     "calculate", "work out")


@rule("numbers.calculation", "suggestion", opt_in=True,
      example="Give 15 mg per kg of body weight every 6 hours.\n")
def calculation(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A figure the reader has to calculate: "15 mg per kg of body weight", "10% of your daily calories".

    The CDC Clear Communication Index asks "Does the material require the audience to conduct mathematical
    calculations?" and PEMAT-P item 7 "The material does not expect the user to perform calculations":
    many adults cannot do them reliably (Lipkus, Samsa and Rimer, Medical Decision Making 2001). Do the sum
    for the reader: a table of doses by weight, or "about 200 calories a day".

    Reported: doses per kilogram or pound of body weight ("mg/kg", "per kg of body weight"), a percentage
    of the reader's own calories, intake, weight or income, and instructions to multiply, divide,
    subtract, add up or work out a figure. On the 68 CDC development pages: no findings.

    Opt-in: on the 68 CDC development pages it gave no findings, too few to judge the 40 a rule on
    by default must be judged on. Turn it on with `select` (its id or the `numbers` family), a severity in
    the config, or for one article with front matter `reviewer: {enable: [numbers]}`.
    """
    for block, sentence, _following in _sentences(doc, _CALCULATION_KEYS):
        for match in _CALCULATION.finditer(sentence.text):
            yield doc.span_finding(block, sentence.start + match.start(), sentence.start + match.end(),
                                   f"\"{match.group()}\" asks the reader to calculate; do the sum for them "
                                   "(a table by weight, an amount)")
