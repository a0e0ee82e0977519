"""How a reply is shown: the JSON of /api/v1/ask and the texts the page needs, each in its language.

Answers are in the guide's languages (English or Dutch). The assistant's own texts — the
note that the guide is in English and Dutch, and the hand-off — are in the asker's
language when a catalogue for it exists (loket/translations/<lang>), and carry their
language and text direction (Arabic right-to-left) to the page.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names
from babel.lists import format_list
from flask import current_app, url_for
from flask_babel import force_locale, gettext as _, lazy_gettext as _l

from ...config import PROJECT_ROOT
from ...domain.loket import WEEKDAYS, LoketInfo
from ...services.assistant import Reply, Source
from ...services.loket_info import loket_info
from ..db import session, today


def current_loket() -> LoketInfo:
    """The loket's details as saved at /desk/settings, else from the config."""
    return loket_info(current_app.config, today(), session())


def opening_days(info: LoketInfo, lang: str) -> str:
    """'Monday, Wednesday and Friday' in `lang` (British English lists: no comma before 'and')."""
    names = get_day_names("wide", locale=lang)
    return format_list([names[WEEKDAYS.index(d)] for d in info.days], locale="en_GB" if lang == "en" else lang)


@functools.cache
def catalogue_languages() -> frozenset[str]:
    """Languages with a compiled message catalogue (`make translations`), English included."""
    folder = PROJECT_ROOT / "loket" / "translations"
    return frozenset({"en"} | {p.parent.parent.name for p in folder.glob("*/LC_MESSAGES/messages.mo")})


def text_direction(lang: str) -> str:
    """'rtl' for a language written right to left (from Babel's locale data), else 'ltr'."""
    try:
        return "rtl" if Locale.parse(lang).character_order == "right-to-left" else "ltr"
    except (ValueError, UnknownLocaleError):
        return "ltr"


@dataclass(frozen=True)
class TurnLanguages:
    """The language and direction of each text of one chat turn."""

    answer: str  # of the answer text: the reply's language, or the hand-off's
    answer_dir: str
    notice: str  # of the notice ('' when there is none)
    notice_dir: str


def own_language(reply: Reply) -> str:
    """The language for the assistant's own texts: the asker's when catalogued, else the reply's."""
    asked = reply.question_language
    if asked not in ("en", "nl") and asked in catalogue_languages():
        return asked
    return reply.language


def turn_languages(reply: Reply) -> TurnLanguages:
    own = own_language(reply)
    answer = own if reply.handoff else reply.language
    notice = own if notice_text(reply) else ""
    return TurnLanguages(answer, text_direction(answer), notice, text_direction(notice) if notice else "")


def answer_text(reply: Reply, info: LoketInfo) -> str:
    """The answer, or the hand-off with the loket's details in the asker's language."""
    return handoff_text(info, own_language(reply), reply.reason) if reply.handoff else reply.answer


def handoff_text(info: LoketInfo, lang: str, reason: str) -> str:
    """'I can't help with that' plus when and how to reach a person, in `lang`."""
    with force_locale(lang):
        if reason in {"injection", "off-topic"}:
            opening = _("I can only answer questions about working in the north of the Netherlands, so I cannot help with that.")
        elif reason == "empty":
            opening = _("Please type a question.")
        else:
            opening = _("I am not sure about this, so I will not guess.")
        parts = [opening, _("A person at the Digital Career Loket can help you.")]
        when = _("The loket is open on %(days)s", days=opening_days(info, lang))
        if info.hours:
            when += ", " + info.hours
        parts.append(when + ".")
        if info.address:
            parts.append(_("Address: %(address)s.", address=info.address))
        if info.booking:
            parts.append(_("To book an appointment: %(booking)s.", booking=info.booking))
        else:
            parts.append(_("You can walk in during opening hours."))
        return " ".join(parts)


def notice_text(reply: Reply) -> str:
    """For a question in neither guide language: the guide is in English and Dutch, the loket speaks English; else ''.

    In the asker's language when catalogued, else in English.
    """
    if reply.question_language in ("en", "nl"):
        return ""
    with force_locale(own_language(reply)):
        if reply.handoff:
            return _("Our guide is written in English and Dutch, and at the loket we speak English.")
        if reply.language == "nl":
            return _("Our guide is written in English and Dutch, so this answer is in Dutch. At the loket we speak English.")
        return _("Our guide is written in English and Dutch, so this answer is in English. At the loket we speak English.")


def source_json(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "section": source.section,
        "url": url_for("guide.page", page_id=source.id, lang=source.lang, _anchor=source.anchor),
        "lang": source.lang,
        "reviewed": source.reviewed.isoformat(),
        "links": list(source.links),
    }


def reply_json(reply: Reply, info: LoketInfo, feedback_token: str | None) -> dict[str, Any]:
    languages = turn_languages(reply)
    return {
        "answer": answer_text(reply, info),
        "answer_lang": languages.answer,
        "dir": languages.answer_dir,
        "language": reply.language,
        "question_language": reply.question_language,
        "confidence": reply.confidence,
        "handoff": reply.handoff,
        "notice": notice_text(reply),
        "notice_lang": languages.notice,
        "notice_dir": languages.notice_dir,
        "sources": [source_json(s) for s in reply.sources],
        "vacancies": [
            {
                "id": v.id,
                "title": v.title,
                "company": v.company.name,
                "city": v.city,
                "url": url_for("public.vacancy_detail", vacancy_id=v.id, _external=True),
                "dutch_required": v.dutch_required,
                "visa_sponsorship": v.visa_sponsorship,
            }
            for v in reply.vacancies
        ],
        "loket": {
            "url": url_for("public.contact", lang=reply.language),
            "days": list(info.days),
            "hours": info.hours,
            "address": info.address,
            "booking": info.booking,
        },
        "feedback_token": feedback_token,
    }


_CHAT_LABELS = {
    "you_asked": _l("You asked:"),
    "reach_loket": _l("How to reach the loket"),
    "sources": _l("Sources"),
    "reviewed": _l("reviewed"),
    "vacancies": _l("Vacancies that may fit"),
    "no_dutch": _l("No Dutch required"),
    "visa": _l("Visa sponsorship"),
    "helpful": _l("Was this helpful?"),
    "yes": _l("Yes, helpful"),
    "no": _l("No, not helpful"),
    "thanks": _l("Thank you for your feedback"),
    "error": _l("Something went wrong. Please try again."),
    "thinking": _l("Looking for an answer…"),
}


def chat_labels() -> dict[str, dict[str, str]]:
    """The chat script's texts in both languages: an answer may come in the other language than the page."""
    labels = {}
    for lang in ("en", "nl"):
        with force_locale(lang):
            labels[lang] = {key: str(text) for key, text in _CHAT_LABELS.items()}
    return labels
