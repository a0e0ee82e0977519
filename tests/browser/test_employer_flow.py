"""End to end in headless Chromium: an employer registers and posts a vacancy (a form with
errors, then the preview with the checker's findings, axe on both), staff verify the company
and approve it, and the vacancy shows in the public list."""
from __future__ import annotations

import re
from datetime import date, timedelta

from loket.services import accounts

EMPLOYER_EMAIL = "jobs@eemshaven-cloud.example"
EMPLOYER_PASSWORD = "harbour lights over the dike"
STAFF_EMAIL = "advisor@loket.example"
STAFF_PASSWORD = "tea kettle under the lighthouse"
TITLE = "Cloud platform engineer (browser test)"


def sign_in(page, live_server: str, email: str, password: str) -> None:
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_employer_posts_staff_approve_and_the_vacancy_is_listed(page, browser, live_server, live_app, assert_accessible):
    # The employer registers their company.
    page.goto(live_server + "/register")
    page.get_by_label("Company name").fill("Eemshaven Cloud BV")
    page.get_by_label("KvK number").fill("87654321")
    page.get_by_label("City").fill("Delfzijl")
    page.get_by_label("Province").select_option("groningen")
    page.get_by_label("Contact e-mail address").fill(EMPLOYER_EMAIL)
    page.get_by_label("Password", exact=True).fill(EMPLOYER_PASSWORD)
    page.get_by_label("Password again").fill(EMPLOYER_PASSWORD)
    page.get_by_role("button", name="Register").click()
    # Signed in at once: no second sign-in with what was just typed.
    page.wait_for_url(re.compile(r"/employer$"))
    assert "Your company awaits verification" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Post a vacancy").click()
    page.wait_for_url(re.compile(r"/employer/vacancies/new$"))

    # Every input at a touch-friendly height on a phone; the date field is a native date input without a format hint.
    page.set_viewport_size({"width": 375, "height": 812})
    for element in page.locator("main input:not([type=checkbox]):not([type=radio]):not([type=hidden]), main select, main textarea").all():
        box = element.bounding_box()
        assert box["height"] >= 44, f"{element.get_attribute('name')} is {box['height']} px high"
    assert page.get_by_label("Closing date").get_attribute("type") == "date"
    assert "YYYY" not in page.locator("main").inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.set_viewport_size({"width": 1280, "height": 900})

    # A form with errors: linked, announced, accessible.
    page.get_by_label("Closing date").fill("")
    page.get_by_role("button", name="Preview").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.title().startswith("Error:")
    assert "Enter the job title." in summary.inner_text()
    assert page.get_by_label("Job title").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    # The whole vacancy, then the preview with the checker's findings.
    page.get_by_label("Job title").fill(TITLE)
    page.get_by_label("Occupation").select_option("2522")
    page.get_by_label("Seniority").select_option("medior")
    page.get_by_label("Contract").select_option("permanent")
    page.get_by_label("City").fill("Delfzijl")
    page.get_by_label("Province").select_option("groningen")
    page.get_by_label("Remote work").select_option("hybrid")
    page.get_by_label("Hours per week, at least").fill("32")
    page.get_by_label("Hours per week, at most").fill("40")
    page.get_by_label("Description").fill("Run our cloud platform at the Eemshaven.\n\nYou are a native English speaker.")
    page.get_by_label("Requirements").fill("Linux experience\nKubernetes")
    page.get_by_label("Skills").fill("Linux\nKubernetes\nTerraform")
    page.get_by_label("Salary from (gross, in euros)").fill("4000")
    page.get_by_label("Salary up to (gross, in euros)").fill("5200")
    page.get_by_label("Salary per").select_option("month")
    page.get_by_label("We can sponsor a residence permit").check()
    page.get_by_label("Closing date").fill((date.today() + timedelta(days=30)).isoformat())
    page.get_by_label("Apply at this web address").fill("https://eemshaven-cloud.example/jobs/platform")
    page.get_by_role("button", name="Preview").click()
    page.locator("h1", has_text="Preview").wait_for()
    assert page.locator("#preview-title").inner_text() == TITLE
    assert page.locator(".finding-phrase", has_text="native English speaker").count() == 1
    assert "Why it matters:" in page.locator(".findings").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url(re.compile(r"/employer$"))
    assert "Waiting for review (1)" in page.locator("main").inner_text()
    assert_accessible(page)

    # Staff (made through the same service as `loket create-staff`) verify the company and approve.
    database = live_app.extensions["loket.db"]
    with database.session() as session:
        accounts.create_staff(session, STAFF_EMAIL, STAFF_PASSWORD)
    staff_context = browser.new_context(locale="en-GB", bypass_csp=True, viewport={"width": 1280, "height": 900})
    staff = staff_context.new_page()
    staff.set_default_timeout(10_000)
    try:
        sign_in(staff, live_server, STAFF_EMAIL, STAFF_PASSWORD)
        staff.wait_for_url(re.compile(r"/(desk|account)$"))
        staff.goto(live_server + "/desk/moderation")
        assert_accessible(staff)
        staff.get_by_role("button", name="Verify Eemshaven Cloud BV").click()
        staff.wait_for_url(re.compile(r"/desk/moderation$"))
        staff.get_by_role("link", name=TITLE).click()
        staff.wait_for_url(re.compile(r"/desk/moderation/vacancies/\d+$"))
        assert "native English speaker" in staff.locator(".findings").inner_text()
        assert_accessible(staff)
        staff.get_by_role("button", name="Approve and publish").click()
        staff.wait_for_url(re.compile(r"/desk/moderation$"))
        assert "is published" in staff.locator(".notice").inner_text()
    finally:
        staff_context.close()

    # Anyone now finds it in the list.
    page.goto(live_server + "/vacancies?q=platform")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(r"/vacancies/\d+$"))
    assert page.locator("h1").inner_text() == TITLE
    page.get_by_role("link", name="Report this vacancy").click()
    page.wait_for_url(re.compile(r"/vacancies/\d+/report$"))
    page.get_by_role("button", name="Send the report").click()
    page.locator(".error-summary").wait_for()
    assert page.get_by_label("What is wrong with this vacancy?").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
