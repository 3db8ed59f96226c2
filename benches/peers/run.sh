#!/usr/bin/env bash
# The peer bench (issue 19): Splink with its DuckDB backend and doikhop on the same generated
# job, side by side, from the CSV extract. Not part of CI.
#
#   benches/peers/run.sh [--residents N] [--rows N] [--seed N]     (default 2,000,000 × 20,000)
#
# Installs Splink into its own virtual environment (target/peers-venv, pinned versions), builds
# the release doikhop, then runs run.py (see there for what is measured).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/peers-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "splink==5.0.0" "duckdb==2.0.*" "openpyxl==3.1.*"
fi
cargo build --release -q
exec "$venv/bin/python" benches/peers/run.py "$@"
