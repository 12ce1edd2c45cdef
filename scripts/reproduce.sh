#!/usr/bin/env bash
# The main job: reproduces draft-natarajan-nfvrg-containers-for-nfv-03 section 4 on this host.
# Sets the host up (idempotent), builds the library, runs the benchmark CLI. Arguments are passed
# to the CLI (see --help), e.g. --quick, --backends docker,kvm, --out DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-host.sh
echo "[reproduce] building (mvn package, tests skipped: run scripts/test-all.sh for those)"
mvn -B -q -ntp -DskipTests -Dmaven.javadoc.skip=true package
exec java -jar examples/target/nfv-lightvirt-examples.jar reproduce "$@"
