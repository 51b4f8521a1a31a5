#!/usr/bin/env bash
# Starts local stand-ins for the Azure services the tests use, in the background, on loopback, and waits until
# each one answers. Prints the variables the tests read as `export NAME=value` lines on standard output, so
#   eval "$(tests/emulators/start.sh)"
# starts them and sets the environment; progress and errors go to standard error.
#
#   tests/emulators/start.sh [cosmos] [azurite]      (no argument: both)
#
# Environment (all optional):
#   DARA_EMULATOR_RUN_DIR   pid files and logs (default tests/emulators/.run); stop.sh needs the same one
#   DARA_COSMOS_PORT        Cosmos DB server port (default 8081)
#   DARA_AZURITE_BLOB_PORT, DARA_AZURITE_QUEUE_PORT, DARA_AZURITE_TABLE_PORT   (default 10000, 10001, 10002)
#
# Installs the packages pinned by package-lock.json (npm ci) when node_modules is missing.
# Stop everything with tests/emulators/stop.sh.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
run_dir=${DARA_EMULATOR_RUN_DIR:-$here/.run}
cosmos_port=${DARA_COSMOS_PORT:-8081}
blob_port=${DARA_AZURITE_BLOB_PORT:-10000}
queue_port=${DARA_AZURITE_QUEUE_PORT:-10001}
table_port=${DARA_AZURITE_TABLE_PORT:-10002}
ready_timeout=60

# Azurite's well-known development account (public, documented by Microsoft; not a secret).
azurite_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

log() { echo "start.sh: $*" >&2; }

port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

services=("$@")
[ ${#services[@]} -gt 0 ] || services=(cosmos azurite)
for service in "${services[@]}"; do
  case "$service" in
    cosmos | azurite) ;;
    *) log "unknown service '$service' (known: cosmos, azurite)"; exit 2 ;;
  esac
done

command -v node >/dev/null || { log "Node.js (node) is not on PATH; the emulators need Node 20 or later."; exit 1; }
if [ ! -d "$here/node_modules/@vercel/cosmosdb-server" ] || [ ! -d "$here/node_modules/azurite" ]; then
  log "installing the pinned emulator packages (npm ci in $here)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi
mkdir -p "$run_dir"

# start <name> <port>... -- <command>...: runs the command in the background, waits for every port to answer,
# and records its pid and the variables it provides in the run dir.
start() {
  local name=$1 ports=() pid port deadline
  shift
  while [ "$1" != "--" ]; do ports+=("$1"); shift; done
  shift

  if [ -f "$run_dir/$name.pid" ] && kill -0 "$(cat "$run_dir/$name.pid")" 2>/dev/null; then
    log "$name is already running (pid $(cat "$run_dir/$name.pid"))"
    return
  fi
  for port in "${ports[@]}"; do
    if port_answers "$port"; then
      log "port $port is already taken, so $name cannot start; stop what uses it or choose other ports (see the top of $0)."
      exit 1
    fi
  done

  # Detached from our standard streams, so a caller reading our output does not wait for the emulator to exit;
  # run in the run dir, so whatever an emulator writes beside itself lands there.
  (cd "$run_dir" && exec "$@") >"$run_dir/$name.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$run_dir/$name.pid"

  deadline=$((SECONDS + ready_timeout))
  for port in "${ports[@]}"; do
    until port_answers "$port"; do
      if ! kill -0 "$pid" 2>/dev/null; then
        log "$name exited before it answered on port $port; its log ($run_dir/$name.log) ends with:"
        tail -n 20 "$run_dir/$name.log" >&2 || true
        rm -f "$run_dir/$name.pid"
        exit 1
      fi
      if [ "$SECONDS" -ge "$deadline" ]; then
        log "$name did not answer on port $port within $ready_timeout s; stopping it."
        DARA_EMULATOR_RUN_DIR="$run_dir" "$here/stop.sh" "$name" >&2 || true
        exit 1
      fi
      sleep 0.2
    done
  done
  log "$name is ready (pid $pid, log $run_dir/$name.log)"
}

for service in "${services[@]}"; do
  case "$service" in
    cosmos)
      start cosmos "$cosmos_port" -- node "$here/cosmos-server.mjs" --port "$cosmos_port" --host 127.0.0.1
      echo "export DARA_COSMOS_ENDPOINT=https://127.0.0.1:$cosmos_port/" >"$run_dir/cosmos.env"
      ;;
    azurite)
      start azurite "$blob_port" "$queue_port" "$table_port" -- \
        "$here/node_modules/.bin/azurite" --silent --inMemoryPersistence --skipApiVersionCheck --disableTelemetry \
        --blobHost 127.0.0.1 --blobPort "$blob_port" \
        --queueHost 127.0.0.1 --queuePort "$queue_port" \
        --tableHost 127.0.0.1 --tablePort "$table_port"
      {
        echo "export DARA_AZURITE=1"
        echo "export DARA_AZURITE_CONNECTION_STRING='DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$azurite_key;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;'"
      } >"$run_dir/azurite.env"
      ;;
  esac
  cat "$run_dir/$service.env"
done
