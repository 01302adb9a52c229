"""geventhttpclient (a gevent HTTP client with a C parser calling back into Python) under a bounded local load.

Concurrent GETs from a pool of greenlets over one keep-alive HTTPClient,
POST bodies, a response read in pieces, a chunked response, and the
UserAgent front end with its retries on a refused port.
"""

import gevent.monkey

gevent.monkey.patch_all()

import gevent.pool  # noqa: E402
from geventhttpclient import HTTPClient, URL  # noqa: E402
from geventhttpclient.useragent import UserAgent  # noqa: E402

from _local_http import start_server  # noqa: E402


def fetch(client: HTTPClient, path: str) -> bytes:
    response = client.get(path)
    try:
        return response.read()
    finally:
        response.release()


def main() -> None:
    server = start_server()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        client = HTTPClient.from_url(URL(base), concurrency=3)
        pool = gevent.pool.Pool(6)
        bodies = pool.map(lambda n: fetch(client, "/slow" if n % 2 else f"/item/{n}"), range(16))
        assert all(bodies), bodies
        for _ in range(3):
            response = client.post("/echo", body=b"y" * 5000)
            assert response.read() == b"y" * 5000
        response = client.get("/stream")
        pieces = []
        while True:
            block = response.read(700)
            if not block:
                break
            pieces.append(block)
        assert sum(map(len, pieces)) == 5 * 1600, sum(map(len, pieces))
        client.close()
        agent = UserAgent(max_retries=1, connection_timeout=1, network_timeout=1)
        assert agent.urlopen(f"{base}/agent").content.startswith(b"hello")
        try:
            agent.urlopen("http://127.0.0.1:9/")
        except Exception:  # noqa: BLE001 -- the refused connection is the point
            pass
        else:
            raise AssertionError("a refused connection succeeded")
    finally:
        server.stop(timeout=1)


if __name__ == "__main__":
    main()
