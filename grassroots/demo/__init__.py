"""The demo data generator: a deterministic database for the seeds' places.

from grassroots import demo
demo.build("data/demo.duckdb", scale="small", seed=7, progress=TerminalBar())
"""

from grassroots.demo.generate import DEFAULT_AS_OF, DEFAULT_SEED, build
from grassroots.demo.world import SCALES

__all__ = ["build", "DEFAULT_AS_OF", "DEFAULT_SEED", "SCALES"]
