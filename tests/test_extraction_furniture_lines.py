"""Furniture lines in more languages and forms: "read also" teasers of the Nordic,
Dutch and Polish press, error-report and comment-login prompts, advertisement labels
(also as list items), copyright lines; article sentences that open with the same words
stay."""

from __future__ import annotations

from newscrawl.extraction.boilerplate import drop_boilerplate_lines

STORY = "Politiet rykket ut til adressen i Bergen sentrum like etter klokken ti."


def test_read_also_teasers_in_nordic_dutch_and_polish_go() -> None:
    lines = [
        STORY,
        "Les også: Tone Damli røper detaljer om frieriet: – Ble helt forfjamset",
        "Läs också: Regeringen vill skärpa straffen",
        "Lees ook: Kabinet trekt extra geld uit voor dijken",
        "Czytaj też: Sejm przyjął ustawę o obronie cywilnej",
        STORY,
    ]
    assert drop_boilerplate_lines(lines) == [STORY, STORY]


def test_error_report_and_comment_login_prompts_go() -> None:
    lines = [
        STORY,
        "Fehler gefunden? Jetzt melden.",
        "You must be logged in to join the discussion or read more comments.",
        "Folgst du schon 20 Minuten auf Whatsapp?",
    ]
    assert drop_boilerplate_lines(lines) == [STORY]


def test_advertisement_labels_go_also_as_list_items() -> None:
    lines = [STORY, "- Advertisement 1Story continues below", "Advertisement", STORY]
    assert drop_boilerplate_lines(lines) == [STORY, STORY]


def test_copyright_lines_go() -> None:
    lines = [
        STORY,
        ("Copyright © AFP 2017-2026. Für die kommerzielle Nutzung dieses Inhalts ist ein "
        "Abonnement erforderlich."),
        "© 2023 The Washington Times, LLC.",
    ]
    assert drop_boilerplate_lines(lines) == [STORY]


def test_sentences_that_open_with_the_same_words_stay() -> None:
    lines = [
        "Les Misérables spilles igjen på Nationaltheatret fra mars, med ny regi og nytt ensemble.",
        ("Advertisement spending by the big four supermarket chains rose by a third in the "
        "months before the price war, according to figures published on Monday."),
        "Fehler gefunden zu haben, räumte das Ministerium erst nach der dritten Anfrage ein.",
    ]
    assert drop_boilerplate_lines(lines) == lines


def test_a_related_heading_takes_its_teaser_links_along() -> None:
    lines = [
        STORY,
        "Ähnliche:",
        "- 19.03.2024 Fahndung nach Verrätern",
        "- 05.03.2024 Aufklärung nur intern",
        "Czytaj więcej",
        "Niemcy zamykają granice dla przybyszów",
    ]
    assert drop_boilerplate_lines(lines) == [STORY]


def test_picture_credits_and_ad_labels_go() -> None:
    lines = [STORY, "Photo: AFP", "Image: Fouzia Van Der Fort", "Anzeige, enthält Affiliate Links"]
    assert drop_boilerplate_lines(lines) == [STORY]


def test_a_criminal_complaint_is_no_ad_label() -> None:
    lines = [STORY, "Anzeige gegen Unbekannt erstattet"]
    assert drop_boilerplate_lines(lines) == lines
