#!/usr/bin/env bash
# Runs the narrated demo against a running system (./run.sh demo does this).
# LEDGER_URL and ORDER_URL say where the services are; the defaults are run.sh's.
set -euo pipefail
exec "${JAVA:-java}" "$(dirname "${BASH_SOURCE[0]}")/Demo.java" "$@"
