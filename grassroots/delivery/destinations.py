"""Where a delivery goes, written as one string:

    wecom:WEBHOOK_URL                    企业微信 group robot: markdown, then each file (upload_media, then a
                                         "file" message)
    dingtalk:WEBHOOK_URL[?secret=S]      钉钉 custom robot: markdown, signed when a secret is given
                                         (DingTalk robots cannot send files: the message names them)
    feishu:WEBHOOK_URL[?secret=S]        飞书 custom bot: a "post" message, signed when a secret is given
    smtp://HOST:PORT?from=A&to=B[,C]     mail with the files attached; smtps:// for TLS from the start,
                                         starttls=1, user=NAME and password_env=VAR (the password is read from
                                         that environment variable, never written in a file)

A destination sends a message as a list of steps; each step is one visible effect (a chat message, a
mail) so a retry after a failure resumes at the step that failed and never repeats one that got
through. None of these services lets a sender say "this is the same message again", so none of them is
idempotent: a step whose outcome is unknown (the request went out and no answer came back) is not
repeated by itself but reported (see grassroots/delivery/deliver.py).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import http.client
import json
import mimetypes
import os
import smtplib
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

KINDS = ("wecom", "dingtalk", "feishu", "smtp", "smtps")
WECOM_MARKDOWN_BYTES = 4096
DINGTALK_MARKDOWN_BYTES = 20000
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class DestinationError(ValueError):
    """A destination string that cannot be read; the message says what is expected."""


class DeliveryError(RuntimeError):
    """A step that did not get through. `transient`: worth trying again (no answer, busy, 5xx);
    `ambiguous`: the request went out and its outcome is unknown (it may have been delivered)."""

    def __init__(self, message: str, transient: bool = False, ambiguous: bool = False):
        super().__init__(message)
        self.transient = transient
        self.ambiguous = ambiguous


@dataclass
class Message:
    """What a delivery says: a title, the markdown / plain-text body, and the files (sent or named)."""

    title: str
    markdown: str  # WeCom / DingTalk
    text: str  # mail body and Feishu lines
    files: list[Path] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # follow (files come next), filed (named only), attached
    lang: str = "zh"

    def with_note(self, body: str, which: str, limit: int | None = None) -> str:
        """The body and the note on the files; within `limit` bytes the body is shortened, never the note."""
        note = self.notes.get(which) if self.files else None
        tail = f"\n\n{note}" if note else ""
        if limit is not None:
            body = _truncate(body, limit - len(tail.encode("utf-8")))
        return body + tail


@dataclass
class Step:
    name: str
    run: Callable[[], object]  # what it returns is not used


# --- HTTP -------------------------------------------------------------------------------------------


def _post(url: str, body: bytes, content_type: str, timeout: float, label: str) -> dict:
    req = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": content_type, "User-Agent": "grassroots-delivery"}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
    except urllib.error.HTTPError as exc:
        status = exc.code
        transient = status >= 500 or status == 429
        raise DeliveryError(f"{label}: HTTP {status} {exc.reason}", transient=transient) from None
    except TimeoutError as exc:
        raise DeliveryError(
            f"{label}: no answer within {timeout:g} s ({exc})", transient=True, ambiguous=True
        ) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):  # connecting or sending: the request never got in whole
            raise DeliveryError(f"{label}: no connection within {timeout:g} s", transient=True) from None
        raise DeliveryError(f"{label}: cannot connect ({reason})", transient=True) from None
    except http.client.HTTPException as exc:
        raise DeliveryError(f"{label}: the answer broke off ({exc!r})", transient=True, ambiguous=True) from None
    except (ConnectionError, OSError) as exc:
        # the connection broke: before sending (refused) nothing went out; while reading, it may have
        ambiguous = isinstance(exc, (ConnectionResetError, BrokenPipeError))
        raise DeliveryError(f"{label}: connection failed ({exc})", transient=True, ambiguous=ambiguous) from None
    try:
        data = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DeliveryError(f"{label}: the answer is not JSON ({raw[:80]!r})") from None
    return data if isinstance(data, dict) else {}


def _post_json(url: str, payload: dict, timeout: float, label: str) -> dict:
    return _post(
        url, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8", timeout, label
    )


def _check_errcode(data: dict, label: str, busy: tuple[int, ...] = (-1, 45009, 130101)) -> dict:
    """WeCom and DingTalk answer {"errcode": 0, "errmsg": "ok"}; -1 (system busy) and rate limits are transient."""
    code = data.get("errcode", 0)
    if code not in (0, "0", None):
        raise DeliveryError(f"{label}: refused ({code} {data.get('errmsg', '')})".strip(), transient=code in busy)
    return data


def _truncate(text: str, limit: int) -> str:
    raw = text.encode("utf-8")
    if len(raw) <= limit:
        return text
    return raw[: limit - 3].decode("utf-8", "ignore") + "…"


def _mask(token: str) -> str:
    return "…" + token[-4:] if len(token) > 4 else "…"


def _split_secret(url: str) -> tuple[str, str]:
    """A webhook URL with `secret=` among its parameters: the URL without it, and the secret."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    secret = next((v for k, v in query if k == "secret"), "")
    rest = urllib.parse.urlencode([(k, v) for k, v in query if k != "secret"])
    return urllib.parse.urlunsplit(parts._replace(query=rest)), secret


def _check_http_url(url: str, kind: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DestinationError(f"{kind}: {_redact_url(url)!r} is not a web address (https://...)")
    return parts


def _redact_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [
        (k, _mask(v) if k in ("key", "access_token", "secret", "token") else v)
        for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    ]
    path = parts.path
    if "/hook/" in path:  # Feishu: the token is the last path segment
        head, _, token = path.rpartition("/")
        path = f"{head}/{_mask(token)}"
    return urllib.parse.urlunsplit(parts._replace(query="&".join(f"{k}={v}" for k, v in query), path=path))


# --- destinations ---------------------------------------------------------------------------------


class Destination:
    kind = ""
    idempotent = False

    def __init__(self, text: str):
        self.text = text

    @property
    def ident(self) -> str:
        """Who this is, for the delivery state: a hash, so no secret sits in the state file."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:24]

    @property
    def label(self) -> str:  # pragma: no cover - every kind defines it
        raise NotImplementedError

    def steps(self, message: Message, timeout: float) -> list[Step]:  # pragma: no cover
        raise NotImplementedError


class WeCom(Destination):
    kind = "wecom"

    def __init__(self, text: str, url: str):
        super().__init__(text)
        parts = _check_http_url(url, "wecom")
        self.url = url
        self.key = dict(urllib.parse.parse_qsl(parts.query)).get("key", "")
        if not self.key:
            raise DestinationError("wecom: the webhook address needs its key=... (copy it from the robot's settings)")
        head, _, _ = parts.path.rpartition("/")
        query = urllib.parse.urlencode({"key": self.key, "type": "file"})
        self.upload_url = urllib.parse.urlunsplit(parts._replace(path=f"{head}/upload_media", query=query))

    @property
    def label(self) -> str:
        return f"wecom:{_redact_url(self.url)}"

    def steps(self, message: Message, timeout: float) -> list[Step]:
        label = "企业微信" if message.lang == "zh" else "WeCom"
        content = message.with_note(message.markdown, "follow", WECOM_MARKDOWN_BYTES)
        out = [
            Step(
                "markdown",
                lambda: _check_errcode(
                    _post_json(self.url, {"msgtype": "markdown", "markdown": {"content": content}}, timeout, label),
                    label,
                ),
            )
        ]
        for path in message.files:
            out.append(Step(f"file:{path.name}", functools.partial(self._send_file, path, timeout, label)))
        return out

    def _send_file(self, path: Path, timeout: float, label: str) -> None:
        """upload_media (no visible effect, safe to repeat) then the "file" message."""
        data = path.read_bytes()
        boundary = "----grassroots" + uuid.uuid4().hex
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="media"; filename="{path.name}"; '
            f"filelength={len(data)}\r\nContent-Type: application/octet-stream\r\n\r\n"
        ).encode()
        body = head + data + f"\r\n--{boundary}--\r\n".encode("ascii")
        try:
            answer = _check_errcode(
                _post(
                    self.upload_url, body, f"multipart/form-data; boundary={boundary}", timeout, f"{label} upload_media"
                ),
                f"{label} upload_media",
            )
        except DeliveryError as exc:
            exc.ambiguous = False  # an upload alone shows nothing in the group
            raise
        media_id = answer.get("media_id")
        if not media_id:
            raise DeliveryError(f"{label} upload_media: no media_id in the answer", transient=True)
        _check_errcode(_post_json(self.url, {"msgtype": "file", "file": {"media_id": media_id}}, timeout, label), label)


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """base64(HMAC-SHA256(key=secret, "timestamp\\nsecret")), before url-encoding."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """base64(HMAC-SHA256(key="timestamp\\nsecret", empty message))."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


class _SignedWebhook(Destination):
    """A group robot's webhook URL, with the robot's signing secret after it when it has one."""

    def __init__(self, text: str, url: str):
        super().__init__(text)
        self.url, self.secret = _split_secret(url)
        _check_http_url(self.url, self.kind)

    @property
    def label(self) -> str:
        return f"{self.kind}:{_redact_url(self.url)}" + (" (signed)" if self.secret else "")


class DingTalk(_SignedWebhook):
    kind = "dingtalk"

    def signed_url(self, now_ms: int | None = None) -> str:
        if not self.secret:
            return self.url
        ts = int(time.time() * 1000) if now_ms is None else now_ms
        sign = urllib.parse.quote_plus(dingtalk_sign(self.secret, ts))
        return f"{self.url}{'&' if '?' in self.url else '?'}timestamp={ts}&sign={sign}"

    def steps(self, message: Message, timeout: float) -> list[Step]:
        label = "钉钉" if message.lang == "zh" else "DingTalk"
        text = message.with_note(message.markdown, "filed", DINGTALK_MARKDOWN_BYTES)
        payload = {"msgtype": "markdown", "markdown": {"title": message.title, "text": text}}
        return [Step("markdown", lambda: _check_errcode(_post_json(self.signed_url(), payload, timeout, label), label))]


class Feishu(_SignedWebhook):
    kind = "feishu"

    def payload(self, message: Message, now_s: int | None = None) -> dict:
        lines = message.with_note(message.text, "filed").splitlines()
        body = {
            "msg_type": "post",
            "content": {
                "post": {
                    "zh_cn" if message.lang == "zh" else "en_us": {
                        "title": message.title,
                        "content": [[{"tag": "text", "text": ln}] for ln in lines],
                    }
                }
            },
        }
        if self.secret:
            ts = int(time.time()) if now_s is None else now_s
            body = {"timestamp": str(ts), "sign": feishu_sign(self.secret, ts), **body}
        return body

    def steps(self, message: Message, timeout: float) -> list[Step]:
        label = "飞书" if message.lang == "zh" else "Feishu"

        def send() -> None:
            data = _post_json(self.url, self.payload(message), timeout, label)
            code = data.get("code", data.get("StatusCode", 0))
            if code not in (0, None):
                raise DeliveryError(
                    f"{label}: refused ({code} {data.get('msg', data.get('StatusMessage', ''))})",
                    transient=code in (9499, 11232),
                )  # rate limited

        return [Step("post", send)]


class Mail(Destination):
    kind = "smtp"

    def __init__(self, text: str):
        super().__init__(text)
        parts = urllib.parse.urlsplit(text)
        if not parts.hostname:
            raise DestinationError("smtp: write smtp://HOST:PORT?from=A&to=B[,C]")
        q = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
        unknown = set(q) - {"from", "to", "starttls", "user", "password_env", "subject_prefix"}
        if unknown:
            raise DestinationError(
                f"smtp: unknown setting {sorted(unknown)[0]!r}; known: from, to, starttls, user, "
                "password_env"
                + (
                    "; a password is never written here: name an environment variable with password_env="
                    if "password" in unknown
                    else ""
                )
            )
        self.tls = parts.scheme == "smtps"
        self.host = parts.hostname
        try:
            self.port = parts.port or (465 if self.tls else 25)
        except ValueError:
            raise DestinationError(f"smtp: port of {parts.netloc!r} is not a number") from None
        self.sender = q.get("from", "")
        self.to = [a.strip() for a in q.get("to", "").split(",") if a.strip()]
        if "@" not in self.sender:
            raise DestinationError("smtp: from=ADDRESS is required (the sender's mail address)")
        if not self.to or any("@" not in a for a in self.to):
            raise DestinationError("smtp: to=ADDRESS[,ADDRESS] is required (mail addresses)")
        self.starttls = q.get("starttls", "0").lower() in ("1", "true", "yes")
        self.user = q.get("user", "")
        self.password_env = q.get("password_env", "")
        if parts.password:
            raise DestinationError("smtp: no password in the address; name an environment variable with password_env=")
        if self.user and not self.password_env:
            raise DestinationError("smtp: user= needs password_env=VAR (the environment variable holding the password)")
        if self.user and not (self.tls or self.starttls) and self.host not in LOOPBACK:
            raise DestinationError("smtp: a login needs an encrypted connection: use smtps:// or starttls=1")

    @property
    def label(self) -> str:
        return f"{'smtps' if self.tls else 'smtp'}://{self.host}:{self.port} → {', '.join(self.to)}"

    def mail(self, message: Message) -> EmailMessage:
        m = EmailMessage()
        m["Subject"] = message.title
        m["From"] = self.sender
        m["To"] = ", ".join(self.to)
        m["Date"] = formatdate(localtime=True)
        m["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        m.set_content(message.with_note(message.text, "attached"))
        for path in message.files:
            ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            main, _, sub = ctype.partition("/")
            m.add_attachment(path.read_bytes(), maintype=main, subtype=sub, filename=path.name)
        return m

    def steps(self, message: Message, timeout: float) -> list[Step]:
        return [Step("mail", lambda: self._send(message, timeout))]

    def _send(self, message: Message, timeout: float) -> None:
        label = f"SMTP {self.host}:{self.port}"
        password = ""
        if self.user:
            password = os.environ.get(self.password_env, "")
            if not password:
                raise DeliveryError(f"{label}: the environment variable {self.password_env} (the password) is not set")
        mail = self.mail(message)
        sending = sent = False
        try:
            client: smtplib.SMTP
            if self.tls:
                client = smtplib.SMTP_SSL(self.host, self.port, timeout=timeout, context=ssl.create_default_context())
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=timeout)
            with client:
                if self.starttls:
                    client.starttls(context=ssl.create_default_context())
                if self.user:
                    self._login(client, password)
                sending = True
                refused = client.send_message(mail)
                sent = True
            if refused:
                raise DeliveryError(f"{label}: refused for {', '.join(refused)}")
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(f"{label}: login refused ({exc.smtp_code})") from None
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError(f"{label}: every recipient refused ({', '.join(exc.recipients)})") from None
        except smtplib.SMTPResponseException as exc:
            said = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
            raise DeliveryError(f"{label}: {exc.smtp_code} {said}", transient=400 <= exc.smtp_code < 500) from None
        except (smtplib.SMTPServerDisconnected, TimeoutError) as exc:
            if sent:  # accepted, then the goodbye failed: delivered
                return
            raise DeliveryError(
                f"{label}: the connection ended ({exc or 'no answer'})", transient=True, ambiguous=sending
            ) from None
        except (smtplib.SMTPException, ssl.SSLError) as exc:
            raise DeliveryError(f"{label}: {exc}") from None
        except OSError as exc:
            raise DeliveryError(f"{label}: cannot connect ({exc})", transient=True) from None

    def _login(self, client: smtplib.SMTP, password: str) -> None:
        """One login, by the first of PLAIN and LOGIN the server offers: a wrong password is one failed
        attempt on the server, not one per mechanism."""
        client.ehlo_or_helo_if_needed()
        offered = client.esmtp_features.get("auth", "").upper().split()
        client.user, client.password = self.user, password
        for mech, answer in (("PLAIN", client.auth_plain), ("LOGIN", client.auth_login)):
            if mech in offered:
                client.auth(mech, answer)
                return
        client.login(self.user, password)


def parse(text: str) -> Destination:
    """A destination from its string (environment variables already expanded)."""
    s = (text or "").strip()
    kind, sep, rest = s.partition(":")
    if not sep or kind not in KINDS:
        raise DestinationError(
            f"{_redact_url(s)!r}: write wecom:URL, dingtalk:URL[?secret=S], feishu:URL[?secret=S] "
            "or smtp://HOST:PORT?from=A&to=B"
        )
    if kind == "wecom":
        return WeCom(s, rest)
    if kind == "dingtalk":
        return DingTalk(s, rest)
    if kind == "feishu":
        return Feishu(s, rest)
    return Mail(s)
