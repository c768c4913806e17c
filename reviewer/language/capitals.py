"""Capitals: whether a run of words is shouted (written in capitals) or merely holds a few acronyms."""

from __future__ import annotations


def _caps_words(words):
    return [w for w in words if w.text.isupper() and sum(c.isalpha() for c in w.text) >= 2]  # isupper first: cheap


def shouts(words, heading: bool) -> bool:
    """True when a run of words is written in capitals rather than containing a few acronyms."""
    if not words:
        return False
    caps = _caps_words(words)
    long_caps = [w for w in caps if sum(c.isalpha() for c in w.text) >= 4]
    if len(caps) >= 0.6 * len(words) and len(long_caps) >= 2:
        return True
    return heading and len(caps) == len(words) and any(len(w.text) >= 6 for w in caps)
