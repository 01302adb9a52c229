"""The standard library's IMAP and FTP clients after gevent's patch_all(), against canned peers on 127.0.0.1.

The stdlib program's companion (`stdlib_services.py` is long enough): the
clients are the stdlib's own code, the peers are socketserver handlers written
here that answer just what the clients send, so every switch the tracer sees in
`imaplib.py`, `ftplib.py` or `urllib/request.py` is the stdlib reaching a
patched socket. Concurrency comes from `threading.Thread` (greenlets once
patched) and a `ThreadPoolExecutor`:

- `imaplib.IMAP4`: login, select, search, fetch (a literal read by size),
  noop, close, logout; one of them after STARTTLS;
- `imaplib.IMAP4_SSL`: AUTHENTICATE answered after a continuation, APPEND
  (its literal sent after the peer's `+`), LIST, STATUS, UID SEARCH/FETCH,
  STORE, EXPUNGE;
- `imaplib.IMAP4_stream`: the same protocol over the pipes of a child
  interpreter (`subprocess.Popen`, gevent's once patched);
- `ftplib.FTP` in passive mode (PASV) and in active mode (PORT: the peer
  connects to the client's listening socket): login, pwd, cwd, retrlines
  (a listing, a text file), nlst, retrbinary (once from a REST offset),
  storbinary, storlines, mlsd, dir, mkd, rename, delete, rmd, size,
  voidcmd, quit; every transfer on a data connection of its own;
- `ftplib.FTP_TLS`: AUTH TLS on the control connection, PROT P, so each
  data connection shakes hands and unwraps;
- `urllib.request.urlopen("ftp://user:pass@127.0.0.1:port/...")`: a file
  (RETR through urllib's ftpwrapper, read in pieces), a folder (LIST), a
  name RETR refuses with 550 (PWD, CWD there and back, LIST); a
  `CacheFTPHandler` opener fetching two files over one kept connection;
  `FTP.abort()` (ABOR sent as urgent data, its reply read) inside `with FTP()`,
  whose end sends QUIT;
- forked children, first, before the other servers and clients start (a child
  runs its copies of its parent's greenlets when it switches): a `ForkingTCPServer` whose
  handler, in the child, reads, sleeps and answers, and whose `server_close`
  reaps it; a `ProcessPoolExecutor` (submit, result, map, shutdown) whose
  mapped function sleeps in the worker: a child's stack holds its parent's
  frames down to the fork (`submit`, multiprocessing's `Popen._launch`), then
  `Process._bootstrap` and `run` calling the executor's `_process_worker`.

Bounded: a dozen sessions; it stops by itself in about a second.
"""

import gevent.monkey

gevent.monkey.patch_all()

import concurrent.futures  # noqa: E402
import ftplib  # noqa: E402
import imaplib  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shlex  # noqa: E402
import socket  # noqa: E402
import socketserver  # noqa: E402
import ssl  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

# the self-signed certificate for localhost and its key of tests/fixtures/analysis/patching_ssl.py
CERTIFICATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir, "fixtures", "analysis", "localhost.pem")
MESSAGE = b"Subject: hello\r\n\r\nfrom the canned IMAP peer\r\n"
FILES = {"readme.txt": b"line one\r\nline two\r\nline three\r\n", "data.bin": bytes(range(256)) * 64}
LITERAL = re.compile(rb"\{(\d+)\}\r\n$")


# the peer of IMAP4_stream, a child interpreter talking IMAP on its stdin and stdout (no gevent there)
STDIO_PEER = """
import sys
read, write = sys.stdin.buffer, sys.stdout.buffer
write.write(b"* OK IMAP4rev1 stdio peer ready\\r\\n")
write.flush()
for line in read:
    tag, command = line.split()[:2]
    if command == b"CAPABILITY":
        write.write(b"* CAPABILITY IMAP4rev1\\r\\n")
    elif command == b"SELECT":
        write.write(b"* 3 EXISTS\\r\\n")
    elif command == b"LOGOUT":
        write.write(b"* BYE\\r\\n")
    write.write(tag + b" OK done\\r\\n")
    write.flush()
    if command == b"LOGOUT":
        break
"""


def server_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(CERTIFICATE)
    return context


def client_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class CannedIMAP(socketserver.StreamRequestHandler):
    """An IMAP4rev1 mailbox of one message: answers each tagged command imaplib sends (literals after a '+')."""

    def handle(self):
        self.wfile.write(b"* OK IMAP4rev1 canned ready\r\n")
        while line := self.rfile.readline():
            size = LITERAL.search(line)
            if size:  # APPEND's message: ask for it, then read it and the rest of the command line
                self.wfile.write(b"+ go ahead\r\n")
                self.server.appended.append(self.rfile.read(int(size.group(1))))
                self.rfile.readline()
            tag, command, *rest = line.decode().rstrip("\r\n").split(" ", 2)
            command = command.upper()
            if command == "UID":
                command = "UID " + rest[0].split(" ")[0].upper()
            out = []
            completed = f"OK {command} completed"
            if command == "CAPABILITY":
                out.append("* CAPABILITY IMAP4rev1 AUTH=PLAIN STARTTLS")
            elif command == "STARTTLS":
                self.wfile.write(f"{tag} OK begin TLS\r\n".encode())
                self.request = server_context().wrap_socket(self.request, server_side=True)
                self.rfile, self.wfile = self.request.makefile("rb"), socketserver._SocketWriter(self.request)
                continue
            elif command == "AUTHENTICATE":
                self.wfile.write(b"+ \r\n")
                self.rfile.readline()  # the base64 credentials
            elif command == "SELECT":
                out += ["* 1 EXISTS", "* 0 RECENT", "* FLAGS (\\Seen \\Deleted)"]
                completed = "OK [READ-WRITE] SELECT completed"
            elif command in ("SEARCH", "UID SEARCH"):
                out.append("* SEARCH 1")
            elif command == "LIST":
                out += ['* LIST (\\HasNoChildren) "/" INBOX', '* LIST (\\HasNoChildren) "/" Sent']
            elif command == "STATUS":
                out.append("* STATUS INBOX (MESSAGES 1 UNSEEN 0)")
            elif command in ("STORE", "UID STORE"):
                out.append("* 1 FETCH (FLAGS (\\Seen))")
            elif command in ("FETCH", "UID FETCH"):
                time.sleep(0.001)  # the client waits on its socket for the literal
                uid = "UID 7 " if command == "UID FETCH" else ""
                self.wfile.write(b"* 1 FETCH (%sRFC822 {%d}\r\n" % (uid.encode(), len(MESSAGE)) + MESSAGE + b")\r\n")
            elif command == "EXPUNGE":
                out.append("* 1 EXPUNGE")
            elif command == "LOGOUT":
                out.append("* BYE logging out")
            out.append(f"{tag} {completed}")
            self.wfile.write("".join(text + "\r\n" for text in out).encode())
            if command == "LOGOUT":
                break


class CannedFTP(socketserver.StreamRequestHandler):
    """An FTP server of two files in /pub: passive (PASV) and active (PORT) data connections, TLS after AUTH TLS
    (PROT P: on the data connections too); what is stored goes to server.stored."""

    def reply(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")

    def handle(self):
        self.request.setsockopt(socket.SOL_SOCKET, socket.SO_OOBINLINE, 1)  # ABOR's last byte comes as urgent data
        self.listener = self.active = None
        self.rest = 0
        self.private = False
        self.folder = "/"
        self.reply("220 canned FTP ready")
        while line := self.rfile.readline():
            command, _, argument = line.decode().rstrip("\r\n").partition(" ")
            command = command.upper()
            if command == "AUTH":
                self.reply("234 AUTH TLS OK")
                self.wfile.flush()
                self.request = server_context().wrap_socket(self.request, server_side=True)
                self.rfile, self.wfile = self.request.makefile("rb"), socketserver._SocketWriter(self.request)
            elif command == "PROT":
                self.private = argument == "P"
                self.reply("200 protection set")
            elif command == "USER":
                self.reply("331 password please")
            elif command == "PASS":
                self.reply("230 logged in")
            elif command in ("TYPE", "NOOP", "PBSZ"):
                self.reply("200 OK")
            elif command == "CWD":
                folder = argument if argument.startswith("/") else f"{self.folder.rstrip('/')}/{argument}"
                if argument != "." and folder not in ("/", "/pub", "/pub/old"):
                    self.reply("550 no such folder")
                    continue
                self.folder = self.folder if argument == "." else folder
                self.reply("250 folder changed")
            elif command == "PWD":
                self.reply(f'257 "{self.folder}" is the current folder')
            elif command in ("MKD", "RMD", "DELE", "RNFR", "RNTO"):
                self.reply({"MKD": f'257 "{argument}" created', "RNFR": "350 ready for RNTO"}.get(command, "250 done"))
            elif command == "SIZE":
                self.reply(f"213 {len(FILES[argument])}")
            elif command == "PASV":
                self.listener = socket.create_server(("127.0.0.1", 0))
                port = self.listener.getsockname()[1]
                self.reply(f"227 Entering Passive Mode (127,0,0,1,{port >> 8},{port & 255})")
            elif command == "PORT":
                *host, high, low = argument.split(",")
                self.active = (".".join(host), int(high) * 256 + int(low))
                self.reply("200 PORT command successful")
            elif command == "REST":
                self.rest = int(argument)
                self.reply(f"350 restarting at {argument}")
            elif command == "RETR":
                if argument not in FILES:
                    self.reply("550 no such file")
                    continue
                payload, self.rest = FILES[argument][self.rest:], 0
                self.transfer(f"150 opening data connection ({len(payload)} bytes)", payload)
            elif command in ("LIST", "NLST", "MLSD"):
                names = sorted(FILES)
                if command == "LIST":
                    names = [f"-rw-r--r-- 1 ftp ftp {len(FILES[name]):>6} Jan 01 00:00 {name}" for name in names]
                elif command == "MLSD":
                    names = [f"type=file;size={len(FILES[name])}; {name}" for name in names]
                self.transfer("150 here comes the listing", "".join(name + "\r\n" for name in names).encode())
            elif command == "STOR":
                self.reply("150 ready for the data")
                connection = self.connected()
                chunks = []
                while chunk := connection.recv(4096):
                    chunks.append(chunk)
                self.finish_data(connection)
                self.server.stored[argument] = b"".join(chunks)
                self.reply("226 stored")
            elif command == "ABOR":
                self.reply("225 no transfer to abort")
            elif command == "QUIT":
                self.reply("221 bye")
                break
            else:
                self.reply("502 not implemented")

    def connected(self) -> socket.socket:
        """The data connection of this transfer: accepted (PASV) or made (PORT), in TLS after PROT P."""
        if self.active:
            connection, self.active = socket.create_connection(self.active, timeout=5), None
        else:
            listener, self.listener = self.listener, None
            with listener:
                connection, _ = listener.accept()
        if self.private:
            connection = server_context().wrap_socket(connection, server_side=True)
        return connection

    def finish_data(self, connection: socket.socket) -> None:
        if self.private:  # ftplib unwraps its end: a close_notify each way
            connection = connection.unwrap()
        connection.close()

    def transfer(self, preliminary: str, payload: bytes) -> None:
        self.reply(preliminary)
        connection = self.connected()
        time.sleep(0.001)  # the client is reading its data connection by now
        connection.sendall(payload)
        self.finish_data(connection)
        self.reply("226 transfer complete")


def serve(server: socketserver.BaseServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return thread


def mailbox(port: int, secure: bool) -> list:
    client = imaplib.IMAP4("127.0.0.1", port, timeout=5)
    if secure:
        client.starttls(client_context())
    client.login("user", "secret")
    typ, counts = client.select("INBOX")
    assert typ == "OK", counts
    _, found = client.search(None, "ALL")
    messages = []
    for number in found[0].split():
        _, data = client.fetch(number, "(RFC822)")
        messages.append(data[0][1])
    client.noop()
    client.close()
    client.logout()
    return [int(counts[0]), messages]


def secure_mailbox(port: int) -> list:
    """IMAP4_SSL: AUTHENTICATE answered after a continuation, APPEND's literal, UID commands, STORE, EXPUNGE."""
    with imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=client_context(), timeout=5) as client:
        client.authenticate("PLAIN", lambda challenge: b"\0user\0secret")
        _, folders = client.list()
        _, status = client.status("INBOX", "(MESSAGES UNSEEN)")
        client.append("INBOX", r"(\Seen)", None, MESSAGE)
        client.select("INBOX")
        _, found = client.uid("SEARCH", None, "ALL")
        _, data = client.uid("FETCH", found[0], "(RFC822)")
        client.store("1", "+FLAGS", r"(\Deleted)")
        client.expunge()
        client.close()
    return [len(folders), status[0], data[0][1]]


def streamed_mailbox() -> int:
    """IMAP4_stream: the protocol over a child's pipes (gevent's Popen: its pipes wait on the hub)."""
    client = imaplib.IMAP4_stream(f"{shlex.quote(sys.executable)} -c {shlex.quote(STDIO_PEER)}")
    client.login("user", "secret")
    _, counts = client.select("INBOX")
    client.logout()
    return int(counts[0])


def ftp_session(port: int, name: str, passive: bool = True) -> list:
    lines = []
    with ftplib.FTP(timeout=5) as ftp:
        ftp.connect("127.0.0.1", port)
        ftp.login("user", "secret")
        ftp.set_pasv(passive)
        ftp.cwd("pub")
        folder = ftp.pwd()
        ftp.retrlines("LIST", lines.append)
        names = ftp.nlst()
        received = io.BytesIO()
        ftp.retrbinary("RETR data.bin", received.write, blocksize=1024)
        ftp.retrbinary("RETR data.bin", received.write, rest=len(received.getvalue()) - 100)
        ftp.storbinary(f"STOR {name}", io.BytesIO(name.encode() * 500), blocksize=512)
        text = []
        ftp.retrlines("RETR readme.txt", text.append)
        size = ftp.size("data.bin")
        ftp.voidcmd("NOOP")
    return [folder, len(lines), names, len(received.getvalue()) - 100, text, size]


def ftp_abort(port: int) -> str:
    """A transfer read to its end by hand (transfercmd), then ABOR: urgent data, and its reply read."""
    with ftplib.FTP(timeout=5) as ftp:
        ftp.connect("127.0.0.1", port)
        ftp.login()
        with ftp.transfercmd("RETR readme.txt") as connection:
            while connection.recv(1024):
                pass
        ftp.voidresp()
        return ftp.abort()


class ShoutInChild(socketserver.BaseRequestHandler):
    def handle(self):
        word = self.request.recv(64)
        time.sleep(0.001)
        self.request.sendall(word.upper())


def ask(port: int, word: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
        client.sendall(word)
        return client.recv(64)


def square_after_a_nap(n: int) -> int:
    time.sleep(0.001)  # in a worker process
    return n * n


def forked_children() -> list:
    """A ForkingTCPServer handling two requests, each in a child of its own; a ProcessPoolExecutor's workers."""
    server = socketserver.ForkingTCPServer(("127.0.0.1", 0), ShoutInChild)
    replies = []
    for word in (b"one", b"two"):
        asking = threading.Thread(target=lambda word=word: replies.append(ask(server.server_address[1], word)))
        asking.start()
        server.handle_request()
        asking.join()
    server.server_close()
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        first = pool.submit(pow, 2, 10)
        squares = list(pool.map(square_after_a_nap, [3, 4]))
        return [sorted(replies), first.result(), squares]


def ftp_chores(port: int) -> list:
    """Active mode (PORT: the peer connects to the client's listening socket), storlines, mlsd, dir, folder chores."""
    ftp = ftplib.FTP(timeout=5)
    ftp.connect("127.0.0.1", port)
    ftp.login()
    ftp.set_pasv(False)
    ftp.storlines("STOR notes.txt", io.BytesIO(b"first\nsecond\n"))
    facts = dict(ftp.mlsd())
    listing = []
    ftp.dir(listing.append)
    ftp.mkd("new")
    ftp.rename("notes.txt", "new/notes.txt")
    ftp.delete("new/notes.txt")
    ftp.rmd("new")
    ftp.quit()
    return [sorted(facts), len(listing)]


def secure_ftp(port: int) -> list:
    """FTP_TLS: AUTH TLS on the control connection, PROT P: each data connection shakes hands and unwraps."""
    ftp = ftplib.FTP_TLS(context=client_context(), timeout=5)
    ftp.connect("127.0.0.1", port)
    ftp.login("user", "secret")
    ftp.prot_p()
    received = io.BytesIO()
    ftp.retrbinary("RETR data.bin", received.write)
    ftp.storbinary("STOR secret.bin", io.BytesIO(b"s" * 3000))
    names = ftp.nlst()
    ftp.quit()
    return [len(received.getvalue()), names]


def ftp_urls(port: int) -> list:
    base = f"ftp://user:secret@127.0.0.1:{port}/pub/"
    with urllib.request.urlopen(base + "data.bin", timeout=5) as response:
        pieces = []
        while piece := response.read(4000):
            pieces.append(piece)
        length = int(response.headers["Content-length"])
    with urllib.request.urlopen(base, timeout=5) as response:
        listing = response.read().decode().splitlines()
    # not a file (550 to RETR): urllib checks the folder exists (PWD, CWD there and back), then lists it
    with urllib.request.urlopen(base + "old", timeout=5) as response:
        assert len(response.read().decode().splitlines()) == 2
    # CacheFTPHandler keeps the connection: the second file ends the first transfer first (endtransfer)
    opener = urllib.request.build_opener(urllib.request.CacheFTPHandler())
    texts = []
    for name in ("readme.txt", "data.bin"):
        with opener.open(base + name, timeout=5) as response:
            texts.append(len(response.read()))
    return [length, len(b"".join(pieces)), [re.split(r"\s+", entry)[-1] for entry in listing], texts]


def main() -> None:
    assert forked_children() == [[b"ONE", b"TWO"], 1024, [9, 16]]
    imap = socketserver.ThreadingTCPServer(("127.0.0.1", 0), CannedIMAP)
    imaps = socketserver.ThreadingTCPServer(("127.0.0.1", 0), CannedIMAP)
    imaps.socket = server_context().wrap_socket(imaps.socket, server_side=True)
    ftp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), CannedFTP)
    servers = [imap, imaps, ftp]
    for server in servers:
        server.daemon_threads = True
        server.appended, server.stored = [], {}
        serve(server)
    imap_port, imaps_port, ftp_port = (server.server_address[1] for server in servers)
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            mail = [pool.submit(mailbox, imap_port, secure) for secure in (False, True)]
            secure_mail = [pool.submit(secure_mailbox, imaps_port) for _ in range(2)]
            sessions = [pool.submit(ftp_session, ftp_port, f"up{n}.txt", n != 2) for n in range(3)]
            chores = pool.submit(ftp_chores, ftp_port)
            streamed = pool.submit(streamed_mailbox)
            secured = pool.submit(secure_ftp, ftp_port)
            aborted = pool.submit(ftp_abort, ftp_port)
            urls = [pool.submit(ftp_urls, ftp_port) for _ in range(2)]
            assert all(future.result() == [1, [MESSAGE]] for future in mail), [f.result() for f in mail]
            for future in secure_mail:
                assert future.result() == [2, b"INBOX (MESSAGES 1 UNSEEN 0)", MESSAGE], future.result()
            for future in sessions:
                assert future.result() == [
                    "/pub", 2, ["data.bin", "readme.txt"], len(FILES["data.bin"]),
                    ["line one", "line two", "line three"], len(FILES["data.bin"]),
                ], future.result()
            assert streamed.result() == 3
            assert chores.result() == [["data.bin", "readme.txt"], 2], chores.result()
            assert secured.result() == [len(FILES["data.bin"]), ["data.bin", "readme.txt"]], secured.result()
            assert aborted.result() == "225 no transfer to abort", aborted.result()
            for future in urls:
                assert future.result() == [
                    len(FILES["data.bin"]), len(FILES["data.bin"]), ["data.bin", "readme.txt"],
                    [len(FILES["readme.txt"]), len(FILES["data.bin"])],
                ], future.result()
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
    assert imaps.appended == [MESSAGE] * 2, imaps.appended
    expected = {f"up{n}.txt": f"up{n}.txt".encode() * 500 for n in range(3)}
    assert ftp.stored == {**expected, "notes.txt": b"first\r\nsecond\r\n", "secret.bin": b"s" * 3000}, sorted(ftp.stored)


if __name__ == "__main__":
    main()
