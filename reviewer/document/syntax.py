"""Which syntax a file is read in: Markdown or plain text.

A file whose name does not end in `.txt` is Markdown. A `.txt` file is read as Markdown when its text
holds Markdown's inline syntax: a link or image (`[text](address)`, `[text][ref]` with its `[ref]: address`
definition, `<https://...>`), emphasis (`**bold**`, `__bold__`, `*word*`, `_word_`), a backslash escape of
punctuation (`\\(`, `\\*`) or a `#` heading. Articles are often saved as `.txt` with Markdown inside; read as
plain text their link text and escapes would be prose with the brackets in it. Anything else stays plain
text. Both readers then recognise plain-text headings (a title line, ALL-CAPS lines) when the file has no
Markdown heading.

The `syntax` setting of the config maps globs to "markdown", "text" or "auto" (the detection above) and
overrides the file name.
"""

from __future__ import annotations

import re

SYNTAXES = ("auto", "markdown", "text")
MARKDOWN, TEXT = "markdown", "text"

# Each signal is Markdown's own syntax, written in a way plain text does not write by accident.
_SIGNALS = re.compile(
    r"""
      (?<=[^\n])\]\((?:[^()\s]|\([^()\s]*\))*(?:[ \t]+"[^"\n]*")?\)        # ](address) of [text](address)
    | ^[ ]{0,3}\[[^\]\n]{1,200}\]:[ \t]*\S                                   # [ref]: address
    | <(?:https?|mailto|ftp):[^\s<>]+>                                          # <https://...> autolink
    | (?<![\w*])\*\*(?=\S)[^*\n]{1,300}(?<=\S)\*\*(?![\w*])                    # **strong**
    | (?<![\w_])__(?=\S)[^_\n]{1,300}(?<=\S)__(?![\w_])                        # __strong__
    | (?<![\w*\\])\*(?=[^\s*])[^*\n]{1,200}(?<=[^\s*\\])\*(?![\w*])            # *emphasis*
    | (?<![\w_\\])_(?=[^\s_])[^_\n]{1,200}(?<=[^\s_\\])_(?![\w_])              # _emphasis_
    | \\[()\[\]*_`#!.>+-]                                                      # \( \) \* \_ escapes
    | ^[ ]{0,3}\#{1,6}[ \t]+\S                                                  # # ATX heading
    """,
    re.M | re.X,
)


# Where a signal can start: its first character, or a space opening a line (an indented "[ref]:" or "#").
# Trying the signals only there finds the matches `_SIGNALS.finditer` finds, several times faster on plain text.
_SIGNAL_START = re.compile(r"[\]\[<*_\\#]|^[ ]", re.M)


def _signals(text: str):
    """The matches of `_SIGNALS` in `text`, as `finditer` gives them (leftmost first, not overlapping)."""
    done = 0
    for start in _SIGNAL_START.finditer(text):
        if start.start() < done:
            continue
        match = _SIGNALS.match(text, start.start())
        if match is not None:
            done = match.end()
            yield match


def looks_like_markdown(text: str) -> bool:
    """True when `text` holds Markdown link, emphasis, escape or heading syntax."""
    searched = 0  # text before this holds no "[" since the last line break: each character is searched once
    for match in _signals(text):
        if not match.group().startswith("]"):
            return True
        # "](address)" is a link when a "[" opens its text earlier on the same line
        line_start = text.rfind("\n", searched, match.start()) + 1 or searched
        if text.find("[", max(line_start, searched), match.start()) >= 0:
            return True
        searched = match.start()
    return False


def syntax_of(path: str, source: str, configured: str | None = None) -> str:
    """"markdown" or "text" for the file `path` with body `source`; `configured` is the config's choice for it
    ("markdown", "text", "auto" or None)."""
    if configured in (MARKDOWN, TEXT):
        return configured
    if not path.lower().endswith(".txt"):
        return MARKDOWN
    return MARKDOWN if looks_like_markdown(source) else TEXT
