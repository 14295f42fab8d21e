"""python -m grassroots bench: how fast imports and pages are, at small, medium and large scale.

Run on demand (`make bench`), never in the test suite. It builds the demo databases once (kept in
data/bench/), then measures, each with a progress bar:
- import throughput of a standard-layout CSV and .xlsx against DuckDB's own read_csv (and, for .xlsx,
  pandas' read_excel) of the same file, in the same run, with the pieces of the import no conversion can save
  (grassroots/bench_import.py);
- every page query (queries/<page>/*.sql) at each scale, median and P95 over repeats, for a fixed
  one-month window over everything, a fixed month in one district, and the year to date;
- every page's full run (AppTest, caches cleared) at each scale;
- the app server's peak memory after opening every page in Chromium (when chromium is installed);
- each page's first paint through the app's own data path (grassroots.ui.data): the queries a page runs
  when opened on the latest month, quarter and year (recorded from a real run, the trend at its real
  window), replayed cold (a fresh connection per query, as the app opens them) and warm (one connection
  after a first pass), the sum of their times per page.
The report is printed as markdown and written to artifacts/bench/bench-<time>.md; with --json PATH the
measurements are also written as a list of rows ({"section": ..., "scale": ..., ...}), each section
appending its rows with `write_json`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

import duckdb

from grassroots import DATA_DIR, ROOT, bench_import, db, project_path, querycache, sql
from grassroots.progress import NULL, TerminalBar, scaled
from grassroots.schema import migrate
from grassroots.views.tickets import DRILL_DEFAULTS, PAGE_DEFAULTS

BENCH_DIR = DATA_DIR / "bench"
SCALES = ("small", "medium", "large")
# the parts --skip names
SKIPPABLE = ("import", "queries", "firstpaint", "pages", "memory", "viewers", "e2e", "after_import", "concurrent")
# not page queries: explorer holds the console's view definitions, lake the export's whole-table reads (at large,
# 10M tickets into one frame, seven times: many minutes and over 15 GB)
SKIP_SUBJECTS = {"rollups", "bench", "demo", "explorer", "lake"}
# values for parameters beyond the shared filters; a page adds its own here
EXTRA_PARAMS: dict[str, object] = {
    "limit": 50,
    "n": 1000,
    "unit_level": "street",  # assessment: the scorecard's level, and one unit's records (关上街道)
    "unit_id": "530111001",
    # tickets: the page's defaults - all categories, by month, headline group, drill-down of the
    # window's received tickets (first 1,000 rows, as the page shows them)
    **PAGE_DEFAULTS,
    "hour_edges": [0, 2, 8, 24, 72, 168, 360, 720],
    "age_edges": [0, 3, 8, 16, 31],
    "max_rows": 1000,
    **DRILL_DEFAULTS,
    "wish_dim": "category",
    "wish_group": None,
    "wish_kind": "all",
    # coverage: the map on the data's last day, the configured 1 km circle, 500 m density cells
    "on": None,
    "radius_m": 1000.0,
    "hex_m": 500.0,
    "lat0": 25.0,
    "codes": ["530111"],
    # activities, services, volunteers, centre profile: config/app.toml's extended hours, residents only,
    # the profile of 关上街道党群服务中心
    "ext_spans": [[0, 720, 840], [0, 1140, 1260], [1, 600, 1020]],
    "with_floating": False,
    "profile_centre": "530111001-JD",
}
FOCUS_DISTRICT = "530111"  # 官渡区, present at every scale


def _percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


HOST_WORK = 20_000_000  # numbers hashed by bench/host_speed


def host_speed(repeat: int = 5) -> dict:
    """The host's speed at the moment: a fixed piece of work (queries/bench/host_speed.sql on one DuckDB thread, and a
    fixed Python loop), median ms over `repeat` runs. The same code measured on a slower host, or on a busier one,
    takes longer in every section; this row tells such runs apart."""
    duck, py = [], []
    with duckdb.connect() as con:
        con.execute("set threads = 1")
        text, bound = sql.bind("bench/host_speed", {"n": HOST_WORK})
        for _ in range(repeat):
            t0 = time.perf_counter()
            con.execute(text, bound).fetchall()
            duck.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            sum(i * i for i in range(1_000_000))
            py.append(time.perf_counter() - t0)
    return {
        "section": "host",
        "duckdb_ms": round(1000 * statistics.median(duck), 1),
        "python_ms": round(1000 * statistics.median(py), 1),
        "load_1m": round(os.getloadavg()[0], 2),
    }


def ensure_db(scale: str, seed: int, progress=NULL, folder: Path = BENCH_DIR) -> Path:
    """The bench database of `scale` in `folder`: built when missing; else brought to this code's schema and
    macros (the bench measures the queries as this code defines them, whichever code wrote the database)."""
    from grassroots import demo

    path = folder / f"{scale}-seed{seed}.duckdb"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        demo.build(path, scale=scale, seed=seed, progress=progress)
        print(f"\nbuilt {path.name} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    else:
        progress(0, 1, f"{path.name}: schema and macros")
        with db.reader(path) as con:
            current = migrate.is_current(con)
        if not current:  # a writer copies the file: only when the database needs something of this code
            with db.writer(path):
                pass
    return path


def scenarios(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    as_of = sql.run(con, "common/data_as_of")["newest_record"].iloc[0].to_pydatetime()
    month_end = as_of.date().replace(day=1)
    month_start = (month_end - dt.timedelta(days=1)).replace(day=1)
    base = {"as_of": as_of, "centre_id": None, "centre_type": None, "pilot_batch": None, **EXTRA_PARAMS}
    return {
        "month": {**base, "date_from": month_start, "date_to": month_end, "region": ""},
        "month·district": {**base, "date_from": month_start, "date_to": month_end, "region": FOCUS_DISTRICT},
        "year": {
            **base,
            "date_from": dt.date(as_of.year, 1, 1),
            "date_to": as_of.date() + dt.timedelta(days=1),
            "region": "",
        },
    }


def page_queries() -> list[str]:
    return [n for n in sql.names() if n.split("/")[0] not in SKIP_SUBJECTS]


def time_queries(path: Path, repeat: int, progress=NULL) -> list[dict]:
    rows: list[dict] = []
    names = page_queries()
    with db.reader(path) as con:
        scen = scenarios(con)
        total = len(names) * len(scen)
        done = 0
        for sname, params in scen.items():
            for name in names:
                done += 1
                progress(done, total, name)
                try:
                    text, bound = sql.bind(name, params)
                except KeyError as exc:
                    rows.append({"scenario": sname, "query": name, "skipped": str(exc)})
                    continue
                times = []
                for _ in range(repeat):
                    t0 = time.perf_counter()
                    con.execute(text, bound).fetchall()
                    times.append(time.perf_counter() - t0)
                rows.append(
                    {
                        "scenario": sname,
                        "query": name,
                        "median_ms": 1000 * statistics.median(times),
                        "p95_ms": 1000 * _percentile(times, 0.95),
                    }
                )
    return rows


FIRST_PAINT_PAGES = ("pages/overview.py", "pages/tickets.py", "pages/assessment.py")
FIRST_PAINT_WINDOWS = ("month", "quarter", "year")


def first_paint_queries(path: Path, page: str, window: str) -> list[tuple[str, dict]]:
    """The queries `page` runs when opened by an administrator on the latest `window` (month, quarter
    or year), each with the parameters the app bound, recorded from grassroots.ui.data in a real run."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from grassroots.ui import data

    os.environ["GRASSROOTS_DB"] = str(path)
    seen: list[tuple[str, tuple]] = []
    original = data.CACHE.get

    def recording(db_file, name, params):
        seen.append((name, params))
        return original(db_file, name, params)

    data.CACHE.get = recording  # type: ignore[method-assign, assignment]  # the pages' one way to their queries
    try:
        st.cache_data.clear()
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=900)
        _sign_in_admin(at, path)
        at.session_state["period"] = window
        at.run()
        if page != "pages/overview.py":
            at.switch_page(page)
        seen.clear()
        st.cache_data.clear()
        at.run()
    finally:
        data.CACHE.get = original  # type: ignore[method-assign]
    out, keys = [], set()
    for name, params in seen:
        if (name, params) not in keys:
            keys.add((name, params))
            out.append(
                (name, {k: list(v) if isinstance(v, tuple) else v for k, v in querycache._unkey(params).items()})
            )
    return out


def time_first_paint(path: Path, queries: list[tuple[str, dict]], repeat: int) -> dict:
    """The sum of a first paint's query times: cold (a fresh connection per query, connecting included)
    and warm (one connection, after a first pass); medians over `repeat` runs, in ms."""
    cold, warm = [], []
    for _ in range(repeat):
        total = 0.0
        for name, params in queries:
            t0 = time.perf_counter()
            with db.reader(path) as con:
                sql.run(con, name, params)
            total += time.perf_counter() - t0
        cold.append(total)
    with db.reader(path) as con:
        for name, params in queries:
            sql.run(con, name, params)
        for _ in range(repeat):
            t0 = time.perf_counter()
            for name, params in queries:
                sql.run(con, name, params)
            warm.append(time.perf_counter() - t0)
    return {"cold_ms": 1000 * statistics.median(cold), "warm_ms": 1000 * statistics.median(warm)}


def first_paint_rows(path: Path, scale: str, repeat: int, progress=NULL) -> list[dict]:
    rows = []
    combos = [(p, w) for p in FIRST_PAINT_PAGES for w in FIRST_PAINT_WINDOWS]
    for i, (page, window) in enumerate(combos):
        progress(i, len(combos), f"{page} {window}")
        queries = first_paint_queries(path, page, window)
        t = time_first_paint(path, queries, repeat)
        name = Path(page).stem
        for cold in (True, False):
            rows.append(
                {
                    "section": "page",
                    "scale": scale,
                    "page": name,
                    "window": window,
                    "cold": cold,
                    "median_ms": round(t["cold_ms" if cold else "warm_ms"], 1),
                    "queries": len(queries),
                }
            )
    progress(len(combos), len(combos), "first paints")
    return rows


def page_files() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))


def _sign_in_admin(at, path: Path) -> None:
    """Put a bench administrator (all regions, every page) into the AppTest session, as sign-in would."""
    from grassroots.auth import AccountError, Scope, Store, User, places
    from grassroots.ui.session import USER_KEY

    store = Store.for_db(str(path))
    account = store.account("bench.admin")
    if account is None:
        try:
            account = store.add("bench.admin", "admin", Scope("", None), by="bench")
        except AccountError:
            existing = store.account("bench.admin")
            if existing is None:
                raise
            account = existing
    with db.reader(path) as con:
        resolved, place = places.resolve(account.scope, lambda n, p: sql.run(con, n, p))
    at.session_state[USER_KEY] = User.of(account, "password", resolved, place)


def _clear_caches(st) -> None:
    from grassroots.ui import data

    st.cache_data.clear()
    data.CACHE.clear()
    db.close_readers()


def time_pages(path: Path, repeat: int, progress=NULL) -> list[dict]:
    """Full page runs through AppTest with caches cleared (what a filter change costs at worst)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["GRASSROOTS_DB"] = str(path)
    rows = []
    pages = page_files()
    for i, page in enumerate(pages):
        progress(i, len(pages), page)
        times, error = [], None
        for _ in range(repeat):
            _clear_caches(st)
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
            _sign_in_admin(at, path)
            at.run()
            if page != "pages/overview.py":
                at.switch_page(page)
            _clear_caches(st)  # the timed run starts cold, the overview included
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
            if at.exception or at.error:
                error = "; ".join(str(e.value)[:80] for e in list(at.exception) + list(at.error))
        rows.append(
            {"page": page, "median_s": statistics.median(times), "p95_s": _percentile(times, 0.95), "error": error}
        )
    progress(len(pages), len(pages), "pages")
    return rows


def peak_memory(path: Path) -> dict | None:
    """Serve the app on `path`, open every page in Chromium, and read the server's peak RSS."""
    chromium = shutil.which("chromium")
    if not chromium:
        return None
    from playwright.sync_api import sync_playwright

    from grassroots.bench_serving import served

    with served(path) as (url, pids):
        pages = [Path(p).stem for p in page_files()]
        t0 = time.perf_counter()
        with sync_playwright() as p:
            b = p.chromium.launch(
                executable_path=chromium,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            pg = b.new_page()
            for name in pages:
                pg.goto(f"{url}/{name}")
                pg.wait_for_function(
                    """() => { const a = document.querySelector('[data-testid="stApp"]');
                    return a && a.getAttribute('data-test-script-state') === 'notRunning'; }""",
                    timeout=600_000,
                )
            b.close()
        elapsed = time.perf_counter() - t0
        status = Path(f"/proc/{pids[0]}/status").read_text()
        hwm = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
        return {"peak_rss_mb": hwm / 1024, "pages": len(pages), "seconds": elapsed}


def _table(rows: list[dict], cols: list[str]) -> str:
    def cell(v):
        if isinstance(v, float):
            return f"{v:,.1f}" if abs(v) >= 10 else f"{v:.3f}"
        return "" if v is None else str(v)

    head = "| " + " | ".join(cols) + " |\n|" + "---|" * len(cols) + "\n"
    return head + "".join("| " + " | ".join(cell(r.get(c)) for c in cols) + " |\n" for r in rows)


class _Report(list):
    """Sections of the report: each printed and written to the file as soon as it is measured, so
    a long run that is stopped keeps what it has."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path

    def append(self, text: str) -> None:
        super().append(text)
        print(text, end="" if text.endswith("\n") else "\n", flush=True)
        self.path.write_text("".join(self), encoding="utf-8")


def write_json(path: Path | None, rows: list[dict]) -> None:
    """The bench's machine-readable rows, one JSON list (each row names its `section`), written whole
    after every section so a stopped run keeps what it measured."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")


def serving_sections(paths: dict[str, Path], skip: set[str], args, rows: list[dict], report, bar) -> None:
    """Viewers during an import, end to end in Chromium, many sessions at once (grassroots.bench_serving)."""
    from grassroots import bench_serving as serving

    json_path = Path(args.json) if args.json else None
    for scale, path in paths.items():
        if "viewers" not in skip:
            rows.append(serving.viewers_during_import(path, scale, args.import_rows, progress=bar))
            write_json(json_path, rows)
        if shutil.which("chromium") and "e2e" not in skip:
            rows.extend(serving.e2e(path, scale, progress=bar))
            write_json(json_path, rows)
        if "after_import" not in skip:
            rows.extend(serving.after_import(path, scale, progress=bar))
            write_json(json_path, rows)
        if shutil.which("chromium") and "concurrent" not in skip:
            rows.extend(serving.concurrent(path, scale, args.sessions, args.workers, progress=bar))
            write_json(json_path, rows)
    shown = [
        r for r in rows if r["section"] in ("viewers_during_import", "e2e", "after_import", "concurrent", "memory")
    ]
    if shown:
        cols = [
            "section",
            "scale",
            "step",
            "warmed",
            "sessions",
            "workers",
            "median_wait_ms",
            "max_wait_ms",
            "median_ms",
        ]
        cols += ["max_ms", "server_cpu_s_per_session", "server_cpu_s", "peak_rss_mb"]
        report.append("\n## Serving: viewers during an import, end to end, sessions at once\n\n")
        report.append(_table(shown, cols))


def configure(p) -> None:
    p.add_argument("--scales", default=",".join(SCALES), help="comma-separated: small,medium,large")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument(
        "--dir",
        default=str(BENCH_DIR),
        help="folder of the bench databases (<scale>-seed<seed>.duckdb): a missing one is built there, an existing "
        "one brought to this code's schema and macros",
    )
    p.add_argument("--repeat", type=int, default=7, help="runs per query (median and P95 over them)")
    p.add_argument("--page-repeat", type=int, default=3, help="full page runs per page")
    p.add_argument("--import-rows", type=int, default=1_000_000, help="rows of the CSV import test")
    p.add_argument("--xlsx-rows", type=int, default=100_000, help="rows of the .xlsx import test")
    p.add_argument(
        "--import-repeat", type=int, default=3, help="runs of the CSV import and of read_csv (medians over them)"
    )
    p.add_argument(
        "--skip",
        default="",
        help=f"comma-separated parts to skip: {','.join(SKIPPABLE)}",
    )
    p.add_argument("--json", default=None, help="also write every measured row to this JSON file (a list)")
    p.add_argument("--sessions", type=int, default=20, help="sessions opening the overview at once")
    p.add_argument("--workers", type=int, default=1, help="app processes serving them (serve --workers)")
    p.add_argument("--out", default=None, help="report file (default artifacts/bench/bench-<time>.md)")


def run(args) -> int:
    scales = [s for s in args.scales.split(",") if s]
    skip = set(filter(None, args.skip.split(",")))
    for option, given, known in (("--scales", scales, SCALES), ("--skip", skip, SKIPPABLE)):
        unknown = sorted(set(given) - set(known))
        if unknown:  # no scale at all: the host's speed alone
            print(f"bench: {option} {','.join(unknown)}: each must be one of {', '.join(known)}", file=sys.stderr)
            return 2
    bar = TerminalBar()
    out = Path(args.out) if args.out else ROOT / "artifacts" / "bench" / f"bench-{dt.datetime.now():%Y%m%d-%H%M%S}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    report = _Report(out)
    report.append(f"# grassroots bench {dt.datetime.now():%Y-%m-%d %H:%M}\n")
    report.append(f"machine: {os.cpu_count()} cores; repeats: {args.repeat} per query, {args.page_repeat} per page\n")
    host = host_speed()
    report.append(
        f"host: fixed work {host['duckdb_ms']} ms in DuckDB, {host['python_ms']} ms in Python (lower is faster; "
        f"compare runs of different hours by it); load {host['load_1m']}\n"
    )
    measured: list[dict] = [host]  # every section's rows, for --json
    json_path = Path(args.json) if args.json else None
    if json_path:
        write_json(json_path, measured)
    paths = {}
    for i, scale in enumerate(scales):
        paths[scale] = ensure_db(scale, args.seed, scaled(bar, i / len(scales), (i + 1) / len(scales)), Path(args.dir))
    if "import" not in skip:
        src = paths.get("medium") or paths[scales[-1]]
        rows = bench_import.import_throughput(src, args.import_rows, args.xlsx_rows, bar, repeat=args.import_repeat)
        scale = next((s for s, p in paths.items() if p == src), "")
        measured.extend(bench_import.json_rows(rows, scale))
        write_json(json_path, measured)
        report.append(f"\n## Import throughput (source: {src.name}, medians of {args.import_repeat} runs)\n\n")
        report.append(_table(rows, list(bench_import.TABLE_COLUMNS)))
    if "queries" not in skip:
        all_rows = []
        for scale in scales:
            rows = [{"scale": scale, **r} for r in time_queries(paths[scale], args.repeat, bar)]
            all_rows += rows
            report.append(f"\n## Page queries at {scale} (ms)\n\n")
            report.append(
                _table([r for r in rows if "skipped" not in r], ["scale", "scenario", "query", "median_ms", "p95_ms"])
            )
        pages: dict[tuple, dict] = {}
        for r in all_rows:
            if "skipped" in r:
                continue
            key = (r["query"].split("/")[0], r["scenario"])
            d = pages.setdefault(key, {"page": key[0], "scenario": key[1]})
            d[r["scale"]] = d.get(r["scale"], 0.0) + r["median_ms"]
        report.append("\n## Sum of query medians per page (ms)\n\n")
        summary = list(pages.values())
        for d in summary:
            if d.get("medium") and d.get("large"):
                d["large/medium"] = d["large"] / d["medium"]
        report.append(_table(summary, ["page", "scenario", *scales, "large/medium"]))
        skipped = [r for r in all_rows if "skipped" in r]
        if skipped:
            report.append(
                "\nskipped (no bench value for a parameter): " + ", ".join(sorted({r["query"] for r in skipped})) + "\n"
            )
    if "firstpaint" not in skip:
        rows = []
        for scale in scales:
            rows += first_paint_rows(paths[scale], scale, args.repeat, bar)
        measured.extend(rows)
        write_json(json_path, measured)
        report.append("\n## First paint through the app's data path (sum of query times, ms)\n\n")
        report.append(_table(rows, ["scale", "page", "window", "cold", "queries", "median_ms"]))
    if "pages" not in skip:
        rows = []
        for scale in scales:
            rows += [{"scale": scale, **r} for r in time_pages(paths[scale], args.page_repeat, bar)]
        report.append("\n## Full page runs, caches cleared (s)\n\n")
        report.append(_table(rows, ["scale", "page", "median_s", "p95_s", "error"]))
    if "memory" not in skip:
        mem = peak_memory(paths[scales[-1]])
        if mem:
            report.append(
                f"\n## App server memory ({scales[-1]})\n\npeak RSS {mem['peak_rss_mb']:,.0f} MB after "
                f"opening {mem['pages']} pages in {mem['seconds']:.1f} s\n"
            )
    serving_sections(paths, skip, args, measured, report, bar)
    print(f"written to {project_path(out)}", file=sys.stderr)
    return 0
