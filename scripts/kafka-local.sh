#!/usr/bin/env bash
# kafka-local.sh: a single-node KRaft Apache Kafka (broker and controller in one JVM) on 127.0.0.1, from
# Maven artifacts - no Docker, nothing installed by hand. For trying cluster mode by hand and for tests.
#
#   scripts/kafka-local.sh start DIR PORT   jars to DIR/libs (Maven, scripts/kafka/pom.xml), DIR/server.properties,
#                                           storage formatted in DIR/data, broker on 127.0.0.1:PORT in the
#                                           background (log DIR/kafka.log, pid DIR/kafka.pid); returns when
#                                           the broker is up (exit 1 with the log tail when it is not)
#   scripts/kafka-local.sh stop DIR         SIGTERM, up to 30 s, then SIGKILL; exit 0 when nothing runs
#   scripts/kafka-local.sh status DIR       exit 0 when the broker of DIR runs
#
# The controller listens on another free port (DIR/server.properties says which). A second start on a DIR
# whose broker runs says so and exits 0; a start on a stopped DIR keeps its data. Topics are not created
# automatically (auto.create.topics.enable=false): clients create the topics they need.
# Environment: KAFKA_LOCAL_HEAP (default "-Xms128m -Xmx512m"), KAFKA_LOCAL_TIMEOUT (seconds to wait for
# the broker, default 60), JAVA_HOME or java on PATH, mvn on PATH (offline when ~/.m2 holds the jars).
set -euo pipefail

KAFKA_VERSION=4.3.1
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
POM="$SCRIPT_DIR/kafka/pom.xml"
LOG4J_CONFIG="$SCRIPT_DIR/kafka/log4j2.properties"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

usage() {
  echo "usage: $0 start DIR PORT | stop DIR | status DIR" >&2
  exit 2
}

die() { echo "kafka-local: $*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port_from() {
  local p
  for p in $(seq "$1" $(($1 + 100))); do
    if [ "$p" -le 65535 ] && ! port_open "$p"; then echo "$p"; return 0; fi
  done
  die "no free port between $1 and $(($1 + 100))"
}

# the pid in DIR/kafka.pid when that process is still this DIR's broker (a recycled pid is not)
running_pid() {
  local dir=$1 pid
  [ -f "$dir/kafka.pid" ] || return 1
  pid=$(cat "$dir/kafka.pid")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "kafka.Kafka $dir/server.properties" || return 1
  echo "$pid"
}

fetch_libs() {
  local libs=$1/libs
  [ -f "$libs/kafka_2.13-$KAFKA_VERSION.jar" ] && return 0
  command -v mvn >/dev/null || die "mvn not found (Debian package maven): it fetches the Kafka jars"
  mkdir -p "$libs"
  # offline first (fast when ~/.m2 has the jars), then from Maven Central
  if ! mvn -B -ntp -q -o -f "$POM" dependency:copy-dependencies -DoutputDirectory="$libs" >"$1/mvn.log" 2>&1; then
    mvn -B -ntp -q -f "$POM" dependency:copy-dependencies -DoutputDirectory="$libs" >"$1/mvn.log" 2>&1 \
      || { tail -30 "$1/mvn.log" >&2; rm -rf "$libs"; die "could not fetch Apache Kafka $KAFKA_VERSION from Maven"; }
  fi
}

# 22 characters of URL-safe base64 over 16 random bytes: a Kafka cluster id
# a random base64url id; never one that starts with '-', which the storage tool would read as an option
# (Kafka's own Uuid.randomUuid() avoids those too): one start in 64 failed with "--cluster-id: expected one argument"
cluster_id() {
  local id="-"
  while [ "${id:0:1}" = "-" ]; do id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'); done
  echo "$id"
}

write_properties() {
  local dir=$1 port=$2 cport=$3
  cat >"$dir/server.properties" <<EOF
# written by scripts/kafka-local.sh: one node that is broker and KRaft controller
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
controller.quorum.bootstrap.servers=127.0.0.1:$cport
log.dirs=$dir/data
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=8
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
}

start() {
  local dir=$1 port=$2 pid cport timeout
  [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "PORT must be 1-65535, got '$port'"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if pid=$(running_pid "$dir"); then
    echo "kafka-local: already running in $dir (pid $pid, $(grep '^listeners=' "$dir/server.properties"))"
    return 0
  fi
  rm -f "$dir/kafka.pid"
  port_open "$port" && die "127.0.0.1:$port is already in use"
  fetch_libs "$dir"

  cport=""
  if [ -f "$dir/data/meta.properties" ] && [ -f "$dir/server.properties" ]; then
    # formatted before: the controller's endpoint is in the quorum's bootstrap data, keep its port
    cport=$(sed -n 's/^controller.quorum.bootstrap.servers=127.0.0.1://p' "$dir/server.properties")
    [ -n "$cport" ] && port_open "$cport" && die "controller port 127.0.0.1:$cport of $dir is in use"
  fi
  if [ -z "$cport" ]; then
    cport=$(free_port_from $((port + 1)))
    rm -rf "$dir/data"
  fi
  write_properties "$dir" "$port" "$cport"

  local jvm=(-server ${KAFKA_LOCAL_HEAP:--Xms128m -Xmx512m} -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -Djava.awt.headless=true "-Dlog4j2.configurationFile=$LOG4J_CONFIG" -cp "$dir/libs/*")
  if [ ! -f "$dir/data/meta.properties" ]; then
    "$JAVA" "${jvm[@]}" kafka.tools.StorageTool format --standalone -t "$(cluster_id)" \
      -c "$dir/server.properties" >"$dir/format.log" 2>&1 \
      || { cat "$dir/format.log" >&2; die "formatting $dir/data failed"; }
  fi

  # own session, no terminal, no inherited pipes: the broker outlives this script and its caller's streams
  setsid "$JAVA" "${jvm[@]}" kafka.Kafka "$dir/server.properties" </dev/null >"$dir/kafka.log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/kafka.pid"

  timeout=${KAFKA_LOCAL_TIMEOUT:-60}
  local deadline=$((SECONDS + timeout))
  until grep -q "Kafka Server started" "$dir/kafka.log" 2>/dev/null && port_open "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -40 "$dir/kafka.log" >&2
      rm -f "$dir/kafka.pid"
      die "the broker exited during start-up (log: $dir/kafka.log)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -40 "$dir/kafka.log" >&2
      stop "$dir" >/dev/null
      die "the broker did not come up within ${timeout} s (log: $dir/kafka.log)"
    fi
    sleep 0.3
  done
  echo "kafka-local: Apache Kafka $KAFKA_VERSION on 127.0.0.1:$port (controller 127.0.0.1:$cport), pid $pid, dir $dir"
}

stop() {
  local dir=$1 pid i
  [ -d "$dir" ] || { echo "kafka-local: nothing runs in $dir"; return 0; }
  dir=$(cd "$dir" && pwd)
  if ! pid=$(running_pid "$dir"); then
    rm -f "$dir/kafka.pid"
    echo "kafka-local: nothing runs in $dir"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "kafka-local: pid $pid still runs 30 s after SIGTERM, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$dir/kafka.pid"
  echo "kafka-local: stopped (pid $pid)"
}

status() {
  local dir=$1 pid
  [ -d "$dir" ] || { echo "kafka-local: nothing runs in $dir"; return 1; }
  dir=$(cd "$dir" && pwd)
  if pid=$(running_pid "$dir"); then
    echo "kafka-local: running in $dir (pid $pid, $(grep '^listeners=' "$dir/server.properties"))"
  else
    echo "kafka-local: nothing runs in $dir"; return 1
  fi
}

case "${1:-}" in
  start) [ $# -eq 3 ] || usage; start "$2" "$3" ;;
  stop) [ $# -eq 2 ] || usage; stop "$2" ;;
  status) [ $# -eq 2 ] || usage; status "$2" ;;
  *) usage ;;
esac
