"""Servers the delivery tests start on 127.0.0.1: a recorder of robot posts (WeCom, DingTalk, Feishu)
that can answer 500 or hang for its first requests, and an SMTP server (aiosmtpd) that keeps what it
receives. Nothing leaves the machine."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Request:
    path: str
    query: dict
    headers: dict
    body: bytes
    status: int
    answer: dict = field(default_factory=dict)

    def json(self) -> dict:
        return json.loads(self.body.decode("utf-8"))

    @property
    def endpoint(self) -> str:
        return self.path.rsplit("/", 1)[-1]


class Recorder:
    """Answers like a chat robot: {"errcode": 0} (and a media_id for upload_media). `fail` answers 500
    to that many first requests; `hang` seconds of silence before answering the first `hang_n`."""

    def __init__(self, fail: int = 0, hang: float = 0.0, hang_n: int = 0):
        self.fail, self.hang, self.hang_n = fail, hang, hang_n
        self.requests: list[Request] = []
        self.lock = threading.Lock()
        rec = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):  # quiet
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                parts = urllib.parse.urlsplit(self.path)
                with rec.lock:
                    n = len(rec.requests)
                    status = 500 if n < rec.fail else 200
                    answer = {"errcode": 0, "errmsg": "ok"}
                    if parts.path.endswith("upload_media") and status == 200:
                        answer = {"errcode": 0, "errmsg": "ok", "type": "file", "media_id": f"media-{n}"}
                    req = Request(
                        parts.path, urllib.parse.parse_qs(parts.query), dict(self.headers), body, status, answer
                    )
                    rec.requests.append(req)
                if n < rec.hang_n:
                    time.sleep(rec.hang)
                data = json.dumps(answer if status == 200 else {"errcode": -1, "errmsg": "busy"}).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Recorder:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str = "/cgi-bin/webhook/send", **query) -> str:
        q = urllib.parse.urlencode(query)
        return f"http://127.0.0.1:{self.port}{path}" + (f"?{q}" if q else "")

    def ok(self, endpoint: str | None = None) -> list[Request]:
        """The requests answered 200 (those that got through), at one endpoint if given."""
        return [r for r in self.requests if r.status == 200 and (endpoint is None or r.endpoint == endpoint)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def multipart_file(body: bytes, content_type: str) -> tuple[dict, bytes]:
    """The one part of a multipart/form-data body: its Content-Disposition fields and its bytes."""
    boundary = content_type.split("boundary=", 1)[1].encode()
    part = body.split(b"--" + boundary)[1]
    head, _, data = part.partition(b"\r\n\r\n")
    data = data[: -len(b"\r\n")] if data.endswith(b"\r\n") else data
    fields = {}
    for line in head.decode("utf-8").split("\r\n"):
        if line.lower().startswith("content-disposition:"):
            for item in line.split(";")[1:]:
                k, _, v = item.strip().partition("=")
                fields[k] = v.strip('"')
    return fields, data
