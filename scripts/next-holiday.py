"""Prints the next Finnish public holiday that falls on a weekday (a day Kaiku does not send on,
though no weekend tells so), by Python's `holidays` as a calendar nobody here wrote."""
import datetime
import zoneinfo

import holidays

today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Helsinki")).date()
finnish = holidays.Finland(years=[today.year, today.year + 1])
print(min(day for day in finnish if day > today and day.weekday() < 5).isoformat())
