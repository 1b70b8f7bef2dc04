"""The date a URL path carries: the day (or month) the outlet minted the URL.

Many CMSs put the publication day into the path ("/2017/05/03/slug", WordPress permalinks,
"/20170503/" in news archives); the resolver ranks it below the page's own dates (it is the
day of minting, at day precision at best).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newscrawl.dates.model import DateCandidate

_URL_DATES = (
    re.compile(
        r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<s>[/_-])(?P<m>0?[1-9]|1[0-2])(?P=s)"
        r"(?P<d>0?[1-9]|[12]\d|3[01])(?!\d)"
    ),
    re.compile(
        r"(?:^|[/_-])(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])"
        r"(?=[/_.-]|$)"
    ),
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>0?[1-9]|1[0-2])/"),
)


def url_date_candidates(url: str | None) -> list[DateCandidate]:
    """The date in a URL path ("/2017/05/03/", "/20170503/", "/2017/05/") as a candidate."""
    if not url:
        return []
    try:
        path = urlsplit(url).path
    except ValueError:  # e.g. a broken IPv6 host: no path to read a date from
        return []
    for pattern in _URL_DATES:
        m = pattern.search(path)
        if m is None:
            continue
        groups = m.groupdict()
        value = f"{m['y']}-{int(m['m']):02d}"
        if groups.get("d"):
            value += f"-{int(m['d']):02d}"
        return [DateCandidate("url", "published", value)]
    return []
