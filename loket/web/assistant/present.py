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
from babel.numbers import format_currency
from flask import current_app, g, url_for
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from sqlalchemy.exc import SQLAlchemyError

from ...config import PROJECT_ROOT
from ...domain.content import Topic
from ...domain.loket import WEEKDAYS, LoketInfo
from ...retrieval.answer import Statement
from ...services.assistant import Reply, Source
from ...services.loket_info import loket_info
from ..db import session, today
from ..i18n import current_locale
from ..urls import external_url


def current_loket() -> LoketInfo:
    """The loket's details as saved at /desk/settings, else from the config."""
    return loket_info(current_app.config, today(), session())


def site_loket() -> LoketInfo:
    """The loket's details for every page's footer; the configured ones when the database cannot answer.

    Error pages show the footer too, so this never raises: after a database error (or on the
    503 page, which sets g.database_unavailable) it does not ask the database again.
    """
    if not g.get("database_unavailable"):
        try:
            return current_loket()
        except SQLAlchemyError:
            g.database_unavailable = True
    return loket_info(current_app.config, today())


def site_opening_days(info: LoketInfo) -> str:
    return opening_days(info, current_locale())


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


def _euros(amount: float, lang: str) -> str:
    return format_currency(round(amount), "EUR", format="¤ #,##0", currency_digits=False, locale=lang)


# The opening sentence of a hand-off, by reason (rules/handoff.yaml categories and the answerer's own).
_HANDOFF_OPENINGS = {
    "medical-urgent": _l("If this is an emergency, call 112 now. For urgent medical help outside office hours, call the "
                         "huisartsenpost (the out-of-hours GP service) of your region; during office hours, call your own "
                         "GP (huisarts)."),
    "medical": _l("I cannot give advice about your own health, medicines or treatment. Ask your GP (huisarts) or a "
                  "pharmacist (apotheek); if it is urgent, call the huisartsenpost of your region, and in an emergency 112."),
    "legal": _l("I cannot advise on your own legal case. Het Juridisch Loket gives free legal advice about problems with "
                "an employer, a contract or a fine: juridischloket.nl."),
    "rent": _l("I cannot advise on your own dispute with a landlord. The Huurcommissie (huurcommissie.nl) decides on "
               "disputes about rent, service costs and maintenance, and Het Juridisch Loket (juridischloket.nl) gives "
               "free advice, also about a deposit."),
    "tax-personal": _l("I cannot prepare or check your own tax return. The Belastingdienst answers questions about your "
                       "own taxes (belastingdienst.nl, the BelastingTelefoon), and a tax adviser can do your return for you."),
    "other-country": _l("The guide only explains the rules of the Netherlands. For the rules of another country, check "
                        "that country's official government website or its embassy."),
    "company-internal": _l("I do not know the internal pay, bonuses or policies of a particular company. Ask the company "
                           "itself, for example its recruiter or HR department."),
    "injection": _l("I can only answer questions about working in the north of the Netherlands, so I cannot help with that."),
    "abuse": _l("I can only answer questions about working in the north of the Netherlands."),
    "chit-chat": _l("I can only answer questions about working in the north of the Netherlands, so I cannot help with that."),
    "off-topic": _l("I can only answer questions about working in the north of the Netherlands, so I cannot help with that."),
    "empty": _l("Please type a question."),
}


def loket_contact(info: LoketInfo, lang: str) -> list[str]:
    """How to reach the loket, as sentences in `lang`: days and hours, address, how to book."""
    with force_locale(lang):
        when = _("The loket is open on %(days)s", days=opening_days(info, lang))
        if info.hours:
            when += ", " + info.hours
        parts = [when + "."]
        if info.address:
            parts.append(_("Address: %(address)s.", address=info.address))
        if info.booking:
            parts.append(_("To book an appointment: %(booking)s.", booking=info.booking))
        else:
            parts.append(_("You can walk in during opening hours."))
        return parts


def handoff_text(info: LoketInfo, lang: str, reason: str) -> str:
    """Why the assistant does not answer, where to go instead, and how to reach a person, in `lang`."""
    with force_locale(lang):
        opening = _HANDOFF_OPENINGS.get(reason)
        parts = [str(opening) if opening else _("I am not sure about this, so I will not guess.")]
        parts.append(_("A person at the Digital Career Loket can help you."))
    return " ".join(parts + loket_contact(info, lang))


def _criterion_label(criterion: str) -> str:
    labels = {
        "highly_skilled_migrant_30_or_older": _("a highly skilled migrant (kennismigrant) aged 30 or older"),
        "highly_skilled_migrant_under_30": _("a highly skilled migrant (kennismigrant) younger than 30"),
        "highly_skilled_migrant_reduced": _("a highly skilled migrant (kennismigrant) with the reduced criterion, for "
                                            "example after graduating in the Netherlands or an orientation year"),
        "eu_blue_card": _("the EU Blue Card"),
        "eu_blue_card_recent_graduate": _("the EU Blue Card for recent graduates"),
    }
    return labels.get(criterion, criterion)


def statement_text(statement: Statement, info: LoketInfo, lang: str, vacancies_found: bool) -> str:
    """A computed part of an answer, worded in `lang` from the catalogues."""
    data = statement.data
    with force_locale(lang):
        if statement.kind == "salary":
            parts = [_("In %(year)s the salary criterion for %(who)s is %(amount)s gross per month, without holiday "
                       "allowance.", year=data["year"], who=_criterion_label(data["criterion"]),
                       amount=_euros(data["required"], lang))]
            if data.get("monthly") is not None:
                salary = _euros(data["monthly"], lang)
                if data.get("period") == "year":
                    parts.append(_("%(yearly)s a year is about %(monthly)s a month.",
                                   yearly=_euros(data["salary"], lang), monthly=salary))
                elif data.get("period") == "hour":
                    parts.append(_("%(hourly)s an hour is about %(monthly)s a month at 40 hours a week.",
                                   hourly=_euros(data["salary"], lang), monthly=salary))
                if data["reaches"]:
                    parts.append(_("A salary of %(salary)s gross per month is enough: it reaches this criterion.",
                                   salary=salary))
                else:
                    parts.append(_("A salary of %(salary)s gross per month is not enough: it is %(short)s below this "
                                   "criterion.", salary=salary, short=_euros(data["required"] - data["monthly"], lang)))
                if data.get("net"):
                    parts.append(_("The criterion is a gross amount: compare it with your gross salary, not your net pay."))
            parts.append(_("This is guidance from the guide's figures, not a decision: the IND decides."))
            return " ".join(parts)
        if statement.kind == "loket":
            aspects = set(data.get("aspects") or ())
            parts = []
            if "where" in aspects:
                parts.append(_("The Digital Career Loket is at %(address)s.", address=info.address) if info.address
                             else _("The address of the Digital Career Loket will be published on the contact page soon."))
            if "when" in aspects or not aspects:
                when = _("The loket is open on %(days)s", days=opening_days(info, lang))
                parts.append(when + (", " + info.hours if info.hours else "") + ".")
            if "booking" in aspects:
                parts.append(_("To book an appointment: %(booking)s.", booking=info.booking) if info.booking
                             else _("You can walk in during opening hours; no appointment is needed."))
            return " ".join(parts)
        if statement.kind == "jobs":
            return (_("These open vacancies may fit what you are looking for:") if vacancies_found
                    else _("I found no open vacancy that fits all of this right now. All vacancies are in the vacancy list."))
    return ""


def reply_blocks(reply: Reply, info: LoketInfo) -> list[dict[str, Any]]:
    """What the visitor reads, as paragraphs and list items made of text and link segments."""
    if reply.handoff:
        return [{"type": "p", "segments": [{"text": handoff_text(info, own_language(reply), reply.reason)}]}]
    blocks = []
    for statement in reply.statements:
        text = statement_text(statement, info, reply.language, bool(reply.vacancies))
        if text:
            blocks.append({"type": "p", "segments": [{"text": text}]})
    for line in reply.lines:
        segments = []
        for segment in line.segments:
            item: dict[str, Any] = {"text": segment.text}
            if segment.href:
                item["href"] = _href(segment.href, reply.language)
            segments.append(item)
        blocks.append({"type": "li" if line.bullet else "p", "segments": segments})
    return blocks


def _href(href: str, lang: str) -> str:
    """A guide link in the answer's language; official links as they are."""
    if href.startswith("/guide/"):
        path, _sep, anchor = href.partition("#")
        return f"{path}?lang={lang}" + (f"#{anchor}" if anchor else "")
    return href


def reply_text(reply: Reply, info: LoketInfo) -> str:
    """The answer as plain text: one line per paragraph, "- " before list items."""
    lines = []
    for block in reply_blocks(reply, info):
        text = "".join(segment["text"] for segment in block["segments"])
        lines.append(("- " if block["type"] == "li" else "") + text)
    return "\n".join(lines)


def contact_source(reply: Reply) -> dict[str, Any] | None:
    """The contact page as a source, when the answer gives the loket's own details."""
    if not any(s.kind == "loket" for s in reply.statements):
        return None
    with force_locale(reply.language):
        return {"id": "contact", "title": _("Visit the loket"), "section": _("Opening days and address"),
                "url": url_for("public.contact", lang=reply.language), "lang": reply.language,
                "reviewed": today().isoformat(), "links": []}


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
    sources = [source_json(s) for s in reply.sources]
    contact = contact_source(reply)
    if contact is not None:
        sources.insert(0, contact)
    languages = turn_languages(reply)
    return {
        "answer": reply_text(reply, info),
        "answer_lang": languages.answer,
        "dir": languages.answer_dir,
        "blocks": reply_blocks(reply, info),
        "language": reply.language,
        "question_language": reply.question_language,
        "confidence": reply.confidence,
        "handoff": reply.handoff,
        "reason": reply.reason,
        "notice": notice_text(reply),
        "notice_lang": languages.notice,
        "notice_dir": languages.notice_dir,
        "sources": sources,
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
            "booking_url": url_for("appointments.book", lang=reply.language),
        },
        "feedback_token": feedback_token,
    }


_CHAT_LABELS = {
    "you_asked": _l("You asked:"),
    "reach_loket": _l("How to reach the loket"),
    "book": _l("Book an appointment"),
    "sources": _l("Sources"),
    "reviewed": _l("reviewed %(date)s"),
    "copy_link": _l("Copy link to this answer's source"),
    "link_copied": _l("Link copied."),
    "copy_here": _l("Copy this link:"),
    "new_conversation": _l("New conversation"),
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


# Questions to start with, one per guide topic, in the UI language. Each is answered from a page
# of its own topic (tests/web/test_chat.py checks that, in both languages).
SUGGESTED_QUESTIONS: tuple[tuple[Topic, Any], ...] = (
    (Topic.VISA_RESIDENCE, _l("Do I need a visa to work in the Netherlands?")),
    (Topic.DUTCH_LESSONS, _l("Where can I learn Dutch for free?")),
    (Topic.CV_APPLYING, _l("How do I write a Dutch CV?")),
    (Topic.WORKING_NORTH, _l("How do I find housing in Groningen?")),
)


def suggested_questions() -> list[str]:
    """The suggested questions in the current UI language."""
    return [str(question) for _topic, question in SUGGESTED_QUESTIONS]


def chat_labels() -> dict[str, dict[str, str]]:
    """The chat script's texts in both languages: an answer may come in the other language than the page."""
    labels = {}
    for lang in ("en", "nl"):
        with force_locale(lang):
            labels[lang] = {key: str(text) for key, text in _CHAT_LABELS.items()}
    return labels
