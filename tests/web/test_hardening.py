"""Design gaps closed for production: the Host header, base-URL links, login limits, Redis away,
the proxy, the session's identifier and idle timeout, CSP, and the health checks."""
from __future__ import annotations

import hashlib
import logging
import re

import pytest
from flask_login.utils import _create_identifier

from loket import create_app
from loket.config import ConfigError, load_settings

from ..conftest import TODAY, csrf_token_in
from ..factories import TEST_PASSWORD

BASE = "https://loket.example.nl"


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def make_app(database_url, tmp_path):
    """Apps with extra settings on the test database; disposed afterwards."""
    made = []

    def build(**settings):
        app = create_app({"TESTING": True, "LOKET_DATABASE_URL": database_url, "LOKET_SECRET_KEY": "test-secret",
                          "LOKET_INSTANCE_PATH": str(tmp_path / f"instance{len(made)}"), "LOKET_TODAY": TODAY, **settings})
        made.append(app)
        return app

    yield build
    from ..conftest import _empty_tables

    for app in made:
        _empty_tables(app.extensions["loket.db"])
        app.extensions["loket.db"].dispose()


# --- Host header and base URL (ASVS 3.7.x) -----------------------------------------------------


def test_production_requires_a_base_url(tmp_path):
    with pytest.raises(ConfigError, match="LOKET_BASE_URL"):
        load_settings({"LOKET_INSTANCE_PATH": str(tmp_path), "LOKET_ENV": "production", "LOKET_SECRET_KEY": "k" * 32})


@pytest.mark.parametrize("value", ["loket.example.nl", "ftp://loket.example.nl", "https://loket.example.nl/path", "https://"])
def test_a_malformed_base_url_is_refused(tmp_path, value):
    with pytest.raises(ConfigError, match="LOKET_BASE_URL"):
        load_settings({"LOKET_INSTANCE_PATH": str(tmp_path), "LOKET_BASE_URL": value})


def test_a_forged_host_header_is_400(make_app):
    app = make_app(LOKET_BASE_URL=BASE)
    client = app.test_client()
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/api/v1/vacancies", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "loket.example.nl"}).status_code == 200


def test_allowed_hosts_can_name_more_hosts(make_app):
    app = make_app(LOKET_BASE_URL=BASE, LOKET_ALLOWED_HOSTS=("loket.example.nl", ".loket.example.nl"))
    client = app.test_client()
    assert client.get("/", headers={"Host": "www.loket.example.nl"}).status_code == 200
    assert client.get("/", headers={"Host": "loket.example.nl.evil.example"}).status_code == 400


def test_absolute_links_follow_the_base_url_not_the_host_header(make_app):
    from loket.storage.models import Vacancy
    from ..factories import Factory

    app = make_app(LOKET_BASE_URL=BASE, LOKET_ALLOWED_HOSTS=("loket.example.nl", "www.loket.example.nl"))
    with app.extensions["loket.db"].session() as db:
        vacancy: Vacancy = Factory(db, TODAY).vacancy()
        vacancy_id = vacancy.id
    client = app.test_client()
    host = {"Host": "www.loket.example.nl"}
    pages = {path: text(client.get(path, headers=host)) for path in
             ("/sitemap.xml", "/feed.atom", "/robots.txt", f"/vacancies/{vacancy_id}", "/vacancies")}
    api = client.get("/api/v1/vacancies", headers=host).get_json()
    detail = client.get(f"/api/v1/vacancies/{vacancy_id}", headers=host).get_json()
    links = re.findall(r"https?://[^\s\"'<>]+", " ".join(pages.values())) + [api["items"][0]["url"], detail["url"], detail["apply_url"]]
    ours = [link for link in links if "example.nl" in link]
    assert ours and all(link.startswith(BASE + "/") for link in ours), [l for l in ours if not l.startswith(BASE + "/")]
    assert not any("www.loket.example.nl" in link for link in links)


def test_reset_mail_links_follow_the_base_url_under_another_allowed_host(make_app, outbox):
    from ..factories import Factory

    app = make_app(LOKET_BASE_URL=BASE, LOKET_ALLOWED_HOSTS=("loket.example.nl", "www.loket.example.nl"))
    with app.extensions["loket.db"].session() as db:
        user = Factory(db, TODAY).user()
        email = user.email
    client = app.test_client()
    host = {"Host": "www.loket.example.nl"}
    token = csrf_token_in(text(client.get("/password/forgot", headers=host)))
    assert client.post("/password/forgot", data={"csrf_token": token, "email": email}, headers=host).status_code == 200
    from email import policy
    from email.parser import BytesParser
    from pathlib import Path

    mails = sorted((Path(app.config["LOKET_INSTANCE_PATH"]) / "outbox").glob("*.eml"))
    body = BytesParser(policy=policy.default).parsebytes(mails[-1].read_bytes()).get_body().get_content()
    assert f"{BASE}/password/reset/" in body and "www.loket" not in body


# --- failed sign-ins (ASVS 6.3.1) --------------------------------------------------------------


def _login(client, email, password, address):
    environ = {"REMOTE_ADDR": address}
    token = csrf_token_in(text(client.get("/login", environ_base=environ)))
    return client.post("/login", data={"csrf_token": token, "email": email, "password": password}, environ_base=environ)


def test_failures_from_one_client_do_not_lock_the_owner_out(app, make):
    victim = make.user(email="victim@noord.example")
    attacker, owner = app.test_client(), app.test_client()
    for _ in range(5):
        assert _login(attacker, victim.email, "guess guess guess", "10.0.0.66").status_code == 400
    assert _login(attacker, victim.email, TEST_PASSWORD, "10.0.0.66").status_code == 429
    assert _login(owner, victim.email, TEST_PASSWORD, "10.0.0.7").status_code == 302


def test_failures_for_one_address_from_many_clients_are_limited_too(app, make):
    victim = make.user(email="target@noord.example")
    client = app.test_client()
    for n in range(30):  # 30 an hour per address, from 8 clients (each under its own 5)
        assert _login(client, victim.email, f"guess number {n}", f"10.0.{n // 4}.1").status_code == 400
    assert _login(client, victim.email, "guess number 31", "10.0.99.1").status_code == 429
    assert _login(client, "someone.else@noord.example", "guess number 31", "10.0.99.1").status_code == 400


# --- Redis away --------------------------------------------------------------------------------


def test_redis_away_logs_once_keeps_limiting_and_shows_in_readiness(make_app, caplog, fake_assistant_parts):
    from loket.services.assistant import Assistant

    app = make_app(LOKET_RATELIMIT_STORAGE_URL="redis://127.0.0.1:1/0")  # nothing listens there
    content, retriever = fake_assistant_parts
    assistant = Assistant(content, retriever.embedder, index_dir=None)
    assistant.retriever = retriever
    app.extensions["loket.assistant"] = assistant
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="loket"):
        codes = [_login(client, f"a{n}@noord.example", "wrong password", "10.1.1.1").status_code for n in range(11)]
    assert codes[:10] == [400] * 10 and codes[10] == 429  # still limited, per worker
    warnings = [r for r in caplog.records if r.name == "loket.web.limits" and r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "counts for itself" in warnings[0].getMessage()
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json() == {"status": "degraded", "database": "ok", "rate_limits": "fallback", "assistant": "ready"}


# --- proxies -----------------------------------------------------------------------------------


@pytest.mark.parametrize("hops, limited", [(0, True), (1, False)])
def test_proxy_hops_decide_whose_address_counts(make_app, hops, limited):
    app = make_app(LOKET_PROXY_HOPS=hops)
    client = app.test_client()

    def attempt(n, forwarded):
        headers = {"X-Forwarded-For": forwarded}
        token = csrf_token_in(text(client.get("/login", headers=headers)))
        return client.post("/login", headers=headers, data={"csrf_token": token, "email": f"p{n}@noord.example",
                                                             "password": "wrong password"}).status_code

    assert [attempt(n, "198.51.100.1") for n in range(10)] == [400] * 10
    assert attempt(10, "198.51.100.2") == (429 if limited else 400)


@pytest.mark.parametrize("hops, root", [(0, "http://localhost"), (1, "https://loket.example.nl")])
def test_proxy_hops_decide_whose_scheme_and_host_count(make_app, hops, root):
    app = make_app(LOKET_PROXY_HOPS=hops)  # no base URL (development): links follow the request
    response = app.test_client().get("/robots.txt", headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "loket.example.nl"})
    assert f"Sitemap: {root}/sitemap.xml" in text(response)


# --- the session -------------------------------------------------------------------------------


def _session_data(app, client) -> dict:
    cookie = client.get_cookie("session")
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def test_the_session_holds_no_unkeyed_hash_of_the_address(app, client, auth, make):
    # Flask-Login's own _id is sha512("<ip>|<user agent>"): readable in the cookie, and with the
    # user agent known, the address follows by trying the ~4 billion IPv4 addresses.
    user = make.user()
    assert auth.login(user.email).status_code == 302
    data = _session_data(app, client)
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={"User-Agent": "Werkzeug/3.1.9"}):
        unkeyed = _create_identifier()
    assert "_id" in data and data["_id"] != unkeyed
    assert data["_id"] != hashlib.sha512(b"127.0.0.1|").hexdigest()
    assert "127.0.0.1" not in str(data)


def test_a_session_idle_too_long_is_signed_out(app, client, auth, make, monkeypatch):
    import loket.web.auth as web_auth

    user = make.user()
    now = 1_800_000_000
    monkeypatch.setattr(web_auth, "_now", lambda: now)
    assert auth.login(user.email).status_code == 302
    assert client.get("/account").status_code == 200
    now += 59 * 60  # within LOKET_SESSION_IDLE_MINUTES (60): a request keeps the session alive
    assert client.get("/account").status_code == 200
    now += 59 * 60
    assert client.get("/account").status_code == 200
    now += 61 * 60  # then an hour without a request
    response = client.get("/account")
    assert response.status_code == 302 and response.location.startswith("/login")
    assert "inactive" in text(client.get("/login"))
    assert client.get("/account").status_code == 302


def test_the_idle_timeout_is_a_setting(make_app, tmp_path):
    app = make_app(LOKET_SESSION_IDLE_MINUTES=5)
    assert app.config["LOKET_SESSION_IDLE_MINUTES"] == 5
    instance = {"LOKET_INSTANCE_PATH": str(tmp_path)}
    assert load_settings({**instance, "LOKET_SESSION_IDLE_MINUTES": "15"})["LOKET_SESSION_IDLE_MINUTES"] == 15
    with pytest.raises(ConfigError):
        load_settings({**instance, "LOKET_SESSION_IDLE_MINUTES": "0"})


# --- headers -----------------------------------------------------------------------------------


def test_csp_allows_forms_to_post_only_to_this_site(client):
    # ASVS 3.4.3: form-action is not covered by default-src.
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "form-action 'self'" in csp and "frame-ancestors 'none'" in csp


# --- health ------------------------------------------------------------------------------------


def test_healthz_is_liveness_only(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_readyz_needs_the_assistant_indexes(client):
    # The test app's own assistant was never warmed up: not ready, but no error.
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "ok", "rate_limits": "per-worker", "assistant": "loading"}


def test_readyz_when_ready(client, assistant):
    assistant.warm_up()
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json()["status"] == "ok"
