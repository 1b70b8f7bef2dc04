"""htmldate's last-resort dates are read by newscrawl.dates: dateparser is never loaded."""

import subprocess
import sys
from datetime import datetime

from newscrawl.dates.guess import own_date

# a shop-style news page: the date only in a free-text line htmldate's extensive
# search finds, no JSON-LD, meta or <time> (the case where htmldate falls back on a parser)
PAGE = """<!DOCTYPE html><html lang="ru"><head><title>Подольски завершил карьеру</title></head>
<body><nav><a href="/">Главная</a> <a href="/germany/">Германия</a></nav>
<div class="article"><h1>Подольски завершил карьеру в сборной</h1>
<div class="info"><span class="place">Германия</span> <span>15 августа 2016, 13:43</span></div>
<p>Нападающий сборной Германии Лукас Подольски объявил о завершении карьеры в
национальной команде. За сборную он провёл 129 матчей и забил 48 голов.</p>
<p>Чемпион мира 2014 года поблагодарил болельщиков и тренеров.</p></div>
<footer>© football news</footer></body></html>"""


def test_a_full_date_is_its_wall_time_as_written():
    assert own_date("15 августа 2016, 13:43") == datetime(2016, 8, 15, 13, 43)
    assert own_date("2017-05-03T23:30:00-05:00") == datetime(2017, 5, 3, 23, 30)
    assert own_date("4. 2. 2022.") == datetime(2022, 2, 4)  # day-first, as written


def test_pipes_between_numbers_separate_the_parts_of_a_date():
    assert own_date("26 | 01 | 2022") == datetime(2022, 1, 26)


def test_less_than_a_full_date_or_a_relative_one_is_no_date():
    assert own_date("Mai 2017") is None
    assert own_date("2017") is None
    assert own_date("vor 2 Stunden") is None
    assert own_date("31.02.2017") is None
    assert own_date("Tel. 0511 12 34 56") is None


def test_htmldate_guesses_without_loading_dateparser():
    # a fresh process: the test session may have imported dateparser elsewhere
    script = (
        "import sys\n"
        "from newscrawl.dates.html import collect_date_candidates\n"
        f"page = {PAGE!r}\n"
        "found = collect_date_candidates(page, 'https://football.example/germany/311510.html')\n"
        "print([(c.source, c.value) for c in found])\n"
        "print('dateparser' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, timeout=120)
    candidates, loaded = result.stdout.strip().splitlines()
    assert "('htmldate', '2016-08-15')" in candidates
    assert loaded == "False"
