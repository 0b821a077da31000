#!/usr/bin/env bash
# Run the test suite on a fresh machine: install the system packages the browser and Spark tests
# drive (Debian's Chromium and a Java runtime), make a virtual environment, install hubcensus with
# its test dependencies into it (a real install, so packaging mistakes fail here too), check the
# format and the lint (ruff, configured in pyproject.toml), run pytest.
# Extra arguments go to pytest, e.g. `scripts/test.sh -k ingest`.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing Debian packages: ${need[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -q "${need[@]}" >/dev/null \
            || { apt-get update -q >/dev/null && apt-get install -y -q "${need[@]}" >/dev/null; }
    else
        echo "the tests need these Debian packages: ${need[*]} (run as root to install them, or: sudo apt-get install ${need[*]})" >&2
        exit 2
    fi
fi

venv="${HUBCENSUS_VENV:-.venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check ".[test]"
lint=0  # both checks report before either fails the run
"$venv/bin/ruff" format --check src tests benchmarks || lint=1
"$venv/bin/ruff" check src tests benchmarks || lint=1
[ "$lint" -eq 0 ] || { echo "ruff: fix the above (ruff format; ruff check --fix) before the tests run" >&2; exit 1; }
exec "$venv/bin/python" -m pytest -n 2 -q "$@"
