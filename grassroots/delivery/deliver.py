"""One delivery: a message to one destination, step by step, with retries and back-off; recorded in
the delivery state before and after each step, and in the audit log (action "deliver") at its end."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from grassroots.auth import audit
from grassroots.delivery.destinations import DeliveryError, Destination, Message
from grassroots.delivery.settings import Retry
from grassroots.delivery.state import DeliveryState, delivery_key, files_hash


@dataclass
class Outcome:
    status: str  # sent | already | failed | uncertain
    label: str
    attempts: int = 0
    error: str | None = None
    key: str = ""
    steps: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("sent", "already")


def content_hash(message: Message) -> str:
    if message.files:
        return files_hash(message.files)
    return hashlib.sha256(message.text.encode("utf-8")).hexdigest()


def deliver(
    state: DeliveryState,
    db_path: Path,
    job: str,
    period: str,
    dest: Destination,
    message: Message,
    retry: Retry,
    actor: str,
    again: bool = False,
    fhash: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
    before: Callable[[str], None] | None = None,
) -> Outcome:
    """Send `message` to `dest` once. Already sent: nothing goes out ("already"); left uncertain by an
    earlier run: reported, not repeated, unless `again`. `before(key)` runs once the row exists (the
    alerts job claims its alerts there)."""
    fhash = fhash or content_hash(message)
    key = delivery_key(job, period, dest.ident, fhash)
    row = state.get(key)
    if row and not again:
        if row["state"] == "sent":
            return Outcome("already", dest.label, row["attempts"], None, key)
        if row["state"] in ("uncertain", "sending"):
            return Outcome("uncertain", dest.label, row["attempts"], row["error"], key)
    row = state.begin(key, job, period, dest.ident, dest.label, fhash, [f.name for f in message.files], fresh=again)
    if before:
        before(key)
    steps = dest.steps(message, retry.timeout_s)
    started = time.monotonic()
    attempts = 0
    done_names = [s.name for s in steps[: row["steps_done"]]]

    def end(status: str, error: str | None) -> Outcome:
        state.finish(key, status, error)
        detail = {
            "job": job,
            "period": period,
            "files": [f.name for f in message.files],
            "outcome": status,
            "attempts": attempts,
            "steps": done_names,
        }
        if error:
            detail["error"] = error
        audit.record(db_path, actor, "deliver", dest.label, detail, ok=status == "sent")
        return Outcome(status, dest.label, attempts, error, key, done_names)

    for i in range(row["steps_done"], len(steps)):
        delays = retry.delays()
        while True:
            state.sending(key, i)
            attempts += 1
            try:
                steps[i].run()
                break
            except OSError as exc:  # a file that cannot be read: nothing went out
                return end("failed", f"{steps[i].name}: {exc}")
            except DeliveryError as exc:
                if exc.ambiguous:
                    return end("uncertain", str(exc))
                wait = next(delays, None)
                if not exc.transient or wait is None or time.monotonic() - started + wait > retry.max_total_s:
                    tries = "" if not exc.transient else f" ({attempts} attempts)"
                    return end("failed", f"{exc}{tries}")
                state.finish(key, "failed", str(exc))  # not delivered; waiting to try again
                sleep(wait)
        state.step_done(key, i + 1)
        done_names.append(steps[i].name)
    return end("sent", None)
