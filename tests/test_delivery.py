"""Push and schedule (python -m grassroots push / schedule) against servers started on 127.0.0.1:
robot posts retried once after a 500 and delivered exactly once, the headline numbers against the
report's JSON, WeCom's file upload, DingTalk's and Feishu's signatures recomputed here, a mail and its
attachment received byte for byte, scheduled jobs run once, alerts sent once, bad settings refused."""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
import time

import duckdb
import pytest

from grassroots import cli, sql
from grassroots.alerts import store as alert_store
from grassroots.auth.store import Store
from grassroots.delivery import cron, jobs, settings
from grassroots.delivery.state import DeliveryState
from grassroots.report import files as report_files
from grassroots.report.period import parse as parse_period
from tests.conftest import ROOT
from tests.delivery_servers import Recorder, free_port, multipart_file

ALERTS_JOB = '[[job]]\nname = "alerts"\nkind = "alerts"\nevaluate = false\nschedule = "*/10 * * * *"\n'
FAST = "[retry]\nattempts = 3\nfirst_delay_s = 0.05\nmax_delay_s = 0.2\nmax_total_s = 5\ntimeout_s = 2\n"
KEY = "wk-7f3a9c21-secret"


@pytest.fixture(autouse=True)
def _local(monkeypatch):
    monkeypatch.delenv("GRASSROOTS_AUTH_DB", raising=False)
    monkeypatch.delenv("GRASSROOTS_DELIVERY", raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture(scope="module")
def report(tiny_db, tmp_path_factory):
    """The October report of the tiny database as real files, with its JSON."""
    out = tmp_path_factory.mktemp("report")
    con = duckdb.connect(str(tiny_db), read_only=True)
    try:
        data, written = report_files.make(
            lambda n, p: sql.run(con, n, p), parse_period("2026-10"), None, ("json", "pdf", "xlsx"), out
        )
    finally:
        con.close()
    paths = {p.suffix.lstrip("."): p for p in written}
    return data, paths


@pytest.fixture
def fast(tmp_path):
    path = tmp_path / "fast.toml"
    path.write_text(FAST, encoding="utf-8")
    return path


def push(*argv) -> int:
    return cli.main(["push", *map(str, argv)])


def deliveries_logged(db) -> list[dict]:
    return Store.for_db(db).audit(action="deliver")


def expected_headline(report: dict) -> list[str]:
    """The headline lines worked out here from the JSON: count as is, rates and hours to one decimal."""
    k, c = report["kpis"], report["comparisons"]

    def change(v, rate):
        return "—" if v is None else f"{v:+.1f}" + ("个百分点" if rate else "%")

    lines = []
    for key, label, kind in (
        ("tickets_received", "受理诉求（件）", "count"),
        ("tickets_closed", "期内办结（件）", "count"),
        ("on_time_pct", "按期结案率", "rate"),
        ("closure_rate_pct", "结案率", "rate"),
        ("median_hours_to_close", "办结用时中位数", "hours"),
        ("satisfaction_pct", "群众满意率", "rate"),
        ("activities", "阵地活动（场）", "count"),
        ("services", "政务服务办件（件）", "count"),
    ):
        v = k[key]
        value = f"{int(v)}" if kind == "count" else f"{v:.1f}%" if kind == "rate" else f"{v:.1f} 小时"
        lines.append(
            f"{label}**：{value}（同比 {change(c[key]['yoy'], kind == 'rate')}，"
            f"环比 {change(c[key]['mom'], kind == 'rate')}）"
        )
    return lines


# --- WeCom: retry, headline, files ------------------------------------------------------------------


def test_wecom_retry_delivers_once_with_the_headline_and_each_file(report, fast, tmp_path):
    data, paths = report
    db = tmp_path / "app.duckdb"
    with Recorder(fail=1) as rec:
        dest = f"wecom:{rec.url(key=KEY)}"
        assert push("--report", paths["pdf"], paths["xlsx"], "--to", dest, "--db", db, "--config", fast) == 0
        assert [r.status for r in rec.requests][:1] == [500]  # the first post failed ...
        markdown = [r for r in rec.ok("send") if r.json()["msgtype"] == "markdown"]
        assert len(markdown) == 1  # ... and the retry got through once
        uploads = rec.ok("upload_media")
        file_msgs = [r for r in rec.ok("send") if r.json()["msgtype"] == "file"]
        assert len(uploads) == 2 and len(file_msgs) == 2 and len(rec.requests) == 1 + 1 + 2 + 2
        # each file went up whole, as the robot's "media" field, and its media_id was then sent
        for up, path in zip(uploads, (paths["pdf"], paths["xlsx"])):
            assert up.query == {"key": [KEY], "type": ["file"]}
            fields, body = multipart_file(up.body, up.headers["Content-Type"])
            assert fields["name"] == "media" and fields["filename"] == path.name
            assert body == path.read_bytes() and fields["filelength"] == str(len(body))
        assert [m.json()["file"]["media_id"] for m in file_msgs] == [u.answer["media_id"] for u in uploads]
        content = markdown[0].json()["markdown"]["content"]
        assert content.startswith(f"## {data['title']}")
        for line in expected_headline(data):
            assert line in content, line
        assert data["summary"] in content

        # the same files to the same robot again: nothing goes out
        seen = len(rec.requests)
        assert push("--report", paths["pdf"], paths["xlsx"], "--to", dest, "--db", db, "--config", fast) == 0
        assert len(rec.requests) == seen
    log = deliveries_logged(db)
    assert len(log) == 1 and log[0]["ok"] and json.loads(log[0]["detail"])["attempts"] == 4  # 3 steps, one retried
    assert KEY not in log[0]["target"] + log[0]["detail"]  # no webhook key in the log
    state = DeliveryState.for_db(db).deliveries()
    assert [(d["state"], d["steps_done"]) for d in state] == [("sent", 3)]


def test_a_failure_mid_way_resumes_at_the_failed_step(report, tmp_path):
    """The markdown got through, the file failed every try: the next push sends only the file."""
    data, paths = report
    db = tmp_path / "app.duckdb"
    cfg = tmp_path / "one.toml"
    cfg.write_text("[retry]\nattempts = 1\ntimeout_s = 2\n", encoding="utf-8")
    with Recorder() as rec:
        rec.fail = 0
        dest = f"wecom:{rec.url(key=KEY)}"
        original = rec.server.RequestHandlerClass.do_POST

        def fail_uploads(self):
            if "upload_media" in self.path and rec.fail >= 0:
                rec.fail = len(rec.requests) + 1  # this request answers 500
            original(self)

        rec.server.RequestHandlerClass.do_POST = fail_uploads
        assert push("--report", paths["pdf"], "--to", dest, "--db", db, "--config", cfg) == 1
        assert len(rec.ok("send")) == 1 and rec.ok("upload_media") == []
        rec.fail = -(10**6)  # healthy again
        rec.server.RequestHandlerClass.do_POST = original
        assert push("--report", paths["pdf"], "--to", dest, "--db", db, "--config", cfg) == 0
        kinds = [r.json()["msgtype"] for r in rec.ok("send")]
        assert kinds == ["markdown", "file"]  # the markdown once, then the file
    outcomes = [json.loads(r["detail"])["outcome"] for r in reversed(deliveries_logged(db))]
    assert outcomes == ["failed", "sent"]


# --- DingTalk and Feishu: signatures --------------------------------------------------------------


def test_dingtalk_post_is_signed_with_the_secret(report, fast, tmp_path):
    data, paths = report
    secret = "SEC0123456789abcdef"
    with Recorder(fail=1) as rec:
        dest = f"dingtalk:{rec.url('/robot/send', access_token='tok-42')}&secret={secret}"
        before = int(time.time() * 1000)
        assert push("--report", paths["pdf"], "--to", dest, "--db", tmp_path / "a.duckdb", "--config", fast) == 0
        after = int(time.time() * 1000)
        got = rec.ok()
        assert len(got) == 1 and len(rec.requests) == 2
        q = got[0].query
        assert "secret" not in q and q["access_token"] == ["tok-42"]
        ts = int(q["timestamp"][0])
        assert before <= ts <= after  # milliseconds
        expected = base64.b64encode(hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest())
        assert q["sign"][0] == expected.decode()  # parse_qs undid the url-encoding
        body = got[0].json()
        assert body["msgtype"] == "markdown" and body["markdown"]["title"] == data["title"]
        text = body["markdown"]["text"]
        for line in expected_headline(data):
            assert line in text
        assert paths["pdf"].name in text and "已归档" in text  # DingTalk names the files it cannot carry
        # a wrong secret would not verify
        wrong = base64.b64encode(hmac.new(b"SECwrong", f"{ts}\nSECwrong".encode(), hashlib.sha256).digest())
        assert q["sign"][0] != wrong.decode()


def test_feishu_post_received_and_signed(report, fast, tmp_path):
    data, paths = report
    secret = "feishu-secret-1"
    with Recorder() as rec:
        dest = f"feishu:{rec.url('/open-apis/bot/v2/hook/hook-token-9')}?secret={secret}"
        assert push("--report", paths["pdf"], "--to", dest, "--db", tmp_path / "a.duckdb", "--config", fast) == 0
        assert len(rec.ok()) == 1
        body = rec.ok()[0].json()
        ts = int(body["timestamp"])
        assert abs(ts - time.time()) < 60  # seconds
        sign = base64.b64encode(hmac.new(f"{ts}\n{secret}".encode(), b"", hashlib.sha256).digest()).decode()
        assert body["sign"] == sign
        post = body["content"]["post"]["zh_cn"]
        assert body["msg_type"] == "post" and post["title"] == data["title"]
        lines = [seg[0]["text"] for seg in post["content"]]
        assert f"受理诉求（件）：{data['kpis']['tickets_received']}（" in "\n".join(lines)
    log = deliveries_logged(tmp_path / "a.duckdb")
    assert "hook-token-9" not in log[0]["target"] and log[0]["ok"]


# --- mail ------------------------------------------------------------------------------------------


def test_mail_arrives_with_its_attachments_byte_identical(report, tmp_path, monkeypatch):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    data, paths = report
    received, logins = [], []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
            return "250 OK"

    def auth(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret-pw", handled=False)  # refused: 535

    port = free_port()
    ctl = Controller(Handler(), hostname="127.0.0.1", port=port, authenticator=auth, auth_require_tls=False)
    ctl.start()
    try:
        monkeypatch.setenv("SMTP_PW", "s3cret-pw")
        dest = (
            f"smtp://127.0.0.1:{port}?from=report@example.org&to=a@example.org,b@example.org"
            "&user=report&password_env=SMTP_PW"
        )
        assert push("--report", paths["pdf"], paths["xlsx"], "--to", dest, "--db", tmp_path / "a.duckdb") == 0
        monkeypatch.setenv("SMTP_PW", "wrong")
        fast = tmp_path / "fast.toml"
        fast.write_text(FAST, encoding="utf-8")
        assert push("--report", paths["pdf"], "--to", dest, "--db", tmp_path / "b.duckdb", "--config", fast) == 1
        refused = deliveries_logged(tmp_path / "b.duckdb")[0]
        assert json.loads(refused["detail"])["outcome"] == "failed" and "login refused" in refused["detail"]
    finally:
        ctl.stop()
    assert logins[0] == (b"report", b"s3cret-pw") and len(received) == 1
    sender, rcpts, raw = received[0]
    assert sender == "report@example.org" and rcpts == ["a@example.org", "b@example.org"]
    mail = email.message_from_bytes(raw, policy=email.policy.default)
    assert mail["Subject"] == data["title"]
    attached = {a.get_filename(): a.get_content() for a in mail.iter_attachments()}
    assert attached == {paths["pdf"].name: paths["pdf"].read_bytes(), paths["xlsx"].name: paths["xlsx"].read_bytes()}
    body = mail.get_body(("plain",)).get_content()
    assert f"按期结案率：{data['kpis']['on_time_pct']:.1f}%（" in body


# --- failures the user sees -------------------------------------------------------------------------


def run_cli(*argv, env=None) -> subprocess.CompletedProcess:
    e = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", **(env or {})}
    e.pop("GRASSROOTS_AUTH_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "grassroots", *map(str, argv)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=e,
        timeout=120,
    )


@pytest.mark.slow
def test_unreachable_destination_ends_with_a_clear_message(report, fast, tmp_path):
    _, paths = report
    port = free_port()  # nothing listens here
    r = run_cli(
        "push",
        "--report",
        paths["pdf"],
        "--to",
        f"wecom:http://127.0.0.1:{port}/cgi-bin/webhook/send?key=k1",
        "--db",
        tmp_path / "a.duckdb",
        "--config",
        fast,
    )
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert "未能送达" in r.stderr and "cannot connect" in r.stderr and "3 attempts" in r.stderr
    log = deliveries_logged(tmp_path / "a.duckdb")
    assert len(log) == 1 and not log[0]["ok"] and json.loads(log[0]["detail"])["outcome"] == "failed"


def test_bad_push_input_is_refused_before_anything_is_sent(report, tmp_path, capsys):
    _, paths = report
    assert push("--report", tmp_path / "nope.pdf", "--to", "wecom:http://127.0.0.1:1/x?key=k") == 2
    assert "nope.pdf" in capsys.readouterr().err
    assert push("--report", paths["pdf"], "--to", "slack:https://example.org/x", "--db", tmp_path / "a.duckdb") == 2
    e = capsys.readouterr().err
    assert "--to 1" in e and "wecom:URL" in e
    assert push("--report", paths["pdf"], "--to", "wecom:https://example.org/send", "--db", tmp_path / "a.duckdb") == 2
    assert "key=" in capsys.readouterr().err  # a WeCom address without its key
    assert (
        push(
            "--report",
            paths["pdf"],
            "--to",
            "smtp://mail.example.org:25?from=a@b.cn&to=c@d.cn&user=u&password_env=P",
            "--db",
            tmp_path / "a.duckdb",
        )
        == 2
    )
    assert "starttls" in capsys.readouterr().err  # no login in the clear to another machine
    assert not (tmp_path / "a.duckdb.auth.sqlite").exists() or deliveries_logged(tmp_path / "a.duckdb") == []


def test_no_answer_is_uncertain_and_not_repeated_until_asked(report, tmp_path):
    """The post went out and no answer came: it may have arrived, so it is reported, not resent."""
    _, paths = report
    cfg = tmp_path / "slow.toml"
    cfg.write_text("[retry]\nattempts = 3\nfirst_delay_s = 0.01\ntimeout_s = 0.5\n", encoding="utf-8")
    db = tmp_path / "a.duckdb"
    with Recorder(hang=1.5, hang_n=1) as rec:
        dest = f"dingtalk:{rec.url('/robot/send', access_token='t')}"
        assert push("--report", paths["pdf"], "--to", dest, "--db", db, "--config", cfg) == 1
        assert len(rec.requests) == 1  # not retried
        assert push("--report", paths["pdf"], "--to", dest, "--db", db, "--config", cfg) == 1
        assert len(rec.requests) == 1  # still not repeated
        assert push("--report", paths["pdf"], "--to", dest, "--db", db, "--config", cfg, "--again") == 0
        assert len(rec.requests) == 2
    outcomes = [json.loads(r["detail"])["outcome"] for r in reversed(deliveries_logged(db))]
    assert outcomes == ["uncertain", "sent"]


def test_bad_delivery_settings_are_refused_with_file_and_key(tmp_path, capsys):
    cases = (
        ('[[job]]\nname = "m"\nschedule = "0 8 1 *"\nto = ["wecom:https://x.example/send?key=k"]', "key schedule"),
        ('[[job]]\nname = "m"\nschedule = "0 25 1 * *"\nto = ["wecom:https://x.example/send?key=k"]', "hour 25"),
        (
            '[[job]]\nname = "m"\nschedule = "0 8 1 * *"\nperiod = "last_month"\nto = ["wecom:https://x.example/send?key=k"]',
            "key period",
        ),
        ('[[job]]\nname = "m"\nschedule = "0 8 1 * *"\nto = ["wecom:${NO_SUCH_VAR_X}"]', "NO_SUCH_VAR_X"),
        ('[[job]]\nname = "m"\nschedule = "0 8 1 * *"\nto = ["smtp://h:25?from=a@b.c&to=d@e.f&password=x"]', "to[1]"),
        ('[[job]]\nname = "m"\nschedule = "0 8 1 * *"\nto = []', "key to"),
        (
            '[[job]]\nname = "m"\nkind = "alerts"\nschedule = "*/5 * * * *"\nformats = ["pdf"]\n'
            'to = ["feishu:https://x.example/hook/t"]',
            "key formats",
        ),
        ("[retry]\nattempts = 0", "[retry], key attempts"),
        ("[retry]\ntries = 3", "key tries"),
        ('[[job]]\nname = "Monthly Report"', "key name"),
    )
    for text, word in cases:
        with pytest.raises(settings.SettingsError, match="bad.toml") as exc:
            settings.parse(text, "bad.toml", env={})
        assert word in str(exc.value), (text, str(exc.value))
    # a disabled job's variables are not needed
    ok = settings.parse(
        '[[job]]\nname = "m"\nenabled = false\nschedule = "0 8 1 * *"\nto = ["wecom:${NO_SUCH_VAR_X}"]',
        "ok.toml",
        env={},
    )
    assert not ok.jobs[0].enabled
    # the shipped file loads and sends nothing
    shipped = settings.load(ROOT / "config" / "delivery.toml", env={})
    assert shipped.jobs and not any(j.enabled for j in shipped.jobs)
    bad = tmp_path / "bad.toml"
    bad.write_text(cases[0][0], encoding="utf-8")
    assert cli.main(["schedule", "--run-due", "--config", str(bad), "--db", str(tmp_path / "a.duckdb")]) == 2
    e = capsys.readouterr().err
    assert "bad.toml" in e and "key schedule" in e


# --- schedules --------------------------------------------------------------------------------------


def test_cron_reads_as_crontab_does():
    monthly = cron.parse("0 8 1 * *")
    assert monthly.latest(dt.datetime(2026, 11, 20, 12)) == dt.datetime(2026, 11, 1, 8)
    assert monthly.next_after(dt.datetime(2026, 11, 1, 8)) == dt.datetime(2026, 12, 1, 8)
    every = cron.parse("*/15 8-9 * * mon-fri")
    got = every.occurrences(dt.datetime(2026, 11, 20, 7, 0), dt.datetime(2026, 11, 23, 8, 40))  # Fri .. Mon
    assert got == [dt.datetime(2026, 11, 20, h, m) for h in (8, 9) for m in (0, 15, 30, 45)] + [
        dt.datetime(2026, 11, 23, 8, m) for m in (0, 15, 30)
    ]
    either = cron.parse("0 0 13 * 5")  # the 13th or any Friday
    assert either.matches(dt.datetime(2026, 11, 13)) and either.matches(dt.datetime(2026, 11, 20))
    assert not either.matches(dt.datetime(2026, 11, 19))
    assert cron.parse("0 0 * * 7").matches(dt.datetime(2026, 11, 22))  # Sunday as 7
    for bad, word in (
        ("61 * * * *", "minute"),
        ("* * 0 * *", "day of month"),
        ("* * * * * *", "fields"),
        ("*/0 * * * *", "step"),
        ("5-1 * * * *", "backwards"),
    ):
        with pytest.raises(cron.CronError, match=word):
            cron.parse(bad)
    assert jobs.period_for("previous_month", dt.datetime(2026, 1, 1, 8)) == "2025-12"
    assert jobs.period_for("previous_quarter", dt.datetime(2026, 10, 1)) == "2026-Q3"
    assert jobs.period_for("previous_quarter", dt.datetime(2026, 2, 1)) == "2025-Q4"
    assert jobs.period_for("previous_year", dt.datetime(2026, 1, 1)) == "2025"


@pytest.mark.slow
def test_schedule_run_due_runs_a_due_job_once(tiny_db, tmp_path):
    db = tmp_path / "app.duckdb"
    shutil.copy(tiny_db, db)
    with Recorder(fail=1) as rec:
        cfg = tmp_path / "delivery.toml"
        cfg.write_text(  # wait_hours = 0: it does not wait for the service records that end early (test below)
            FAST + f'[[job]]\nname = "monthly"\nschedule = "0 8 1 * *"\nperiod = "previous_month"\n'
            f'formats = ["pdf"]\nwait_hours = 0\nto = ["wecom:{rec.url(key=KEY)}"]\n',
            encoding="utf-8",
        )

        def due(now):
            return cli.main(["schedule", "--run-due", "--now", now, "--db", str(db), "--config", str(cfg)])

        assert due("2026-11-01T08:05") == 0
        markdown = [r for r in rec.ok("send") if r.json()["msgtype"] == "markdown"]
        assert len(markdown) == 1 and "2026年10月" in markdown[0].json()["markdown"]["content"]
        assert len(rec.ok("upload_media")) == 1
        filed = db.with_name(db.name + ".outbox") / "monthly" / "2026-10"
        pdf = next(filed.glob("*.pdf"))
        fields, body = multipart_file(rec.ok("upload_media")[0].body, rec.ok("upload_media")[0].headers["Content-Type"])
        assert body == pdf.read_bytes() and fields["filename"] == pdf.name
        seen = len(rec.requests)
        assert due("2026-11-01T08:05") == 0 and len(rec.requests) == seen  # the second call runs nothing
        assert due("2026-11-15T12:00") == 0 and len(rec.requests) == seen  # nor does a later day of the month
        # the next month's moment: the data run to 2026-11-20, so November's report waits (filed once and sent
        # once, it must not be the 20 days imported so far)
        assert due("2026-12-01T08:00") == 1 and len(rec.requests) == seen
        assert not (db.with_name(db.name + ".outbox") / "monthly" / "2026-11").exists()
        _import_last_day(db, dt.datetime(2026, 11, 30, 18, 0))  # November's last days come in
        assert due("2026-12-01T09:00") == 0  # the waiting run is tried again, files and sends it
        contents = [r.json()["markdown"]["content"] for r in rec.ok("send") if r.json()["msgtype"] == "markdown"]
        assert len(contents) == 2 and "统计时段：2026-11-01 至 2026-11-30" in contents[1]  # the whole month
    runs = DeliveryState.for_db(db).runs("monthly")
    assert [(r["occurrence"], r["period"], r["state"]) for r in runs] == [
        ("2026-12-01 08:00:00", "2026-11", "done"),
        ("2026-11-01 08:00:00", "2026-10", "done"),
    ]
    logged = [(json.loads(r["detail"])["period"], bool(r["ok"])) for r in deliveries_logged(db)]
    assert logged == [("2026-11", True), ("2026-11", False), ("2026-10", True)]  # the wait is in the audit log


MONTHLY_WAITING = 'name = "monthly"\nschedule = "0 8 1 * *"\nperiod = "previous_month"\nformats = ["pdf"]\n'


def _failed_runs_audited(db) -> list[str]:
    return [json.loads(r["detail"])["error"] for r in deliveries_logged(db) if not r["ok"]]


def test_a_report_waits_for_a_table_that_ends_early_then_files_saying_so(tiny_db, tmp_path):
    """The tiny district's tickets run to 2026-11-20, its service records end on 2026-10-11 and its activities on
    2026-10-12, as when their exports come later. October's report waits for them (wait_hours, 24 by default) and
    sends nothing; the wait is audited once, not at every pass. When the wait is over it is filed and sent, and the
    report names the tables that end early."""
    db = tmp_path / "app.duckdb"
    shutil.copy(tiny_db, db)
    with Recorder() as rec:
        cfg = tmp_path / "delivery.toml"
        cfg.write_text(FAST + "[[job]]\n" + MONTHLY_WAITING + f'to = ["wecom:{rec.url(key=KEY)}"]\n', encoding="utf-8")
        loaded = settings.load(cfg)
        assert loaded.jobs[0].wait_hours == 24.0
        outbox = db.with_name(db.name + ".outbox") / "monthly" / "2026-10"
        for now in (dt.datetime(2026, 11, 1, 8, 5), dt.datetime(2026, 11, 1, 12, 0), dt.datetime(2026, 11, 2, 7, 59)):
            _, runs = jobs.run_due(db, loaded, now)
            assert [(r.period, r.state) for r in runs] == [("2026-10", "partial")] and rec.requests == []
            assert not outbox.exists()
        assert runs[0].error == (
            "2026年10月的报告等待导入：办件记录只到2026-10-11、活动台账只到2026-10-12，早于其他记录结束。"
            "定时报告最多等到 2026-11-02 08:00，届时仍未导入则照常生成发送，并在报告中注明。任务会在下一轮再次运行。"
        )
        assert _failed_runs_audited(db) == [runs[0].error]  # three passes, one entry
        listed = run_cli("schedule", "--list", "--db", str(db), "--config", str(cfg), "--now", "2026-11-02T07:59")
        assert listed.returncode == 0 and f"    {runs[0].error}" in listed.stdout.splitlines()  # why it waits
        _, runs = jobs.run_due(db, loaded, dt.datetime(2026, 11, 2, 8, 0))
        assert [(r.period, r.state) for r in runs] == [("2026-10", "done")]
        assert [r.json()["msgtype"] for r in rec.ok("send")] == ["markdown", "file"]
    filed = json.loads(next(outbox.glob("*.json")).read_text(encoding="utf-8"))
    assert [(b["table"], b["last"]) for b in filed["period"]["behind"]] == [
        ("service_records", "2026-10-11"),
        ("activities", "2026-10-12"),
    ]
    assert "办件记录只到2026-10-11" in filed["summary"]


def test_a_waiting_report_is_filed_at_the_first_pass_after_the_late_export_comes_in(tiny_db, tmp_path):
    db = tmp_path / "app.duckdb"
    shutil.copy(tiny_db, db)
    with Recorder() as rec:
        cfg = tmp_path / "delivery.toml"
        cfg.write_text(
            FAST + "[[job]]\n" + MONTHLY_WAITING + f'wait_hours = 48\nto = ["wecom:{rec.url(key=KEY)}"]\n',
            encoding="utf-8",
        )
        loaded = settings.load(cfg)
        _, runs = jobs.run_due(db, loaded, dt.datetime(2026, 11, 1, 8, 5))
        assert runs[0].state == "partial" and "2026-11-03 08:00" in runs[0].error and rec.requests == []
        _import_late_exports(db, dt.datetime(2026, 10, 31, 10, 0))  # the services and activities to 31 October
        _, runs = jobs.run_due(db, loaded, dt.datetime(2026, 11, 1, 8, 10))
        assert runs[0].error is None, runs[0].error
        assert [(r.period, r.state) for r in runs] == [("2026-10", "done")] and len(rec.ok("send")) == 2
    outbox = db.with_name(db.name + ".outbox") / "monthly" / "2026-10"
    assert json.loads(next(outbox.glob("*.json")).read_text(encoding="utf-8"))["period"]["behind"] == []


def test_wait_hours_is_a_report_jobs_key(tmp_path):
    base = "[[job]]\n" + MONTHLY_WAITING + 'to = ["wecom:https://example.org/hook?key=k"]\n'
    with pytest.raises(settings.SettingsError, match=r"job 1 \(monthly\), key wait_hours: a number from 0 to 8784"):
        settings.parse(base + "wait_hours = -1\n")
    alerts = (
        '[[job]]\nname = "a"\nkind = "alerts"\nschedule = "* * * * *"\nto = ["wecom:https://example.org/h?key=k"]\n'
    )
    with pytest.raises(
        settings.SettingsError, match="key wait_hours: an alerts job .* no period, formats or wait_hours"
    ):
        settings.parse(alerts + "wait_hours = 2\n")
    assert settings.parse(base + "wait_hours = 0.5\n").jobs[0].wait_hours == 0.5
    # a wait that outlasts the run's retries would never file the report: refused when written, shortened by default
    with pytest.raises(
        settings.SettingsError, match=r"key wait_hours: at most 11: an hour less than \[schedule\] retry"
    ):
        settings.parse("[schedule]\nretry_hours = 12\n" + base + "wait_hours = 12\n")
    assert settings.parse("[schedule]\nretry_hours = 12\n" + base).jobs[0].wait_hours == 11
    assert settings.parse("[schedule]\nretry_hours = 0\n" + base).jobs[0].wait_hours == 0


def _import_late_exports(path, at: dt.datetime) -> None:
    """One more service record and one more activity, at `at`, with the services' rollups of that day."""
    from grassroots import db as database
    from grassroots import rollups

    with database.writer(path) as con:
        con.execute(
            "insert into service_records select * replace ('LATE-S' as service_id, $at as accepted_at,"
            " $at as finished_at) from service_records limit 1",
            {"at": at},
        )
        con.execute(
            "insert into activities select * replace ('LATE-A' as activity_id, $day as date) from activities limit 1",
            {"day": at.date()},
        )
        rollups.refresh(con, "service_records", {at.date()})


def _import_last_day(path, at: dt.datetime) -> None:
    """One more ticket, reported at `at`, with the rollups of its month: the data now run to `at`."""
    from grassroots import db as database
    from grassroots import rollups

    with database.writer(path) as con:
        con.execute(
            "insert into tickets select * replace ('LATE-1' as ticket_id, $at as reported_at, null as accepted_at,"
            " null as dispatched_at, null as handled_at, null as verified_at, null as closed_at, null as due_at,"
            " 'open' as status) from tickets limit 1",
            {"at": at},
        )
        rollups.refresh(con, "tickets", {at.date()})


def _fired(rule: str, code: str, name: str, value: float) -> dict:
    return {
        "rule": rule,
        "rule_name": f"规则{rule}",
        "rule_name_en": rule,
        "metric": "on_time_pct",
        "level": "street",
        "unit_code": code,
        "unit_name": name,
        "value": value,
        "threshold": 80.0,
        "op": "<",
        "n": 40,
        "window": {"from": "2026-10-02", "to": "2026-10-31"},
        "value_text": f"{value:.1f}%",
        "threshold_text": "< 80.0%",
    }


def test_alerts_job_sends_each_new_alert_once(tiny_db, tmp_path):
    db = tmp_path / "app.duckdb"
    shutil.copy(tiny_db, db)
    st = alert_store.AlertStore(alert_store.path_for(db))
    first = [_fired("a", "530111001", "关上街道", 50.0), _fired("a", "530111004", "金马街道", 70.0)]
    st.record(first, dt.datetime(2026, 11, 1, 7))
    with Recorder() as wecom, Recorder(fail=3) as ding:  # DingTalk fails every try of the first run
        cfg = tmp_path / "delivery.toml"
        robots = f'"wecom:{wecom.url(key=KEY)}", "dingtalk:{ding.url("/robot/send", access_token="t")}"'
        cfg.write_text(FAST + ALERTS_JOB + f"to = [{robots}]\n", encoding="utf-8")
        loaded = settings.load(cfg)

        def run(at):
            return jobs.run_due(db, loaded, at, sleep=lambda s: None)[1]

        r1 = run(dt.datetime(2026, 11, 1, 8, 0))
        assert [o.status for o in r1[0].outcomes] == ["sent", "failed"] and r1[0].state == "partial"
        texts = [r.json()["markdown"]["content"] for r in wecom.ok()]
        assert len(texts) == 1 and "关上街道" in texts[0] and "金马街道" in texts[0] and "50.0%" in texts[0]
        assert len(st.unsent()) == 2  # not yet everywhere
        r2 = run(dt.datetime(2026, 11, 1, 8, 10))  # DingTalk answers now; WeCom gets nothing again
        assert len(wecom.ok()) == 1 and len(ding.ok()) == 1 and [o.status for o in r2[0].outcomes] == ["sent"]
        assert "关上街道" in ding.ok()[0].json()["markdown"]["text"]
        assert st.unsent() == []  # sent everywhere: marked sent
        assert run(dt.datetime(2026, 11, 1, 8, 20))[0].outcomes == []  # nothing new, nothing sent
        st.record(first + [_fired("b", "530111001001", "小街社区", 60.0)], dt.datetime(2026, 11, 1, 8, 25))
        run(dt.datetime(2026, 11, 1, 8, 30))
        assert len(wecom.ok()) == 2 and len(ding.ok()) == 2
        for rec in (wecom, ding):
            last = rec.ok()[-1].json()["markdown"]
            text = last.get("content") or last.get("text")
            assert "小街社区" in text and "关上街道" not in text and "金马街道" not in text
    # each alert went to each destination exactly once
    sent = [r.json()["markdown"] for r in wecom.ok() + ding.ok()]
    for unit in ("关上街道", "金马街道", "小街社区"):
        assert sum(unit in (m.get("content") or m.get("text")) for m in sent) == 2


def test_a_report_job_for_a_month_not_imported_yet_sends_nothing_and_tries_again(tiny_db, tmp_path):
    """The data runs to 2026-11-20: on 1 January the December report would be zeros and "-100%"; the run
    sends nothing, says why, and stays open to run again while retry_hours last."""
    db = tmp_path / "app.duckdb"
    shutil.copy(tiny_db, db)
    with Recorder() as rec:
        cfg = tmp_path / "delivery.toml"
        cfg.write_text(
            FAST + f'[[job]]\nname = "monthly"\nschedule = "0 8 1 * *"\nperiod = "previous_month"\n'
            f'formats = ["pdf"]\nto = ["wecom:{rec.url(key=KEY)}"]\n',
            encoding="utf-8",
        )
        loaded = settings.load(cfg)
        _, runs = jobs.run_due(db, loaded, dt.datetime(2027, 1, 1, 8, 5))
        assert rec.requests == []
        [run] = runs
        assert run.state == "partial" and run.period == "2026-12"
        assert run.error == "2026年12月没有数据：数据截至 2026-11-20。请先导入该时段的数据。任务会在下一轮再次运行。"
        again = jobs.due(DeliveryState.for_db(db), loaded, dt.datetime(2027, 1, 1, 9, 0))
        assert [(job.name, at) for job, at in again] == [("monthly", dt.datetime(2027, 1, 1, 8, 0))]
    assert not (db.with_name(db.name + ".outbox") / "monthly" / "2026-12").exists()


def test_a_crash_between_send_and_record_is_reported_not_repeated(tiny_db, tmp_path, monkeypatch):
    """The robot got the post, then the process stopped before recording it: the next pass finds the
    delivery "sending", reports it as uncertain (audit log), and does not send it again."""
    db = tmp_path / "app.duckdb"
    shutil.copy(tiny_db, db)
    alert_store.AlertStore(alert_store.path_for(db)).record(
        [_fired("a", "530111001", "关上街道", 50.0)], dt.datetime(2026, 11, 1, 7)
    )
    with Recorder() as rec:
        cfg = tmp_path / "delivery.toml"
        cfg.write_text(FAST + ALERTS_JOB + f'to = ["wecom:{rec.url(key=KEY)}"]\n', encoding="utf-8")
        loaded = settings.load(cfg)

        def crash(self, key, steps_done):
            raise SystemExit("killed")

        with monkeypatch.context() as m:
            m.setattr(DeliveryState, "step_done", crash)
            with pytest.raises(SystemExit):
                jobs.run_due(db, loaded, dt.datetime(2026, 11, 1, 8, 0))
        assert len(rec.ok()) == 1
        stopped, runs = jobs.run_due(db, loaded, dt.datetime(2026, 11, 1, 8, 10))
        assert [s["job"] for s in stopped] == ["alerts"] and len(rec.ok()) == 1  # reported, not resent
        assert runs[0].outcomes == []
    log = deliveries_logged(db)
    assert json.loads(log[0]["detail"])["outcome"] == "uncertain" and not log[0]["ok"]
    assert [d["state"] for d in DeliveryState.for_db(db).deliveries()] == ["uncertain"]


def test_the_app_runs_the_scheduler_in_a_background_thread(tiny_db, tmp_path):
    db = tmp_path / "app.duckdb"
    shutil.copy(tiny_db, db)
    alert_store.AlertStore(alert_store.path_for(db)).record(
        [_fired("a", "530111004", "金马街道", 70.0)], dt.datetime.now()
    )
    with Recorder() as rec:
        text = (
            FAST + "[schedule]\npoll_s = 1\n" + f'[[job]]\nname = "alerts"\nkind = "alerts"\nevaluate = false\n'
            f'schedule = "* * * * *"\nto = ["wecom:{rec.url(key=KEY)}"]\n'
        )
        off = settings.parse(text.replace("poll_s = 1", "poll_s = 1\nin_app = false"), "d.toml")
        assert jobs.start_background(db, lambda: off) is None  # switched off in the file
        thread = jobs.start_background(db, lambda: settings.parse(text, "d.toml"))
        try:
            deadline = time.monotonic() + 20
            while not rec.ok() and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(1.5)  # at least one more pass
        finally:
            thread.stop.set()
            thread.join(5)
        assert len(rec.ok()) == 1 and "金马街道" in rec.ok()[0].json()["markdown"]["content"]
    assert not thread.is_alive()


def test_alerts_job_evaluates_the_rules_then_sends_what_fired_once(tiny_db, tmp_path):
    from grassroots.alerts import evaluate, rules

    db = tmp_path / "app.duckdb"
    shutil.copy(tiny_db, db)
    at = dt.datetime(2026, 11, 1, 8, 0)
    con = duckdb.connect(str(db), read_only=True)
    try:
        fired = evaluate.evaluate(lambda n, p: sql.run(con, n, p), rules.load(), at, {"region": ""})
    finally:
        con.close()
    assert fired  # the shipped rules trip on the tiny data
    with Recorder() as rec:
        loaded = settings.parse(
            FAST + ALERTS_JOB.replace("evaluate = false", "evaluate = true") + f'to = ["wecom:{rec.url(key=KEY)}"]\n',
            "d.toml",
        )
        jobs.run_due(db, loaded, at)
        jobs.run_due(db, loaded, at + dt.timedelta(minutes=10))
        assert len(rec.ok()) == 1
        text = rec.ok()[0].json()["markdown"]["content"]
        assert f"新增{len(fired)}条" in text
        for f in fired:
            assert f"{f['unit_name']}：{f['rule_name']}，当前{f['value_text']}" in text
    assert alert_store.AlertStore(alert_store.path_for(db)).unsent() == []
