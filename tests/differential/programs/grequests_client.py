"""grequests (gevent + requests + urllib3) fetching from a local server with a bounded load.

Exercises what a grequests user does: `map` with a pool size, `imap`, a shared
Session (keep-alive pool), a POST body, a streamed response, a refused
connection handled by the exception handler, and the response hook callback.
"""

import grequests  # patches the stdlib (thread=False, select=False) on import, as users get it

import requests

from _local_http import start_server


def main() -> None:
    server = start_server()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        seen = []
        plain = grequests.map([grequests.get(f"{base}/slow") for _ in range(12)], size=4)
        assert all(r.status_code == 200 for r in plain), plain
        with requests.Session() as session:
            hooked = [grequests.get(f"{base}/item/{n}", session=session, callback=lambda r, **kw: seen.append(r.url)) for n in range(8)]
            for response in grequests.imap(hooked, size=3):
                assert response.text.startswith("hello"), response.text
            posts = grequests.map([grequests.post(f"{base}/echo", data=b"x" * 3000, session=session) for _ in range(4)])
            assert all(r.content == b"x" * 3000 for r in posts)
        streamed = grequests.map([grequests.get(f"{base}/stream", stream=True)])[0]
        assert sum(len(chunk) for chunk in streamed.iter_content(1024)) > 0
        errors = []
        refused = grequests.map([grequests.get("http://127.0.0.1:9/", timeout=1)], exception_handler=lambda r, e: errors.append(e))
        assert refused == [None] and errors, (refused, errors)
        assert len(seen) == 8, seen
    finally:
        server.stop(timeout=1)


if __name__ == "__main__":
    main()
