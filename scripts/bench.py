#!/usr/bin/env python
"""`make bench`: load PostgreSQL with 500 cities, 5,000 events and 100,000 exhibits (once), serve the
portal with gunicorn under production settings, and drive each page with wrk from a second process.

Prints, for every page, requests per second, p50/p95/p99 latency and errors, with the page cache on
(as deployed) and off (every request renders), next to a bare "hello" Django app (scripts/hello_app.py:
its own process, minimal settings, no middleware, the same gunicorn settings) in the same run, and each
worker's peak memory. Then a mixed
run: visitors walk a few hundred public pages while one editor saves an exhibit every 2 s, and the page
cache's hit ratio is counted (X-Page-Cache). Then a walk: visitors pick pages at random among 1,000 distinct
filter combinations of the exhibit list and the partner-city directory, with the page cache on as deployed, and
its hit ratio and latency are reported. Appends the tables to docs/performance.md with the date and
the machine. `--exhibits 5000 --only-mixed` gives a quick, smaller run; `--quick` a reduced run of everything
(100 cities, 500 events, 5,000 exhibits, 3 s per page, a 10 s soak and mixed run).
"""

import argparse
import os
import platform
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
LUA = ROOT / "scripts" / "wrk_report.lua"
MIXED_LUA = ROOT / "scripts" / "wrk_mixed.lua"

SCALE = {"cities": 500, "events": 5000, "exhibits": 100_000}
QUICK_SCALE = {"cities": 100, "events": 500, "exhibits": 5000}
HELLO_PATH = "/bench/hello"
HELLO_APP = ["--pythonpath", "scripts", "hello_app:application"]


def run(cmd, env, **kwargs):
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


def manage(env, *args, capture=False):
    result = run([PY, "manage.py", *args], env, capture_output=capture, text=True)
    return result.stdout if capture else None


def ensure_database(env, url):
    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def load_data(env):
    manage(env, "bootstrap", "--no-demo-accounts")
    count = manage(
        env, "shell", "-c", "from museum.models import Exhibit; print(Exhibit.objects.count())", capture=True
    )
    if int(count.strip().splitlines()[-1]) >= SCALE["exhibits"] * 0.99:
        print(f"Sample data present ({count.strip()} exhibits); reused.")
        return
    started = time.monotonic()
    manage(
        env,
        "sample_data",
        "--cities",
        str(SCALE["cities"]),
        "--events",
        str(SCALE["events"]),
        "--exhibits",
        str(SCALE["exhibits"]),
    )
    print(f"sample_data took {time.monotonic() - started:.0f} s")
    manage(env, "shell", "-c", "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')")


def pick_urls(env):
    """One real URL for each page kind, and a signed-in session for the admin exhibit list."""
    code = """
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Max
from cities.models import City
from events.models import Event
from museum.models import Exhibit, ObjectType, Room
user, _ = get_user_model().objects.get_or_create(
    username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
)
s = SessionStore()
s["_auth_user_id"] = str(user.pk)
s["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
s["_auth_user_hash"] = user.get_session_auth_hash()
s.create()
city = City.objects.published().partners().order_by("pk").first()
event = Event.objects.published().order_by("-starts_on").first()
exhibit = Exhibit.objects.published().order_by("accession_sort")[500]
otype = ObjectType.objects.order_by("pk").first()
room = Room.objects.published().order_by("pk").first()
print("SESSION", s.session_key)
print("ROOM", room.slug)
print("CITY", city.slug); print("EVENT", event.slug, event.starts_on.year, event.kind)
print("EXHIBIT", exhibit.accession_number); print("TYPE", otype.slug)
print("DECADE", Exhibit.objects.published().aggregate(latest=Max("acquisition_date"))["latest"].year // 10 * 10)
"""
    out = manage(env, "shell", "-c", code, capture=True)
    values = dict(line.split(" ", 1) for line in out.strip().splitlines() if " " in line)
    year_kind = values["EVENT"].split()
    return values["SESSION"], [
        ("hello (bare Django app)", HELLO_PATH, False),
        ("home", "/en/", False),
        ("partner-city directory", "/en/cities/", False),
        ("a city", f"/en/cities/{values['CITY']}/", False),
        ("Harbin", "/en/harbin/", False),
        ("events", "/en/events/", False),
        ("events, filtered", f"/en/events/?year={year_kind[1]}&kind={year_kind[2]}", False),
        ("an event", f"/en/events/{year_kind[0]}/", False),
        ("museum", "/en/museum/", False),
        ("a room", f"/en/museum/rooms/{values['ROOM']}/", False),
        ("exhibits", "/en/museum/exhibits/", False),
        ("exhibits, filtered", f"/en/museum/exhibits/?type={values['TYPE']}&on_display=yes", False),
        # The newest decade: its exhibits come last in accession order.
        ("exhibits, the latest decade", f"/en/museum/exhibits/?decade={values['DECADE']}", False),
        ("an exhibit", f"/en/museum/exhibits/{values['EXHIBIT']}/", False),
        ("search", "/en/search/?q=sample", False),
        # A word few exhibits have: each search is planned for its words (core/planning.py).
        ("search, a rare word", "/en/search/?q=city", False),
        # The floor of a portal page: the frame (base.html, middleware, context processors) and no query.
        ("accessibility statement (no query)", "/en/accessibility/", False),
        ("API exhibit list", "/api/v1/exhibits/", False),
        ("IIIF manifest", f"/iiif/exhibits/{values['EXHIBIT']}/manifest.json", False),
        ("OAI-PMH ListRecords (LIDO)", "/oai/?verb=ListRecords&metadataPrefix=lido", False),
        ("admin exhibit list (signed in)", "/admin/museum/exhibit/", True),
    ]


def wrk(url, seconds, connections, cookie=None):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(LUA), url]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    stats = dict(re.findall(r"^BENCH (\w+) ([\d.]+)$", out, re.M))
    return {k: float(v) for k, v in stats.items()}


def worker_peak_memory(master_pid):
    peaks = []
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        status = Path(f"/proc/{pid}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peaks.append(int(match.group(1)) // 1024)
    return peaks


def preflight(url, cookie=None):
    """The page must answer 200 (a redirect to the login page would measure the wrong thing)."""
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - 127.0.0.1 only
        if response.status != 200 or response.url != url:
            raise SystemExit(f"{url} answered {response.status} at {response.url}; not measured")


def start_gunicorn(env, workers, port, app=("harbin_portal.wsgi:application",)):
    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--workers",
            str(workers),
            "--access-logfile",
            "/dev/null",
            "--log-level",
            "warning",
            # No worker recycling during a measurement.
            "--max-requests",
            "0",
            *app,
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("gunicorn did not start")


def measure(server_env, pages, session, args, workers, soak):
    """Serve with gunicorn, drive each page with wrk; returns rows and, with `soak`, the soak and memory."""
    base = f"http://127.0.0.1:{args.port}"
    rows, soak_stats, memory = [], None, []
    # The baseline first, served alone: the bare hello app in its own gunicorn, same settings and workers.
    (hello_label, hello_path, _), *pages = pages
    server = start_gunicorn({**server_env, "PORT": str(args.port)}, workers, args.port, HELLO_APP)
    try:
        preflight(base + hello_path)
        wrk(base + hello_path, 2, 4)
        stats = wrk(base + hello_path, args.seconds, args.connections)
        rows.append((hello_label, hello_path, stats))
        print(f"{hello_label:<34} {stats['rps']:>8.0f} req/s  p50 {stats['p50']:>6.1f} ms", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    server = start_gunicorn(server_env, workers, args.port)
    try:
        for label, path, signed_in in pages:
            cookie = session if signed_in else None
            preflight(base + path, cookie)
            wrk(base + path, 2, 4, cookie)  # warm-up: connections, caches
            # Staff are a handful at a time; visitors are many.
            connections = args.staff_connections if signed_in else args.connections
            stats = wrk(base + path, args.seconds, connections, cookie)
            rows.append((label, path, stats))
            print(
                f"{label:<34} {stats['rps']:>8.0f} req/s  p50 {stats['p50']:>6.1f} ms  p95 {stats['p95']:>6.1f} ms"
                f"  p99 {stats['p99']:>6.1f} ms  errors {stats['errors']:.0f}",
                flush=True,
            )
        if soak:
            soak_stats = wrk(base + "/en/", args.soak_seconds, 64)
            print(f"soak: {soak_stats['requests']:.0f} requests, {soak_stats['errors']:.0f} errors", flush=True)
        memory = worker_peak_memory(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return rows, soak_stats, memory


MIXED_PATHS = """
from cities.models import City
from events.models import Event
from museum.models import Exhibit
paths = ["/en/", "/zh-hans/", "/en/cities/", "/en/events/", "/en/museum/", "/en/museum/exhibits/"]
paths += ["/en/search/?q=sample", "/en/search/?q=city", "/en/?utm_source=newsletter", "/en/events/?fbclid=x"]
paths += [f"/en/museum/exhibits/?page={n}" for n in range(2, 12)]
paths += [f"/en/events/?year={y}" for y in range(2015, 2025)]
paths += [f"/en/cities/{s}/" for s in City.objects.published().partners().values_list("slug", flat=True)[:20]]
paths += [f"/en/events/{s}/" for s in Event.objects.published().values_list("slug", flat=True)[:40]]
numbers = Exhibit.objects.published().order_by("accession_sort").values_list("accession_number", flat=True)[:200]
paths += [f"/en/museum/exhibits/{n}/" for n in numbers]
print("\\n".join(paths))
"""

# The walk: 1,000 distinct filter combinations of the exhibit list and the partner-city directory, drawn from
# the choices each filter form offers (one to three filters, a page, a language), in a seeded random order.
WALK_PATHS = """
import random
from urllib.parse import urlencode
from django.contrib.auth.models import AnonymousUser
from cities.filters import PartnerCityFilter
from cities.models import City
from museum.filters import ExhibitFilter
def options(form, names):
    return {n: [str(v) for v, _l in form.fields[n].choices if v not in ("", None)] for n in names}
exhibit = options(ExhibitFilter().form, ["type", "origin_city", "country", "room", "decade", "on_display", "sort"])
cities = PartnerCityFilter(queryset=City.objects.partners_visible_to(AnonymousUser())).form
city = options(cities, ["country", "continent", "kind", "status", "decade"])
rng = random.Random(12)
seen = set()
while len(seen) < 1000:
    base, fields = ("/museum/exhibits/", exhibit) if rng.random() < 0.7 else ("/cities/", city)
    names = rng.sample(sorted(n for n in fields if fields[n]), rng.randint(1, 3))
    query = {n: rng.choice(fields[n]) for n in sorted(names)}
    if base == "/museum/exhibits/" and rng.random() < 0.3:
        query["page"] = rng.randint(2, 3)
    seen.add(f"/{rng.choice(['en', 'en', 'zh-hans', 'ru'])}{base}?{urlencode(query)}")
print("\\n".join(sorted(seen)))
"""

# The editor of the mixed run: a cataloguer saving one exhibit every 2 s, through the ORM as the admin does.
EDITOR = """
import random, signal, sys, time
import django
django.setup()
from django.db import transaction
from museum.models import Exhibit
saves = 0
def stop(*_):
    print(f"SAVES {saves}", flush=True)
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
ids = list(Exhibit.objects.published().values_list("pk", flat=True)[:5000])
rng = random.Random(7)
while True:
    with transaction.atomic():
        exhibit = Exhibit.objects.get(pk=rng.choice(ids))
        exhibit.save()
    saves += 1
    time.sleep(float(sys.argv[1]))
"""


def mixed_run(server_env, paths_file, args, workers, editor_seconds=None, seconds=None, walk=False):
    """Visitors on many pages plus one editor saving every 2 s; returns wrk's figures and the editor's saves.

    With `walk`, visitors pick their next page at random (the filter walk) instead of in turn.
    """
    editor_seconds = args.editor_seconds if editor_seconds is None else editor_seconds
    base = f"http://127.0.0.1:{args.port}"
    server = start_gunicorn(server_env, workers, args.port)
    editor, saves = None, None
    try:
        preflight(base + "/en/")
        if editor_seconds > 0:
            command = [PY, "-c", EDITOR, str(editor_seconds)]
            editor = subprocess.Popen(command, env=server_env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        seconds = args.mixed_seconds if seconds is None else seconds
        cmd = ["wrk", "-t2", f"-c{args.connections}", f"-d{seconds}s", "--timeout", "10s"]
        cmd += ["-s", str(MIXED_LUA), base + "/"]
        wrk_env = {**os.environ, "BENCH_PATHS": str(paths_file), "BENCH_RANDOM": "1" if walk else ""}
        out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=wrk_env).stdout
        stats = {k: float(v) for k, v in re.findall(r"^BENCH (\w+) ([\d.]+)$", out, re.M)}
    finally:
        if editor is not None:
            editor.send_signal(signal.SIGTERM)
            saves = re.search(r"SAVES (\d+)", editor.communicate(timeout=30)[0] or "")
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    stats["saves"] = int(saves.group(1)) if saves else 0
    stats["paths"] = len(paths_file.read_text().split())
    stats["hit_ratio"] = stats["hits"] / stats["answered"] if stats.get("answered") else 0.0
    print(
        f"{'walk' if walk else 'mixed'}: {stats['requests']:.0f} requests over {stats['paths']:.0f} pages, "
        f"{stats['saves']:.0f} saves, "
        f"hit ratio {stats['hit_ratio']:.1%}, p50 {stats['p50']:.1f} ms, p95 {stats['p95']:.1f} ms, "
        f"errors {stats['errors']:.0f}",
        flush=True,
    )
    return stats


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="load per page")
    parser.add_argument("--connections", type=int, default=8, help="concurrent visitors")
    parser.add_argument("--staff-connections", type=int, default=2, help="concurrent staff on the admin list")
    parser.add_argument("--soak-seconds", type=int, default=60, help="the 64-connection soak on the home page")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--no-write", action="store_true", help="do not append to docs/performance.md")
    parser.add_argument("--mixed-seconds", type=int, default=60, help="the mixed run: visitors plus one editor")
    parser.add_argument("--only-mixed", action="store_true", help="skip the page-by-page runs")
    parser.add_argument(
        "--pages-only", action="store_true", help="only the page-by-page runs (no mixed run, walk, admin or import)"
    )
    parser.add_argument("--walk-seconds", type=int, default=60, help="the random walk over 1,000 filter combinations")
    parser.add_argument("--no-admin", action="store_true", help="skip the admin pages and the 10,000-row import")
    parser.add_argument("--editor-seconds", type=float, default=2, help="the editor saves this often (0: no editor)")
    parser.add_argument(
        "--quick", action="store_true", help="a reduced run: smaller data, 3 s per page, 10 s soak and mixed run"
    )
    for name in SCALE:
        parser.add_argument(f"--{name}", type=int, default=SCALE[name], help=f"data: {name} (default {SCALE[name]})")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.soak_seconds, args.mixed_seconds, args.walk_seconds = 3, 10, 10, 20
        for name, value in QUICK_SCALE.items():
            if getattr(args, name) == SCALE[name]:
                setattr(args, name, value)
    SCALE.update({name: getattr(args, name) for name in SCALE})

    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/harbin_bench")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    # One key for the session made below and for the server that must accept it.
    secret_key = secrets.token_urlsafe(50)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "harbin_portal.settings.dev",
        "MEDIA_ROOT": str(ROOT / "bench-data" / "media"),
        "SECRET_KEY": secret_key,
        "FIELD_ENCRYPTION_SALT": secrets.token_urlsafe(24),
    }
    ensure_database(env, url)
    load_data(env)
    session, pages = pick_urls(env)

    serve_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "harbin_portal.settings.bench",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PORT": str(args.port),
        "REDIS_URL": redis_url,
        # wrk is one client address: the API's per-address throttle would answer it 429.
        "API_ANONYMOUS_RATE": "100000000/minute",
    }
    manage(serve_env, "collectstatic", "--noinput", "-v0")
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) * 2 + 1))

    paths_file = ROOT / "bench-data" / "mixed-paths.txt"
    paths_file.parent.mkdir(exist_ok=True)
    output = manage(env, "shell", "-c", MIXED_PATHS, capture=True)
    paths_file.write_text("\n".join(line for line in output.splitlines() if line.startswith("/")) + "\n")
    report = ""
    if not args.only_mixed:
        print("== anonymous page cache on (as deployed)", flush=True)
        cached, soak, memory = measure(serve_env, pages, session, args, workers, soak=True)
        print("== anonymous page cache off (every request renders the page)", flush=True)
        uncached, _, _ = measure({**serve_env, "PUBLIC_PAGE_CACHE_SECONDS": "0"}, pages, session, args, workers, False)
        report = render_report(args, workers, cached, uncached, soak, memory)
    if not args.pages_only:
        report += extras(args, env, serve_env, redis_url, paths_file, workers)
    print(report)
    if not args.no_write:
        with open(ROOT / "docs" / "performance.md", "a") as fh:
            fh.write("\n" + report)


def extras(args, env, serve_env, redis_url, paths_file, workers):
    """The mixed run, the filter walk, then the admin pages and the 10,000-row import; their report."""
    import redis

    print(f"== mixed: visitors on many pages, one editor saving an exhibit every {args.editor_seconds:g} s", flush=True)
    redis.Redis.from_url(redis_url).flushdb()
    mixed = mixed_run(serve_env, paths_file, args, workers)
    report = render_mixed(args, workers, mixed)
    print("== walk: visitors pick at random among 1,000 filter combinations (page cache on)", flush=True)
    walk_file = ROOT / "bench-data" / "walk-paths.txt"
    output = manage(env, "shell", "-c", WALK_PATHS, capture=True)
    walk_file.write_text("\n".join(line for line in output.splitlines() if line.startswith("/")) + "\n")
    redis.Redis.from_url(redis_url).flushdb()
    walk = mixed_run(serve_env, walk_file, args, workers, editor_seconds=0, seconds=args.walk_seconds, walk=True)
    report += render_walk(args, workers, walk)
    if args.no_admin:
        return report
    # Admin pages and the 10,000-row exhibit import, in-process against the same data (issue 14).
    print("== admin pages and the exhibit import", flush=True)
    return report + "\n" + run([PY, "scripts/bench_admin.py"], env, capture_output=True, text=True).stdout


def render_mixed(args, workers, mixed):
    if args.editor_seconds > 0:
        editor = f"one editor saved an exhibit every {args.editor_seconds:g} s ({mixed['saves']} saves)"
    else:
        editor = "nobody saved anything (the ceiling)"
    return "\n".join(
        [
            f"### Mixed run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} ({os.cpu_count()} cores)",
            "",
            f"gunicorn with {workers} sync workers, production settings, PostgreSQL, Redis (flushed before). Data: "
            f"{SCALE['cities']} cities, {SCALE['events']} events, {SCALE['exhibits']} exhibits. wrk with "
            f"{args.connections} connections for {args.mixed_seconds} s, walking {mixed['paths']} public pages "
            f"(lists, filters, pages of the exhibit list, detail pages, search, junk query strings), while {editor}.",
            "",
            "| requests | req/s | page-cache hit ratio | p50 | p95 | p99 | errors |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            f"| {mixed['requests']:.0f} | {mixed['rps']:.0f} | {mixed['hit_ratio']:.1%} | {mixed['p50']:.1f} "
            f"| {mixed['p95']:.1f} | {mixed['p99']:.1f} | {mixed['errors']:.0f} |",
            "",
        ]
    )


def render_walk(args, workers, walk):
    return "\n".join(
        [
            f"### Filter walk of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} ({os.cpu_count()} cores)",
            "",
            f"gunicorn with {workers} sync workers, production settings, PostgreSQL, Redis (flushed before), "
            f"page cache on as deployed. Data: {SCALE['cities']} cities, {SCALE['events']} events, "
            f"{SCALE['exhibits']} exhibits. "
            f"wrk with {args.connections} connections for {args.walk_seconds} s, each request a page drawn at random "
            f"from {walk['paths']:.0f} distinct filter combinations of the exhibit list and the partner-city directory "
            "(one to three filters from the choices the forms offer, some with a page number, in three languages).",
            "",
            "| requests | req/s | distinct pages | page-cache hit ratio | p50 | p95 | p99 | errors |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {walk['requests']:.0f} | {walk['rps']:.0f} | {walk['paths']:.0f} | {walk['hit_ratio']:.1%} "
            f"| {walk['p50']:.1f} | {walk['p95']:.1f} | {walk['p99']:.1f} | {walk['errors']:.0f} |",
            "",
        ]
    )


def render_report(args, workers, cached, uncached, soak, memory):
    hello_cached, hello_uncached = cached[0][2]["rps"], uncached[0][2]["rps"]
    lines = [
        f"### Run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
        f"({os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()})",
        "",
        f"gunicorn with {workers} sync workers, production settings, PostgreSQL, Redis cache; wrk with "
        f"{args.connections} connections, {args.seconds} s per page after a 2 s warm-up. Data: "
        f"{SCALE['cities']} cities, {SCALE['events']} events, {SCALE['exhibits']} exhibits. "
        f"The hello row is a bare Django app (scripts/hello_app.py) in its own gunicorn with the same settings.",
        "",
        "| page | URL | cached: req/s | × hello | p50 | p95 | p99 | errors "
        "| uncached: req/s | × hello | p50 | p95 | p99 | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (label, path, c), (_, _, u) in zip(cached, uncached, strict=True):
        lines.append(
            f"| {label} | `{path}` | {c['rps']:.0f} | {c['rps'] / hello_cached:.2f} | {c['p50']:.1f} | {c['p95']:.1f} "
            f"| {c['p99']:.1f} | {c['errors']:.0f} | {u['rps']:.0f} | {u['rps'] / hello_uncached:.2f} | {u['p50']:.1f} "
            f"| {u['p95']:.1f} | {u['p99']:.1f} | {u['errors']:.0f} |"
        )
    lines += [
        "",
        f"Latencies in milliseconds. The admin list is signed in (so never served from the page cache) and driven "
        f"by {args.staff_connections} concurrent staff sessions.",
        "",
        f"Soak: 64 connections for {args.soak_seconds} s on the home page: {soak['requests']:.0f} requests, "
        f"{soak['errors']:.0f} errors.",
        f"Worker peak memory (VmHWM, MB): {', '.join(str(m) for m in memory) or 'n/a'}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
