"""Sign-in, sign-out, registration, password reset, role checks and rate limits, through HTTP.

Requests carry CSRF tokens taken from the forms, as a browser would (CSRF stays on).
"""
from __future__ import annotations

import os
import random
import re

import pytest
from sqlalchemy import func, select

from loket.domain.accounts import Role, STAFF_ROLES
from loket.storage.models import Company
from loket.storage.models.accounts import User
from loket.web.auth.access import role_required, safe_next

from ..conftest import csrf_token_in
from ..factories import NEW_COMPANY, TEST_PASSWORD



def text(response) -> str:
    return response.get_data(as_text=True)


def without_tokens(html: str) -> str:
    """A page with its CSRF tokens blanked, to compare two responses."""
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+', r"\1", re.sub(r'value="[^"]+"( name="csrf_token")', r'value=""\1', html))


def session_cookie(client) -> str | None:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def count(db, model) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


# Pages and forms ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/login", "/register", "/password/forgot"])
def test_forms_are_accessible(client, path):
    # WCAG 1.3.1 / 3.3.2: every input has a label; autocomplete purposes are given (1.3.5).
    html = text(client.get(path))
    inputs = re.findall(r"<(?:input|select)\b[^>]*>", html)
    for tag in inputs:
        if 'type="hidden"' in tag:
            continue
        field_id = re.search(r'id="([^"]+)"', tag).group(1)
        assert f'<label for="{field_id}">' in html, f"no label for {field_id}"
    assert 'autocomplete="username"' in html or 'autocomplete="email"' in html
    assert "<script" not in html


def test_login_page_has_password_autocomplete_and_no_cache(client):
    response = client.get("/login")
    assert 'autocomplete="current-password"' in text(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_invalid_form_comes_back_with_linked_errors_and_400(client, forms, db):
    # ASVS 2.2.1: server-side validation, the form again, nothing written.
    response = forms.submit("/register", {**NEW_COMPANY, "kvk_number": "1234567", "password_again": "something else"})
    html = text(response)
    assert response.status_code == 400
    assert "<title>Error:" in html and 'role="alert"' in html
    assert re.search(r'aria-describedby="kvk_number-hint kvk_number-error"[^>]*aria-invalid="true"', html)
    assert 'id="kvk_number-error"' in html and "exactly 8 digits" in html
    assert 'href="#password_again"' in html and "not the same" in html
    assert 'value="Noorderlicht Software"' in html  # what was typed stays
    assert 'value="fjord lantern cabbage"' not in html  # passwords are never sent back
    assert count(db, Company) == 0 and count(db, User) == 0


@pytest.mark.parametrize(("field", "value", "message"), [
    ("password", "welkom2025", "too common"),
    ("password", "hiring-noorderlicht", "e-mail address"),
    ("password", "short", "at least 8"),
    ("email", "not-an-address", "e-mail address like"),
    ("province", "utrecht", "Choose the province"),
    ("company_name", "x" * 161, "at most 160"),
])
def test_registration_validation(forms, db, field, value, message):
    data = {**NEW_COMPANY, field: value}
    if field == "password":
        data["password_again"] = value
    response = forms.submit("/register", data)
    assert response.status_code == 400 and message in text(response)
    assert count(db, Company) == 0 and count(db, User) == 0


def test_errors_are_in_the_users_language(client, auth, forms):
    # ASVS 2.2.x: clear messages in the user's language (here Dutch, chosen with ?lang=nl).
    client.get("/?lang=nl")
    wrong = auth.login("iemand@noord.example", "verkeerd wachtwoord")
    assert wrong.status_code == 400 and "Het e-mailadres of wachtwoord klopt niet." in text(wrong)
    short = forms.submit("/register", {**NEW_COMPANY, "password": "kort", "password_again": "kort"})
    assert "Gebruik minstens 8 tekens." in text(short) and "Er is een probleem" in text(short)


# Registration -------------------------------------------------------------------------------

def test_register_makes_an_unverified_company_and_an_employer_and_signs_them_in(client, forms, db, outbox):
    response = forms.submit("/register", NEW_COMPANY)
    assert response.status_code == 302 and response.headers["Location"] == "/employer"
    user = db.scalars(select(User)).one()
    assert user.role == Role.EMPLOYER and user.email == "hiring@noorderlicht.example" and user.locale == "en"
    assert user.company.name == "Noorderlicht Software" and user.company.verified is False
    assert user.company.slug == "noorderlicht-software" and user.company.kvk_number == "12345678"
    assert [m["Subject"] for m in outbox()] == ["Welcome to the Digital Career Loket"]
    # Signed in at once, with a clear "awaits verification" state: no second sign-in.
    dashboard = text(client.get("/employer"))
    assert "you are signed in" in dashboard and "Your company awaits verification" in dashboard
    assert client.get("/employer/vacancies/new").status_code == 200


def test_register_in_dutch_chooses_dutch_mails(client, forms, db, outbox):
    page = text(client.get("/register?lang=nl"))
    assert 'name="locale" id="locale-1" value="nl" checked' in page  # the page's language is preselected
    assert forms.submit("/register", {**NEW_COMPANY, "locale": "nl"}).status_code == 302
    assert db.scalars(select(User)).one().locale == "nl"
    assert [m["Subject"] for m in outbox()] == ["Welkom bij het Digital Career Loket"]


def test_register_ignores_fields_that_would_set_role_status_or_verification(forms, db, make):
    # ASVS 8.2.x: nobody can set verified/status/role through a form field (mass assignment).
    other = make.company(slug="other")
    extra = {"verified": "1", "role": "admin", "status": "published", "company_id": str(other.id),
             "recognised_sponsor": "1", "active": "0", "slug": "other"}
    assert forms.submit("/register", {**NEW_COMPANY, **extra}).status_code == 302
    user = db.scalars(select(User).where(User.email == NEW_COMPANY["email"])).one()
    assert user.role == Role.EMPLOYER and user.active and user.company_id != other.id
    assert user.company.verified is False and user.company.recognised_sponsor is False
    assert user.company.slug == "noorderlicht-software"


def test_register_with_a_taken_address_writes_nothing_and_tells_the_owner(client, forms, db, make, outbox):
    # ASVS 6.3.x: a taken address gets no account and no session; the owner is told by mail (in
    # their language). Being signed in straight after registering does show that an address was
    # free: that is the price of not signing in twice, kept small by the rate limit (5 an hour).
    make.user(role="staff", email="hiring@noorderlicht.example", locale="nl")
    taken = forms.submit("/register", NEW_COMPANY)
    assert taken.status_code == 302 and taken.headers["Location"] == "/login"
    assert count(db, Company) == 0
    assert client.get("/employer").headers["Location"].startswith("/login")  # not signed in
    mails = outbox()
    assert len(mails) == 1 and mails[0]["To"] == "hiring@noorderlicht.example"
    assert "dat al een account heeft" in mails[0].get_content()
    assert "sign in with it" in text(client.get("/login"))


def test_a_signed_in_user_is_sent_home_from_register(client, logged_in_employer):
    assert client.get("/register").headers["Location"] == "/employer"


# Sign in ------------------------------------------------------------------------------------

def test_login_success_goes_to_the_role_home(client, auth, make):
    user = make.user(role="employer", email="boss@noord.example")
    response = auth.login("BOSS@noord.example ")
    assert response.status_code == 302 and response.headers["Location"] == "/employer"
    html = text(client.get("/account"))
    assert "boss@noord.example" in html and "Sign out" in html
    assert user.company.name in html


def test_failed_login_does_not_reveal_whether_the_address_exists(client, auth, make, db):
    # ASVS 6.3.8: the same answer for an unknown address, a wrong password and an inactive account.
    make.user(email="known@noord.example")
    make.user(email="gone@noord.example", active=False)
    wrong = auth.login("known@noord.example", "not the password at all")
    unknown = auth.login("unknown@noord.example", "not the password at all")
    inactive = auth.login("gone@noord.example")
    assert wrong.status_code == unknown.status_code == inactive.status_code == 400
    assert "The e-mail address or password is not correct." in text(wrong)
    pages = [without_tokens(text(r)).replace(email, "EMAIL") for r, email in
             ((wrong, "known@noord.example"), (unknown, "unknown@noord.example"), (inactive, "gone@noord.example"))]
    assert pages[0] == pages[1] == pages[2]
    assert client.get("/account").status_code == 302


def test_login_form_errors_are_400_and_write_nothing(auth, db):
    response = auth.login("", "")
    assert response.status_code == 400 and "Enter your e-mail address." in text(response)
    assert "Enter your password." in text(response)


def test_login_renews_the_session(client, auth, make):
    # ASVS 7.2.4: a new session at sign-in; nothing from the anonymous session carries over.
    user = make.user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    before = session_cookie(client)
    auth.login(user.email)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{user.id}:")
    assert session_cookie(client) != before
    # The pre-login cookie does not carry the login.
    client.set_cookie("session", before)
    assert client.get("/account").status_code == 302


def test_a_cookie_replayed_after_logout_no_longer_works(client, auth, make):
    # ASVS 7.4.1: sign-out ends the session on the server side too.
    user = make.user()
    auth.login(user.email)
    captured = session_cookie(client)
    assert client.get("/account").status_code == 200
    response = auth.logout()
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.get("/account").status_code == 302
    client.set_cookie("session", captured)  # an attacker's copy of the signed-in cookie
    replay = client.get("/account")
    assert replay.status_code == 302 and replay.headers["Location"].startswith("/login")
    assert "Sign in" in text(client.get("/"))


def test_signing_in_elsewhere_ends_the_earlier_session(app, auth, make):
    # One session per user: the token rotates at every sign-in (see README, Accounts).
    user = make.user()
    auth.login(user.email)
    other = app.test_client()
    csrf = csrf_token_in(text(other.get("/login")))
    other.post("/login", data={"csrf_token": csrf, "email": user.email, "password": TEST_PASSWORD})
    assert other.get("/account").status_code == 200
    assert auth.client.get("/account").status_code == 302


def test_logout_is_post_only(client, logged_in_employer):
    assert client.get("/logout").status_code == 405
    assert client.get("/account").status_code == 200


# CSRF ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/login", "/register", "/password/forgot", "/logout"])
def test_posts_without_csrf_token_are_rejected(client, path, db):
    # ASVS 3.5.1: every state-changing request needs the token.
    response = client.post(path, data={**NEW_COMPANY, "email": "x@noord.example", "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert count(db, User) == 0


def test_logout_without_token_keeps_the_session(client, logged_in_employer):
    assert client.post("/logout").status_code == 400
    assert client.get("/account").status_code == 200


def test_a_token_from_another_session_is_rejected(app, client, auth, make):
    user = make.user()
    foreign = csrf_token_in(text(app.test_client().get("/login")))
    response = client.post("/login", data={"csrf_token": foreign, "email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 400 and client.get("/account").status_code == 302


# Header -------------------------------------------------------------------------------------

def test_header_shows_sign_in_or_the_account_link_and_a_sign_out_form(client, auth, make):
    html = text(client.get("/vacancies"))
    area = re.search(r'<div class="account-area">.*?</div>', html, re.S).group(0)
    assert 'href="/login"' in area and "Sign out" not in area
    user = make.user(role="staff")
    auth.login(user.email)
    area = re.search(r'<div class="account-area">.*?</div>', text(client.get("/vacancies")), re.S).group(0)
    assert 'href="/desk"' in area  # staff's home is the desk
    form = re.search(r"<form[^>]*>", area).group(0)
    assert 'method="post"' in form and 'action="/logout"' in form and 'name="csrf_token"' in area


def test_role_home_is_used_for_each_role(app, auth, make):
    user = make.user(role="admin")
    assert auth.login(user.email).headers["Location"] == "/desk"
    area = re.search(r'<div class="account-area">.*?</div>', text(auth.client.get("/vacancies")), re.S).group(0)
    assert 'href="/desk"' in area and "Desk" in area


# Redirects after sign-in --------------------------------------------------------------------

def test_anonymous_visitors_are_sent_to_login_and_back(client, auth, make):
    response = client.get("/account?tab=1")
    assert response.status_code == 302 and response.headers["Location"] == "/login?next=/account?tab%3D1"
    assert "Please sign in to see this page." in text(client.get("/login?next=/account?tab%3D1"))
    user = make.user()
    assert auth.login(user.email, next="/account?tab%3D1").headers["Location"] == "/account?tab=1"


@pytest.mark.parametrize("target", [
    "//evil.example", "https://evil.example/", "http:evil.example", "/\\evil.example", "\\\\evil.example",
    "/\t/evil.example", "javascript:alert(1)", "evil.example", "/%0a/evil.example".replace("%0a", "\n"), "",
])
def test_next_only_redirects_to_our_own_paths(auth, make, target):
    # ASVS 1.3.x / 3.7.2: no open redirect.
    user = make.user()
    response = auth.client.post("/login", query_string={"next": target},
                                data={"csrf_token": auth.forms.token("/login"), "email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/employer"  # the role home, never the target


@pytest.mark.parametrize(("target", "expected"), [
    ("/vacancies?province=drenthe", "/vacancies?province=drenthe"),
    ("/", "/"),
    ("//evil.example", None),
    ("///evil.example", None),
    ("/\\evil.example", None),
    ("https://evil.example", None),
    ("/ok path", None),
    (None, None),
])
def test_safe_next(target, expected):
    assert safe_next(target) == expected


# Roles --------------------------------------------------------------------------------------

@pytest.fixture
def staff_only(app):
    """A staff-only test page, added before the first request."""
    @role_required(*STAFF_ROLES)
    def view():
        return "staff page"

    app.add_url_rule("/_test/staff-only", "test_staff_only", view)
    return "/_test/staff-only"


def test_role_required_anonymous_is_sent_to_login(client, staff_only):
    response = client.get(staff_only)
    assert response.status_code == 302 and response.headers["Location"] == "/login?next=/_test/staff-only"


def test_role_required_employer_gets_403(client, staff_only, logged_in_employer):
    # ASVS 8.2.1: employers cannot reach staff pages.
    assert client.get(staff_only).status_code == 403


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_role_required_staff_and_admin_get_in(client, auth, make, staff_only, role):
    auth.login(make.user(role=role).email)
    assert text(client.get(staff_only)) == "staff page"


def test_logged_in_staff_fixture(client, logged_in_staff):
    assert logged_in_staff.role == Role.STAFF and client.get("/account").status_code == 200


def test_role_required_needs_a_role():
    with pytest.raises(ValueError):
        role_required()


# Password reset -----------------------------------------------------------------------------

def reset_link(mail) -> str:
    return re.search(r"http://localhost(/password/reset/\S+)", mail.get_content()).group(1)


def test_password_reset_flow_through_the_outbox(app, client, auth, forms, make, outbox):
    user = make.user(email="forgetful@noord.example")
    other_device = app.test_client()
    csrf = csrf_token_in(text(other_device.get("/login")))
    other_device.post("/login", data={"csrf_token": csrf, "email": user.email, "password": TEST_PASSWORD})

    response = forms.submit("/password/forgot", {"email": "Forgetful@noord.example"})
    assert response.status_code == 200 and "If an account exists" in text(response)
    (mail,) = outbox()
    assert mail["To"] == "forgetful@noord.example" and mail["Subject"] == "Choose a new password"
    link = reset_link(mail)

    page = client.get(link)
    assert page.status_code == 200 and 'autocomplete="new-password"' in text(page)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    weak = forms.submit(link, {"password": "forgetful123", "password_again": "forgetful123"})
    assert weak.status_code == 400 and "e-mail address" in text(weak)
    done = forms.submit(link, {"password": "a brand new sentence", "password_again": "a brand new sentence"})
    assert done.status_code == 302 and done.headers["Location"] == "/login"

    again = client.get(link)  # single use: the password hash changed
    assert again.status_code == 400 and "not valid any more" in text(again)
    assert forms.client.post(link, data={"csrf_token": forms.token("/login"), "password": "x" * 20, "password_again": "x" * 20}).status_code == 400
    assert auth.login(user.email, TEST_PASSWORD).status_code == 400  # the old password fails
    assert other_device.get("/account").status_code == 302  # sessions from before the reset ended
    assert auth.login(user.email, "a brand new sentence").status_code == 302


def test_forgot_password_answers_the_same_for_unknown_addresses(client, forms, make, outbox):
    # ASVS 6.3.8 / 6.4.x: no account enumeration through the reset form.
    make.user(email="known@noord.example")
    known = forms.submit("/password/forgot", {"email": "known@noord.example"})
    unknown = forms.submit("/password/forgot", {"email": "unknown@noord.example"})
    assert known.status_code == unknown.status_code == 200
    assert without_tokens(text(known)) == without_tokens(text(unknown))
    assert [m["To"] for m in outbox()] == ["known@noord.example"]


def test_forgot_password_with_a_malformed_address_is_400(forms, outbox):
    response = forms.submit("/password/forgot", {"email": "nope"})
    assert response.status_code == 400 and "e-mail address like" in text(response) and outbox() == []


def test_reset_links_use_the_configured_base_url_not_the_host_header(app, client, make, outbox):
    # Reset-link poisoning: a forged Host header must not end up in the mail.
    app.config["LOKET_BASE_URL"] = "https://loket.example.nl/"
    user = make.user()
    token = csrf_token_in(text(client.get("/password/forgot", base_url="http://evil.example")))
    response = client.post("/password/forgot", data={"csrf_token": token, "email": user.email}, base_url="http://evil.example")
    assert response.status_code == 200
    body = outbox()[0].get_content()
    assert "https://loket.example.nl/password/reset/" in body and "evil.example" not in body


@pytest.mark.parametrize("token", ["garbage", "a" * 300, "eyJ1c2VyIjoxfQ.abc.def"])
def test_forged_reset_tokens_are_refused(client, token):
    assert client.get(f"/password/reset/{token}").status_code == 400


def test_expired_reset_tokens_are_refused(app, client, make, monkeypatch):
    from loket.services import accounts

    user = make.user()
    token = accounts.reset_token(user, app.config["SECRET_KEY"])
    assert client.get(f"/password/reset/{token}").status_code == 200
    monkeypatch.setattr(accounts, "RESET_MAX_AGE", -1)  # an hour has passed
    assert client.get(f"/password/reset/{token}").status_code == 400


# Rate limits --------------------------------------------------------------------------------

def test_login_is_limited_per_client(app, auth, make):
    # ASVS 6.3.1 (6.1.1): repeated sign-in attempts get 429.
    for n in range(10):
        assert auth.login(f"nobody{n}@noord.example", "wrong password").status_code == 400
    limited = auth.login("nobody@noord.example", "wrong password")
    assert limited.status_code == 429 and "Too many requests" in text(limited)
    assert "Retry-After" in limited.headers


def test_failed_logins_are_limited_per_address(app, auth, make):
    victim = make.user(email="victim@noord.example")
    for _ in range(5):
        assert auth.login("victim@noord.example", "guess guess guess").status_code == 400
    # Even the right password waits now; another account from the same client does not.
    assert auth.login("VICTIM@noord.example", TEST_PASSWORD).status_code == 429
    assert auth.login(make.user().email).status_code == 302
    assert victim.id


def test_successful_logins_do_not_count_as_failures(auth, make):
    user = make.user()
    for _ in range(6):
        assert auth.login(user.email).status_code == 302


def test_registration_is_limited(forms):
    for n in range(5):
        assert forms.submit("/register", {**NEW_COMPANY, "email": f"hr{n}@noord.example"}).status_code == 302
    assert forms.submit("/register", {**NEW_COMPANY, "email": "hr9@noord.example"}).status_code == 429


def test_password_reset_is_limited(forms):
    for _ in range(5):
        assert forms.submit("/password/forgot", {"email": "someone@noord.example"}).status_code == 200
    assert forms.submit("/password/forgot", {"email": "someone@noord.example"}).status_code == 429


def test_counts_hold_no_address_in_the_clear(app, auth):
    from loket.web.limits import limiter

    auth.login("private.person@noord.example", "wrong password")
    storage = limiter.storage
    keys = " ".join(str(k) for k in [*storage.storage, *storage.events])
    assert keys and "127.0.0.1" not in keys and "private.person" not in keys


def test_rate_limits_can_be_switched_off(database_url, tmp_path):
    from loket import create_app

    app = create_app({"TESTING": True, "LOKET_DATABASE_URL": database_url, "LOKET_INSTANCE_PATH": str(tmp_path),
                      "LOKET_SECRET_KEY": "test-secret", "LOKET_RATELIMIT_ENABLED": False})
    client = app.test_client()
    token = csrf_token_in(text(client.get("/login")))
    for _ in range(12):
        assert client.post("/login", data={"csrf_token": token, "email": "a@noord.example", "password": "wrong password"}).status_code == 400
    app.extensions["loket.db"].dispose()


def test_memory_counts_are_per_worker(database_url, tmp_path):
    """With memory:// a new process starts from zero; that is why production uses Redis."""
    from loket import create_app

    def worker():
        return create_app({"TESTING": True, "LOKET_DATABASE_URL": database_url, "LOKET_INSTANCE_PATH": str(tmp_path),
                           "LOKET_SECRET_KEY": "test-secret"})

    first = worker()
    client = first.test_client()
    token = csrf_token_in(text(client.get("/login")))
    codes = [client.post("/login", data={"csrf_token": token, "email": f"a{n}@noord.example", "password": "wrong password"}).status_code for n in range(11)]
    assert codes[-1] == 429
    second = worker()
    client = second.test_client()
    token = csrf_token_in(text(client.get("/login")))
    assert client.post("/login", data={"csrf_token": token, "email": "b@noord.example", "password": "wrong password"}).status_code == 400
    for app in (first, second):
        app.extensions["loket.db"].dispose()


REDIS_URL = os.environ.get("LOKET_TEST_REDIS_URL")


@pytest.mark.redis
@pytest.mark.skipif(not REDIS_URL, reason="LOKET_TEST_REDIS_URL is not set")
def test_redis_shares_the_counts_between_workers(database_url, tmp_path):
    """Two app instances (as two gunicorn workers) count together in Redis. Fails when Redis does not answer."""
    import redis

    from loket import create_app

    server = redis.Redis.from_url(REDIS_URL, socket_timeout=3)
    try:
        assert server.ping()  # no answer: this test fails, it does not skip
    finally:
        server.close()
    # A run of its own: Redis keeps counts between runs and parametrisations, and the global
    # `random` state can repeat (hypothesis reseeds it), so draw from the OS instead.
    rng = random.SystemRandom()
    address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"

    def worker():
        return create_app({"TESTING": True, "LOKET_DATABASE_URL": database_url, "LOKET_INSTANCE_PATH": str(tmp_path),
                           "LOKET_SECRET_KEY": "test-secret", "LOKET_RATELIMIT_STORAGE_URL": REDIS_URL})

    def attempt(app, n):
        client = app.test_client()
        environ = {"REMOTE_ADDR": address}
        token = csrf_token_in(text(client.get("/login", environ_base=environ)))
        return client.post("/login", environ_base=environ,
                           data={"csrf_token": token, "email": f"r{n}-{address}@noord.example", "password": "wrong password"}).status_code

    first = worker()
    assert [attempt(first, n) for n in range(10)] == [400] * 10
    second = worker()  # a new storage object, as in another process: only Redis knows the count
    assert attempt(second, 10) == 429
    server = redis.Redis.from_url(REDIS_URL, socket_timeout=3)
    try:
        keys = [k.decode() for k in server.keys("*loket*")]
    finally:
        server.close()
    assert keys and not any(address in k for k in keys)
    for app in (first, second):
        app.extensions["loket.db"].dispose()


# Robustness ---------------------------------------------------------------------------------

def test_database_outage_while_signed_in_gives_the_503_page(app, client, logged_in_employer):
    from sqlalchemy import create_engine

    database = app.extensions["loket.db"]
    gone = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/gone", pool_pre_ping=True)
    database.sessions.configure(bind=gone)
    try:
        page = client.get("/vacancies")
        assert page.status_code == 503 and "temporarily unavailable" in text(page)
    finally:
        database.sessions.configure(bind=database.engine)
        gone.dispose()
    assert client.get("/account").status_code == 200
