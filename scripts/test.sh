#!/usr/bin/env bash
# Runs the whole test suite: typecheck, lint, unit tests and end-to-end tests against a real
# Cassandra (started here unless OKS3_CASSANDRA names one; stopped again if this script started it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d node_modules ] || npm ci
started_cassandra=false
if [ -z "${OKS3_CASSANDRA:-}" ]; then
  if ! bash scripts/cassandra.sh status 2>/dev/null; then
    bash scripts/cassandra.sh start
    started_cassandra=true
  fi
fi
cleanup() { if $started_cassandra; then bash scripts/cassandra.sh stop; fi; }
trap cleanup EXIT

# The boto3 examples and awscli v1 run in the end-to-end suite from a virtualenv of their own.
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import boto3, tqdm, awscli' 2>/dev/null; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r test/requirements.txt
fi

npm run --silent typecheck
npm run --silent lint
# The layer rules of docs/ARCHITECTURE.md and no cycles (dependency-cruiser).
npm run --silent deps
npm run --silent build
npx vitest run "$@"
