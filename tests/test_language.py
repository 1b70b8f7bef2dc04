"""detect_language on article texts: the language named, or None where there is none."""

from __future__ import annotations

import pytest

from newscrawl.extraction.language import detect_language

ARTICLES = {
    "de": (
        "Nach dem starken Regen der vergangenen Tage ist der Pegel der Elbe in Dresden am "
        "Mittwochmorgen auf 6,12 Meter gestiegen. Die Stadtverwaltung rief die zweite "
        "Alarmstufe aus und sperrte mehrere Uferwege. Anwohner in Laubegast wurden "
        "gebeten, Keller und Tiefgaragen zu räumen."
    ),
    "en": (
        "The city council voted 7-2 on Tuesday night to add protected bike lanes along "
        "Main Street, ending a debate that had stretched over three meetings. Business "
        "owners said the loss of parking would hurt them during the holiday season."
    ),
    "fr": (
        "Le gouvernement a présenté mercredi en Conseil des ministres un projet de loi "
        "destiné à accélérer la construction de logements sociaux. Les maires des grandes "
        "villes dénoncent un texte qui, selon eux, réduit leurs compétences."
    ),
    "es": (
        "El Banco Central anunció este jueves una subida de los tipos de interés de medio "
        "punto, la tercera en lo que va de año, para frenar una inflación que en marzo "
        "alcanzó el 7,4 por ciento, según datos del instituto de estadística."
    ),
    "ru": (
        "В среду правительство утвердило новый порядок выплаты пособий семьям с детьми. "
        "По словам министра труда, изменения затронут около трёх миллионов семей, а "
        "первые выплаты по новым правилам поступят уже в июле."
    ),
    "ar": (
        "أعلنت وزارة الصحة يوم الأربعاء عن افتتاح ثلاثة مستشفيات جديدة في المحافظات الجنوبية، "
        "وقال الوزير في مؤتمر صحفي إن المستشفيات ستستقبل المرضى اعتبارا من الشهر المقبل."
    ),
    "zh": (
        "国家统计局周三公布的数据显示，今年一季度国内生产总值同比增长百分之五点三，"
        "高于市场预期。分析人士认为，消费和出口的回暖是经济增长的主要动力。"
    ),
    "pl": (
        "Sejm przyjął w piątek nowelizację ustawy o ochronie środowiska. Posłowie opozycji "
        "zapowiedzieli, że zaskarżą przepisy do Trybunału Konstytucyjnego, a organizacje "
        "ekologiczne ostrzegają przed skutkami dla lasów."
    ),
}


@pytest.mark.parametrize("language", sorted(ARTICLES))
def test_the_language_of_an_article_is_named(language: str) -> None:
    assert detect_language(ARTICLES[language]) == language


@pytest.mark.parametrize("text", [
    "Mehr zum Thema",  # a teaser line
    "12.05.2023 14:30 | +49 30 1234567 | 0800-123 456 | 2023-05-12T14:30:00Z | 47,11 %",
    "Foto: © 2023 | 12.05. | 14:30 | 3 Min. | 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16",
    "#### ---- ==== **** //// |||| ____ ++++ ~~~~ !!!! ???? .... ,,,, ;;;; ::::",
])
def test_a_text_without_language_gives_none(text: str) -> None:
    assert detect_language(text) is None


def test_only_the_head_of_a_long_text_is_read() -> None:
    # the German head decides; an English tail past the sample is not read
    text = ARTICLES["de"] * 20 + ARTICLES["en"] * 40
    assert detect_language(text) == "de"
