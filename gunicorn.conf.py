"""gunicorn settings for production: `make serve-production` (README, "Production").

Override any of them on the command line, e.g. `--bind 0.0.0.0:8000` or `--workers 4`.
The helpers live in loket/serving.py, where they are tested.
"""
import multiprocessing
import os

from loket.serving import ACCESS_LOG_FORMAT, PrivateLogger, post_fork, post_worker_init, workers_for  # noqa: F401 - gunicorn hooks

wsgi_app = "loket:create_app()"
bind = "127.0.0.1:8000"  # `make serve-production HOST=… PORT=…` passes --bind

# Workers from the core count (see workers_for); a few threads each, so a slow client or a
# mail being sent does not hold a whole worker. Keep workers × (LOKET_DB_POOL_SIZE + 2)
# below PostgreSQL's max_connections.
workers = int(os.environ.get("WEB_CONCURRENCY", workers_for(multiprocessing.cpu_count())))
worker_class = "gthread"
threads = 4

# Preload: the app (settings, routes, the database engine) is built once in the master, so a
# bad setting stops the start at once. That is safe because nothing heavy is made there: the
# database pool is dropped in each worker after the fork (post_fork), and the embedding model
# and FAISS indexes are loaded in each worker before it takes requests (post_worker_init).
preload_app = True

# A worker silent for this long is restarted. Warming up (model and indexes from instance/index/,
# built by `loket index`) takes seconds; a question well under one.
timeout = 120
graceful_timeout = 30
keepalive = 5
# Bounded request lines and headers (gunicorn answers 400 beyond these).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# Logs without client addresses (QUALITY.md): the access log has no %(h)s, no query string,
# user agent or referrer, and PrivateLogger removes addresses from the error log too.
logger_class = PrivateLogger
accesslog = "-"
errorlog = "-"
loglevel = "info"
access_log_format = ACCESS_LOG_FORMAT
forwarded_allow_ips = "127.0.0.1"  # who may set X-Forwarded-Proto for gunicorn itself; the app uses LOKET_PROXY_HOPS
