"""Test factories: valid companies and vacancies with overridable fields."""
from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from loket.domain.vacancies import monthly_amount
from loket.storage.models import Company, Vacancy
from loket.storage.models.accounts import User

_numbers = itertools.count(1)

#: The password of every user made by `Factory.user` unless another is given.
TEST_PASSWORD = "quiet river under seven bridges"
_hashes: dict[str, str] = {}


def _password_hash(password: str) -> str:
    """scrypt is slow on purpose: hash each test password once per run."""
    if password not in _hashes:
        from loket.domain.passwords import hash_password

        _hashes[password] = hash_password(password)
    return _hashes[password]


class Factory:
    def __init__(self, session: Session, today: date):
        self.session = session
        self.today = today

    def company(self, **fields: Any) -> Company:
        n = next(_numbers)
        values: dict[str, Any] = {
            "slug": f"company-{n}",
            "name": f"Company {n}",
            "city": "Groningen",
            "province": "groningen",
            "website": f"https://company-{n}.example",
            "description_en": "A fictional company.",
            "description_nl": "Een verzonnen bedrijf.",
            "recognised_sponsor": True,
            "english_working_language": True,
            "verified": True,
        }
        values.update(fields)
        company = Company(**values)
        self.session.add(company)
        self.session.commit()
        return company

    def vacancy(self, company: Company | None = None, **fields: Any) -> Vacancy:
        n = next(_numbers)
        values: dict[str, Any] = {
            "ref": f"vacancy-{n}",
            "company": company or self.company(),
            "title": f"Software developer {n}",
            "city": "Groningen",
            "province": "groningen",
            "occupation": "2512",
            "description": "Build software for the north.",
            "requirements": "Python experience",
            "skills": "Python\nSQL",
            "dutch_level": "none",
            "english_level": "B2",
            "visa_sponsorship": False,
            "remote": "hybrid",
            "hours_min": 32,
            "hours_max": 40,
            "contract": "permanent",
            "seniority": "medior",
            "salary_min": 3500,
            "salary_max": 4500,
            "salary_period": "month",
            "posted_date": self.today - timedelta(days=3),
            "closing_date": self.today + timedelta(days=30),
            "apply_url": f"https://jobs.example/{n}",
            "status": "published",
        }
        values.update(fields)
        values.setdefault(
            "salary_month_max",
            monthly_amount(values["salary_max"] or values["salary_min"], values["salary_period"], values["hours_max"]),
        )
        vacancy = Vacancy(**values)
        self.session.add(vacancy)
        self.session.commit()
        return vacancy

    def user(self, role: str = "employer", company: Company | None = None, **fields: Any) -> User:
        """A user with TEST_PASSWORD (or `password=`); an employer gets a new verified company unless one is given."""
        n = next(_numbers)
        password = fields.pop("password", TEST_PASSWORD)
        if role == "employer" and company is None and "company_id" not in fields:
            company = self.company()
        values: dict[str, Any] = {
            "email": f"user-{n}@example.nl",
            "password_hash": _password_hash(password),
            "role": role,
            "active": True,
        }
        if company is not None:
            values["company"] = company
        values.update(fields)
        user = User(**values)
        self.session.add(user)
        self.session.commit()
        return user


class DeskFactory:
    """Question-log rows and desk visits with chosen times, for the indicator tests (added for the desk)."""

    def __init__(self, session: Session):
        self.session = session

    def question(self, created_at, **fields: Any):
        from loket.services.question_log import new_feedback_token
        from loket.storage.models.assistant import QuestionLog

        values: dict[str, Any] = {
            "question": "Do I need a visa?", "language": "en", "question_language": "en", "confidence": 0.8,
            "handoff": False, "reason": "", "source_ids": "", "topic": "", "latency_ms": 5, "channel": "web",
            "feedback_token": new_feedback_token(),
        }
        values.update(fields)
        entry = QuestionLog(created_at=created_at, **values)
        self.session.add(entry)
        self.session.commit()
        return entry

    def visit(self, created_at, **fields: Any):
        from loket.storage.models.desk import DeskVisit

        values: dict[str, Any] = {"topic": "visa-residence", "language": "en", "channel": "walk-in", "outcome": "answered"}
        values.update(fields)
        visit = DeskVisit(created_at=created_at, **values)
        self.session.add(visit)
        self.session.commit()
        return visit

    def stat(self, vacancy, day: date, views: int = 0, apply_clicks: int = 0):
        from loket.storage.models import VacancyDailyStat

        row = VacancyDailyStat(vacancy_id=vacancy.id, day=day, views=views, apply_clicks=apply_clicks)
        self.session.add(row)
        self.session.commit()
        return row


# The registration form of a new employer, as a visitor fills it in.
NEW_COMPANY = {
    "company_name": "Noorderlicht Software",
    "kvk_number": "12345678",
    "city": "Leeuwarden",
    "province": "fryslan",
    "email": "hiring@noorderlicht.example",
    "password": "fjord lantern cabbage",
    "password_again": "fjord lantern cabbage",
}
