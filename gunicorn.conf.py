"""gunicorn settings for the portal: `gunicorn harbin_portal.wsgi` from the project folder reads this file.

Behind a TLS proxy on the same machine it listens on 127.0.0.1:$PORT; pass `--bind 0.0.0.0:8000`
on the command line (which wins over this file) when the proxy is elsewhere.
"""

import multiprocessing
import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"

# Sync workers: the proxy buffers slow clients, and a page is CPU and database work.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"

# A request that takes longer than this is stuck: the worker is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On restart, requests in flight get this long to finish.
graceful_timeout = 30
# The proxy keeps connections open to us; a little longer than nothing saves handshakes.
keepalive = 5

# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200

# Load Django once in the master, then fork: less memory per worker and a fast start.
# (Code changes therefore need a restart, not a HUP: see docs/operations.md.)
preload_app = True

# Access log to stdout, errors to stderr; the journal or container runtime keeps both.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Peer, client address (from the proxy), request, status, size, time taken in microseconds, user agent.
access_log_format = '%(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(D)sus "%(a)s"'

# Trust X-Forwarded-* only from the local proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

proc_name = "harbin-portal"
