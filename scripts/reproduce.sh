#!/usr/bin/env bash
# The main job: reproduces draft-natarajan-nfvrg-containers-for-nfv-03 section 4 on this host.
# Sets the host up (idempotent) while the library builds beside it, then runs the benchmark CLI.
# Arguments are passed to the CLI (see --help), e.g. --quick, --backends docker,kvm, --out DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
build_log=$(mktemp -t nfv-lightvirt-build.XXXXXX)
# The build needs only Java and Maven, not what set-up installs: run both at once. setsid puts
# Maven (a script that starts a JVM) in a process group of its own, so that on an early exit
# exactly that group is ended, by its id.
echo "[reproduce] building the library in the background (mvn package, tests skipped; log $build_log)"
setsid mvn -B -q -ntp -DskipTests -Dmaven.javadoc.skip=true package >"$build_log" 2>&1 &
build=$!
trap 'kill -- -"$build" 2>/dev/null || true; rm -f "$build_log"' EXIT
bash scripts/setup-host.sh
if ! wait "$build"; then
  echo "[reproduce] the build failed:" >&2
  cat "$build_log" >&2
  exit 1
fi
trap - EXIT
rm -f "$build_log"
echo "[reproduce] host set up and library built in $((SECONDS - started)) s"
exec java -jar examples/target/nfv-lightvirt-examples.jar reproduce "$@"
