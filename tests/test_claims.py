"""Claims: time-relative phrases, with the article's review date in the message."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AS_OF, ROOT
from reviewer.lint.checks.claims import _compile
from reviewer.config import parse_config
from reviewer.lint.engine import lint_text
from reviewer.lint.rulepack import PackError


def found(text, config=None):
    return [(text[f.start:f.end], f.message) for f in lint_text(text, select=["claims"], as_of=AS_OF, config=config)]


@pytest.mark.parametrize("text, phrase", [
    ("Recent research shows it works.", "Recent research"),
    ("New studies suggest it works.", "New studies"),
    ("There is currently no cure.", "currently"),
    ("PrEP is now widely available.", "now widely available"),
    ("Experts now think it helps.", "Experts now think"),
    ("There are now several treatments.", "There are now"),
    ("It was recently approved.", "recently approved"),
    ("The latest research shows it helps.", "The latest"),
    ("According to the latest guidance, it is safe.", "the latest"),
    ("Get this year’s flu vaccine.", "this year’s"),
    ("There is no information yet about pregnancy.", "There is no information yet"),
    ("To date, no cases have been found.", "To date"),
])
def test_claims_that_date(text, phrase):
    assert [p for p, _ in found(text)] == [phrase]


@pytest.mark.parametrize("text", [
    "Call 999 now.",
    "From now on, take it daily.",
    "Right now you may feel well.",
    "Tell your doctor about medicines you are currently taking.",
    "People who are currently pregnant need a different dose.",
    "Take it within 72 hours at the latest.",
    "Ask for the latest advice.",
    "For the latest advice, visit the travel pages.",
    "The latest updates are available on our website.",
    "In 2021 there was currently no vaccine.",
    "Employers that do not currently offer sick pay should plan for it.",
    "It spreads from a person who is currently sick with flu.",
    "Be sure to review the latest recommendations from your council.",
    "Keep your records up to date.",
    "You may feel you do not need treatment yet.",
    "If you start a new treatment, tell your pharmacist.",
    "Have a flu vaccine every year.",
    "Do not stop now.",
])
def test_everyday_uses_stay_quiet(text):
    assert found(text) == []


def test_message_gives_the_review_date_from_the_configured_keys():
    text = "---\nlast_reviewed: 2024-05-02\nchecked_on: 2025-01-09\n---\nRecent research shows it works.\n"
    [(_, message)] = found(text)
    assert "last reviewed 2 May 2024" in message
    config = parse_config({"review": {"last_reviewed_keys": ["checked_on"]}}, "reviewer.toml", Path("."))
    [(_, message)] = found(text, config)
    assert "last reviewed 9 January 2025" in message
    [(_, message)] = found("Recent research shows it works.\n")
    assert "no review date" in message


@pytest.mark.parametrize("text, shown", [
    ("---\nlast_reviewed: 2024-05-02\n---\n", "2 May 2024"),
    ("---\nreviewed: July 2025\n---\n", "July 2025"),
    ("Reviewed July 2025\n\n", "July 2025"),  # an in-body review line: the review rules read it, so do we
    ("Page last reviewed: 4 February 2021\n\n", "4 February 2021"),
    ("---\nlast_reviewed: soon\n---\n", "soon"),  # unreadable: shown as written
    ("---\nlast_reviewed: '  '\n---\n", None),
])
def test_the_claim_names_the_review_date_the_review_rules_read(text, shown):
    [(_, message)] = found(text + "Recent research shows it works.\n")
    assert (f"article last reviewed {shown}" if shown else "the article gives no review date") in message


@pytest.mark.parametrize("entry, message", [
    ({"match": ["a"], "pattern": "a"}, "exactly one of"),
    ({}, "exactly one of"),
    ({"pattern": "("}, "invalid pattern"),
    ({"match": []}, "must be a list of phrases"),
    ({"match": ["new data"], "words": ["new"]}, "'words' goes with 'pattern'"),
    ({"pattern": "right now", "words": ["right now"]}, "single words"),
])
def test_a_malformed_claims_entry_is_a_clear_pack_error(entry, message):
    with pytest.raises(PackError, match=message):
        _compile({"phrase": "x", "reason": "r", "advice": "a", **entry})


def test_the_words_of_an_entry_never_hide_a_match():
    """A block is searched only for the entries whose words it holds: no entry may match without them."""
    from reviewer.lint.checks.claims import time_relative_phrases
    from reviewer.document import parse
    from reviewer.lint.rulepack import Packs

    texts = []
    for path in [*sorted((ROOT / "articles").glob("*.*")),
                 *sorted((ROOT / "tests" / "fixtures" / "rules" / "claims.time-relative").glob("*.*"))]:
        if path.suffix in (".md", ".txt"):
            texts += [block.text for block in parse(path.read_text(encoding="utf-8"), path.name).blocks]
    phrases = time_relative_phrases(Packs())
    hidden = [(entry.phrase, text) for text in texts for entry in phrases
              if entry.pattern.search(text) and not entry.may_match(text.lower())]
    assert hidden == [] and sum(bool(e.pattern.search(t)) for t in texts for e in phrases) > 10


# --------------------------------------------------------------------------- one finding per span of text


def test_a_word_two_rules_report_is_reported_once_by_the_more_specific_rule(tmp_path):
    """"currently" as a formal word (a project's plain-words pack) and as a dated claim: the claim speaks."""
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "plain-words.yml").write_text(
        "pack: plain-words\ndescription: test\nentries:\n  - {phrase: currently, plain: now}\n", encoding="utf-8")
    (tmp_path / "reviewer.toml").write_text('rule_packs = ["packs"]\n', encoding="utf-8")
    from reviewer.config import load_config

    config = load_config(tmp_path / "reviewer.toml")
    text = "# Flu\n\nThere is currently no cure. Medicines you currently take are fine.\n"
    findings = lint_text(text, select=["plain", "claims"], as_of=AS_OF, config=config)
    assert [(f.rule, text[f.start:f.end], f.line) for f in findings] == [
        ("claims.time-relative", "currently", 3)]
    alone = lint_text(text, select=["plain"], as_of=AS_OF, config=config)
    assert [(f.rule, text[f.start:f.end]) for f in alone] == [("plain.simpler-word", "currently")]


def test_one_finding_per_span_keeps_sentence_findings_and_empty_spans():
    from reviewer.lint.finding import Finding, Severity
    from reviewer.lint.overlaps import one_finding_per_span

    def at(rule, start, end, severity=Severity.SUGGESTION):
        return Finding("a.md", 1, start + 1, 1, end + 1, rule, severity, rule, start=start, end=end)

    word = at("plain.simpler-word", 10, 19)
    claim = at("claims.time-relative", 10, 19)
    phrase = at("claims.time-relative", 4, 25)
    sentence = at("readability.long-sentence", 0, 200)
    whole = at("review.missing", 0, 0, Severity.WARNING)
    general = {"plain.simpler-word"}
    assert one_finding_per_span([word, claim, sentence, whole], general) == [claim, sentence, whole]
    assert one_finding_per_span([word, phrase], general) == [phrase]
    assert one_finding_per_span([word, sentence, whole], general) == [word, sentence, whole]
    louder = at("units.missing", 10, 19, Severity.ERROR)
    assert one_finding_per_span([claim, louder], set()) == [louder]
