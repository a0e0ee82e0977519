"""Language choice (?lang=, then the cookie, then Accept-Language) and locale-aware formatting."""
from __future__ import annotations

from flask import Flask, Response, g, request, url_for
from flask_babel import Babel, format_currency, format_date, format_decimal, format_percent, get_locale, lazy_gettext as _l

from ..config import PROJECT_ROOT

LOCALES = ("en", "nl")
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def select_locale() -> str:
    chosen = request.args.get("lang")
    if chosen in LOCALES:
        g.chosen_lang = chosen
        return chosen
    cookie = request.cookies.get(COOKIE)
    if cookie in LOCALES:
        return cookie
    from flask import current_app

    return request.accept_languages.best_match(LOCALES) or current_app.config["LOKET_DEFAULT_LOCALE"]


def current_locale() -> str:
    return str(get_locale() or "en")


def url_in(lang: str, external: bool = False) -> str:
    """The current page in another language (for the switcher and hreflang)."""
    from .urls import site_root

    args = request.args.to_dict()
    args["lang"] = lang
    if request.endpoint is None:
        path = url_for("public.home", lang=lang)
    else:
        path = url_for(request.endpoint, **(request.view_args or {}), **args)
    return site_root() + path if external else path


def money(amount: int | None) -> str:
    if amount is None:
        return ""
    return format_currency(amount, "EUR", format="¤ #,##0", currency_digits=False)


def init_app(app: Flask) -> None:
    Babel(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(PROJECT_ROOT / "loket" / "translations"),
    )
    app.jinja_env.globals.update(
        current_locale=current_locale,
        url_in=url_in,
        LOCALES=LOCALES,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        format_date=format_date,
        format_decimal=format_decimal,
        format_percent=format_percent,
        money=money,
    )
    app.jinja_env.add_extension("jinja2.ext.i18n")

    @app.after_request
    def remember_language(response: Response) -> Response:
        chosen = g.get("chosen_lang")
        if chosen:
            response.set_cookie(COOKIE, chosen, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
                                secure=app.config["SESSION_COOKIE_SECURE"])
        response.headers.add("Vary", "Accept-Language, Cookie")
        response.headers["Content-Language"] = current_locale()
        return response


__all__ = ["init_app", "select_locale", "current_locale", "url_in", "money", "_l"]
