"""The machine's local time zone for `--timezone local`, daylight-saving rules included."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone, tzinfo


class LocalTime(tzinfo):
    """The machine's time zone with its daylight-saving rules, as `time.localtime` knows them: not the
    fixed offset in force today, which would put a summer commit near midnight on the wrong day in winter."""

    @staticmethod
    def label() -> str:
        standard, summer = time.tzname
        return f"local ({standard})" if standard == summer else f"local ({standard}/{summer})"

    @staticmethod
    def _at(dt: datetime) -> time.struct_time:
        """The local time struct for the wall-clock time `dt` (its tzinfo ignored)."""
        return time.localtime(time.mktime((dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, 0, 0, -1)))

    def fromutc(self, dt: datetime) -> datetime:
        local = time.localtime(dt.replace(tzinfo=timezone.utc).timestamp())
        return datetime(*local[:6], dt.microsecond, tzinfo=self)

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(seconds=self._at(dt or datetime.now()).tm_gmtoff)

    def dst(self, dt: datetime | None) -> timedelta:
        local = self._at(dt or datetime.now())
        return timedelta(seconds=local.tm_gmtoff + time.timezone) if local.tm_isdst > 0 else timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return self._at(dt or datetime.now()).tm_zone

    def __repr__(self) -> str:
        return "LocalTime()"
