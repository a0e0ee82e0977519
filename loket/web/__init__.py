"""The HTTP layer: blueprints by audience, plus the per-request plumbing they share."""
from __future__ import annotations

from flask import Flask

from . import auth, db, errors, guards, i18n, limits, security


def init_app(app: Flask) -> None:
    guards.init_app(app)  # first: the bounded <int:…> converter must be in place before any route is added
    db.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    limits.init_app(app)
    auth.init_app(app)

    from .labels import label

    app.jinja_env.globals["label"] = label

    from .api.routes import bp as api_bp, health as health_bp
    from .guide.routes import bp as guide_bp
    from .assistant.present import chat_labels, site_loket, site_opening_days, suggested_questions
    from .assistant.routes import bp as assistant_bp
    from .public.routes import bp as public_bp
    from .employers.routes import bp as employers_bp
    from .moderation.reports import bp as reports_bp
    from .moderation.routes import bp as moderation_bp
    from .desk.routes import bp as desk_bp
    from .appointments.routes import bp as appointments_bp
    from .alerts.routes import bp as alerts_bp

    app.jinja_env.globals["chat_labels"] = chat_labels
    app.jinja_env.globals["suggested_questions"] = suggested_questions
    app.jinja_env.globals["site_loket"] = site_loket
    app.jinja_env.globals["site_opening_days"] = site_opening_days

    app.register_blueprint(public_bp)
    app.register_blueprint(assistant_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(guide_bp)
    app.register_blueprint(employers_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(desk_bp)
    app.register_blueprint(appointments_bp)
    app.register_blueprint(alerts_bp)
