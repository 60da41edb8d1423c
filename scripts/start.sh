#!/usr/bin/env bash
# Runs OK-S3: builds it, brings up a local Cassandra unless OKS3_CASSANDRA names a cluster, starts the server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d node_modules ] || npm ci
npm run --silent build
if [ -z "${OKS3_CASSANDRA:-}" ]; then
  bash scripts/cassandra.sh start
fi
exec node --enable-source-maps dist/main.js
