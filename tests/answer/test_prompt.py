"""The prompt as the model sees it: sources laid out line by line, the closest one last."""

from __future__ import annotations

from souverain.answer.prompt import Evidence, build_messages, for_model


def test_wrapped_lines_join_their_sentence_and_structure_keeps_its_lines() -> None:
    text = (
        "Le site en chiffres\n\n"
        "Ouverte le 14 mars 2016, la plateforme est le plus grand site\n"
        "de Quarnell en France.\n"
        "- 38 500 m² d'entrepôt, dont 6 200 m²\n"
        "  en température dirigée\n"
        "- 52 quais de chargement\n"
        "(2) Für die sechs Stellplätze\n"
        "sind je 95,00 € zu zahlen."
    )
    assert for_model(text).splitlines() == [
        "Le site en chiffres",
        "Ouverte le 14 mars 2016, la plateforme est le plus grand site de Quarnell en France.",
        "- 38 500 m² d'entrepôt, dont 6 200 m² en température dirigée",
        "- 52 quais de chargement",
        "(2) Für die sechs Stellplätze sind je 95,00 € zu zahlen.",
    ]


def test_table_rows_stay_rows() -> None:
    text = (
        "Horaires d'ouverture\n"
        "| Service | Lundi – vendredi |\n"
        "| --- | --- |\n"
        "| Réception   des marchandises | 6h00 – 20h00 |\n"
        "| Accueil et bureaux | 8h30 – 17h30 |\n"
        "Nr | Actie | Deadline\n"
        "1  | Vacatures plaatsen | 18-03-2025\n"
        "Le site est fermé le dimanche."
    )
    lines = for_model(text).splitlines()
    assert lines[3] == "| Réception des marchandises | 6h00 – 20h00 |"
    assert lines[4] == "| Accueil et bureaux | 8h30 – 17h30 |"
    assert lines[5:] == [
        "Nr | Actie | Deadline",
        "1 | Vacatures plaatsen | 18-03-2025",
        "Le site est fermé le dimanche.",
    ]


def test_the_closest_source_comes_last_next_to_the_question() -> None:
    evidence = [
        Evidence(1, "Personeelshandboek", 2, "Recht op 26 vakantiedagen."),
        Evidence(2, "Onboarding guide", 1, "Annual leave: 24 days per year."),
    ]
    user = build_messages("How many vacation days?", "en", evidence)[-1].content
    assert user.index("[2] Onboarding guide") < user.index("[1] Personeelshandboek")
    assert user.rstrip().endswith("Question: How many vacation days?")
    assert "[1] Personeelshandboek (page 2):\nRecht op 26 vakantiedagen." in user
