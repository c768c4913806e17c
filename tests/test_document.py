"""The document model: offsets, front matter, what is prose and what is not, sentences, plain text."""

from __future__ import annotations

import pytest

from reviewer.document import heading_slug, parse, split_sentences
from reviewer.document.decode import decode_document


def words_at(doc):
    """Each word with the source text at its mapped offset, to prove the offset map."""
    for block in doc.blocks:
        for word in block.words:
            start = block.source_offset(word.start)
            end = block.source_end(word.end)
            yield word.text, doc.source[start:end], doc.line_col(start)


def test_offsets_survive_multibyte_characters_and_tabs():
    doc = parse("# Café naïve\n\nDose:\tµg and 🙂 emoji then target word.\n", "a.md")
    found = {text: (src, pos) for text, src, pos in words_at(doc)}
    assert found["naïve"] == ("naïve", (1, 8))
    # a tab is one character; an emoji is one character (columns count characters, not bytes)
    assert found["target"] == ("target", (3, 27))


def test_offsets_with_crlf_and_bom():
    raw = "\ufeff# Title\r\n\r\nFirst line\r\nsecond *line* here.\r\n".encode("utf-8")
    doc = decode_document(raw, "a.md")
    assert doc.bom and doc.newline == "\r\n"
    found = {text: (src, pos) for text, src, pos in words_at(doc)}
    assert found["second"] == ("second", (4, 1))
    assert found["here"] == ("here", (4, 15))
    assert found["Title"][1] == (1, 3)  # the BOM is not a column


@pytest.mark.parametrize("kind", ["markdown", "text"])
def test_a_lone_carriage_return_ends_a_line_as_commonmark_says(kind):
    # Old Mac line ends, or a stray CR pasted in: markdown-it counts it as a line end, so must we.
    source = "---\rtitle: Doses\r---\r# Title\r\rFirst line\rsecond line here.\n\nLast one\r\nends.\r"
    doc = parse(source, "a.md" if kind == "markdown" else "a.txt")
    assert doc.front_matter == {"title": "Doses"} and doc.front_matter_lines == {"title": 2}
    found = {text: (src, pos) for text, src, pos in words_at(doc)}
    assert found["second"] == ("second", (7, 1))
    assert found["here"] == ("here", (7, 13))
    assert found["ends"] == ("ends", (10, 1))
    assert doc.line_text(6) == "First line" and doc.line_text(9) == "Last one"


def test_escapes_entities_and_emphasis_are_resolved_in_prose():
    doc = parse("Antiretroviral therapy \\(ART\\) &amp; **bold** _it_.\n", "a.md")
    block = doc.blocks[0]
    assert block.text == "Antiretroviral therapy (ART) & bold it."
    art = block.text.index("ART")
    assert doc.source[block.source_offset(art) : block.source_end(art + 3)] == "ART"
    paren = block.text.index("(")
    assert doc.source[block.source_offset(paren)] == "("  # the escaped character, not the backslash


def test_code_html_comments_and_destinations_are_not_prose():
    source = (
        "Take `metformin --daily` with food <b>now</b>.\n\n"
        "```\nNOT PROSE AT ALL\n```\n\n"
        "    indented code block\n\n"
        "<!-- a comment -->\n\n"
        "See [the leaflet](https://example.org/long/path.html \"Title here\") and ![a chart](chart.png).\n"
        "Visit https://www.nhs.uk/conditions now or <https://cdc.gov>.\n"
    )
    doc = parse(source, "a.md")
    prose = " ".join(b.text for b in doc.blocks)
    for absent in ("metformin", "NOT PROSE", "indented", "comment", "example.org", "chart.png", "Title here", "<b>"):
        assert absent not in prose
    assert "the leaflet" in prose and "a chart" in prose  # link text and alt text are prose
    words = {w.text for b in doc.blocks for w in b.words}
    assert "nhs" not in words and "www" not in words and "cdc" not in words
    assert [link.destination for link in doc.links] == [
        "https://example.org/long/path.html", "chart.png", "https://cdc.gov"]
    assert [c.body for c in doc.comments] == [" a comment "]


def test_link_spans_point_at_the_source():
    doc = parse("Read [our guide](guide.md#dosing) today.\n", "a.md")
    link = doc.links[0]
    assert doc.source[link.start : link.end] == "[our guide](guide.md#dosing)"
    assert doc.source[link.dest_start : link.dest_end] == "guide.md#dosing"
    assert link.text == "our guide"


def test_front_matter_is_parsed_apart_and_keeps_dates_as_strings():
    doc = parse("---\ntitle: Kidneys\nlast_reviewed: 2024-13-01\ntags: [a, b]\n---\n# Kidneys\n\nText.\n", "a.md")
    assert doc.front_matter == {"title": "Kidneys", "last_reviewed": "2024-13-01", "tags": ["a", "b"]}
    assert doc.front_matter_lines == {"title": 2, "last_reviewed": 3, "tags": 4}
    assert [b.text for b in doc.blocks] == ["Kidneys", "Text."]
    assert doc.problems == []


def test_malformed_front_matter_is_a_finding_and_the_body_is_still_read():
    doc = parse("---\ntitle: Kidney health: what to know\n---\n# Kidneys\n\nText.\n", "a.md")
    assert [(p.rule, p.line) for p in doc.problems] == [("document.front-matter", 2)]
    assert "mapping values" in doc.problems[0].message
    assert [b.text for b in doc.blocks] == ["Kidneys", "Text."]


def test_front_matter_must_be_a_mapping():
    doc = parse("---\n- a\n- b\n---\nText.\n", "a.md")
    assert doc.problems and "mapping" in doc.problems[0].message


def test_a_thematic_break_later_is_not_front_matter():
    doc = parse("# Title\n\n---\n\nText.\n", "a.md")
    assert doc.front_matter == {} and doc.problems == []


def test_block_kinds_sections_and_tables():
    source = ("# Title\n\nIntro.\n\n## Part\n\n- item\n\n> quoted\n\n| Test | Range |\n|---|---|\n"
              "| HbA1c | 20-42 |\n")
    doc = parse(source, "a.md")
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert kinds == [("heading", "Title"), ("paragraph", "Intro."), ("heading", "Part"), ("list_item", "item"),
                     ("blockquote", "quoted"), ("table_cell", "Test"), ("table_cell", "Range"),
                     ("table_cell", "HbA1c"), ("table_cell", "20-42")]
    assert [b.section for b in doc.blocks] == [0, 0, 2, 2, 2, 2, 2, 2, 2]
    cell = doc.blocks[-2]
    assert doc.line_col(cell.source_offset(0)) == (13, 3)


@pytest.mark.parametrize("text, expected", [
    ("Take 2.5 mg twice a day. It helps.", ["Take 2.5 mg twice a day.", "It helps."]),
    ("About 5.7% of adults. Most are fine.", ["About 5.7% of adults.", "Most are fine."]),
    ("Ask Dr. Patel, e.g. at a clinic. Then rest.", ["Ask Dr. Patel, e.g. at a clinic.", "Then rest."]),
    ("Vitamins vs. minerals matter i.e. both. Really?", ["Vitamins vs. minerals matter i.e. both.", "Really?"]),
    ("Take 10 mg. daily if told to.", ["Take 10 mg. daily if told to."]),
    ("J. Smith wrote it. \"Quotes end.\" Then more!", ["J. Smith wrote it.", "\"Quotes end.\"", "Then more!"]),
    ("No final stop", ["No final stop"]),
])
def test_sentence_splitter(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_headings_and_list_items_end_their_own_sentence():
    doc = parse("# A heading\nText one\n\n- first item\n- second item\n", "a.md")
    assert [s.text for s in doc.sentences()] == ["A heading", "Text one", "first item", "second item"]


def test_plain_text_article():
    source = "Fever in adults\n\nWHAT IS A FEVER\n\nA fever is a high\ntemperature. It passes.\n\n- rest\n- drink water\n  often\n"
    doc = parse(source, "fever.txt")
    assert [(b.kind, b.level, b.implicit, b.text) for b in doc.blocks] == [
        ("heading", 1, True, "Fever in adults"),
        ("heading", 2, True, "WHAT IS A FEVER"),
        ("paragraph", 0, False, "A fever is a high temperature. It passes."),
        ("list_item", 0, False, "rest"),
        ("list_item", 0, False, "drink water often"),
    ]
    para = doc.blocks[2]
    t = para.text.index("temperature")
    assert doc.line_col(para.source_offset(t)) == (6, 1)


def test_markdown_written_like_plain_text():
    doc = parse("Taking medicines safely\n\nKEEP A LIST\n\nWrite down every medicine you take.\n", "a.md")
    assert [(b.kind, b.implicit) for b in doc.blocks] == [("heading", True), ("heading", True), ("paragraph", False)]


def test_heading_slug_matches_github():
    assert heading_slug("Treatment & care: what's next?") == "treatment--care-whats-next"
    assert heading_slug("HbA1c (glycated haemoglobin)") == "hba1c-glycated-haemoglobin"


# The fast reader of plain `key: value` front matter must give what the YAML loader gives, or step aside.
FRONT_MATTER_LINES = [
    "title: Living with HIV", "title: Don't stop (even when well), ok.", "last_reviewed: 2024-03-12",
    "last_reviewed: 2024-13-01", "ms.date: 03/12/2024", "review_interval: 12 months", "count: 12", "count: 0",
    "count: 012", "count: 1_000", "ratio: 1.5", "time: 12:30", "flag: yes", "flag: No", "flag: off", "nothing: ~",
    "nothing: null", "nothing:", 'owner: "@content/hiv-team"', "owner: '@content/hiv-team'", 'quote: "a \\" b"',
    "quote: 'it''s'", "list: [a, b]", "note: a # comment", "note: a: b", "x: &anchor value", "x: !tag value",
    "x: *alias", "x: 'unclosed", "tags: a, b", "name: Dr. A. Patel & team", "- item", "a: b\n  c: d",
    "title: Ça va", "interval: 3 years", "reviewed: 3 July 2025", "x: 3 #c", "  indented: value", "key:value", "num: +12", "num: 0x1F", "num: 1e3", "date: 2024-3-1",
]


@pytest.mark.parametrize("text", [*FRONT_MATTER_LINES, "\n".join(FRONT_MATTER_LINES[:8]), "a: 1\na: 2", ""])
def test_simple_front_matter_agrees_with_the_yaml_loader(text):
    import yaml

    from reviewer.document.frontmatter import _front_matter_loader, simple_front_matter

    fast = simple_front_matter(text)
    if fast is None:
        return  # the YAML loader reads it
    assert fast == (yaml.load(text, Loader=_front_matter_loader()) or {})


def test_simple_front_matter_reads_the_common_forms_without_yaml():
    from reviewer.document import simple_front_matter

    text = 'title: Living with HIV\nlast_reviewed: 2024-03-12\nowner: "@content/hiv"\nreview_interval: 12 months\n'
    assert simple_front_matter(text) == {"title": "Living with HIV", "last_reviewed": "2024-03-12",
                                         "owner": "@content/hiv", "review_interval": "12 months"}
    assert simple_front_matter("tags: [a, b]") is None


@pytest.mark.parametrize("text", [
    "Take 2.5 mg of it's-fine medicine, e.g. twice a day.", "CD4 ‘counts’ — HIV-1, eGFR; co\u00adoperate __init__ x_y",
    "see https://example.org/a-b and mail me@example.org now", "  lead  and  trail  ", "é à ü 42 ½ 3rd",
])
def test_words_are_the_word_pattern_s_matches_with_their_offsets(text):
    from reviewer.document.model import _WORD, Block, url_spans

    block = Block("paragraph", text, list(range(len(text))))
    skip = url_spans(text)
    expected = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)
                if not any(a <= m.start() < b for a, b in skip)]
    assert [tuple(w) for w in block.words] == expected
    assert all(text[w.start:w.end] == w.text for w in block.words)


# --------------------------------------------------------------------------- syntax: .txt files holding Markdown


@pytest.mark.parametrize("body", [
    "See [the leaflet](https://example.org/leaflet) for more.\n",
    "Ask about [help]() at your surgery.\n",
    "Read the [guide][1].\n\n[1]: https://example.org/guide\n",
    "Write to <https://example.org/contact>.\n",
    "This is **important**: take it daily.\n",
    "Take it __every__ day.\n",
    "Do *not* stop suddenly.\n",
    "People with HIV can get opportunistic infections \\(OIs\\).\n",
    "# Living with HIV\n\nSome text.\n",
])
def test_a_txt_file_holding_markdown_is_read_as_markdown(body):
    doc = parse("Title of the page\n\n" + body, "notes.txt")
    assert doc.kind == "markdown"
    text = " ".join(b.text for b in doc.blocks)
    assert "**" not in text and "\\(" not in text and "](" not in text


@pytest.mark.parametrize("body", [
    "Take 2 * 500 mg tablets.\n",
    "* rest\n* drink plenty of water\n",
    "Keep a note in my_medicines_list or on paper.\n",
    "Your results [normal range 4 to 6] are fine.\n",
    "Call 111 (or your GP) if you are worried.\n",
    "Costs are 5*3 = 15 pounds.\n",
])
def test_a_txt_file_without_markdown_syntax_stays_plain_text(body):
    assert parse("Title of the page\n\n" + body, "notes.txt").kind == "text"


def test_a_txt_read_as_markdown_keeps_plain_text_conventions():
    source = ("Living with HIV\n\nWHAT IS HIV\n\nPeople with HIV can get opportunistic infections \\(OIs\\).\n\n"
              "    An indented paragraph is prose in a text file, see [the guide](https://example.org).\n")
    doc = parse(source, "hiv.txt")
    assert doc.kind == "markdown"
    assert [(b.kind, b.implicit, b.text) for b in doc.blocks] == [
        ("heading", True, "Living with HIV"),
        ("heading", True, "WHAT IS HIV"),
        ("paragraph", False, "People with HIV can get opportunistic infections (OIs)."),
        ("paragraph", False, "An indented paragraph is prose in a text file, see the guide."),
    ]
    assert [link.destination for link in doc.links] == ["https://example.org"]


def test_the_configured_syntax_wins_over_name_and_content():
    source = "Title\n\nSee [the guide](https://example.org) and **this**.\n"
    assert parse(source, "a.txt", "text").kind == "text"
    assert parse("Plain words only.\n", "a.txt", "markdown").kind == "markdown"
    assert parse("Plain words only.\n", "a.md", "text").kind == "text"
    assert parse(source, "a.txt", "auto").kind == "markdown"
    # configured Markdown is CommonMark: an indented line is code
    assert [b.text for b in parse("Title\n\n    indented code\n", "a.txt", "markdown").blocks] == ["Title"]


def test_markdown_syntax_inside_front_matter_does_not_decide():
    doc = parse("---\ntitle: \"**Bold** [x](y)\"\n---\nPlain words only.\n", "a.txt")
    assert doc.kind == "text"


def _lint_json(folder, *args):
    import json

    from click.testing import CliRunner

    from reviewer.cli import cli

    result = CliRunner().invoke(cli, ["lint", "--format", "json", "--as-of", "2026-11-25", *args])
    return result, (json.loads(result.output)["findings"] if result.exit_code in (0, 1) else None)


def test_config_syntax_maps_globs_and_the_last_match_wins(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = "Living with HIV\n\nPeople with HIV can get opportunistic infections \\(OIs\\). Ask about [help]().\n"
    for name in ("notes/a.txt", "notes/keep/b.txt", "c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(page, encoding="utf-8")
    (tmp_path / "reviewer.toml").write_text('syntax = { "notes/**" = "text", "notes/keep/*.txt" = "auto" }\n',
                                            encoding="utf-8")
    result, found = _lint_json(tmp_path, "--select", "links.placeholder")
    # read as Markdown (detected, or auto): the placeholder link is seen; forced to plain text: there is no link
    assert sorted(f["path"] for f in found) == ["c.txt", "notes/keep/b.txt"]


@pytest.mark.parametrize("setting, message", [
    ('syntax = { "*.txt" = "plain" }', "'plain' is not allowed; use one of markdown, text, auto"),
    ('syntax = "markdown"', "must be a table of glob -> syntax"),
])
def test_a_bad_syntax_setting_is_a_config_error(tmp_path, monkeypatch, setting, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Plain words.\n", encoding="utf-8")
    (tmp_path / "reviewer.toml").write_text(setting + "\n", encoding="utf-8")
    result, _ = _lint_json(tmp_path)
    assert result.exit_code == 2
    assert "reviewer.toml" in result.output and "syntax" in result.output and message in result.output


def test_a_txt_holding_markdown_with_bom_and_crlf_keeps_its_offsets():
    raw = "\ufeffTitle\r\n\r\nSee **the** [leaflet](https://example.org) today.\r\n".encode("utf-8")
    doc = decode_document(raw, "a.txt")
    assert doc.kind == "markdown" and doc.bom
    found = {text: (src, pos) for text, src, pos in words_at(doc)}
    assert found["leaflet"] == ("leaflet", (3, 14)) and found["today"] == ("today", (3, 44))
    assert decode_document(b"\xff\xfeT\x00", "a.txt").rule == "document.unreadable"


# --------------------------------------------------------------------------- metadata lines are not prose


def test_footer_lines_are_set_apart_from_the_prose():
    source = ("# Blood tests\n\nAsk your doctor what the result means.\nPage last reviewed: 4 February 2021\n\n"
              "*Page last reviewed: 4 February 2021*\n*Next review due: 4 February 2024*\n\n"
              "**Content source:** NHS England\n\n- Last updated 3 May 2024\n- bring a list of questions\n")
    doc = parse(source, "a.md")
    assert [b.text for b in doc.blocks] == ["Blood tests", "Ask your doctor what the result means.",
                                            "bring a list of questions"]
    assert [b.text for b in doc.metadata_lines] == [
        "Page last reviewed: 4 February 2021", "Page last reviewed: 4 February 2021",
        "Next review due: 4 February 2024", "Content source: NHS England", "Last updated 3 May 2024"]
    line = doc.metadata_lines[1]
    assert doc.line_col(line.source_offset(0)) == (6, 2)


@pytest.mark.parametrize("line", [
    "Published in 2020, the study found that most people recover at home.",
    "Updated guidance says you should wear a mask indoors.",
    "Source: your GP can tell you what your results mean.",
    "Sources of fibre include beans, oats and fruit.",
    "Your doctor reviewed your results in May 2024.",
    "Reviewed by a pharmacist, your prescription is ready.",
])
def test_prose_that_starts_like_a_label_stays_prose(line):
    for name in ("a.md", "a.txt"):
        doc = parse(f"Title\n\n{line}\n", name)
        assert doc.metadata_lines == [] and doc.blocks[-1].text == line


def test_footer_lines_in_plain_text_and_one_line_footers():
    doc = parse("Fever\n\nRest and drink water.\n\nPage last reviewed: 4 February 2021 Next review due: "
                "4 February 2024\n© 2025 Health Trust\n", "fever.txt")
    assert [b.text for b in doc.blocks] == ["Fever", "Rest and drink water."]
    assert len(doc.metadata_lines) == 2


def test_a_footer_is_never_one_of_the_hardest_sentences_but_review_rules_read_it():
    from datetime import date

    from reviewer.lint.engine import lint_text

    para = ("A cold is a mild infection of the nose and throat. Rest and drink plenty of water. Most colds get "
            "better in a week. Antibiotics do not help with colds, because viruses cause them.")
    body = "# Colds\n\n" + "\n\n".join([para] * 8)
    body += ("\n\nYour pharmacist can recommend medication for congestion and irritation.\n\n"
             "*Content source: Respiratory Epidemiological Surveillance Coordination Directorate, Organisational "
             "Communications Department*\n*Page last reviewed: 4 February 2021*\n")
    from reviewer.language.readability import measured_sentences

    doc = parse(body, "a.md")
    lines = {doc.line_col(m.sentence.source_start)[0] for m in measured_sentences(doc)}
    assert 19 in lines and not lines & {21, 22}  # what every readability rule measures and cites
    found = lint_text(body, "a.md", select=["readability.grade", "review.stale"], as_of=date(2026, 1, 1))
    assert not any(" 21" in f.message or " 22" in f.message for f in found if f.rule == "readability.grade")
    assert [f.line for f in found if f.rule == "review.stale"] == [22]


def test_a_txt_read_as_markdown_keeps_its_dot_bullets_apart():
    source = "Title\n\nThings to bring:\n• your **tablets**\n• a list of\n  questions\n\nSee [the guide](x).\n"
    doc = parse(source, "a.txt")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Title"), ("paragraph", "Things to bring:"), ("list_item", "your tablets"),
        ("list_item", "a list of questions"), ("paragraph", "See the guide.")]
    item = doc.blocks[3]
    assert doc.line_col(item.source_offset(item.text.index("questions"))) == (6, 3)
    # a .md file is CommonMark: "•" is no list marker there
    assert [b.kind for b in parse(source, "a.md").blocks].count("list_item") == 0
