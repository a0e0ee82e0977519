"""Random values to every form field and query parameter of every route: never a 5xx.

QUALITY.md, "Input and output". The routes come from `app.url_map`; the form fields from every
`loket.web.forms.Form` class; the query parameters from `VacancyQuery` and from the names the
views read with `request.args`/`request.form` (found in the source, so a new one is fuzzed too).
Each route is requested by a role that may use it (else the role check answers first) with a
valid CSRF token (else CSRF does), on SQLite and PostgreSQL, with rate limits off. Examples are
bounded (FUZZ_EXAMPLES per route and method) so `make test` stays fast.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import fields
from pathlib import Path

import pytest
from flask import url_for
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings, strategies as st
from werkzeug.routing import IntegerConverter

import loket.web
from loket import create_app
from loket.domain.search import VacancyQuery
from loket.web.forms import Form

from ..conftest import TODAY, _empty_tables, csrf_token_in
from ..factories import TEST_PASSWORD, Factory

FUZZ_EXAMPLES = 8

WEB = Path(loket.web.__file__).parent


def _import_web_modules() -> None:
    for module in pkgutil.walk_packages([str(WEB)], "loket.web."):
        importlib.import_module(module.name)


def _subclasses(cls) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def form_classes() -> list[type]:
    """Every form class of the web layer (all derive from loket.web.forms.Form, a test checks)."""
    _import_web_modules()
    return sorted({c for c in _subclasses(FlaskForm) if c.__module__.startswith("loket.")}, key=lambda c: c.__qualname__)


def _names_read_in_source(kind: str) -> set[str]:
    pattern = re.compile(rf"request\.{kind}(?:\.get\(|\[)\"([A-Za-z_]+)\"")
    return {name for path in WEB.rglob("*.py") for name in pattern.findall(path.read_text())}


def form_field_names() -> set[str]:
    names: set[str] = set()
    for cls in form_classes():
        names |= {name for name, value in vars(cls).items() if hasattr(value, "field_class")}
        for base in cls.__mro__:
            names |= {name for name, value in vars(base).items() if hasattr(value, "field_class")}
    return (names | _names_read_in_source("form")) - {"csrf_token"}


def query_names() -> set[str]:
    return {f.name for f in fields(VacancyQuery)} | _names_read_in_source("args")


def _choice_values() -> list[str]:
    """Real codes from the forms' choices: random values mixed with valid ones reach deeper code."""
    values: set[str] = set()
    for cls in form_classes():
        for value in vars(cls).values():
            for choice in (getattr(value, "kwargs", {}) or {}).get("choices") or []:
                code = choice[0] if isinstance(choice, tuple) else getattr(choice, "value", None)
                if isinstance(code, str):
                    values.add(code)
    return sorted(values)


HOSTILE = ["", " ", "   ", "\t", "\x00", "a\x00b", "\r\n", "0", "-1", "1.5", "2147483648", "9" * 40, "1e309", "nan",
           "true", "yes", "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "\u202e", "ß",
           "ǅ", "🙂", "2026-02-30", "2026-11-23", "0001-01-01", "9999-12-31", "https://evil.example", "//evil.example",
           "javascript:alert(1)", "x" * 5000, "Groningen", "Fryslân", "Do I need a visa?", "en", "nl", "week", "month"]


def values():
    return st.one_of(
        st.sampled_from(HOSTILE + _choice_values()),
        st.text(max_size=40),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    )


def _url_value(converter):
    if isinstance(converter, IntegerConverter):
        return st.one_of(st.integers(min_value=0, max_value=2**70), st.integers(min_value=1, max_value=20))
    return st.text(alphabet=st.characters(blacklist_characters="/", blacklist_categories=("Cs",)), min_size=1, max_size=30)


def _role(endpoint: str) -> str:
    if endpoint.startswith("employers.") or endpoint == "auth.account":
        return "employer"
    if endpoint.startswith(("desk.", "moderation.")):
        return "admin"
    return "anonymous"


def _rules():
    app = create_app({"TESTING": True, "LOKET_SECRET_KEY": "x", "LOKET_DATABASE_URL": "sqlite://"})
    rules = sorted(
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in sorted(rule.methods & {"GET", "POST"})
    )
    app.extensions["loket.db"].dispose()
    return rules


@pytest.fixture(scope="module")
def fuzz_world(database_url, tmp_path_factory, fake_assistant_parts):
    """One app (rate limits off) with a few real objects and a signed-in client per role."""
    from loket.services.assistant import Assistant

    app = create_app({"TESTING": True, "LOKET_DATABASE_URL": database_url, "LOKET_SECRET_KEY": "test-secret",
                      "LOKET_INSTANCE_PATH": str(tmp_path_factory.mktemp("fuzz")), "LOKET_TODAY": TODAY,
                      "LOKET_RATELIMIT_ENABLED": False})
    content, retriever = fake_assistant_parts
    assistant = Assistant(content, retriever.embedder, index_dir=None)
    assistant.retriever = retriever
    assistant.answerer.retriever = retriever
    app.extensions["loket.assistant"] = assistant
    with app.extensions["loket.db"].session() as db:
        make = Factory(db, TODAY)
        employer = make.user(role="employer")
        make.vacancy(company=employer.company)
        make.vacancy(status="pending")
        admin = make.user(role="admin")
        users = {"employer": employer.email, "admin": admin.email}
    clients = {}
    for role in ("anonymous", "employer", "admin"):
        client = app.test_client()
        if role != "anonymous":
            token = csrf_token_in(client.get("/login").get_data(as_text=True))
            assert client.post("/login", data={"csrf_token": token, "email": users[role], "password": TEST_PASSWORD}).status_code == 302
        clients[role] = (client, csrf_token_in(client.get("/assistant").get_data(as_text=True)))
    yield app, clients
    database = app.extensions["loket.db"]
    _empty_tables(database)
    database.dispose()


FORM_FIELDS = sorted(form_field_names())
QUERY_NAMES = sorted(query_names())


@pytest.mark.parametrize("endpoint, method", _rules())
def test_random_input_never_gives_a_5xx(fuzz_world, endpoint, method):
    app, clients = fuzz_world
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and method in r.methods)
    client, token = clients[_role(endpoint)]
    names = FORM_FIELDS if method == "POST" else QUERY_NAMES

    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(
        url_values=st.fixed_dictionaries({name: _url_value(conv) for name, conv in rule._converters.items()}),
        params=st.dictionaries(st.sampled_from(names), values(), max_size=len(names)),
    )
    def check(url_values, params):
        with app.test_request_context():
            url = url_for(endpoint, **url_values)
        if method == "GET":
            response = client.get(url, query_string=params)
        else:
            response = client.post(url, data={**params, "csrf_token": token}, headers={"X-CSRFToken": token})
        response.close()
        assert response.status_code < 500, f"{method} {url} {params!r}: {response.status_code}"

    check()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30) | st.sampled_from(HOSTILE),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


@pytest.mark.parametrize("path", ["/api/v1/ask", "/api/v1/feedback"])
def test_random_json_never_gives_a_5xx(fuzz_world, path):
    app, clients = fuzz_world
    client, token = clients["anonymous"]

    @settings(max_examples=4 * FUZZ_EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(body=st.one_of(
        JSON,
        st.fixed_dictionaries({"question": JSON, "lang": JSON}),
        st.fixed_dictionaries({"question": st.text(max_size=300), "lang": st.sampled_from(["en", "nl", "", None, "de"])}),
        st.fixed_dictionaries({"token": JSON, "value": st.sampled_from(["up", "down", "sideways", None])}),
    ))
    def check(body):
        response = client.post(path, json=body, headers={"X-CSRFToken": token})
        assert response.status_code < 500, f"{path} {body!r}: {response.status_code}"
        assert "error" in response.get_json() or response.status_code == 200

    check()


@given(raw=st.binary(max_size=200))
@settings(max_examples=4 * FUZZ_EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_bytes_as_json_never_give_a_5xx(fuzz_world, raw):
    app, clients = fuzz_world
    client, token = clients["anonymous"]
    for path in ("/api/v1/ask", "/api/v1/feedback"):
        response = client.post(path, data=raw, content_type="application/json", headers={"X-CSRFToken": token})
        assert response.status_code in (400, 404), (path, raw, response.status_code)


def test_every_form_derives_from_the_stripping_base():
    classes = form_classes()
    assert len(classes) >= 10
    assert not [c.__qualname__ for c in classes if not issubclass(c, Form)]


def test_the_fuzzer_knows_the_parameters_the_views_read():
    # A sanity check on the discovery above: names read in views and form fields are all fuzzed.
    assert {"question", "lang", "next", "from", "to", "period", "province", "q", "page"} <= set(QUERY_NAMES) | set(FORM_FIELDS)
    assert {"email", "password", "satisfaction", "apply_url", "reason", "token", "value", "action"} <= set(FORM_FIELDS)
