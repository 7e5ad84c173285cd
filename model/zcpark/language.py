"""The language of what a consultant reads on the console: Chinese, English, or both.

Chosen by `--lang zh|en|both` on the command line, else by the Park sheet's `language`, else
`both` (the default: a Chinese consultant team shares runs with English readers, and a message in
both languages is never unreadable to either). Workbooks (template, results) stay bilingual.
"""
from __future__ import annotations

LANGUAGES = ("both", "zh", "en")
DEFAULT = "both"


def resolve(option: str | None, park_language: str | None = None) -> str:
    """The language of a command: its --lang option wins over the Park sheet's `language`."""
    for choice in (option, park_language):
        if choice in LANGUAGES:
            return choice
    return DEFAULT


def pick(lang: str, zh: str, en: str, sep: str = " ") -> str:
    """`zh`, `en`, or both (Chinese first, as on the Dashboard); an untranslated text (zh empty) is English."""
    if lang == "en" or not zh:
        return en
    if lang == "zh":
        return zh
    return f"{zh}{sep}{en}"
