#!/usr/bin/env python3
"""Writes sample.warc and sample.warc.gz (one gzip member per record) from the hand-written
pages in this directory. All text is invented for the tests."""
import gzip


def record(rtype, uri, number, date, content, ctype="application/http; msgtype=response"):
    lines = ["WARC/1.1", f"WARC-Type: {rtype}",
             f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{number:012d}>", f"WARC-Date: {date}"]
    if uri:
        lines.append(f"WARC-Target-URI: {uri}")
    lines.append(f"Content-Type: {ctype}")
    lines.append(f"Content-Length: {len(content)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + content + b"\r\n\r\n"


def http(body, headers):
    head = "HTTP/1.1 200 OK\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode() + body


def chunked(body, size=50):
    out = b""
    for i in range(0, len(body), size):
        part = body[i:i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


article = open("article.html", "rb").read()
harbour = b"""<html><head><title>Harbour talks</title></head><body><div id="content">
<p>Negotiators from Norway met German officials in the port of Kiel on Friday to discuss fishing quotas.</p>
<p>Both sides said the meeting was constructive.</p></div>
<div class="footer-links"><a href="/a">About</a> <a href="/b">Jobs</a></div></body></html>"""
courier = "https://www.lakeside-courier.example/world/river-treaty"
records = [
    record("warcinfo", None, 0, "2031-03-20T10:00:00Z",
           b"software: hand-written test file\r\nformat: WARC File Format 1.1\r\n", "application/warc-fields"),
    record("request", courier, 1, "2031-03-20T10:00:01Z",
           b"GET /world/river-treaty HTTP/1.1\r\nHost: www.lakeside-courier.example\r\n\r\n",
           "application/http; msgtype=request"),
    record("response", courier, 2, "2031-03-20T10:00:02Z",
           http(article, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(article)))])),
    record("metadata", courier, 3, "2031-03-20T10:00:02Z", b"fetchTimeMs: 12\r\n", "application/warc-fields"),
    record("response", "https://harbour-news.example/logo.png", 4, "2031-03-20T10:00:03Z",
           http(b"\x89PNG\r\n\x1a\nnot really a png", [("Content-Type", "image/png")])),
    record("response", "http://harbour-news.example/talks", 5, "2031-03-21T08:15:00Z",
           http(chunked(harbour), [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")])),
]
with open("sample.warc", "wb") as f:
    f.write(b"".join(records))
with open("sample.warc.gz", "wb") as f:
    for r in records:
        f.write(gzip.compress(r, mtime=0))
