#!/usr/bin/env python3
"""A stand-in for the arXiv API, for the fetcher's tests (no internet here).

Usage: fake_arxiv.py PAPERS.tsv PORT_FILE LOG_FILE

Serves GET /MODE/api/query?id_list=ID,ID&max_results=N on 127.0.0.1 (a
free port, written to PORT_FILE) with Atom documents it writes itself from
PAPERS.tsv (id, title, abstract, authors separated by ';', one per line).
Every request is logged to LOG_FILE as "MODE<TAB>ids<TAB>user-agent".

MODE chooses the behaviour:
  normal       answer every request
  flaky        503 with Retry-After: 1 on the first request, then normal
  unavailable  503 every time
  slow         first request: wait 3 s before answering (past a short
               timeout), then normal
  truncated    first request: promise more bytes than are sent and hang
               up, then normal
  malformed    XML that is not well-formed, every time
  notfound     404 every time
Ids not in PAPERS.tsv get an error entry, as arXiv does for a bad id.
It stops by itself after 300 seconds.
"""

import http.server
import socketserver
import sys
import threading
import time
import urllib.parse
from xml.sax.saxutils import escape

papers = {}
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if not line:
            continue
        pid, title, abstract, authors = line.split("\t")
        papers[pid] = (title, abstract, [a for a in authors.split(";") if a])

seen = {}  # mode -> requests so far
lock = threading.Lock()


def entry(pid, version=2):
    title, abstract, authors = papers[pid]
    names = "".join(
        "<author><name>%s</name></author>" % escape(a) for a in authors)
    # White space as arXiv sends it: titles and summaries wrapped.
    return """<entry>
    <id>http://arxiv.org/abs/%s</id>
    <updated>2025-04-02T10:00:00Z</updated>
    <published>2025-03-29T17:59:59Z</published>
    <title>%s</title>
    <summary>  %s
</summary>
    %s
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">12 pages</arxiv:comment>
    <link href="http://arxiv.org/abs/%s" rel="alternate" type="text/html"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
""" % (pid + "v%d" % version, escape(title).replace(" ", "\n  ", 1),
       escape(abstract).replace(". ", ".\n  "), names, pid)


def error_entry(pid):
    return """<entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_%s</id>
    <title>Error</title>
    <summary>incorrect id format for %s</summary>
    <updated>2025-04-02T00:00:00-04:00</updated>
  </entry>
""" % (escape(pid), escape(pid))


def feed(ids):
    body = "".join(entry(i) if i in papers else error_entry(i) for i in ids)
    return ("""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">ArXiv Query: id_list=%s</title>
  <id>http://arxiv.org/api/fake</id>
  <updated>2025-04-02T00:00:00-04:00</updated>
  %s</feed>
""" % (escape(",".join(ids)), body)).encode("utf-8")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, code, body, headers=()):
        self.send_response(code)
        self.send_header("Content-Type", "application/atom+xml")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        mode = url.path.strip("/").split("/")[0]
        query = urllib.parse.parse_qs(url.query)
        ids = [i for i in query.get("id_list", [""])[0].split(",") if i]
        with lock:
            n = seen.get(mode, 0)
            seen[mode] = n + 1
            with open(sys.argv[3], "a", encoding="utf-8") as log:
                log.write("%s\t%s\t%s\t%.3f\n" % (
                    mode, ",".join(ids), self.headers.get("User-Agent", ""),
                    time.monotonic()))
        if mode == "flaky" and n == 0 or mode == "unavailable":
            self.reply(503, b"busy", [("Retry-After", "1")])
        elif mode == "slow" and n == 0:
            time.sleep(3)
            self.reply(200, feed(ids))
        elif mode == "truncated" and n == 0:
            body = feed(ids)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif mode == "malformed":
            self.reply(200, b"<?xml version='1.0'?><feed xmlns="
                       b"'http://www.w3.org/2005/Atom'><entry><title>x</entry>")
        elif mode == "notfound":
            self.reply(404, b"no such page")
        else:
            self.reply(200, feed(ids))


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os  # noqa: E402
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
threading.Timer(300, server.shutdown).start()
server.serve_forever()
