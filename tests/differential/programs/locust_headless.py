"""locust (a load-testing tool built on gevent) in headless mode against a local server, for two seconds.

Two user classes, as a locust user writes them: an HttpUser (requests) and a
FastHttpUser (geventhttpclient), with tasks, waits and an on_start. locust runs
them as greenlets through its own runner, spawner and stats loop, then stops on
`--run-time` and prints its stats. Bounded: 127.0.0.1, port 0, 6 users, 2 s.
"""

import sys

from locust import FastHttpUser, HttpUser, between, task  # patches the stdlib (locust/__init__.py)
from locust.main import main as locust_main

from _local_http import start_server


class Browsing(HttpUser):
    wait_time = between(0.005, 0.02)

    def on_start(self):
        self.client.get("/login")

    @task(3)
    def item(self):
        self.client.get("/item/1")

    @task
    def slow(self):
        self.client.get("/slow")


class Posting(FastHttpUser):
    wait_time = between(0.005, 0.02)

    @task
    def echo(self):
        with self.client.post("/echo", data=b"z" * 1000, catch_response=True) as response:
            if response.content != b"z" * 1000:
                response.failure("bad echo")


if __name__ == "__main__":
    server = start_server()
    sys.argv = [
        "locust", "-f", __file__, "--headless", "--users", "6", "--spawn-rate", "6", "--run-time", "2s",
        "--host", f"http://127.0.0.1:{server.server_port}", "--only-summary", "--stop-timeout", "1",
        "--exit-code-on-error", "1", "--loglevel", "WARNING",
    ]
    try:
        locust_main()
    finally:
        server.stop(timeout=1)
