"""The report cache decodes a stored date once and shares the immutable answer; damaged values fail as before."""

from __future__ import annotations

from datetime import date

import pytest

from reviewer.review.cache import _undate, decode, encode
from reviewer.review.intervals import ReviewDate
from reviewer.review.rows import ReviewFacts


def test_a_stored_date_decodes_to_the_same_value_every_time():
    first, second = _undate(["2024-03-05", "day"]), _undate(["2024-03-05", "day"])
    assert first == second == ReviewDate(date(2024, 3, 5), "day")
    assert _undate(["2024-03-01", "month"]) == ReviewDate(date(2024, 3, 1), "month") != first
    assert _undate(None) is None


def test_facts_survive_a_round_trip_through_the_cache_encoding():
    day, month = ReviewDate(date(2023, 1, 2)), ReviewDate(date(2024, 6, 1), "month")
    facts = ReviewFacts(day, month, "Dr A", "team", ("odd",), ((day, "front matter"), (month, "body")))
    assert decode(encode(facts)) == facts
    assert decode(encode(facts)) == decode(encode(facts))


@pytest.mark.parametrize("value, error", [(["not a day", "day"], ValueError), ({"a": 1}, KeyError),
                                          (["2024-13-01", "day"], ValueError), ([5, "day"], TypeError)])
def test_a_damaged_stored_date_fails_as_it_did(value, error):
    with pytest.raises(error):
        _undate(value)


def test_an_unhashable_precision_is_built_as_it_was():
    assert _undate(["2024-03-05", ["day"]]) == ReviewDate(date(2024, 3, 5), ["day"])
