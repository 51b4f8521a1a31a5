#!/usr/bin/env bash
# Stops the emulators start.sh started (the pid files in its run dir): SIGTERM, then SIGKILL after a grace period,
# since Azurite's node process does not exit on the first SIGTERM.
#
#   tests/emulators/stop.sh [cosmos] [azurite]      (no argument: all that are running)
#
# Environment: DARA_EMULATOR_RUN_DIR (default tests/emulators/.run), DARA_EMULATOR_STOP_GRACE seconds (default 5).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
run_dir=${DARA_EMULATOR_RUN_DIR:-$here/.run}
grace=${DARA_EMULATOR_STOP_GRACE:-5}

log() { echo "stop.sh: $*" >&2; }

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for pid_file in "$run_dir"/*.pid; do
    [ -f "$pid_file" ] && names+=("$(basename "$pid_file" .pid)")
  done
fi

for name in "${names[@]}"; do
  pid_file="$run_dir/$name.pid"
  [ -f "$pid_file" ] || continue
  pid=$(cat "$pid_file")
  # Only signal the process start.sh recorded, and only while it is still one of ours (pids get reused).
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -e cosmos-server -e azurite; then
    kill -TERM "$pid" 2>/dev/null
    for ((tick = 0; tick < grace * 10; tick++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null
      log "$name (pid $pid) ignored SIGTERM for $grace s; killed it"
    else
      log "$name (pid $pid) stopped"
    fi
  fi
  rm -f "$pid_file" "$run_dir/$name.env"
done
exit 0
