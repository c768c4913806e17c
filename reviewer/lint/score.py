"""`reviewer score [PATHS]`: an article scorecard against the CDC Clear Communication Index and PEMAT.

For each article, the items of the CDC Clear Communication Index (CCI; CDC, 2019 edition of the Index and
its User Guide) and of the Patient Education Materials Assessment Tool for printable materials (PEMAT-P;
AHRQ, Shoemaker, Wolf and Brach, 2013, revised 2020) that a program can judge honestly are marked `met` or
`not met`, each with its evidence line; the items only a person can judge are listed as `needs a person`,
never guessed. The score is the share of machine-judged items met. `--fail-under N` exits 1 when an
article scores below N percent; exit 2 is for usage and file errors, as with `reviewer lint`.

Which rule or measure decides each item is in ITEMS (and in the README's "reviewer score" section).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Collection, Mapping, Sequence

import click

from reviewer.document import Document
from reviewer.lint.finding import Finding

MET, NOT_MET, PERSON = "met", "not met", "needs a person"


@dataclass(frozen=True)
class Item:
    """One scorecard item: an id, the instruments and item numbers it comes from, what it asks, how it is judged."""

    id: str
    source: str
    title: str
    how: str


@dataclass
class Mark:
    """An item's result for one article."""

    id: str
    source: str
    title: str
    status: str
    evidence: str = ""
    line: int | None = None


@dataclass
class Scorecard:
    path: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def judged(self) -> int:
        return sum(m.status in (MET, NOT_MET) for m in self.marks)

    @property
    def met(self) -> int:
        return sum(m.status == MET for m in self.marks)

    @property
    def score(self) -> int | None:
        return round(100 * self.met / self.judged) if self.judged else None

    def to_dict(self) -> dict:
        return {"path": self.path, "score": self.score, "met": self.met, "judged": self.judged,
                "items": [asdict(m) for m in self.marks]}


ITEMS = (
    Item("call-to-action", "CCI core item 'calls to action'; PEMAT-P 20", "A call to action for the reader",
         "met when a sentence tells the reader what to do: it opens with an instruction ('Take', 'Call', "
         "'Do not'), says 'you should / you need to / you must', or says what people should do ('Patients "
         "should ...'; item 21 then asks for 'you')"),
    Item("addresses-reader", "PEMAT-P 21", "Addresses the reader directly",
         "met when the page says 'you' or gives the reader instructions (voice.reader-not-addressed)"),
    Item("active-voice", "PEMAT-P 5; CCI core item 'active voice'", "Uses the active voice",
         "met when at most the voice.passive-share max_share (25%) of body sentences are passive"),
    Item("everyday-words", "PEMAT-P 3; CCI core item 'words the primary audience uses'",
         "Common, everyday language",
         "met when the reading grade is at or below the readability.grade target (SMOG 8); needs a person for "
         "articles under its min_words (100)"),
    Item("terms-defined", "PEMAT-P 4", "Medical terms and abbreviations are defined",
         "met when jargon.undefined and acronyms.undefined find nothing"),
    Item("numbers-clear", "PEMAT-P 6; CCI numbers items ('numbers the primary audience uses')",
         "Numbers are clear and easy to understand",
         "met when numbers.spelled-out, numbers.percent-chance and numbers.relative-risk find nothing"),
    Item("no-calculation", "PEMAT-P 7; CCI numbers item 'mathematical calculations'",
         "No calculation for the reader", "met when numbers.calculation finds nothing"),
    Item("chunks", "PEMAT-P 8; CCI information design ('organized in chunks')",
         "Information in short sections", "met when structure.long-paragraph and structure.wall-of-text find nothing"),
    Item("headings", "PEMAT-P 9; CCI information design ('chunks with headings')", "Sections have headings",
         "met when an article over 300 words has at least two headings below its title (or any heading, under "
         "300 words); whether they are informative needs a person"),
    Item("lists", "CCI information design ('bulleted or numbered lists'); PEMAT-P 12 (visual cues)",
         "Uses bulleted or numbered lists", "met when the article has a list"),
    Item("summary", "PEMAT-P 11; CCI 'most important information summarized'", "Provides a summary",
         "met when a heading or a list's lead-in names a summary (Summary, Key points, At a glance, In short, "
         "What you need to know, The main points)"),
)
PERSON_ITEMS = (
    ("CCI core: one main message statement, at the top, emphasised with visual cues", "main message"),
    ("CCI core: a visual that conveys or supports the main message; PEMAT-P 15-19 (visual aids)", "visuals"),
    ("CCI behavioural recommendations: why it matters, and how to do it", "behaviour"),
    ("CCI numbers: the material explains what the numbers mean", "numbers explained"),
    ("CCI risk: the nature of the risk, risks and benefits, probability explained in words or a visual", "risk"),
    ("CCI: what authorities know and do not know (state of the science)", "science"),
    ("PEMAT-P 1, 2, 10: purpose evident, no distractions, logical sequence", "purpose and order"),
)
LINT_RULES = ("voice.reader-not-addressed", "jargon.undefined", "acronyms.undefined", "numbers.spelled-out",
              "numbers.percent-chance", "numbers.relative-risk", "numbers.calculation", "structure.long-paragraph",
              "structure.wall-of-text", "readability.grade")
_SUMMARY = re.compile(r"^(?:summary|in summary|key points?|key messages?|key facts|at a glance|in short|the main points|"
                      r"main points|what you need to know|the bottom line|quick facts|overview)\b", re.IGNORECASE)
_YOU_SHOULD = re.compile(r"\byou (?:should|need to|must|have to)\b", re.IGNORECASE)
_THEY_SHOULD = re.compile(r"\b(?:patients?|people|adults|parents|carers|caregivers|everyone|anyone|those|individuals|"
                          r"employees|staff|students|women|men|children)\b[^.!?;]{0,40}?\b(?:should|must|needs? to)\b",
                          re.IGNORECASE)


def score_article(doc: Document, findings: Sequence[Finding], options: Mapping[str, Mapping[str, object]],
                  grade: Callable[[Document], tuple[float, bool]], switched_off: Collection[str] = ()) -> Scorecard:
    """The scorecard of one article, from its Document, its findings for LINT_RULES, the rules' options,
    `grade(doc)` -> (reading grade, long enough to grade) and the rules the config switched off (an item
    that rests on one of them needs a person: no finding from a rule that did not run proves nothing)."""
    from reviewer.language.voice import YOU, is_instruction_to_reader
    from reviewer.lint.checks.voice import passive_share

    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    card = Scorecard(doc.path)
    items = {item.id: item for item in ITEMS}

    def mark(item_id: str, status: str, evidence: str, line: int | None = None) -> None:
        item = items[item_id]
        card.marks.append(Mark(item.id, item.source, item.title, status, evidence, line))

    def from_rules(item_id: str, rules: Sequence[str], met_text: str) -> None:
        off = [r for r in rules if r in switched_off]
        if off:
            mark(item_id, PERSON, f"{', '.join(off)} switched off in the config")
            return
        found = sorted((f for r in rules for f in by_rule.get(r, ())), key=lambda f: (f.line, f.column))
        if found:
            first = found[0]
            mark(item_id, NOT_MET, f"{len(found)} finding(s) of {', '.join(sorted({f.rule for f in found}))}; "
                                   f"first: {first.message}", first.line)
        else:
            mark(item_id, MET, met_text)

    body = [b for b in doc.blocks if b.kind != "heading"]
    line_of = lambda block, sentence: doc.line_col(block.source_offset(sentence.start))[0]  # noqa: E731

    action = third_person = None
    for block in body:
        for sentence in block.sentences:
            lower = [w.text.lower().replace("’", "'") for w in sentence.words]
            if is_instruction_to_reader(lower) or _YOU_SHOULD.search(sentence.text):
                action = (block, sentence)
                break
            if third_person is None and _THEY_SHOULD.search(sentence.text):
                third_person = (block, sentence)
        if action:
            break
    direct = action is not None
    action = action or third_person
    if action:
        mark("call-to-action", MET, _quote(action[1].text), line_of(*action))
    else:
        mark("call-to-action", NOT_MET, "no sentence tells the reader what to do")

    you = next(((b, w) for b in body for w in b.words if w.text.lower().replace("’", "'") in YOU), None)
    if you:
        mark("addresses-reader", MET, f"\"{you[1].text}\"", doc.line_col(you[0].source_offset(you[1].start))[0])
    elif direct:
        mark("addresses-reader", MET, "instructions to the reader", line_of(*action))
    else:
        problem = by_rule.get("voice.reader-not-addressed")
        mark("addresses-reader", NOT_MET, problem[0].message if problem else "the page never says \"you\"",
             problem[0].line if problem else None)

    passive, total = passive_share(doc)
    limit = float(options.get("voice.passive-share", {}).get("max_share", 0.25))
    if total == 0:
        mark("active-voice", PERSON, "no body sentences to judge")
    else:
        share = len(passive) / total
        worst = passive[0] if passive else None
        line = line_of(worst[0].block, worst[0]) if worst else None
        evidence = f"{share:.0%} of {total} sentences passive (at most {limit:.0%})" + \
                   (f"; first: {_quote(worst[0].text)}" if worst else "")
        mark("active-voice", MET if share <= limit else NOT_MET, evidence, line)

    value, gradable = grade(doc)
    target = float(options.get("readability.grade", {}).get("target", 8.0))
    if not gradable:
        mark("everyday-words", PERSON, "too short to grade")
    else:
        mark("everyday-words", MET if value <= target else NOT_MET, f"reading grade {value:.1f} (target {target:g})")

    from_rules("terms-defined", ("jargon.undefined", "acronyms.undefined"), "no undefined term or acronym found")
    from_rules("numbers-clear", ("numbers.spelled-out", "numbers.percent-chance", "numbers.relative-risk"),
               "no spelled-out number, percentage chance or bare relative risk found")
    from_rules("no-calculation", ("numbers.calculation",), "no calculation found")
    from_rules("chunks", ("structure.long-paragraph", "structure.wall-of-text"), "no long paragraph or wall of text")

    words = sum(len(b.words) for b in body)
    headings = [b for b in doc.blocks if b.kind == "heading"]
    below_title = headings[1:] if headings and headings[0].level <= 1 else headings
    needed = 2 if words > 300 else 1 if words > 150 else 0
    first_heading = below_title[0] if below_title else None
    heading_line = doc.line_col(first_heading.source_offset(0))[0] if first_heading else None
    mark("headings", MET if len(below_title) >= needed else NOT_MET,
         f"{len(below_title)} heading(s) below the title for {words} words (at least {needed})", heading_line)

    lists = [b for b in doc.blocks if b.kind == "list_item"]
    if lists:
        mark("lists", MET, f"{len(lists)} list item(s)", doc.line_col(lists[0].source_offset(0))[0])
    else:
        mark("lists", NOT_MET, "no bulleted or numbered list")

    summary = next((b for b in doc.blocks if b.kind in ("heading", "paragraph") and _SUMMARY.match(b.text.strip())),
                   None)
    if summary:
        mark("summary", MET, _quote(summary.text), doc.line_col(summary.source_offset(0))[0])
    else:
        mark("summary", NOT_MET, "no heading or lead-in names a summary (Summary, Key points, At a glance, ...)")

    images = sum(link.image for link in doc.links)
    for title, key in PERSON_ITEMS:
        evidence = f"{images} image(s)" if key == "visuals" else ""
        if key == "main message":
            first = next((s for b in body for s in b.sentences), None)
            evidence = f"opening sentence: {_quote(first.text)}" if first else ""
        card.marks.append(Mark(key.replace(" ", "-"), title.split(":")[0], title, PERSON, evidence))
    return card


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return f"\"{text[:limit - 1]}…\"" if len(text) > limit else f"\"{text}\""


# --------------------------------------------------------------------------- rendering


def render_json(cards: Sequence[Scorecard]) -> str:
    return json.dumps({"version": 1, "articles": [c.to_dict() for c in cards]}, indent=2, ensure_ascii=False) + "\n"


def _score_text(card: Scorecard) -> str:
    if card.score is None:
        return "no machine-judged items"
    return f"score {card.score}% ({card.met} of {card.judged} machine-judged items met)"


def render_text(cards: Sequence[Scorecard]) -> str:
    out = []
    for card in cards:
        out.append(f"{card.path}  {_score_text(card)}")
        judged = [m for m in card.marks if m.status != PERSON]
        width = max((len(m.title) for m in judged), default=0)
        for m in judged:
            where = f"line {m.line}: " if m.line else ""
            out.append(f"  {m.status:<8} {m.title.ljust(width)}  {where}{m.evidence}")
        people = [m for m in card.marks if m.status == PERSON]
        if people:
            out.append("  needs a person:")
            out.extend(f"    - {m.title}" + (f" ({m.evidence})" if m.evidence else "") for m in people)
        out.append("")
    scored = [c.score for c in cards if c.score is not None]
    if scored:
        out.append(f"{len(cards)} article(s); mean score {sum(scored) / len(scored):.0f}%, lowest {min(scored)}%")
    return "\n".join(out) + "\n"


def render_markdown(cards: Sequence[Scorecard]) -> str:
    out = ["# Article scorecards", "",
           "Items of the CDC Clear Communication Index (CCI) and PEMAT-P that a program can judge; "
           "the rest need a person.", ""]
    for card in cards:
        out += [f"## {card.path}", "", f"**{_score_text(card)}**", "", "| item | source | result | evidence |",
                "|---|---|---|---|"]
        for m in card.marks:
            where = f"line {m.line}: " if m.line else ""
            evidence = f"{where}{m.evidence}".replace("|", "\\|")
            out.append(f"| {m.title} | {m.source} | {m.status} | {evidence} |")
        out.append("")
    return "\n".join(out)


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}


# --------------------------------------------------------------------------- command


@click.command("score")
@click.argument("paths", nargs=-1)
@click.option("--format", "output_format", type=click.Choice(list(RENDERERS)), default="text", show_default=True,
              help="Output format.")
@click.option("--fail-under", type=click.IntRange(0, 100), default=None,
              help="Exit 1 when any article scores below this percentage.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file.")
def score_command(paths, output_format, fail_under, config_path) -> None:
    """Score each article against the CDC Clear Communication Index and PEMAT-P understandability items a
    program can judge: each item met, not met, or needs a person, with its evidence line.

    PATHS are files or folders (default: the working directory), found as `reviewer lint` finds them.
    The score is the share of machine-judged items met; items that need a person are listed, never
    guessed. Exit codes: 0, 1 with --fail-under when an article scores below it, 2 for usage or file errors.
    """
    from reviewer.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, load_run_config
    from reviewer.lint.discover import read_articles
    from reviewer.lint.engine import LintSettings, Linter, rule_options
    from reviewer.lint.grade import article_files, grade_article, settings_from
    from reviewer.lint.registry import rules_by_id
    from reviewer.lint.rulepack import PackError

    config = load_run_config(config_path)
    rules = rules_by_id()
    options = {rule_id: rule_options(rules[rule_id], config) for rule_id in (*LINT_RULES, "voice.passive-share")}
    grade_settings = settings_from(options["readability.grade"], None, None)

    def grade(doc: Document) -> tuple[float, bool]:
        row = grade_article(doc, grade_settings)
        return row.grade, row.passed is not None

    found = article_files(paths, config, Path.cwd())
    for problem in found.problems():
        click.echo(f"reviewer: error: {problem}", err=True)
    try:
        linter = Linter(LintSettings(config, date.today(), LINT_RULES))
    except PackError as exc:
        click.echo(f"reviewer: error: {exc}", err=True)
        raise SystemExit(EXIT_ERROR) from None
    switched_off = set(LINT_RULES) - {r.id for r, _severity, _options in linter.rules}
    unreadable: list[str] = []
    cards = [score_article(doc, linter.lint_document(doc).findings, options, grade, switched_off)
             for doc in read_articles(found, config, unreadable)]
    for problem in unreadable:
        click.echo(f"reviewer: error: {problem}", err=True)
    click.echo(RENDERERS[output_format](cards), nl=False)
    if found.missing or unreadable:
        raise SystemExit(EXIT_ERROR)
    below = fail_under is not None and any(c.score is not None and c.score < fail_under for c in cards)
    raise SystemExit(EXIT_FINDINGS if below else EXIT_OK)
