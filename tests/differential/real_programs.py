"""The real programs (PyPI packages using green threads for real) and how one is measured.

Each program is a driver under `programs/` that puts a bounded load on
127.0.0.1 (port 0) and stops by itself, plus the installed packages whose
source is analysed. The driver is part of the program and is analysed with
them (it is where monkey patching happens). Where each package comes from is
in README.md beside this file. The stdlib program analyses stdlib modules
instead (`RealProgram.stdlib`), and the whole stdlib folder is traced for it.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tests.differential.compare import Comparison, compare
from tests.differential.static_run import ReportedPoint, yield_points
from tests.differential.toolenv import program_venv, site_packages, stdlib_folder
from tests.differential.tracing_run import Observation, trace_program

PROGRAMS = Path(__file__).resolve().parent / "programs"

# one venv for all of them, every version pinned (gevent as in the project's own venv)
REQUIREMENTS = (
    "gevent==26.9.0",
    "grequests==0.7.0",
    "requests==2.34.2",
    "urllib3==2.8.0",
    "geventhttpclient==2.6.1",
    "gevent-websocket==0.10.1",
    "websocket-client==1.9.2",
    "gunicorn==27.0.1",
    "packaging==25.0",
    "locust==2.47.0",
    "greenlet==3.5.6",
    "SQLAlchemy==2.1.9",
    "aiosqlite==0.22.1",
)
# gunicorn dropped its eventlet worker in 26.0.0: the eventlet program has a venv of its own, with the last
# gunicorn that has it (eventlet as in the project's own venv)
EVENTLET_REQUIREMENTS = (
    "eventlet==0.41.3",
    "gunicorn==25.3.0",
    "packaging==25.0",
)


@dataclass(frozen=True)
class RealProgram:
    name: str
    driver: str  # file in programs/
    analysed: tuple[str, ...]  # package folders or modules in site-packages
    what: str
    # stdlib modules analysed too, relative to the interpreter's stdlib folder ("http/client.py"): the
    # whole stdlib is then traced, so a switch in a module missing here is a miss like any other
    stdlib: tuple[str, ...] = ()
    args: tuple[str, ...] = ()  # the driver's command line
    requirements: tuple[str, ...] = REQUIREMENTS  # the pins of the venv it runs in

    @property
    def driver_path(self) -> Path:
        return PROGRAMS / self.driver


REAL_PROGRAMS = (
    RealProgram(
        "grequests", "grequests_client.py", ("grequests.py", "requests", "urllib3"),
        "grequests 0.7.0 over requests 2.34.2 / urllib3 2.8.0: concurrent HTTP client",
    ),
    RealProgram(
        "geventhttpclient", "geventhttpclient_client.py", ("geventhttpclient",),
        "geventhttpclient 2.6.1: HTTP client, C parser calling back into Python",
    ),
    RealProgram(
        "gevent-websocket", "gevent_websocket_echo.py", ("geventwebsocket", "websocket"),
        "gevent-websocket 0.10.1 server, websocket-client 1.9.2 clients",
    ),
    RealProgram(
        "locust", "locust_headless.py", ("locust",),
        "locust 2.47.0: load tool, headless run with HttpUser and FastHttpUser users",
    ),
    RealProgram(
        "gunicorn", "gunicorn_worker.py", ("gunicorn",),
        "gunicorn 27.0.1, gevent worker (forked), pre-fork WSGI server", args=("gevent",),
    ),
    RealProgram(
        "gunicorn-eventlet", "gunicorn_worker.py", ("gunicorn",),
        "gunicorn 25.3.0, eventlet 0.41.3 worker (forked), pre-fork WSGI server", args=("eventlet",),
        requirements=EVENTLET_REQUIREMENTS,
    ),
    RealProgram(
        "stdlib", "stdlib_services.py", (),
        "the standard library alone after patch_all(): http.server, wsgiref, urllib, http.client, xmlrpc, "
        "socketserver, smtplib, poplib, ssl, threading, concurrent.futures, multiprocessing's ThreadPool, subprocess, "
        "selectors, logging, sched",
        stdlib=(
            "concurrent/futures/_base.py", "concurrent/futures/thread.py", "http/client.py", "http/server.py",
            "logging/__init__.py", "logging/handlers.py", "multiprocessing/connection.py",
            "multiprocessing/dummy/__init__.py", "multiprocessing/pool.py", "multiprocessing/queues.py",
            "multiprocessing/util.py", "poplib.py", "queue.py", "sched.py", "selectors.py", "shutil.py",
            "smtplib.py", "socket.py", "socketserver.py", "ssl.py", "subprocess.py", "tempfile.py",
            "threading.py", "urllib/request.py", "wsgiref/handlers.py", "wsgiref/simple_server.py",
            "xmlrpc/client.py", "xmlrpc/server.py",
        ),
    ),
    RealProgram(
        "stdlib-imap-ftp", "stdlib_imap_ftp.py", (),
        "the standard library's imaplib (plain, STARTTLS, IMAP4_SSL, IMAP4_stream), ftplib (passive and active, FTP_TLS, "
        "abort) and urllib's ftp handler after patch_all(), against canned socketserver peers; a ForkingTCPServer and "
        "a ProcessPoolExecutor",
        stdlib=(
            "concurrent/futures/_base.py", "concurrent/futures/process.py", "concurrent/futures/thread.py",
            "ftplib.py", "imaplib.py", "multiprocessing/connection.py", "multiprocessing/context.py",
            "multiprocessing/popen_fork.py", "multiprocessing/process.py", "multiprocessing/queues.py",
            "multiprocessing/util.py", "selectors.py", "socket.py", "socketserver.py", "tempfile.py", "threading.py",
            "urllib/request.py", "urllib/response.py",
        ),
    ),
    RealProgram(
        "sqlalchemy-asyncio", "sqlalchemy_asyncio_orm.py", ("sqlalchemy", "aiosqlite"),
        "SQLAlchemy 2.1.9 asyncio ORM over aiosqlite 0.22.1: the greenlet bridge (greenlet_spawn / await_)",
    ),
)


@dataclass
class Measurement:
    program: RealProgram
    observation: Observation
    points: list[ReportedPoint]
    comparison: Comparison


def measure(program: RealProgram, runs: int = 2, timeout: float = 90) -> Measurement:
    """Runs the program `runs` times under the tracer, analyses its packages and the driver, compares."""
    python = program_venv(program.requirements)
    site = site_packages(python)
    analysed = [site / name for name in program.analysed]
    roots, keep, skip = [site, PROGRAMS], [program.driver_path, *analysed], []
    if program.stdlib:
        stdlib = stdlib_folder(python)
        analysed += [stdlib / name for name in program.stdlib]
        # all of it traced; runpy runs the program (the probe's run_path), it is not part of it (a frozen
        # module on 3.11+, whose frames name no file, but a build may ship it as source)
        roots.append(stdlib)
        keep.append(stdlib)
        skip.append(stdlib / "runpy.py")
    with ThreadPoolExecutor(max_workers=1) as pool:
        # the analysis needs no run: it goes on in its own process while the program runs
        static = pool.submit(yield_points, [str(program.driver_path), *map(str, analysed)], python=str(python))
        observation = trace_program(
            program.driver_path, list(program.args), roots=roots, keep=keep, skip=skip,
            python=str(python), runs=runs, timeout=timeout,
        )
        points = static.result()
    return Measurement(program, observation, points, compare(observation, points))
