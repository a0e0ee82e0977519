"""Sign in, sign out, employer registration, password reset, and the account page."""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session as http_session, url_for
from flask_babel import force_locale, gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ...domain.accounts import normalise_email
from ...domain.vacancies import Province
from ...services import accounts
from ...services.mail import MailError, send_mail
from ..db import session
from ..i18n import current_locale
from ..limits import keyed_hash, limiter
from ..urls import external_url
from .access import home_endpoint, safe_next
from .forms import AccountForm, ForgotPasswordForm, LoginForm, RegisterForm, ResetPasswordForm, password_errors

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__)

LOGIN_LIMIT = "10 per minute;50 per hour"
# Failed sign-ins: per address *and* client, so nobody can lock another person out from afar; and,
# slower and larger, per address alone, against guessing one account's password from many clients.
FAILED_LOGIN_LIMIT = "5 per 15 minutes"
FAILED_LOGIN_ADDRESS_LIMIT = "30 per hour"
REGISTER_LIMIT = "5 per hour"
RESET_LIMIT = "5 per hour"


def _email_key() -> str:
    """Rate-limit key for failed sign-ins to one account: the typed address, hashed."""
    return "email:" + keyed_hash(normalise_email(request.form.get("email", "")), "login-email")


def _email_client_key() -> str:
    """Rate-limit key for failed sign-ins to one account from one client: both hashed together."""
    return "email-client:" + keyed_hash(f"{normalise_email(request.form.get('email', ''))}|{request.remote_addr}", "login-email-client")


def _login_failed(_response) -> bool:
    return bool(g.get("login_failed"))


@bp.after_request
def _no_store(response):
    # Pages with forms, tokens and account details are never cached (ASVS 14.3.2).
    response.headers["Cache-Control"] = "no-store"
    if request.endpoint == "auth.reset_password":
        # The token is in the URL: never pass it on to another site.
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _invalid(template: str, **context):
    """The form again, with its errors, and nothing written (ASVS 2.2.x)."""
    return render_template(template, **context), 400


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@limiter.limit(FAILED_LOGIN_LIMIT, methods=["POST"], key_func=_email_client_key, deduct_when=_login_failed)
@limiter.limit(FAILED_LOGIN_ADDRESS_LIMIT, methods=["POST"], key_func=_email_key, deduct_when=_login_failed)
def login():
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url or url_for(home_endpoint(current_user)))
    form = LoginForm()
    if not form.validate_on_submit():
        if request.method == "POST":
            return _invalid("auth/login.html", form=form, next_url=next_url)
        return render_template("auth/login.html", form=form, next_url=next_url)
    user = accounts.authenticate(session(), form.email.data, form.password.data)
    if user is None:
        g.login_failed = True  # counts towards the per-address limit
        # The same words whether the address is unknown, inactive or the password wrong.
        form.form_errors.append(_("The e-mail address or password is not correct."))
        return _invalid("auth/login.html", form=form, next_url=next_url)
    _sign_in(user)
    return redirect(next_url or url_for(home_endpoint(user)))


def _sign_in(user) -> None:
    accounts.start_session(session(), user)
    http_session.clear()  # a new session: nothing from before sign-in carries over (ASVS 7.2.4)
    login_user(user)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        accounts.end_session(session(), current_user._get_current_object())
    logout_user()
    http_session.clear()
    flash(_("You have signed out."))
    return redirect(url_for("auth.login"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(REGISTER_LIMIT, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user)))
    form = RegisterForm()
    if request.method == "GET":
        form.locale.data = current_locale()
    if not form.validate_on_submit():
        if request.method == "POST":
            return _invalid("auth/register.html", form=form)
        return render_template("auth/register.html", form=form)
    registration = accounts.EmployerRegistration(
        company_name=form.company_name.data,
        kvk_number=form.kvk_number.data,
        city=form.city.data,
        province=Province(form.province.data),
        email=form.email.data,
        password=form.password.data,
        locale=form.locale.data,
    )
    try:
        user = accounts.register_employer(session(), registration)
    except accounts.WeakPassword as exc:  # the form checked already; kept for a policy change in between
        form.password.errors = password_errors(form.password.data, form.email.data) or [str(exc)]
        return _invalid("auth/register.html", form=form)
    except accounts.EmailTaken:
        # The owner of the address learns about the attempt by mail, in their account's language. The
        # visitor is not signed in (it is not their account) and reads the same words as after a sign-out.
        owner = accounts.find_user(session(), form.email.data)
        with force_locale(owner.locale if owner is not None else current_locale()):
            subject = _("Your account at the Digital Career Loket")
            body = _("Someone, perhaps you, tried to register a company with this e-mail address, which already has an account. "
                     "If you forgot your password, you can choose a new one here:\n\n%(url)s\n\nIf it was not you, you can ignore this mail.",
                     url=external_url("auth.forgot_password"))
        _mail(form.email.data, subject, body)
        flash(_("If this e-mail address can be used, your account is ready: sign in with it. We have sent you an e-mail as well."))
        return redirect(url_for("auth.login"))
    with force_locale(user.locale):
        subject = _("Welcome to the Digital Career Loket")
        body = _("Your company account has been created. The loket's staff will verify your company; "
                 "until then your company and its vacancies are not shown on the site.\n\nSign in here: %(url)s",
                 url=external_url("auth.login"))
    _mail(form.email.data, subject, body)
    # Signed in at once: the employer can write a vacancy while the company awaits verification.
    _sign_in(user)
    flash(_("Welcome! Your account is ready and you are signed in. Your company awaits verification by the loket's staff: "
            "you can already write and submit vacancies."))
    return redirect(url_for(home_endpoint(user)))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.shared_limit(RESET_LIMIT, scope="password-reset", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        if request.method == "POST":
            return _invalid("auth/forgot.html", form=form, sent=False)
        return render_template("auth/forgot.html", form=form, sent=False)
    user = accounts.find_user(session(), form.email.data)
    if user is not None and user.active:
        token = accounts.reset_token(user, current_app.config["SECRET_KEY"])
        with force_locale(user.locale):
            subject = _("Choose a new password")
            body = _("You asked for a new password for the Digital Career Loket. Choose it here within one hour:\n\n%(url)s\n\n"
                     "The link works once. If you did not ask for this, you can ignore this mail: your password stays the same.",
                     url=external_url("auth.reset_password", token=token))
        _mail(user.email, subject, body)
    # The same page whether or not the address has an account.
    return render_template("auth/forgot.html", form=ForgotPasswordForm(formdata=None), sent=True)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.shared_limit(RESET_LIMIT, scope="password-reset", methods=["POST"])
def reset_password(token: str):
    user = accounts.user_for_reset_token(session(), token, current_app.config["SECRET_KEY"])
    if user is None:
        return render_template("auth/reset.html", form=None, token=token), 400
    form = ResetPasswordForm(account_email=user.email)
    if not form.validate_on_submit():
        if request.method == "POST":
            return _invalid("auth/reset.html", form=form, token=token)
        return render_template("auth/reset.html", form=form, token=token)
    try:
        accounts.set_password(session(), user, form.password.data)
    except accounts.WeakPassword:
        form.password.errors = password_errors(form.password.data, user.email)
        return _invalid("auth/reset.html", form=form, token=token)
    if current_user.is_authenticated:
        logout_user()
    http_session.clear()
    flash(_("Your password has been changed. Sign in with your new password."))
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """The account's details; the language of its mails can be changed here (and the site follows)."""
    form = AccountForm(formdata=None, data={"locale": current_user.locale})
    if request.method == "POST":
        form = AccountForm()
        if not form.validate_on_submit():
            return _invalid("auth/account.html", user=current_user, form=form)
        accounts.set_locale(session(), current_user._get_current_object(), form.locale.data)
        with force_locale(form.locale.data):
            flash(_("Saved: we write to you in English from now on.") if form.locale.data == "en"
                  else _("Saved: we write to you in Dutch from now on."))
        return redirect(url_for("auth.account", lang=form.locale.data), code=303)
    return render_template("auth/account.html", user=current_user, form=form)


def _mail(to: str, subject: str, body: str) -> None:
    """Send, or log that it could not be sent: the visitor sees the same page either way."""
    try:
        send_mail(to, subject, body)
    except MailError:
        log.error("mail %r could not be sent", subject)
