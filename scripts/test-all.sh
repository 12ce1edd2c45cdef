#!/usr/bin/env bash
# Runs every test of nfv-lightvirt on this host: unit tests (Surefire) and integration tests
# against the real engines (Failsafe), after setting the host up (idempotent).
# With CI=true an integration test whose engine is missing fails instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-host.sh

MVN_ARGS=(-B -ntp)
[[ ${CI:-} == true ]] && MVN_ARGS+=(-Dstyle.color=never)

echo "[test-all] mvn verify (unit + integration tests, javadoc)"
status=0
mvn "${MVN_ARGS[@]}" verify "$@" || status=$?

echo "[test-all] checking that the tests left nothing of ours on the host"
bash scripts/check-leftovers.sh || status=$?
exit $status
