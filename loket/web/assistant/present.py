"""How a reply is shown: the JSON of /api/v1/ask and the texts the page needs, in the reply's language."""
from __future__ import annotations

from typing import Any

from babel.dates import get_day_names
from flask import current_app, url_for
from flask_babel import force_locale, gettext as _, lazy_gettext as _l

from ...domain.loket import WEEKDAYS, LoketInfo
from ...services.assistant import Reply, Source
from ...services.loket_info import loket_info
from ..db import session, today
from ..urls import external_url


def current_loket() -> LoketInfo:
    """The loket's details as saved at /desk/settings, else from the config."""
    return loket_info(current_app.config, today(), session())


def opening_days(info: LoketInfo, lang: str) -> str:
    names = get_day_names("wide", locale=lang)
    days = [names[WEEKDAYS.index(d)] for d in info.days]
    if len(days) <= 1:
        return "".join(days)
    joiner = " en " if lang == "nl" else " and "
    return ", ".join(days[:-1]) + joiner + days[-1]


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
    """A note when the answer is not in the language asked, else ''."""
    if reply.question_language == "other":
        with force_locale("en"):
            return _("You asked in a language I do not speak; I answer in English.")
    return ""


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
    answer = handoff_text(info, reply.language, reply.reason) if reply.handoff else reply.answer
    return {
        "answer": answer,
        "language": reply.language,
        "confidence": reply.confidence,
        "handoff": reply.handoff,
        "notice": notice_text(reply),
        "sources": [source_json(s) for s in reply.sources],
        "vacancies": [
            {
                "id": v.id,
                "title": v.title,
                "company": v.company.name,
                "city": v.city,
                "url": external_url("public.vacancy_detail", vacancy_id=v.id),
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
