"""English dates as the rest of leadpact writes them (day, month, 24-hour clock), not Django's
American defaults ("Oct. 8, 2026, 10 a.m."): notifications and the admin read like the pages."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
