"""The app's assistant: the process-wide instance for its settings, or one a test injected."""
from __future__ import annotations

from pathlib import Path

from flask import current_app

from ...services.assistant import Assistant, shared_assistant
from ..guide.routes import content


def get_assistant() -> Assistant:
    """`app.extensions['loket.assistant']` when set (tests use a fake embedder), else the shared one."""
    injected = current_app.extensions.get("loket.assistant")
    if injected is not None:
        return injected
    config = current_app.config
    assistant = shared_assistant(content(), config["LOKET_CONTENT_PATH"], config, Path(config["LOKET_INSTANCE_PATH"]) / "index")
    if assistant._session_factory is None:
        assistant.use_sessions(current_app.extensions["loket.db"].sessions)
    return assistant


def warm_up(app) -> float:
    """Load the model and indexes of `app`'s assistant and answer one question, so no visitor waits.

    Called before serving (`loket serve`, and each gunicorn worker after it starts). Returns
    the seconds it took.
    """
    import time

    from ..db import session, today

    started = time.perf_counter()
    with app.test_request_context("/"):
        assistant = get_assistant()
        assistant.warm_up()
        # One real answer pays the remaining one-off costs (vacancy index, thread pools).
        assistant.ask(session(), "How do I find a job in Groningen?", "en", today())
    return time.perf_counter() - started
