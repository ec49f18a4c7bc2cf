#!/usr/bin/env bash
# Runs the narrated demo against a running system (./run.sh demo does this).
# AUTH_URL says where the token issuer is, LEDGER_URL and ORDER_URL where the services are,
# CHANNEL_URL where the payment channel simulator is;
# the defaults are run.sh's.
set -euo pipefail
exec "${JAVA:-java}" "$(dirname "${BASH_SOURCE[0]}")/Demo.java" "$@"
