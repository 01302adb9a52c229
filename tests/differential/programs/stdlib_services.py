"""The standard library alone, after gevent's patch_all(): servers and clients in one process, on 127.0.0.1.

Nothing but the stdlib runs above gevent here, so every switch the tracer sees
inside `http/client.py`, `queue.py`, `threading.py`, `socketserver.py`, ... is
the stdlib's own code reaching a patched primitive. Concurrency comes from
`threading.Thread` and `concurrent.futures` (greenlets once patched):

- `http.server.ThreadingHTTPServer` serving GET, POST and a slow route;
  `urllib.request.urlopen` and `http.client.HTTPConnection` clients
  (keep-alive, POST, a body read in pieces);
- `xmlrpc.server.SimpleXMLRPCServer` with `xmlrpc.client.ServerProxy` clients
  (a `MultiCall` too); a 401 answered by `urllib`'s `HTTPBasicAuthHandler`;
- a request body sent in pieces to the XML-RPC server, a chunked response
  read line by line;
- the same handler behind TLS (`ssl`), fetched by `urlopen` and `HTTPSConnection`;
- `wsgiref.simple_server` behind `urllib.request` (a form POST through a
  `Request`, a redirect followed); `SimpleHTTPRequestHandler` serving a file,
  read back with `shutil.copyfileobj`;
- `socketserver.ThreadingUDPServer` answering a datagram; `smtplib` and
  `poplib` clients against canned socketserver peers;
- `socketserver.ThreadingTCPServer` echoing lines to `socket.create_connection`
  + `makefile` clients;
- `queue.Queue` producer/consumer threads, `threading.Event`, `Condition`,
  `Semaphore`, `Barrier`, `BoundedSemaphore`, a `ThreadPoolExecutor` with
  `as_completed` and `wait`, multiprocessing's `ThreadPool`, a file body POSTed,
  `urlretrieve`, `socket.sendfile`, `subprocess.run`, `Popen.communicate` and
  `getoutput`, `select.select` and `selectors` on a socket pair, `time.sleep`,
  `logging` (a `StreamHandler` on a socket whose reader is slow, so that emit()
  waits holding the handler's lock; `QueueHandler` + `QueueListener`; a
  `SocketHandler` shipping records to a socketserver), `sched.scheduler`.

Bounded: a few dozen requests, two child processes; it stops by itself in about a second.
"""

import gevent.monkey

gevent.monkey.patch_all()

import concurrent.futures  # noqa: E402
import functools  # noqa: E402
import http.client  # noqa: E402
import http.server  # noqa: E402
import io  # noqa: E402
import logging  # noqa: E402
import logging.handlers  # noqa: E402
import multiprocessing.pool  # noqa: E402
import os  # noqa: E402
import pickle  # noqa: E402
import poplib  # noqa: E402
import queue  # noqa: E402
import sched  # noqa: E402
import select  # noqa: E402
import selectors  # noqa: E402
import shutil  # noqa: E402
import smtplib  # noqa: E402
import socket  # noqa: E402
import socketserver  # noqa: E402
import ssl  # noqa: E402
import subprocess  # noqa: E402
import struct  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402
import wsgiref.simple_server  # noqa: E402
import xmlrpc.client  # noqa: E402
import xmlrpc.server  # noqa: E402

# the self-signed certificate for localhost and its key of tests/fixtures/analysis/patching_ssl.py
CERTIFICATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir, "fixtures", "analysis", "localhost.pem")

log = logging.getLogger("stdlib_services")
LOG_STREAM = io.StringIO()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive

    def do_GET(self):
        if self.path == "/chunked":
            return self.do_chunked()
        if self.path == "/private" and self.headers.get("Authorization") is None:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="stdlib"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if self.path == "/slow":
            time.sleep(0.005)
        body = b"hello from " + self.path.encode() * 40
        self._reply(body)

    def do_chunked(self):
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for number in range(4):
            time.sleep(0.002)
            piece = b"chunk %d " % number * 50
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self._reply(self.rfile.read(length))

    def _reply(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        log.info("http: " + format, *args)


class QuietFiles(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        log.info("files: " + format, *args)


class EchoHandler(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            if line == b"bye\n":
                break
            self.wfile.write(line.upper())


class UpperUDP(socketserver.DatagramRequestHandler):
    def handle(self):
        self.wfile.write(self.rfile.read().upper())


class RecordReceiver(socketserver.StreamRequestHandler):
    """The other end of a logging.handlers.SocketHandler: length-prefixed pickled records."""

    def handle(self):
        while True:
            header = self.rfile.read(4)
            if len(header) < 4:
                break
            (length,) = struct.unpack(">L", header)
            record = logging.makeLogRecord(pickle.loads(self.rfile.read(length)))
            self.server.records.append(record.getMessage())


class CannedSMTP(socketserver.StreamRequestHandler):
    """Just enough of an SMTP server for smtplib's sendmail: the mails it gets go to server.mails."""

    def handle(self):
        self.wfile.write(b"220 localhost ready\r\n")
        for line in self.rfile:
            command = line.strip().upper()
            if command.startswith(b"EHLO"):
                self.wfile.write(b"250-localhost\r\n250 SIZE 100000\r\n")
            elif command == b"DATA":
                self.wfile.write(b"354 go ahead\r\n")
                body = []
                for data_line in self.rfile:
                    if data_line == b".\r\n":
                        break
                    body.append(data_line)
                self.server.mails.append(b"".join(body))
                self.wfile.write(b"250 queued\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                break
            else:  # MAIL FROM, RCPT TO, RSET, NOOP
                self.wfile.write(b"250 OK\r\n")


class CannedPOP3(socketserver.StreamRequestHandler):
    """A mailbox of one message for poplib."""

    def handle(self):
        self.wfile.write(b"+OK ready\r\n")
        for line in self.rfile:
            command = line.strip().upper()
            if command == b"STAT":
                self.wfile.write(b"+OK 1 24\r\n")
            elif command.startswith(b"RETR"):
                time.sleep(0.001)
                self.wfile.write(b"+OK 24 octets\r\nSubject: hi\r\n\r\nbody\r\n.\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"+OK bye\r\n")
                break
            else:  # USER, PASS
                self.wfile.write(b"+OK\r\n")


class QuietWSGIHandler(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, format, *args):
        log.info("wsgi: " + format, *args)


def wsgi_app(environ, start_response):
    if environ["PATH_INFO"] == "/form":
        length = int(environ.get("CONTENT_LENGTH") or 0)
        fields = urllib.parse.parse_qs(environ["wsgi.input"].read(length).decode())
        body = ("; ".join(f"{key}={value[0]}" for key, value in sorted(fields.items()))).encode()
    elif environ["PATH_INFO"] == "/moved":
        start_response("302 Found", [("Location", "/landed"), ("Content-Length", "0")])
        return [b""]
    else:
        time.sleep(0.001)
        body = b"wsgi " + environ["PATH_INFO"].encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def serve(server: socketserver.BaseServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return thread


def url_get(base: str, path: str) -> bytes:
    with urllib.request.urlopen(base + path, timeout=5) as response:
        return response.read()


def with_password(base: str) -> bytes:
    """A 401 answered by HTTPBasicAuthHandler, which opens the request again."""
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, base, "user", "secret")
    opener = urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(passwords))
    with opener.open(base + "/private", timeout=5) as response:
        return response.read()


def keep_alive(port: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    total = 0
    for number in range(4):
        connection.request("GET", f"/item/{number}")
        response = connection.getresponse()
        total += len(response.read())
    connection.request("POST", "/echo", body=b"p" * 7000, headers={"Content-Type": "application/octet-stream"})
    response = connection.getresponse()
    while True:
        piece = response.read(1000)
        if not piece:
            break
        total += len(piece)
    connection.request("GET", "/chunked")
    response = connection.getresponse()
    total += sum(len(line) for line in response)  # a chunked body, line by line
    connection.close()
    return total


def slow_rpc(port: int) -> str:
    """An XML-RPC call whose body arrives after a pause: the server waits inside xmlrpc.server."""
    body = xmlrpc.client.dumps(("slow",), "upper").encode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.putrequest("POST", "/RPC2")
    connection.putheader("Content-Type", "text/xml")
    connection.putheader("Content-Length", str(len(body)))
    connection.endheaders()
    time.sleep(0.005)
    connection.send(body[:40])
    time.sleep(0.005)
    connection.send(body[40:])
    response = connection.getresponse()
    (answer,), _ = xmlrpc.client.loads(response.read())
    connection.close()
    return answer


def xmlrpc_calls(port: int, base: int) -> list:
    proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}/")
    with proxy:
        several = xmlrpc.client.MultiCall(proxy)
        several.add(base, 10)
        several.upper("multi")
        return [proxy.add(base, n) for n in range(3)] + list(several()) + [proxy.upper("abc")]


def echo_client(port: int, words: list) -> list:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        stream = connection.makefile("rwb")
        answers = []
        for word in words:
            stream.write(word.encode() + b"\n")
            stream.flush()
            answers.append(stream.readline().decode().strip())
        stream.write(b"bye\n")
        stream.flush()
        stream.close()
    return answers


def wsgi_calls(port: int) -> list:
    base = f"http://127.0.0.1:{port}"
    form = urllib.request.Request(base + "/form", data=urllib.parse.urlencode({"b": "2", "a": "1"}).encode())
    with urllib.request.urlopen(form, timeout=5) as response:
        answers = [response.read()]
    with urllib.request.urlopen(base + "/moved", timeout=5) as response:  # followed by HTTPRedirectHandler
        answers.append(response.read())
    return answers


def static_files(port: int) -> int:
    """SimpleHTTPRequestHandler serving a file (shutil.copyfileobj into the socket), copied out the same way."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/data.bin", timeout=5) as response:
        copy = io.BytesIO()
        shutil.copyfileobj(response, copy, 4096)
    return len(copy.getvalue())


def datagrams(port: int) -> bytes:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.settimeout(5)
        udp.sendto(b"datagram", ("127.0.0.1", port))
        answer, _ = udp.recvfrom(100)
    return answer


def scheduled() -> list:
    """sched.scheduler waits with its delayfunc, time.sleep by default."""
    ran = []
    scheduler = sched.scheduler()
    for number in range(3):
        scheduler.enter(0.001 * number, 1, ran.append, (number,))
    scheduler.run()
    return ran


def queued_logging() -> list:
    """QueueHandler into a queue.Queue, a QueueListener thread handing records on."""
    records: queue.Queue = queue.Queue()
    seen = []

    class Collect(logging.Handler):
        def emit(self, record):
            time.sleep(0.001)
            seen.append(record.getMessage())

    listener = logging.handlers.QueueListener(records, Collect())
    listener.start()
    queued = logging.getLogger("stdlib_services.queued")
    queued.addHandler(logging.handlers.QueueHandler(records))
    queued.propagate = False
    queued.setLevel(logging.INFO)
    for number in range(5):
        queued.info("queued %d", number)
    listener.stop()
    return seen


def shipped_logging(port: int) -> None:
    shipper = logging.handlers.SocketHandler("127.0.0.1", port)
    shipped = logging.getLogger("stdlib_services.shipped")
    shipped.addHandler(shipper)
    shipped.propagate = False
    shipped.setLevel(logging.INFO)
    for number in range(5):
        shipped.info("shipped %d", number)
    shipped.removeHandler(shipper)
    shipper.close()


def mail(smtp_port: int, pop_port: int) -> list:
    with smtplib.SMTP("127.0.0.1", smtp_port, timeout=5) as client:
        client.sendmail("a@example.org", ["b@example.org"], "Subject: hello\r\n\r\nfrom the stdlib\r\n")
    box = poplib.POP3("127.0.0.1", pop_port, timeout=5)
    box.user("b")
    box.pass_("secret")
    count, _ = box.stat()
    _, lines, _ = box.retr(1)
    box.quit()
    return [count, lines[-1]]


def doubled(number: int) -> int:
    time.sleep(0.001)
    return number * 2


def thread_pool() -> list:
    """multiprocessing's ThreadPool: its worker, task and result handler threads and their queues."""
    with multiprocessing.pool.ThreadPool(3) as pool:
        mapped = pool.map(doubled, range(6))
        single = pool.apply_async(doubled, (5,)).get(timeout=5)
        unordered = sorted(pool.imap_unordered(doubled, range(4)))
    return mapped + [single] + unordered


def file_transfers(base: str) -> int:
    """A file body POSTed by http.client, a download by urlretrieve, a file sent by socket.sendfile."""
    connection = http.client.HTTPConnection("127.0.0.1", int(base.rpartition(":")[2]), timeout=5)
    connection.request("POST", "/echo", body=io.BytesIO(b"f" * 20000), headers={"Content-Length": "20000"})
    total = len(connection.getresponse().read())
    connection.close()
    with tempfile.TemporaryDirectory() as folder:
        target, _ = urllib.request.urlretrieve(base + "/page/download", os.path.join(folder, "page"))
        total += os.path.getsize(target)
    sender, receiver = socket.socketpair()
    with sender, receiver, tempfile.TemporaryFile() as data:
        data.write(b"s" * 100_000)
        data.flush()
        data.seek(0)
        received = []

        def read_all():
            count = 0
            while count < 100_000:
                piece = receiver.recv(65536)
                if not piece:
                    break
                count += len(piece)
            received.append(count)

        reader = threading.Thread(target=read_all)
        reader.start()
        sender.sendfile(data)
        reader.join()
    return total + received[0]


def https_server() -> http.server.ThreadingHTTPServer:
    """The HTTP handler behind TLS: the listening socket wrapped, each accepted connection shakes hands."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(CERTIFICATE)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    return server


def https_calls(port: int) -> int:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with urllib.request.urlopen(f"https://127.0.0.1:{port}/secure", timeout=5, context=context) as response:
        total = len(response.read())
    connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=5, context=context)
    connection.request("POST", "/echo", body=b"t" * 3000)
    total += len(connection.getresponse().read())
    connection.close()
    return total


def pipeline() -> int:
    jobs: queue.Queue = queue.Queue(maxsize=2)
    results: queue.Queue = queue.Queue()

    def produce():
        for number in range(8):
            jobs.put(number)
        jobs.put(None)

    def consume():
        while True:
            item = jobs.get()
            if item is None:
                jobs.task_done()
                break
            results.put(item * item)
            jobs.task_done()

    threads = [threading.Thread(target=produce), threading.Thread(target=consume)]
    for thread in threads:
        thread.start()
    jobs.join()
    for thread in threads:
        thread.join()
    total = 0
    while not results.empty():
        total += results.get(timeout=1)
    return total


def coordination() -> list:
    ready = threading.Event()
    condition = threading.Condition()
    gate = threading.Semaphore(2)
    seen = []

    def waiter(number: int):
        ready.wait()
        with gate:
            time.sleep(0.001)
            with condition:
                seen.append(number)
                condition.notify_all()

    threads = [threading.Thread(target=waiter, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.002)
    ready.set()
    with condition:
        condition.wait_for(lambda: len(seen) == 4, timeout=5)
    for thread in threads:
        thread.join()
    return sorted(seen)


def rendezvous() -> int:
    barrier = threading.Barrier(3)
    bounded = threading.BoundedSemaphore(1)
    passed = []

    def party(number: int):
        time.sleep(0.001 * number)
        barrier.wait(timeout=5)
        with bounded:
            passed.append(number)
            time.sleep(0.001)

    threads = [threading.Thread(target=party, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(passed)


def logged_over_socket() -> int:
    """Log records written to a socket whose reader is slow: emit() waits, holding the handler's lock."""
    reader, writer = socket.socketpair()
    writer.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    reader.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stream = writer.makefile("w", encoding="utf-8")
    handler = logging.StreamHandler(stream)
    wire = logging.getLogger("stdlib_services.wire")
    wire.addHandler(handler)
    wire.setLevel(logging.INFO)
    wire.propagate = False
    lines = []

    def drain():
        with reader.makefile("rb") as incoming:
            for line in incoming:
                lines.append(line)
                if len(lines) % 40 == 0:
                    time.sleep(0.001)

    def chatter(number: int):
        for count in range(60):
            wire.info("%d %d %s", number, count, "x" * 200)

    drainer = threading.Thread(target=drain)
    drainer.start()
    talkers = [threading.Thread(target=chatter, args=(n,)) for n in range(3)]
    for thread in talkers:
        thread.start()
    for thread in talkers:
        thread.join()
    wire.removeHandler(handler)
    handler.close()
    stream.close()
    writer.close()
    drainer.join()
    reader.close()
    return len(lines)


def children() -> bytes:
    done = subprocess.run([sys.executable, "-c", "print('child')"], capture_output=True, timeout=10, check=True)
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdout.write(sys.stdin.read().upper())"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )
    out, _ = child.communicate(b"piped", timeout=10)
    listed = subprocess.getoutput(f"{sys.executable} -c \"print('got')\"")
    return done.stdout + out + listed.encode()


def multiplexing() -> int:
    left, right = socket.socketpair()
    with left, right:
        right.sendall(b"ping")
        readable, _, _ = select.select([left], [], [], 1)
        got = left.recv(10) if readable else b""
        selector = selectors.DefaultSelector()
        selector.register(right, selectors.EVENT_READ)

        def answer():
            time.sleep(0.002)
            left.sendall(b"pong")

        thread = threading.Thread(target=answer)
        thread.start()
        events = selector.select(timeout=1)
        got += right.recv(10) if events else b""
        thread.join()
        selector.close()
    return len(got)


def main() -> None:
    handler = logging.StreamHandler(LOG_STREAM)
    handler.setFormatter(logging.Formatter("%(threadName)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False

    web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    rpc = xmlrpc.server.SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False)
    rpc.register_function(lambda a, b: a + b, "add")
    rpc.register_function(str.upper, "upper")
    rpc.register_multicall_functions()
    echo = socketserver.ThreadingTCPServer(("127.0.0.1", 0), EchoHandler)
    echo.daemon_threads = True
    wsgi = wsgiref.simple_server.make_server("127.0.0.1", 0, wsgi_app, handler_class=QuietWSGIHandler)
    folder = tempfile.TemporaryDirectory()
    with open(os.path.join(folder.name, "data.bin"), "wb") as data:
        data.write(os.urandom(50_000))
    files = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietFiles, directory=folder.name),
    )
    udp = socketserver.ThreadingUDPServer(("127.0.0.1", 0), UpperUDP)
    receiver = socketserver.ThreadingTCPServer(("127.0.0.1", 0), RecordReceiver)
    receiver.records = []
    smtp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), CannedSMTP)
    smtp.mails = []
    pop = socketserver.ThreadingTCPServer(("127.0.0.1", 0), CannedPOP3)
    secure = https_server()
    servers = [web, rpc, echo, wsgi, files, udp, receiver, smtp, pop, secure]
    for server in servers:
        serve(server)
    web_port, rpc_port, echo_port, wsgi_port, files_port, udp_port, receiver_port, smtp_port, pop_port, secure_port = (
        server.server_address[1] for server in servers
    )
    base = f"http://127.0.0.1:{web_port}"
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
            gets = [pool.submit(url_get, base, "/slow" if n % 2 else f"/page/{n}") for n in range(8)]
            alive = [pool.submit(keep_alive, web_port) for _ in range(2)]
            calls = [pool.submit(xmlrpc_calls, rpc_port, n) for n in range(3)]
            echoes = list(pool.map(echo_client, [echo_port] * 3, [["a", "bc"], ["def"], ["g", "h", "i"]]))
            squares = pool.submit(pipeline)
            order = pool.submit(coordination)
            slow = [pool.submit(slow_rpc, rpc_port) for _ in range(2)]
            finished = [future.result() for future in concurrent.futures.as_completed(gets, timeout=10)]
            concurrent.futures.wait(alive, timeout=10)
            assert all(finished) and all(future.result() for future in gets)
            assert [future.result() for future in slow] == ["SLOW"] * 2
            assert all(future.result() > 7000 for future in alive)
            assert [future.result()[-3:] for future in calls] == [[n + 10, "MULTI", "ABC"] for n in range(3)]
            assert echoes == [["A", "BC"], ["DEF"], ["G", "H", "I"]], echoes
            assert squares.result() == sum(n * n for n in range(8))
            assert order.result() == [0, 1, 2, 3]
            wsgi_answers = [pool.submit(wsgi_calls, wsgi_port) for _ in range(2)]
            sizes = list(pool.map(static_files, [files_port] * 2))
            assert all(future.result() == [b"a=1; b=2", b"wsgi /landed"] for future in wsgi_answers)
            assert sizes == [50_000] * 2, sizes
            assert pool.submit(datagrams, udp_port).result() == b"DATAGRAM"
            assert pool.submit(scheduled).result() == [0, 1, 2]
            assert pool.submit(queued_logging).result() == [f"queued {n}" for n in range(5)]
            assert pool.submit(with_password, base).result().startswith(b"hello from /private")
            secured = [pool.submit(https_calls, secure_port) for _ in range(2)]
            pooled = pool.submit(thread_pool)
            transfers = pool.submit(file_transfers, base)
            assert pooled.result() == [0, 2, 4, 6, 8, 10, 10, 0, 2, 4, 6]
            assert transfers.result() == 20000 + len(b"hello from " + b"/page/download" * 40) + 100_000
            assert [future.result() for future in secured] == [len(b"hello from " + b"/secure" * 40) + 3000] * 2
            mailed = [pool.submit(mail, smtp_port, pop_port) for _ in range(2)]
            assert all(future.result() == [1, b"body"] for future in mailed)
            pool.submit(shipped_logging, receiver_port).result()
            deadline = time.monotonic() + 5
            while len(receiver.records) < 5 and time.monotonic() < deadline:
                time.sleep(0.002)  # the receiver's handler thread reads on
        assert children() == b"child\nPIPEDgot"
        assert rendezvous() == 3
        assert logged_over_socket() == 180
        assert multiplexing() == 8
        log.info("done")
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        folder.cleanup()
    assert receiver.records == [f"shipped {n}" for n in range(5)], receiver.records
    assert len(smtp.mails) == 2 and b"from the stdlib" in smtp.mails[0], smtp.mails
    assert "done" in LOG_STREAM.getvalue()


if __name__ == "__main__":
    main()
