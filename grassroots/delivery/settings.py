"""config/delivery.toml: what goes where and when, validated on load; a mistake names the file and key.

    [retry]      attempts, first_delay_s, max_delay_s, max_total_s, timeout_s
    [schedule]   in_app (serve starts the scheduler), poll_s, catch_up_hours, retry_hours
    [[job]]      name, enabled, kind ("report" or "alerts"), schedule (cron), to = [destinations]
                 report: period ("previous_month" | "previous_quarter" | "previous_year"), scope, formats, lang,
                         wait_hours (how long a run waits for a table of records that ends early, see Job)
                 alerts: scope (only alerts of units under this code), evaluate (evaluate the rules first), lang

A destination may take secrets from the environment: "wecom:${WECOM_URL}". Variables are read when a
job is enabled; a disabled job is only checked for its form.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from grassroots import CONFIG_DIR
from grassroots.delivery import cron, destinations

PERIOD_RULES = ("previous_month", "previous_quarter", "previous_year")
REPORT_FORMATS = ("json", "docx", "pdf", "xlsx")
KINDS = ("report", "alerts")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class SettingsError(ValueError):
    """config/delivery.toml: what is wrong and where."""


@dataclass(frozen=True)
class Retry:
    attempts: int = 4  # tries of one step, the first included
    first_delay_s: float = 2.0  # then doubled at each try ...
    max_delay_s: float = 60.0  # ... up to this
    max_total_s: float = 300.0  # and no more waiting than this for one step
    timeout_s: float = 20.0  # one request

    def delays(self):
        d = self.first_delay_s
        for _ in range(self.attempts - 1):
            yield min(d, self.max_delay_s)
            d *= 2


@dataclass(frozen=True)
class Schedule:
    in_app: bool = True  # `serve` starts the scheduler in a background thread
    poll_s: float = 30.0  # how often the in-process scheduler looks at the clock
    catch_up_hours: float = 24.0  # a job seen for the first time runs what fell due this long before
    retry_hours: float = 72.0  # a run with failed deliveries is tried again on later passes this long


@dataclass(frozen=True)
class Job:
    name: str
    kind: str
    schedule: cron.Cron
    to: tuple[str, ...]  # as written (variables not expanded)
    enabled: bool = True
    period: str = "previous_month"
    scope: str = ""
    formats: tuple[str, ...] = ("pdf", "docx", "xlsx")
    lang: str = "zh"
    evaluate: bool = True
    # report: while a table of records ends well before the others within the period (behind, as the pages and the
    # report judge it: grassroots/views/freshness.py), the run waits for its export this many hours past its
    # moment, then files the report, which names the table
    wait_hours: float = 24.0

    def destinations(self, env=None) -> list[destinations.Destination]:
        return [destinations.parse(expand(d, env)) for d in self.to]


@dataclass(frozen=True)
class Settings:
    retry: Retry = field(default_factory=Retry)
    schedule: Schedule = field(default_factory=Schedule)
    jobs: tuple[Job, ...] = ()
    file: str = "delivery.toml"


def expand(text: str, env=None) -> str:
    env = os.environ if env is None else env

    def sub(m: re.Match) -> str:
        if m[1] not in env or not env[m[1]]:
            raise SettingsError(f"the environment variable {m[1]} is not set")
        return env[m[1]]

    return _VAR.sub(sub, text)


def _number(where: str, table: dict, key: str, default: float, lo: float, hi: float, whole: bool = False):
    v = table.get(key, default)
    ok = isinstance(v, int) if whole else isinstance(v, (int, float))
    if isinstance(v, bool) or not ok or not lo <= v <= hi:
        kind = "a whole number" if whole else "a number"
        raise SettingsError(f"{where}, key {key}: {kind} from {lo:g} to {hi:g}")
    return v


def _bool(where: str, table: dict, key: str, default: bool) -> bool:
    v = table.get(key, default)
    if not isinstance(v, bool):
        raise SettingsError(f"{where}, key {key}: true or false")
    return v


def _unknown(where: str, table: dict, known: set[str]) -> None:
    extra = sorted(set(table) - known)
    if extra:
        raise SettingsError(f"{where}, key {extra[0]}: unknown key; known: {', '.join(sorted(known))}")


def parse(text: str, file: str = "delivery.toml", env=None) -> Settings:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{file}: not valid TOML ({exc})") from None
    _unknown(file, data, {"retry", "schedule", "job"})
    r = data.get("retry", {})
    if not isinstance(r, dict):
        raise SettingsError(f"{file}, key retry: a [retry] table")
    w = f"{file} [retry]"
    _unknown(w, r, {"attempts", "first_delay_s", "max_delay_s", "max_total_s", "timeout_s"})
    retry = Retry(
        _number(w, r, "attempts", 4, 1, 20, whole=True),
        _number(w, r, "first_delay_s", 2.0, 0, 3600),
        _number(w, r, "max_delay_s", 60.0, 0, 3600),
        _number(w, r, "max_total_s", 300.0, 0, 86400),
        _number(w, r, "timeout_s", 20.0, 0.1, 600),
    )
    s = data.get("schedule", {})
    if not isinstance(s, dict):
        raise SettingsError(f"{file}, key schedule: a [schedule] table")
    w = f"{file} [schedule]"
    _unknown(w, s, {"in_app", "poll_s", "catch_up_hours", "retry_hours"})
    schedule = Schedule(
        _bool(w, s, "in_app", True),
        _number(w, s, "poll_s", 30.0, 1, 3600),
        _number(w, s, "catch_up_hours", 24.0, 0, 24 * 366),
        _number(w, s, "retry_hours", 72.0, 0, 24 * 366),
    )
    jobs, seen = [], set()
    raw_jobs = data.get("job", [])
    if not isinstance(raw_jobs, list):
        raise SettingsError(f"{file}, key job: jobs are [[job]] tables")
    for i, j in enumerate(raw_jobs, start=1):
        w = f"{file}: job {i} ({j.get('name', '?')})"

        def need(cond: bool, key: str, why: str, w: str = w) -> None:
            if not cond:
                raise SettingsError(f"{w}, key {key}: {why}")

        _unknown(
            w,
            j,
            {
                "name",
                "enabled",
                "kind",
                "schedule",
                "to",
                "period",
                "scope",
                "formats",
                "lang",
                "evaluate",
                "wait_hours",
            },
        )
        name = j.get("name")
        need(isinstance(name, str) and bool(_NAME.match(name)), "name", "a short id of a-z, 0-9, - and _")
        need(name not in seen, "name", "used by an earlier job")
        seen.add(name)
        enabled = _bool(w, j, "enabled", True)
        kind = j.get("kind", "report")
        need(kind in KINDS, "kind", f"one of {', '.join(KINDS)}")
        try:
            when = cron.parse(j.get("schedule"))
        except cron.CronError as exc:
            raise SettingsError(f"{w}, key schedule: {exc}") from None
        to = j.get("to")
        need(
            isinstance(to, list) and len(to) > 0 and all(isinstance(d, str) and d.strip() for d in to),
            "to",
            'a list of destinations, e.g. ["wecom:${WECOM_URL}"]',
        )
        for k, d in enumerate(to, start=1):
            try:
                if enabled:
                    destinations.parse(expand(d, env))
                elif not _VAR.search(d):
                    destinations.parse(d)
                else:
                    kind_word = d.partition(":")[0]
                    if kind_word not in destinations.KINDS and not d.startswith("${"):
                        raise destinations.DestinationError(f"unknown destination kind {kind_word!r}")
            except (SettingsError, destinations.DestinationError) as exc:
                raise SettingsError(f"{w}, key to[{k}]: {exc}") from None
        period = j.get("period", "previous_month")
        scope = j.get("scope", "")
        need(
            isinstance(scope, str) and (scope == "" or re.fullmatch(r"[0-9]{6,12}|centre:\S+", scope) is not None),
            "scope",
            'a region code (6 to 12 digits), centre:<id>, or "" for everything',
        )
        lang = j.get("lang", "zh")
        need(lang in ("zh", "en"), "lang", "zh or en")
        formats = j.get("formats", ["pdf", "docx", "xlsx"])
        evaluate = _bool(w, j, "evaluate", True)
        # the wait ends an hour before the run stops being retried (retry_hours), so the report is still filed
        longest = max(schedule.retry_hours - 1, 0.0)
        wait_hours = _number(w, j, "wait_hours", min(24.0, longest), 0, 24 * 366)
        need(
            wait_hours <= longest,
            "wait_hours",
            f"at most {longest:g}: an hour less than [schedule] retry_hours, so that the report is filed once the"
            " wait is over, while its run is still tried again",
        )
        if kind == "report":
            need(period in PERIOD_RULES, "period", f"one of {', '.join(PERIOD_RULES)}")
            need(
                isinstance(formats, list) and len(formats) > 0 and all(f in REPORT_FORMATS for f in formats),
                "formats",
                f"a list from {', '.join(REPORT_FORMATS)}",
            )
        else:
            extra = [k for k in ("period", "formats", "wait_hours") if k in j]
            need(
                not extra,
                extra[0] if extra else "",
                "an alerts job sends the alerts not yet sent; it has no period, formats or wait_hours",
            )
        jobs.append(
            Job(name, kind, when, tuple(to), enabled, period, scope, tuple(formats), lang, evaluate, wait_hours)
        )
    return Settings(retry, schedule, tuple(jobs), file)


def default_path() -> Path:
    env = os.environ.get("GRASSROOTS_DELIVERY")
    return Path(env) if env else CONFIG_DIR / "delivery.toml"


def load(path: Path | None = None, env=None, named: bool = False) -> Settings:
    """The delivery settings at `path` (default: default_path()). A missing file means no jobs and no
    destinations, unless the user `named` it (--config): then it is an error."""
    path = Path(path) if path else default_path()
    if not path.exists():
        if named:
            raise SettingsError(f"{path}: no such file")
        return Settings(file=path.name)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path.name}: cannot be read ({exc})") from None
    return parse(text, path.name, env)
