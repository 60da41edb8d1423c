#!/usr/bin/env bash
# Builds the benchmark's Go peers from the Go module proxy into a cache outside the repository
# (OKS3_BENCH_BIN, default ~/.cache/ok-s3/bench/bin). Idempotent: a binary built at the pinned
# version is kept. Each build logs to ../logs/<name>-build.log and ends the log with "exit N",
# which the harness quotes when a peer is missing. Never fails the caller: a peer that does not
# build is reported in the results table instead.
set -uo pipefail

BIN="${OKS3_BENCH_BIN:-$HOME/.cache/ok-s3/bench/bin}"
LOGS="$(dirname "$BIN")/logs"
# MinIO publishes RELEASE.* tags, which are not semver; the proxy here serves only this
# pseudo-version of the master branch (2026-02-12), so that is the pinned build.
MINIO_VERSION="${OKS3_BENCH_MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
# warp: the proxy refuses the version list and every v1.x; v0.9.0 (2024-03-13) is served.
WARP_VERSION="${OKS3_BENCH_WARP_VERSION:-v0.9.0}"
mkdir -p "$BIN" "$LOGS"

log() { echo "[build-peers] $*" >&2; }
have() { [ -x "$BIN/$1" ] && [ "$(cat "$BIN/$1.version" 2>/dev/null)" = "$2" ]; }

build_minio() {
  if have minio "$MINIO_VERSION"; then log "minio $MINIO_VERSION already built"; return; fi
  log "building minio $MINIO_VERSION (several minutes on 2 cores; log: $LOGS/minio-build.log)"
  (cd /tmp && GOBIN="$BIN" GOFLAGS=-mod=mod go install "github.com/minio/minio@$MINIO_VERSION") \
    >"$LOGS/minio-build.log" 2>&1
  local rc=$?
  echo "exit $rc" >>"$LOGS/minio-build.log"
  [ $rc -eq 0 ] && echo "$MINIO_VERSION" >"$BIN/minio.version"
  log "minio: exit $rc"
}

# `go install warp@v0.9.0` fails here twice: the proxy answers 403 to the version list go install
# reads for deprecation notices, and sum.golang.org has no entry for warp (404). So warp is built
# from a scratch module, with checksum-database verification skipped for warp itself only.
build_warp() {
  if have warp "$WARP_VERSION"; then log "warp $WARP_VERSION already built"; return; fi
  log "building warp $WARP_VERSION (log: $LOGS/warp-build.log)"
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && go mod init ok-s3-bench-warp && export GONOSUMDB=github.com/minio/warp GOFLAGS=-mod=mod \
    && go get "github.com/minio/warp@$WARP_VERSION" && go build -o "$BIN/warp" github.com/minio/warp) \
    >"$LOGS/warp-build.log" 2>&1
  local rc=$?
  echo "exit $rc" >>"$LOGS/warp-build.log"
  [ $rc -eq 0 ] && echo "$WARP_VERSION" >"$BIN/warp.version"
  rm -rf "$tmp"
  log "warp: exit $rc"
}

command -v go >/dev/null || { log "go is not installed: Go peers cannot be built"; exit 0; }
case "${1:-all}" in
  minio) build_minio ;;
  warp) build_warp ;;
  all) build_minio; build_warp ;;
  *) echo "usage: $0 [all|minio|warp]" >&2; exit 2 ;;
esac
exit 0
