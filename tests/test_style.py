"""style.all-caps: what it reports, and a suggestion that keeps the article's acronyms."""

from __future__ import annotations

from conftest import AS_OF
from reviewer.lint.engine import lint_text


def suggestions(text: str) -> list[str | None]:
    return [f.suggestion for f in lint_text(text, select=["style.all-caps"], as_of=AS_OF)]


def test_the_suggestion_keeps_acronyms_the_article_uses_and_readers_know():
    text = ("# Page\n\nHIV is treatable and your GP can help.\n\n"
            "DO NOT STOP TAKING YOUR HIV MEDICINE WITHOUT ASKING YOUR GP, EVEN IN THE UK.\n")
    assert suggestions(text) == ["Do not stop taking your HIV medicine without asking your GP, even in the UK."]


def test_a_shouted_heading_becomes_sentence_case():
    assert suggestions("# IMPORTANT SAFETY ADVICE FOR EVERYONE\n\nSome text here.\n") == [
        "Important safety advice for everyone"]


def test_acronyms_alone_are_not_shouting():
    assert suggestions("# Page\n\nAsk about PrEP, PEP and HIV tests at your GP surgery.\n") == []
