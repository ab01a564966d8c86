#!/usr/bin/env python3
"""A stand-in for raw.githubusercontent.com, for `lrmindex update-lists`'s
tests (no internet here).

Usage: fake_lists.py ROOT PORT_FILE LOG_FILE

Serves GET /PATH on 127.0.0.1 (a free port, written to PORT_FILE) with the
file ROOT/PATH as text/plain, or 404 when there is none.  Files beside it
change the answer, so a test sets the server up by writing files:
  PATH.status   the status to answer instead ("503"), every time
  PATH.once     a status to answer once ("503", with Retry-After: 0); the
                file is then removed and the next request gets the file
  PATH.type     the Content-Type to send instead of text/plain
  PATH.location a 301 to this address (a repository that was renamed)
Every request is logged to LOG_FILE as "PATH<TAB>user-agent".
It stops by itself after 300 seconds.
"""

import http.server
import os
import socketserver
import sys
import threading
import urllib.parse

root = sys.argv[1]
lock = threading.Lock()


def sidecar(path, ext):
    try:
        with open(path + ext, encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, code, body, ctype="text/plain; charset=utf-8",
              headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        rel = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        rel = rel.lstrip("/")
        path = os.path.join(root, rel)
        with lock:
            with open(sys.argv[3], "a", encoding="utf-8") as log:
                log.write("%s\t%s\n" % (rel, self.headers.get("User-Agent", "")))
            once = sidecar(path, ".once")
            if once:
                os.remove(path + ".once")
        if ".." in rel.split("/"):
            self.reply(403, b"no")
        elif once:
            self.reply(int(once), b"busy", headers=[("Retry-After", "0")])
        elif sidecar(path, ".location"):
            self.reply(301, b"moved",
                       headers=[("Location", sidecar(path, ".location"))])
        elif sidecar(path, ".status"):
            self.reply(int(sidecar(path, ".status")), b"<h1>Error</h1>",
                       "text/html")
        elif os.path.isfile(path):
            with open(path, "rb") as f:
                body = f.read()
            self.reply(200, body, sidecar(path, ".type")
                       or "text/plain; charset=utf-8")
        else:
            self.reply(404, b"404: Not Found")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that hangs up early (past its size cap) is fine


server = Server(("127.0.0.1", 0), Handler)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
threading.Timer(300, server.shutdown).start()
server.serve_forever()
