"""The demo data generator: a deterministic database for the seeds' places (see `build`)."""
