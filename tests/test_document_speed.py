"""The Markdown reader's shortcuts give what the long way gives.

- Plain-text inlines skip markdown-it's inline parser: the token stream must equal stock markdown-it's (same
  options) on tricky inputs (tables, nested lists and quotes, HTML blocks, code fences, front matter, CRLF and
  CR, BOM, links with brackets, escapes and entities).
- `_align` maps text to source offsets a stretch at a time: it must give the offsets of the one-character-at-
  a-time walk it replaced (kept here as the reference) on generated text, and so must the whole reader.
- `looks_like_markdown` tries its signals only where one can start: it must agree with a plain scan.
"""

from __future__ import annotations

import html
import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reviewer.document import LINE_END, Document, parse
from reviewer.document.markdown import _ASCII_PUNCT, _ENTITY, MAX_NESTING, MarkdownReader, _align_offsets
from reviewer.document.metadata import _KEYWORDS
from reviewer.document.syntax import _SIGNALS, looks_like_markdown

TRICKY = {
    "table": "# T\n\n| a | b *c* |\n|---|:-:|\n| 1 &amp; 2 | [x](y) \\| z |\n| **bold** | `code` |\n\nafter\n",
    "nested lists and quotes": ("- one\n  - two **strong** text\n    - three [a [nested] link](http://x.org/a_(b)) end\n"
                                "      1. four\n\n        para in item\n> quote *em*\n> > deeper &copy; 2020\n"),
    "html blocks": ("<div id=\"top\">\n<p>hi</p>\n</div>\n\n<!-- reviewer-disable spelling -->\nSome text<!-- c --> "
                    "here &#x41;&#65;\\*not em\\*.\n\n<details>\n<summary>S</summary>\n\nInner para.\n\n</details>\n"),
    "code": ("Intro:\n\n```python\nx = 1 # not prose\n```\n\n    indented code\n\n~~~\nmore\n~~~\n\n## Heading ##\n\n"
             "Setext\n======\n\nSub *x*\n---\n"),
    "front matter": "---\ntitle: Front *matter*\nreviewer:\n  ignore: [spelling]\n---\n# Title\n\nBody text.\n",
    "crlf": "# Head\r\n\r\nLine one\r\nline two  \r\nline three\\\r\n**end**\r\n\r\n- a\r\n- b\r\n",
    "cr": "# Head\rline\rmore *x*\r",
    "bom": "\ufeff# BOM\n\nText &nbsp; with&nbsp;nbsp and \\_under\\_.\n",
    "links": ("See [a [nested] link](<dest with space> \"title\") and ![img *alt*](i.png) and <https://x.org> and "
              "[ref][r] and [r] and [broken] link.\n\n[r]: http://r.org \"T\"\n\nBare www.example.com, a@b.org.\n"),
    "emphasis and breaks": ("***both*** _under_ __strong__ ~~strike~~ *a **b** c* `` code ` tick `` x\\\ny\n\n"
                            "  leading spaces\n    continuation\n\tTabbed line\n"),
    "entities and escapes": "&amp;&lt;&gt;&quot;&#39;&eacute;&bogus; &#0; &#xFFFFFF; \\\\ \\` \\a !not image\n",
    "plain lines": "Just words here.\nAnd a second line of words.\n\nOne more: with punctuation, (brackets) # - + =.\n",
    "deep": "> " * 120 + "deep text\n\n" + "- " * 60 + "x\n",
    "heading markup": "# **Bold** heading with `code` and [link](x)\n\n### Trailing #s ###\n\n#Not heading\n\n1. 1e3IU\n",
}


def stock_parser(indented_code: bool) -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    if not indented_code:
        parser.disable("code")
    parser.validateLink = lambda url: True
    return parser


@pytest.mark.parametrize("indented_code", [True, False])
@pytest.mark.parametrize("name", sorted(TRICKY))
def test_plain_inlines_give_the_tokens_markdown_it_gives(name: str, indented_code: bool) -> None:
    source = TRICKY[name]
    ours = MarkdownReader.parser(indented_code).parse(source)
    stock = stock_parser(indented_code).parse(source)
    assert [t.as_dict() for t in ours] == [t.as_dict() for t in stock]


@given(st.text(alphabet="ab *_`~[]()!<>&;#\\\n-|:1.\t", max_size=120))
def test_plain_inlines_give_the_tokens_markdown_it_gives_on_generated_text(source: str) -> None:
    ours = MarkdownReader.parser(True).parse(source)
    stock = stock_parser(True).parse(source)
    assert [t.as_dict() for t in ours] == [t.as_dict() for t in stock]


def align_one_at_a_time(src: str, text: str, p: int, end: int) -> tuple[list[int], int]:
    """The walk `_align` replaced: each character of `text` to the next source position producing it."""
    offsets: list[int] = []
    for ch in text:
        q = p
        found = -1
        while q < end:
            s = src[q]
            if s == ch:
                found, p = q, q + 1
                break
            if s == "\\" and q + 1 < end and src[q + 1] == ch and ch in _ASCII_PUNCT:
                found, p = q + 1, q + 2
                break
            if s == "&":
                m = _ENTITY.match(src, q, end)
                if m and html.unescape(m.group()).startswith(ch):
                    found, p = q, m.end()
                    break
            q += 1
        if found < 0:
            found = max(0, min(p, len(src) - 1))
        offsets.append(found)
    return offsets, p


ALIGN_ALPHABET = "aab c*_\\&;#![]\n"


@given(st.text(alphabet=ALIGN_ALPHABET, max_size=80), st.text(alphabet=ALIGN_ALPHABET, max_size=40),
       st.integers(0, 90), st.integers(0, 90))
def test_align_gives_the_offsets_of_the_one_character_walk(src: str, text: str, p: int, end: int) -> None:
    end = min(end, len(src))
    p = min(p, end)
    assert _align_offsets(src, text, p, end) == align_one_at_a_time(src, text, p, end)


def test_align_on_long_text_after_markup() -> None:
    rng = random.Random(13)
    for _ in range(200):
        words = " ".join(rng.choice(["dose", "&amp;", "\\*", "**", "a", "mg", "x" * 40]) for _ in range(60))
        src = rng.choice(["## ", "**", "\t", "  ", ""]) + words
        text = words.replace("**", "").replace("\\*", "*").replace("&amp;", "&")
        for end in (len(src), len(src) // 2):
            assert _align_offsets(src, text, 0, end) == align_one_at_a_time(src, text, 0, end)


def test_reader_offsets_point_at_the_characters_they_stand_for() -> None:
    for name, source in TRICKY.items():
        doc = parse(source.lstrip("\ufeff"), f"{name}.md")
        for block in doc.blocks:
            for ch, offset in zip(block.text, block.offsets):
                produced = doc.source[offset]
                assert produced == ch or produced in "&\\\r\n " or ch == " ", (name, block.text, ch, produced)


def signals_plain_scan(text: str) -> bool:
    """`looks_like_markdown` as it was, scanning with `_SIGNALS.finditer`."""
    searched = 0
    for match in _SIGNALS.finditer(text):
        if not match.group().startswith("]"):
            return True
        line_start = text.rfind("\n", searched, match.start()) + 1 or searched
        if text.find("[", max(line_start, searched), match.start()) >= 0:
            return True
        searched = match.start()
    return False


@given(st.text(alphabet="ab *_\\[]():#<>h/\"\n\t.-", max_size=100))
def test_markdown_signals_found_where_a_plain_scan_finds_them(text: str) -> None:
    assert looks_like_markdown(text) == signals_plain_scan(text)


@pytest.mark.parametrize("text", [
    "Plain words only.\nMore words.", "a ](b) [c", "[x](y)", "x](y) on a line without an opener", " [ref]: http://x",
    "   # Heading", "    # code, not heading", "**bold**", "a__b__c", "snake_case_name", "\\(", "<https://x.org>",
    "* not emphasis *", "2 * 3 * 4", "](a) [b](c)", "[a\n](b)", "# Heading", "Text\n## Sub heading",
    "[ref]: http://x.org", "Text\n[ref]: http://x.org", "a\\*b", "x <mailto:a@b.org> y",
])
def test_markdown_signals_on_known_shapes(text: str) -> None:
    assert looks_like_markdown(text) == signals_plain_scan(text)


@given(st.text(alphabet="ab\n\r \t", max_size=60))
def test_line_starts_are_where_commonmark_lines_start(source: str) -> None:
    starts = [0] + [m.end() for m in LINE_END.finditer(source)]
    assert Document(path="x.md", source=source)._line_starts == starts


def test_cached_properties_are_computed_once_and_kept() -> None:
    doc = parse("# Title\n\nTwo words. Then more words here.\n", "x.md")
    block = doc.blocks[1]
    assert block.words is block.words and block.sentences is block.sentences
    assert [w.text for w in block.words] == ["Two", "words", "Then", "more", "words", "here"]
    assert block.folded_words == ["two", "words", "then", "more", "words", "here"]
    assert [s.text for s in block.sentences] == ["Two words.", "Then more words here."]
    assert "words" in vars(block) and type(block).words.__doc__.startswith("Words of the block")


# The metadata-lines key words, as searched before the look-ahead on their first letters was added.
_KEYWORDS_PLAIN = re.compile(r"review|updated|modified|edited|revised|published|created|source|author|editor|publisher|"
                             r"contributor|written|supplied|provided|copyright|©|\(c\)", re.I)


def _first_match(pattern: re.Pattern, text: str) -> tuple[int, int] | None:
    match = pattern.search(text)
    return match.span() if match else None


@given(st.text(alphabet="rReEvViIwWsSſKkuUpPdDaAtTcCoO()© İı\n", max_size=60))
def test_metadata_key_words_found_where_the_plain_alternation_finds_them(text: str) -> None:
    assert _first_match(_KEYWORDS, text) == _first_match(_KEYWORDS_PLAIN, text)


@pytest.mark.parametrize("text", ["Page last REVIEWED: March 2024", "ſource: CDC", "(C) 2024 the publisher", "© NHS",
                                  "Written by our editors", "Nothing to see here.", "Updated"])
def test_metadata_key_words_on_known_shapes(text: str) -> None:
    assert _first_match(_KEYWORDS, text) == _first_match(_KEYWORDS_PLAIN, text)
