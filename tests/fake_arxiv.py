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
Hostile answers, each every time:
  entitybomb   a DOCTYPE declaring one 100 KB entity that the first
               entry's summary references 50,000 times (5 GB expanded)
  hugefield    the first entry's abstract is 1 MB
  longids      20 more entries, each with an id of 50 KB
  bloat        2501.00001 has 10,000 authors of 500 bytes each: within
               every cap, 5 MB of cache for one paper
  controls     C1 controls (U+009D ... U+009C sets a terminal's title),
               bidi overrides and zero-width characters in every text
               field and in error entries
  escapes      ESC and BEL in a title: not even well-formed XML
  badtag       a closing tag that does not match, its name with zero-width
               joiners (XML allows them in names), which libxml2's
               message quotes
  attributes   the first entry's <link> has 20,000 attributes (190 KB):
               well-formed, and libxml2 2.9 checks them in quadratic time
               (0.6 s here, hours for 64 MB)
  manynodes    63 MB: <feed><entry> and 16 million "<a/>" (libxml2's tree
               would take 2.2 GB)
  shiftjis     declares Shift_JIS and holds a byte that is not, next to C1
               controls (libxml2 printed "encoding error" itself)
  bigtext      every entry's summary is 6 MB of words: within libxml2's
               limits, and more memory than a tight `ulimit -v` leaves
  clobber      on the second request, before answering, replaces
               cache.yaml in its working directory with a file that is not
               a cache (as another program might), then answers normally
  redirect-file, redirect-ftp, redirect-http
               302 to file:///etc/passwd, to ftp:// on a probe port
               (a plain TCP listener that logs "probe" for every
               connection; its port is in PORT_FILE.probe), or to the
               same query in mode normal
Ids not in PAPERS.tsv get an error entry, as arXiv does for a bad id.
It stops by itself after 300 seconds.
"""

import http.server
import os
import socket
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


# U+009D 0;pwned U+009C is OSC ... ST, a terminal's "set the title", in
# C1 form (XML forbids ESC and BEL, even as &#27;); then the bidi override
# U+202E, a zero-width space, the line separator U+2028, NEL U+0085 and the
# isolate U+2066.
EVIL = "\u009d0;pwned\u009c\u202e\u200b\u2028\u0085\u2066"
BOMB_ENTITY = "lol " * 25000


def text_of(mode, text):
    if mode == "controls":
        return EVIL + text.replace(" ", " " + EVIL, 1) + EVIL
    return text


def entry(pid, version=2, mode="normal", first=False):
    title, abstract, authors = papers[pid]
    title, abstract = text_of(mode, title), text_of(mode, abstract)
    authors = [text_of(mode, a) for a in authors]
    if mode == "escapes" and first:
        title = "\x1b]0;pwned\x07" + title
    if mode == "hugefield" and first:
        abstract = "word " * 200000
    if mode == "bloat" and pid == "2501.00001":
        authors = ["%05d %s" % (i, "n" * 494) for i in range(10000)]
    if mode == "bigtext":
        abstract = "word " * 1200000
    names = "".join(
        "<author><name>%s</name></author>" % escape(a) for a in authors)
    summary = escape(abstract).replace(". ", ".\n  ")
    if mode == "entitybomb" and first:
        summary = "&bomb;" * 50000
    extra = ""
    if mode == "attributes" and first:
        extra = "<link %s/>" % " ".join("a%d=''" % i for i in range(20000))
    if mode == "controls":
        extra = ("<arxiv:journal_ref xmlns:arxiv=\"http://arxiv.org/schemas/"
                 "atom\">%s</arxiv:journal_ref>" % text_of(mode, "J. Test 1"))
    # White space as arXiv sends it: titles and summaries wrapped.
    return """<entry>
    <id>http://arxiv.org/abs/%s</id>
    <updated>2025-04-02T10:00:00Z</updated>
    <published>2025-03-29T17:59:59Z</published>
    <title>%s</title>
    <summary>  %s
</summary>
    %s
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">%s</arxiv:comment>%s
    <link href="http://arxiv.org/abs/%s" rel="alternate" type="text/html"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
""" % (pid + "v%d" % version, escape(title).replace(" ", "\n  ", 1),
       summary, names, text_of(mode, "12 pages"), extra, pid)


def error_entry(pid, mode="normal"):
    return """<entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_%s</id>
    <title>Error</title>
    <summary>%s</summary>
    <updated>2025-04-02T00:00:00-04:00</updated>
  </entry>
""" % (escape(pid), escape(text_of(mode, "incorrect id format for " + pid)))


def feed(ids, mode="normal"):
    body = "".join(entry(i, mode=mode, first=n == 0) if i in papers
                   else error_entry(i, mode) for n, i in enumerate(ids))
    doctype = ""
    if mode == "entitybomb":
        doctype = '<!DOCTYPE feed [<!ENTITY bomb "%s">]>\n' % BOMB_ENTITY
    if mode == "longids":
        body += "".join("<entry><id>http://arxiv.org/abs/%s</id>"
                        "<title>x</title></entry>\n" % (str(n) * 50000)
                        for n in range(20))
    return ("""<?xml version="1.0" encoding="UTF-8"?>
%s<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">ArXiv Query: id_list=%s</title>
  <id>http://arxiv.org/api/fake</id>
  <updated>2025-04-02T00:00:00-04:00</updated>
  %s</feed>
""" % (doctype, escape(",".join(ids)), body)).encode("utf-8")


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
        elif mode == "badtag":
            self.reply(200, "<?xml version='1.0'?><feed xmlns="
                       "'http://www.w3.org/2005/Atom'><entry\u200d>"
                       "</entry\u200d\u200c></feed>".encode("utf-8"))
        elif mode == "manynodes":
            self.reply(200, b"<feed xmlns='http://www.w3.org/2005/Atom'>"
                       b"<entry>" + b"<a/>" * 16000000 + b"</entry></feed>")
        elif mode == "shiftjis":
            self.reply(200, "<?xml version='1.0' encoding='Shift_JIS'?>\n"
                       "<feed xmlns='http://www.w3.org/2005/Atom'><entry>"
                       "<title>".encode("ascii") + "\u3042".encode("shift_jis")
                       + b"\xff\xfe\xc2\x9d0;pwned\xc2\x9c\x1b</title>"
                       b"</entry></feed>")
        elif mode == "notfound":
            self.reply(404, b"no such page")
        elif mode.startswith("redirect-"):
            where = {
                "redirect-file": "file:///etc/passwd",
                "redirect-ftp": "ftp://127.0.0.1:%d/pwned" % probe_port,
                "redirect-http": "/normal/api/query?" + url.query,
            }[mode]
            self.reply(302, b"moved", [("Location", where)])
        else:
            if mode == "clobber" and n == 1:
                with open("cache.yaml.new", "w") as f:
                    f.write("# my notes, not a cache\n")
                os.rename("cache.yaml.new", "cache.yaml")
            self.reply(200, feed(ids, mode))


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def probe():
    """Log every connection to the probe port: nothing should come."""
    while True:
        conn, _ = probe_socket.accept()
        with lock:
            with open(sys.argv[3], "a", encoding="utf-8") as log:
                log.write("probe\t\t\t%.3f\n" % time.monotonic())
        conn.close()


probe_socket = socket.socket()
probe_socket.bind(("127.0.0.1", 0))
probe_socket.listen(5)
probe_port = probe_socket.getsockname()[1]
threading.Thread(target=probe, daemon=True).start()

server = Server(("127.0.0.1", 0), Handler)
with open(sys.argv[2] + ".probe", "w") as f:
    f.write(str(probe_port))
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
threading.Timer(300, server.shutdown).start()
server.serve_forever()
