#!/usr/bin/env bash
# Runs a single-node Apache Cassandra 5.0 for development, tests and CI, from the
# Maven Central artifact (no Docker, no tarball). Facts: docs/ARCHITECTURE.md#cassandra.
#   scripts/cassandra.sh fetch|start|stop|status|reset
# Jars are cached outside the repo (OKS3_CASSANDRA_HOME, default ~/.cache/ok-s3/cassandra);
# node state lives in the project (.cassandra/, ignored by git).
set -euo pipefail

VERSION="${OKS3_CASSANDRA_VERSION:-5.0.8}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOME_DIR="${OKS3_CASSANDRA_HOME:-$HOME/.cache/ok-s3/cassandra}/$VERSION"
STATE_DIR="${OKS3_CASSANDRA_DATA:-$ROOT/.cassandra}"
PORT="${OKS3_CASSANDRA_PORT:-9042}"
STORAGE_PORT="${OKS3_CASSANDRA_STORAGE_PORT:-7000}"
HEAP="${OKS3_CASSANDRA_HEAP:-1g}"
PID_FILE="$STATE_DIR/cassandra.pid"
LOG_FILE="$STATE_DIR/logs/stdout.log"
READY_TIMEOUT="${OKS3_CASSANDRA_READY_TIMEOUT:-180}"
# When a write is acknowledged: `batch` (default) fsyncs the commit log before answering, so a
# power loss cannot take metadata whose blocks were fsynced; `group` does the same once per window;
# `periodic` answers at once and fsyncs every 10 s (safe only with replicas on other machines).
COMMITLOG="${OKS3_CASSANDRA_COMMITLOG:-batch}"
COMMITLOG_WINDOW="${OKS3_CASSANDRA_COMMITLOG_WINDOW:-5ms}"

log() { echo "[cassandra] $*" >&2; }

fetch() {
  if [ -f "$HOME_DIR/lib/cassandra-all-$VERSION.jar" ]; then return 0; fi
  command -v mvn >/dev/null || { log "maven (mvn) is required to fetch Cassandra"; exit 1; }
  mkdir -p "$HOME_DIR"
  cat >"$HOME_DIR/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ok-s3</groupId>
  <artifactId>cassandra-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.cassandra</groupId>
      <artifactId>cassandra-all</artifactId>
      <version>$VERSION</version>
    </dependency>
  </dependencies>
</project>
POM
  log "fetching cassandra-all $VERSION and its dependencies (first run only)"
  rm -rf "$HOME_DIR/lib.tmp"
  (cd "$HOME_DIR" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
      -DoutputDirectory=lib.tmp -DincludeScope=runtime \
      -Djmc5.path=/tmp -Djmc6.path=/tmp -Dvisualvm.path=/tmp)
  mv "$HOME_DIR/lib.tmp" "$HOME_DIR/lib"
}

commitlog_conf() {
  case "$COMMITLOG" in
    batch) echo "commitlog_sync: batch" ;;
    group) printf 'commitlog_sync: group\ncommitlog_sync_group_window: %s\n' "$COMMITLOG_WINDOW" ;;
    periodic) printf 'commitlog_sync: periodic\ncommitlog_sync_period: 10000ms\n' ;;
    *) log "OKS3_CASSANDRA_COMMITLOG must be batch, group or periodic, not '$COMMITLOG'"; exit 2 ;;
  esac
}

write_conf() {
  mkdir -p "$STATE_DIR/conf" "$STATE_DIR/logs"
  cat >"$STATE_DIR/conf/cassandra.yaml" <<YAML
cluster_name: 'ok-s3-dev'
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
$(commitlog_conf)
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "127.0.0.1"
listen_address: 127.0.0.1
rpc_address: 127.0.0.1
storage_port: $STORAGE_PORT
native_transport_port: $PORT
num_tokens: 1
initial_token: "0"
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer
role_manager: CassandraRoleManager
storage_compatibility_mode: NONE
auto_snapshot: false
hinted_handoff_enabled: false
concurrent_reads: 8
concurrent_writes: 8
concurrent_counter_writes: 8
file_cache_size: 64MiB
networking_cache_size: 32MiB
YAML
  cat >"$STATE_DIR/conf/logback.xml" <<'XML'
<configuration>
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%-5level [%thread] %date{ISO8601} %logger{0} - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="STDOUT"/></root>
</configuration>
XML
}

# Alive and not a zombie: a node killed by a signal may wait a while for its (re)parent to reap it.
alive() { kill -0 "$1" 2>/dev/null && ! grep -qs '^[0-9]* (.*) Z' "/proc/$1/stat"; }
running() { [ -f "$PID_FILE" ] && alive "$(cat "$PID_FILE")"; }

cql_ready() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

start() {
  if running; then log "already running (pid $(cat "$PID_FILE"))"; return 0; fi
  if cql_ready; then
    log "port $PORT already answers but not by a node of this checkout; stop it or set OKS3_CASSANDRA_PORT / OKS3_CASSANDRA"
    exit 1
  fi
  fetch
  write_conf
  local jamm; jamm="$(ls "$HOME_DIR"/lib/jamm-*.jar | head -n1)"
  export MALLOC_ARENA_MAX=4
  : >"$LOG_FILE"
  log "starting on 127.0.0.1:$PORT (state in $STATE_DIR)"
  # A session of its own: the node outlives whatever started it (a test restarting it, a CI step).
  setsid nohup java \
    -Xms"$HEAP" -Xmx"$HEAP" -Xss256k \
    -XX:+UseG1GC -XX:+ParallelRefProcEnabled -XX:MaxTenuringThreshold=1 -XX:MaxGCPauseMillis=300 \
    -XX:+UseThreadPriorities -XX:+PerfDisableSharedMem -XX:+ExitOnOutOfMemoryError \
    -Djava.net.preferIPv4Stack=true -Dchronicle.analytics.disable=true \
    -Djdk.attach.allowAttachSelf=true \
    --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
    --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED \
    --add-exports java.management/com.sun.jmx.remote.security=ALL-UNNAMED \
    --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED \
    --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED \
    --add-exports java.sql/java.sql=ALL-UNNAMED \
    --add-exports java.base/java.lang.ref=ALL-UNNAMED \
    --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED \
    --add-opens java.base/java.lang.module=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.loader=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.ref=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.math=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.module=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED \
    --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
    --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens java.base/java.io=ALL-UNNAMED \
    --add-opens java.base/java.lang.reflect=ALL-UNNAMED \
    --add-opens java.base/java.lang=ALL-UNNAMED \
    --add-opens java.base/java.util=ALL-UNNAMED \
    --add-opens java.base/java.nio=ALL-UNNAMED \
    -Dio.netty.tryReflectionSetAccessible=true \
    -Dio.netty.allocator.useCacheForAllThreads=true \
    -Dio.netty.allocator.maxOrder=11 \
    -javaagent:"$jamm" \
    -Dcassandra.config="file://$STATE_DIR/conf/cassandra.yaml" \
    -Dcassandra.storagedir="$STATE_DIR" \
    -Dcassandra.logdir="$STATE_DIR/logs" \
    -Dlogback.configurationFile="$STATE_DIR/conf/logback.xml" \
    -Dcassandra-foreground=yes \
    -Dcassandra.skip_wait_for_gossip_to_settle=0 \
    -cp "$STATE_DIR/conf:$HOME_DIR/lib/*" \
    org.apache.cassandra.service.CassandraDaemon >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  local waited=0
  until grep -q 'Startup complete' "$LOG_FILE" 2>/dev/null && cql_ready; do
    if ! running; then log "exited during startup; last lines:"; tail -n 30 "$LOG_FILE" >&2; exit 1; fi
    if [ "$waited" -ge "$READY_TIMEOUT" ]; then log "not ready after ${READY_TIMEOUT}s"; tail -n 30 "$LOG_FILE" >&2; exit 1; fi
    sleep 1; waited=$((waited + 1))
  done
  log "ready after ${waited}s"
}

stop() {
  if ! running; then log "not running"; rm -f "$PID_FILE"; return 0; fi
  local pid; pid="$(cat "$PID_FILE")"
  kill -TERM "$pid"
  for _ in $(seq 1 30); do alive "$pid" || break; sleep 1; done
  alive "$pid" && { log "did not stop in 30s, killing"; kill -KILL "$pid"; }
  rm -f "$PID_FILE"
  log "stopped"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) if running && cql_ready; then log "running (pid $(cat "$PID_FILE"))"; else log "not running"; exit 1; fi ;;
  reset) stop; rm -rf "$STATE_DIR" ;;
  *) echo "usage: $0 fetch|start|stop|status|reset" >&2; exit 2 ;;
esac
