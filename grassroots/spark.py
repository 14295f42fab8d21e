"""Spark SQL over a lake: a session, the lake's tables as views, a query's result as Parquet.

pyspark is not in requirements.txt (the app does not need it): `requirements-spark.txt` pins it, and a
Java runtime comes from scripts/install_system_deps.sh. `session(master)` starts or joins Spark:
`local[*]` runs it inside this process's JVM; a cluster's master (`spark://host:7077`, `yarn`, `k8s://...`)
sends the work to the cluster, which must reach the lake's folder at the same path (a shared or HDFS/S3
path).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

INSTALL_HINT = (
    "Spark is not installed: run `.venv/bin/pip install -r requirements-spark.txt` (pyspark) and install a Java "
    "runtime 17 or newer (`bash scripts/install_system_deps.sh` does both on Debian)"
)


class SparkMissing(RuntimeError):
    """pyspark or Java is not there; the message says how to install them."""


class SparkFailed(RuntimeError):
    """Spark refused or failed a query; the message is Spark's, first line."""


def available() -> bool:
    return importlib.util.find_spec("pyspark") is not None


def session(master: str = "local[*]", app_name: str = "grassroots-rollups"):
    """A Spark session for `master`; raises SparkMissing with the install hint when it cannot start."""
    if not available():
        raise SparkMissing(INSTALL_HINT)
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        # DuckDB's TIMESTAMP has no zone: Spark reads it as TIMESTAMP_NTZ, and any zone-bound step runs in UTC
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.inferTimestampNTZ.enabled", "true")
        # district codes stay strings in partition paths
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        # a bound that cannot be a timestamp ('-infinity') is null, as the queries expect, not an error
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if master.startswith("local"):
        builder = (
            builder.config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", str(max(2, (os.cpu_count() or 2) * 2)))
            # in local mode the driver's JVM does the work: its heap ($GRASSROOTS_SPARK_MEMORY, default 4g)
            .config("spark.driver.memory", os.environ.get("GRASSROOTS_SPARK_MEMORY", "4g"))
        )
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # the JVM did not start: no Java, or a cluster out of reach
        raise SparkMissing(f"Spark could not start for master {master}: {exc}. {INSTALL_HINT}") from None
    spark.sparkContext.setLogLevel("OFF")  # failures reach the caller as exceptions
    return spark


def register(spark, name: str, files: list[Path], columns: list[str]) -> None:
    """The Parquet `files` as the temporary view `name` with `columns` (partition folders' columns left out)."""
    try:
        frame = spark.read.parquet(*[str(f) for f in files]).select(*[f"`{c}`" for c in columns])
    except Exception as exc:  # a type Spark cannot read, a file out of the cluster's reach
        raise SparkFailed(f"Spark cannot read the lake's {name}: {_first_line(exc)}") from None
    frame.createOrReplaceTempView(name)


def run(spark, text: str, params: dict, out: Path, view: str | None = None) -> None:
    """Run the Spark SQL `text` with `params` bound; write the result as Parquet into the folder `out` and, when
    `view` is given, keep it as that temporary view for the queries after it."""
    try:
        frame = spark.sql(text, args=params or None)
        frame.write.mode("overwrite").parquet(str(out))
    except Exception as exc:  # pyspark's errors (analysis, execution) come from the JVM
        raise SparkFailed(f"Spark SQL failed on {view or 'a query'}: {_first_line(exc)}") from None
    if view:
        spark.read.parquet(str(out)).createOrReplaceTempView(view)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
