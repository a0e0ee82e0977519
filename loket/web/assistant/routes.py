"""The assistant: /api/v1/ask (JSON, no state changed but the anonymous log), the /assistant page, feedback."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...services import question_log
from ...services.assistant import MAX_QUESTION_LENGTH, Reply
from ..db import session, today
from ..guards import BadJSON, json_body
from ..i18n import LOCALES
from ..limits import limiter
from ..security import csrf
from .engine import get_assistant
from .present import current_loket, notice_text, reply_blocks, reply_json, reply_text, turn_languages

bp = Blueprint("assistant", __name__)

# Per client (hashed address), shared by the API and the page: a person types far slower than this.
ASK_LIMIT = "20 per minute;300 per day"


class BadQuestion(ValueError):
    pass


MAX_HISTORY = 3


def _validate_history(history: object) -> list[str]:
    """The earlier questions of the conversation, oldest first: at most MAX_HISTORY, each a string."""
    if history in (None, ""):
        return []
    if not isinstance(history, list):
        raise BadQuestion("history must be a list of {\"question\": \"...\"} objects, oldest first")
    questions = []
    for turn in history[-MAX_HISTORY:]:
        text = turn.get("question") if isinstance(turn, dict) else None
        if not isinstance(text, str) or len(text) > MAX_QUESTION_LENGTH:
            raise BadQuestion(f"each history item needs a \"question\" string of at most {MAX_QUESTION_LENGTH} characters")
        if text.strip():
            questions.append(text.strip())
    return questions


def _validate(question: object, lang: object) -> tuple[str, str | None]:
    if not isinstance(question, str) or not question.strip():
        raise BadQuestion("question must be a non-empty string")
    if len(question) > MAX_QUESTION_LENGTH:
        raise BadQuestion(f"question must be at most {MAX_QUESTION_LENGTH} characters")
    if lang not in (None, "", *LOCALES):
        raise BadQuestion("lang must be 'en' or 'nl'")
    return question.strip(), (lang or None)


def _ask(question: str, lang: str | None, channel: str, passages: bool = False,
         history: list[str] | None = None) -> tuple[Reply, str]:
    reply = get_assistant().ask(session(), question, lang, today(), passages=passages, history=history or [])
    entry = question_log.log_question(
        session(),
        question=question,
        language=reply.language,
        question_language=reply.question_language,
        confidence=reply.confidence,
        handoff=reply.handoff,
        reason=reply.reason,
        source_ids=[s.id for s in reply.sources],
        topic=_topic(reply),
        latency_ms=reply.latency_ms,
        channel=channel,
    )
    return reply, entry.feedback_token


def _topic(reply: Reply) -> str:
    if not reply.sources:
        return ""
    page = get_assistant().content.get(reply.sources[0].lang, reply.sources[0].id)
    return page.topic.value if page else ""


def answer_json(question: object, lang: object, channel: str, history: object = None) -> dict:
    """Validate, answer, log; the JSON of /api/v1/ask. Raises BadQuestion on invalid input."""
    question, lang = _validate(question, lang)
    earlier = _validate_history(history)
    reply, token = _ask(question, lang, channel, history=earlier)
    return reply_json(reply, current_loket(), token)


@bp.post("/api/v1/ask")
@limiter.shared_limit(ASK_LIMIT, scope="assistant")
@csrf.exempt  # JSON API for partner sites: it changes no state but an anonymous log line; feedback is protected.
def api_ask():
    try:
        data = json_body()
    except BadJSON as exc:
        return jsonify(error=str(exc)), 400
    if not isinstance(data, dict):
        return jsonify(error="send a JSON object: {\"question\": \"...\", \"lang\": \"en\" or \"nl\"}"), 400
    try:
        return jsonify(answer_json(data.get("question"), data.get("lang"), "api", data.get("history")))
    except BadQuestion as exc:
        return jsonify(error=str(exc)), 400


@bp.post("/api/v1/feedback")
def api_feedback():
    """Thumbs up/down for an answer, by the token the answer came with. CSRF-protected."""
    try:
        data = json_body()
    except BadJSON as exc:
        return jsonify(error=str(exc)), 400
    if not isinstance(data, dict) or data.get("value") not in ("up", "down") or not isinstance(data.get("token"), str):
        return jsonify(error="send {\"token\": \"...\", \"value\": \"up\" or \"down\"}"), 400
    if not question_log.record_feedback(session(), data["token"], data["value"]):
        return jsonify(error="unknown token"), 404
    return jsonify(ok=True)


@bp.route("/assistant", methods=["GET", "POST"])
@limiter.shared_limit(ASK_LIMIT, scope="assistant", methods=["POST"])
def page():
    """The assistant without JavaScript: a form post that renders the answer on the page."""
    reply = token = error = None
    question = ""
    history: list[str] = []
    if request.method == "POST":
        question = request.form.get("question", "")
        lang = request.form.get("lang") or None
        try:
            # The conversation so far travels in hidden fields: nothing is kept on the server.
            history = _validate_history([{"question": q} for q in request.form.getlist("history")])
            question, lang = _validate(question, lang)
        except BadQuestion:
            error = _("Please type a question of at most %(max)s characters.", max=MAX_QUESTION_LENGTH)
        else:
            reply, token = _ask(question, lang, "web", history=history)
            history = (history + [question])[-MAX_HISTORY:]
            question = ""  # the box is for the next question
    status = 400 if error else 200
    return render_template(
        "assistant/page.html",
        reply=reply,
        question=question,
        history=history,
        token=token,
        error=error,
        answer_text=reply_text(reply, current_loket()) if reply else "",
        blocks=reply_blocks(reply, current_loket()) if reply else [],
        notice=notice_text(reply) if reply else "",
        languages=turn_languages(reply) if reply else None,
        max_length=MAX_QUESTION_LENGTH,
    ), status


@bp.post("/assistant/feedback")
def feedback():
    """Thumbs up/down from the page without JavaScript."""
    value = request.form.get("value")
    token = request.form.get("token", "")
    if value not in ("up", "down") or not question_log.record_feedback(session(), token, value):
        abort(400)
    return redirect(url_for("assistant.thanks"), code=303)


@bp.get("/assistant/thanks")
def thanks():
    return render_template("assistant/thanks.html")
