"""Where metric SQL runs: the protocol (`protocol`), DuckDB (`duckdb_engine`), Spark (`spark`), and
`open.open_engine`, which picks one for a command's `--db`/`--lake`/`--engine`.

Kept import-free on purpose: metrics import `hubcensus.engines.protocol` alone, without pulling in
DuckDB's engine, the lake or Spark.
"""
