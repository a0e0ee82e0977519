"""Settings: defaults, environment overrides, validation."""
from __future__ import annotations

import pytest

from loket.config import ConfigError, load_settings


def test_defaults_use_sqlite_in_the_instance_folder(tmp_path):
    settings = load_settings({"LOKET_INSTANCE_PATH": str(tmp_path)})
    assert settings["LOKET_DATABASE_URL"] == f"sqlite:///{tmp_path / 'loket.db'}"
    assert settings["LOKET_PER_PAGE"] == 20
    assert (tmp_path / "secret_key").read_text() == settings["LOKET_SECRET_KEY"]
    assert load_settings({"LOKET_INSTANCE_PATH": str(tmp_path)})["LOKET_SECRET_KEY"] == settings["LOKET_SECRET_KEY"]


def test_environment_values_are_parsed(tmp_path):
    settings = load_settings({"LOKET_INSTANCE_PATH": str(tmp_path), "LOKET_PER_PAGE": "50", "LOKET_DEFAULT_LOCALE": "nl"})
    assert settings["LOKET_PER_PAGE"] == 50 and settings["LOKET_DEFAULT_LOCALE"] == "nl"


def test_bad_values_name_the_variable(tmp_path):
    with pytest.raises(ConfigError, match="LOKET_PER_PAGE"):
        load_settings({"LOKET_INSTANCE_PATH": str(tmp_path), "LOKET_PER_PAGE": "many"})
    with pytest.raises(ConfigError, match="LOKET_DEFAULT_LOCALE"):
        load_settings({"LOKET_INSTANCE_PATH": str(tmp_path), "LOKET_DEFAULT_LOCALE": "fr"})


def test_production_requires_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="LOKET_SECRET_KEY"):
        load_settings({"LOKET_INSTANCE_PATH": str(tmp_path), "LOKET_ENV": "production"})


def test_unknown_setting_warns(tmp_path):
    with pytest.warns(RuntimeWarning, match="LOKET_PER_PAEG"):
        load_settings({"LOKET_INSTANCE_PATH": str(tmp_path), "LOKET_PER_PAEG": "5"})


def test_production_app_has_secure_cookies(tmp_path):
    from loket import create_app

    app = create_app({"LOKET_INSTANCE_PATH": str(tmp_path), "LOKET_ENV": "production", "LOKET_SECRET_KEY": "k" * 32,
                      "LOKET_BASE_URL": "https://loket.example.nl", "LOKET_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax" and not app.debug
