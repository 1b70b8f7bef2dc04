"""Words the parser knows: month names, zone abbreviations, relative-time units.

One merged table for all languages: no month word means different months in two of them,
so the language of a page never has to be known to read its month names.
"""

from __future__ import annotations

# fmt: off
_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "jänner", "jaenner", "jän", "janvier", "janv", "gennaio",
        "genn", "enero", "ene", "januari", "janeiro"),
    2: ("february", "feb", "februar", "feber", "février", "fevrier", "févr", "fevr", "febbraio",
        "febrero", "februari", "fevereiro", "fev"),
    3: ("march", "mar", "märz", "maerz", "mär", "mrz", "mars", "marzo", "maart", "março", "marco"),
    4: ("april", "apr", "avril", "avr", "aprile", "abril", "abr"),
    5: ("may", "mai", "maggio", "mag", "mayo", "mei", "maio"),
    6: ("june", "jun", "juni", "juin", "giugno", "giu", "junio", "junho"),
    7: ("july", "jul", "juli", "juillet", "juil", "luglio", "lug", "julio", "julho"),
    8: ("august", "aug", "août", "aout", "agosto", "ago", "augustus"),
    9: ("september", "sep", "sept", "septembre", "settembre", "set", "septiembre", "setiembre",
        "setembro"),
    10: ("october", "oct", "oktober", "okt", "octobre", "ottobre", "ott", "octubre", "outubro",
         "out"),
    11: ("november", "nov", "novembre", "noviembre", "novembro"),
    12: ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "dicembre", "dic",
         "diciembre", "dezembro"),
}
#: Russian and Ukrainian, nominative and genitive ("15 августа 2016", "3 травня 2017").
_CYRILLIC_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("январь", "января", "січень", "січня"),
    2: ("февраль", "февраля", "лютий", "лютого"),
    3: ("март", "марта", "березень", "березня"),
    4: ("апрель", "апреля", "квітень", "квітня"),
    5: ("май", "мая", "травень", "травня"),
    6: ("июнь", "июня", "червень", "червня"),
    7: ("июль", "июля", "липень", "липня"),
    8: ("август", "августа", "серпень", "серпня"),
    9: ("сентябрь", "сентября", "вересень", "вересня"),
    10: ("октябрь", "октября", "жовтень", "жовтня"),
    11: ("ноябрь", "ноября", "листопад", "листопада"),
    12: ("декабрь", "декабря", "грудень", "грудня"),
}
# fmt: on
MONTH_NUMBERS: dict[str, int] = {
    name: num
    for table in (_MONTHS, _CYRILLIC_MONTHS)
    for num, names in table.items()
    for name in names
}

#: Zone abbreviations seen in feeds and bylines, as UTC offsets in minutes. Ambiguous ones
#: (IST: India or Ireland) are left out on purpose: a wrong zone is worse than none.
# fmt: off
ZONE_OFFSETS: dict[str, int] = {
    "utc": 0, "gmt": 0, "ut": 0, "z": 0, "wet": 0, "west": 60, "bst": 60,
    "cet": 60, "mez": 60, "cest": 120, "mesz": 120, "eet": 120, "oez": 120, "eest": 180,
    "oesz": 180, "msk": 180,
    "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360,
    "pst": -480, "pdt": -420, "akst": -540, "akdt": -480, "hst": -600,
    "jst": 540, "kst": 540, "aest": 600, "aedt": 660,
}

#: Relative-time unit words -> (unit, precision). Units: minutes, hours, days, weeks.
RELATIVE_UNITS: dict[str, str] = {
    # English
    "second": "seconds", "seconds": "seconds", "sec": "seconds", "secs": "seconds",
    "minute": "minutes", "minutes": "minutes", "min": "minutes", "mins": "minutes",
    "hour": "hours", "hours": "hours", "hr": "hours", "hrs": "hours", "h": "hours",
    "day": "days", "days": "days", "week": "weeks", "weeks": "weeks",
    # German
    "sekunde": "seconds", "sekunden": "seconds", "minuten": "minutes",
    "std": "hours", "stunde": "hours", "stunden": "hours", "tag": "days", "tagen": "days",
    "woche": "weeks", "wochen": "weeks",
    # French
    "seconde": "seconds", "secondes": "seconds", "heure": "hours", "heures": "hours",
    "jour": "days", "jours": "days", "semaine": "weeks", "semaines": "weeks",
    # Italian
    "secondo": "seconds", "secondi": "seconds", "minuto": "minutes", "minuti": "minutes",
    "ora": "hours", "ore": "hours", "giorno": "days", "giorni": "days",
    "settimana": "weeks", "settimane": "weeks",
    # Spanish
    "segundo": "seconds", "segundos": "seconds", "minutos": "minutes", "hora": "hours",
    "horas": "hours", "día": "days", "dia": "days", "días": "days", "dias": "days",
    "semana": "weeks", "semanas": "weeks",
}

#: Number words used in relative expressions ("vor einer Stunde", "an hour ago").
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "ein": 1, "eine": 1, "einer": 1, "einem": 1, "un": 1, "une": 1,
    "uno": 1, "una": 1, "two": 2, "zwei": 2, "deux": 2, "due": 2, "dos": 2, "three": 3,
    "drei": 3, "trois": 3, "tre": 3, "tres": 3,
}

#: Day words -> days before "now" (in the outlet's zone). French "hier" is handled apart
#: because it is also the German word for "here".
DAY_WORDS: dict[str, int] = {
    "today": 0, "heute": 0, "aujourd'hui": 0, "oggi": 0, "hoy": 0,
    "yesterday": 1, "gestern": 1, "ieri": 1, "ayer": 1,
    "vorgestern": 2, "avant-hier": 2, "anteayer": 2, "l'altro ieri": 2, "altroieri": 2,
}
# fmt: on
