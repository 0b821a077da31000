#!/usr/bin/env bash
# Run the test suite on a fresh machine: make a virtual environment, install hubcensus with its
# test dependencies into it (a real install, so packaging mistakes fail here too), run pytest.
# Extra arguments go to pytest, e.g. `scripts/test.sh -k ingest`.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${HUBCENSUS_VENV:-.venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check ".[test]"
exec "$venv/bin/python" -m pytest -n 2 -q "$@"
