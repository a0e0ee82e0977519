"""Public pages: home, vacancy list and detail, companies, sitemap, feed."""
from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...domain.content import Topic
from ...domain.eligibility import SPONSOR_REGISTER, VISITOR_CRITERIA, InvalidAnswers, parse_answers
from ...domain.figures import HOLIDAY_ALLOWANCE
from ...domain.records import is_web_address
from ...domain.alerts import alert_query, filter_params
from ...domain.search import InvalidParameter, Sort, VacancyQuery, parse_vacancy_query
from ...domain.vacancies import OCCUPATIONS, Contract, Province, RemotePolicy, Seniority
from ...services import vacancies as vacancy_service
from ...storage import queries
from ..db import session, today
from ..alerts.present import describe_filters
from ..assistant.present import current_loket, opening_days
from ..guide.routes import content as guide_content, figures as guide_figures
from ..i18n import current_locale, money
from ..urls import external_url, site_root
from .job_check import check_for, every_check, outcome_keys
from .jsonld import job_posting
from .listing import POSTED_WITHIN_LABELS, active_filters, cleared_url, place, posted_ago, posted_on, without_empty
from .statements import accessibility_statement

bp = Blueprint("public", __name__)


def _parse_query() -> tuple[VacancyQuery, str | None]:
    """The list's query from the URL; on a bad value, the unfiltered query and a message."""
    try:
        query = parse_vacancy_query(request.args, current_app.config["LOKET_PER_PAGE"])
        return vacancy_service.with_salary_requirement(query, guide_figures(), today()), None
    except InvalidParameter as exc:
        return VacancyQuery(per_page=current_app.config["LOKET_PER_PAGE"]), _(
            "The filter “%(name)s” has a value we cannot use. Please choose again.", name=exc.name
        )


@bp.get("/")
def home():
    recent = queries.recent_open_vacancies(session(), today(), limit=6)
    _, total = vacancy_service.search(session(), VacancyQuery(per_page=1), today())
    _, english = vacancy_service.search(session(), VacancyQuery(per_page=1, english_only=True), today())
    return render_template("public/home.html", recent=recent, total=total, english=english)


@bp.get("/vacancies")
def vacancy_list():
    # The filter form sends every field, also the empty ones: send the browser to the same list
    # without them, so the address stays short and shareable (saved-jobs.js does this before sending).
    kept = without_empty(request.args)
    if kept is not None:
        return redirect(request.path + ("?" + urlencode(kept) if kept else ""), code=302)
    query, error = _parse_query()
    items, total = vacancy_service.search(session(), query, today())
    pages = max(1, math.ceil(total / query.per_page))
    return (
        render_template(
            "public/vacancy_list.html",
            query=query,
            items=items,
            total=total,
            pages=pages,
            error=error,
            provinces=list(Province),
            remotes=list(RemotePolicy),
            seniorities=list(Seniority),
            contracts=list(Contract),
            occupations=list(OCCUPATIONS.values()),
            posted_within=POSTED_WITHIN_LABELS,
            chips=active_filters(query, visitor_criteria()),
            clear_url=cleared_url(query),
        ),
        400 if error else 200,
    )


@bp.get("/saved")
def saved_jobs():
    """The visitor's saved jobs: a page shell that saved-jobs.js fills from this browser's storage.

    The service worker keeps a copy for offline use, except for a signed-in visitor's page (no-store):
    its header names the account and holds a sign-out token.
    """
    headers = {"Cache-Control": "no-store"} if current_user.is_authenticated else {}
    return render_template("public/saved.html"), 200, headers


@bp.get("/sw.js")
def service_worker():
    """The service worker that keeps the saved-jobs page working offline; served from the root so it
    may control /saved (its scope), and revalidated on every load so an update reaches visitors."""
    script = (Path(current_app.static_folder) / "js" / "sw.js").read_text(encoding="utf-8")
    return current_app.response_class(script, mimetype="text/javascript", headers={"Cache-Control": "no-cache"})


bp.add_app_template_global(place)
bp.add_app_template_global(posted_ago)
bp.add_app_template_global(posted_on)


@bp.route("/vacancies/<int:vacancy_id>", methods=["GET", "POST"])
def vacancy_detail(vacancy_id: int):
    """The vacancy; a POST carries the answers of "Can I take this job?" (never stored, never logged)."""
    vacancy = vacancy_service.public_vacancy(session(), vacancy_id)
    if vacancy is None:
        abort(404)
    is_open = vacancy.is_open(today())
    if is_open and request.method == "GET":
        vacancy_service.record_view(session(), vacancy, today())
    url = external_url("public.vacancy_detail", vacancy_id=vacancy.id)
    company_url = external_url("public.company_detail", slug=vacancy.company.slug)
    year = guide_figures().current(today())
    check, missing = None, ()
    if request.method == "POST":
        try:
            check = check_for(vacancy, year, parse_answers(request.form))
        except InvalidAnswers as exc:
            missing = exc.missing
    page = render_template(
        "public/vacancy_detail.html",
        vacancy=vacancy,
        is_open=is_open,
        jsonld=job_posting(vacancy, url, company_url) if is_open else None,
        share_url=url,
        check=check,
        checks=every_check(vacancy, year),
        answers=request.form if request.method == "POST" else {},
        missing=missing,
        sponsor_register=SPONSOR_REGISTER,
        holiday_allowance=HOLIDAY_ALLOWANCE,
    )
    # A page that shows the visitor's answers is not kept in any cache.
    headers = {"Cache-Control": "no-store"} if request.method == "POST" else {}
    return page, 400 if missing else 200, headers


@bp.app_template_global()
def visitor_criteria() -> dict[str, str]:
    """Each criterion a visitor's answers can lead to, with its monthly amount this year as a phrase: for the list filter."""
    year = guide_figures().current(today())
    amounts = {c.value: year.amount(c) for c in VISITOR_CRITERIA} if year else {}
    return {code: _("(at least %(amount)s a month in %(year)s)", amount=money(amount), year=year.year)
            for code, amount in amounts.items() if amount is not None}


bp.add_app_template_global(outcome_keys)


@bp.get("/vacancies/<int:vacancy_id>/apply")
def apply(vacancy_id: int):
    """Count the click, then send the visitor to the employer (the counting redirect)."""
    vacancy = vacancy_service.public_vacancy(session(), vacancy_id)
    if vacancy is None:
        abort(404)
    if not vacancy.is_open(today()):
        return redirect(url_for("public.vacancy_detail", vacancy_id=vacancy.id))
    if vacancy.apply_url and not is_web_address(vacancy.apply_url):  # stored before the check was this strict
        return redirect(url_for("public.vacancy_detail", vacancy_id=vacancy.id))
    vacancy_service.record_apply(session(), vacancy, today())
    target = vacancy.apply_url or f"mailto:{vacancy.apply_email}"
    return redirect(target, code=303)


@bp.get("/companies")
def company_list():
    companies = queries.international_companies(session(), today())
    return render_template("public/company_list.html", companies=companies)


@bp.get("/companies/<slug>")
def company_detail(slug: str):
    company = queries.get_company(session(), slug)
    if company is None or not company.verified:
        abort(404)
    items, total = vacancy_service.search(session(), VacancyQuery(company_id=company.id, per_page=100), today())
    return render_template("public/company_detail.html", company=company, items=items, total=total)


@bp.get("/contact")
def contact():
    info = current_loket()
    return render_template("public/contact.html", info=info, days=opening_days(info, current_locale()))


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html", info=current_loket(),
                           retention_days=current_app.config["LOKET_QUESTION_RETENTION_DAYS"])


@bp.get("/accessibility")
def accessibility():
    return render_template("public/accessibility.html", info=current_loket(), statement=accessibility_statement())


@bp.get("/for-employers")
def for_employers():
    """Where employers start: registering, posting, and the guide's pages for them."""
    pages = sorted((p for p in guide_content().in_language(current_locale()) if p.topic == Topic.EMPLOYERS),
                   key=lambda p: p.title.casefold())
    return render_template("public/for_employers.html", pages=pages)


@bp.get("/sitemap.xml")
def sitemap():
    pages = [url_for("public.home"), url_for("public.vacancy_list"), url_for("public.company_list"),
             url_for("public.contact"), url_for("assistant.page"), url_for("public.for_employers"),
             url_for("public.privacy"), url_for("public.accessibility")]
    pages += [url_for("public.vacancy_detail", vacancy_id=vid) for vid, _ in queries.all_open_vacancy_ids(session(), today())]
    pages += [url_for("public.company_detail", slug=slug) for slug in queries.visible_company_slugs(session())]
    pages += [url_for("guide.index"), url_for("guide.glossary")]
    pages += [url_for("guide.page", page_id=page.id) for page in guide_content().in_language("en")]
    response = current_app.response_class(
        render_template("public/sitemap.xml", pages=pages, root=site_root()),
        mimetype="application/xml",
    )
    return response


FEED_SIZE = 50


@bp.get("/feed.atom")
def feed():
    """The newest open vacancies with the list's filters (`/feed.atom?english_only=1&province=drenthe`);
    a malformed filter is a 400 with a short text (a feed reader shows it as it is)."""
    try:
        query = alert_query(request.args)
        query = vacancy_service.with_salary_requirement(replace(query, sort=Sort.NEWEST, per_page=FEED_SIZE),
                                                        guide_figures(), today())
    except InvalidParameter as exc:
        message = _("The filter “%(name)s” has a value we cannot use: expected %(expected)s.", name=exc.name,
                    expected=exc.expected)
        return message + "\n", 400, {"Content-Type": "text/plain; charset=utf-8"}
    items, _total = vacancy_service.search(session(), query, today())
    params = filter_params(query)
    body = render_template("public/feed.atom.xml", items=items, root=site_root(), params=params,
                           filters=describe_filters(query))
    return current_app.response_class(body, mimetype="application/atom+xml")


@bp.get("/robots.txt")
def robots():
    body = "User-agent: *\nDisallow: /vacancies/*/apply\nDisallow: /api/\nSitemap: " + external_url("public.sitemap") + "\n"
    return current_app.response_class(body, mimetype="text/plain")
