#!/usr/bin/env bash
# The study on a real Slurm: a one-node cluster on this machine (munged, slurmctld, slurmd as root, configured by
# tools/slurm/slurm.conf and gres.conf), the reduced study (tiny models, 4 steps, losses E and EP, Gatys-normalised loss
# networks, Table 1 on 20 images) emitted with `perceptual study --emit slurm` and submitted with the emitted submit.sh
# as a 3-task job array plus the merge job (--dependency=afterok), its merged tables compared with the same study run in
# one process. Negative checks: an array of the wrong size is refused; a merge started while shards are still held
# names the missing stages, exits 2 and writes no report; so does a merge with a stage deleted. The daemons are stopped
# at the end, whatever happens. Needs root and Debian's slurm-wlm and munge (installed when missing).
# Usage: tools/slurm/ci-slurm-test.sh   (KEEP_SLURM_STATE=1 keeps the temporary folder for a look)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
started=$(date +%s)
say() { echo "[slurm-ci $(($(date +%s) - started))s] $*"; }
fail() { echo "[slurm-ci] FAILED: $*" >&2; exit 1; }

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi

# The jobs run the built CLI (not `dotnet run`): .ci/run's test command has built it; build it here when it is missing.
cli_dll="$repo/samples/PerceptualLosses.Cli/bin/Release/net10.0/perceptual.dll"
if [ ! -f "$cli_dll" ]; then
  say "building the CLI"
  dotnet build samples/PerceptualLosses.Cli -c Release -m:1 --nologo -v q
fi
dotnet_host=$(command -v dotnet)
perceptual() { "$dotnet_host" "$cli_dll" "$@"; }

state=$(mktemp -d /tmp/perceptual-slurm.XXXXXX)
chmod 700 "$state"
mkdir -p "$state/munge" "$state/ctld" "$state/spool"
stop_daemons() {
  local status=$?
  for pidfile in "$state/slurmd.pid" "$state/slurmctld.pid" "$state/munge/munged.pid"; do
    if [ -f "$pidfile" ]; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
    fi
  done
  sleep 1
  if [ $status -ne 0 ]; then
    for log in "$state"/slurmctld.log "$state"/slurmd.log "$state"/jobs/logs/*.out; do
      [ -f "$log" ] && { echo "--- $log (tail)"; tail -n 25 "$log"; }
    done
  fi
  if [ "${KEEP_SLURM_STATE:-0}" = 1 ]; then echo "[slurm-ci] state kept in $state"; else rm -rf "$state"; fi
  echo "[slurm-ci] $([ $status -eq 0 ] && echo passed || echo failed) in $(($(date +%s) - started)) s"
}
trap stop_daemons EXIT

# Configuration from the committed templates: this host's name, its CPU count (at most 2 are used), the state folder.
host=$(hostname -s)
cpus=$(nproc); [ "$cpus" -gt 2 ] && cpus=2
for file in slurm.conf gres.conf; do
  sed -e "s|@HOST@|$host|g" -e "s|@STATE@|$state|g" -e "s|@CPUS@|$cpus|g" \
      -e "s|@CTLD_PORT@|${SLURM_CI_CTLD_PORT:-6817}|g" -e "s|@SLURMD_PORT@|${SLURM_CI_SLURMD_PORT:-6818}|g" \
      "tools/slurm/$file" > "$state/$file"
done
export SLURM_CONF="$state/slurm.conf"

say "starting munged, slurmctld, slurmd"
head -c 1024 /dev/urandom > "$state/munge/munge.key"
chmod 400 "$state/munge/munge.key"
munged --force --key-file="$state/munge/munge.key" --socket="$state/munge/munge.socket" \
  --pid-file="$state/munge/munged.pid" --log-file="$state/munge/munged.log" --seed-file="$state/munge/seed"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do
  [ "$(sinfo -h -n "$host" -o %t 2>/dev/null)" = idle ] && break
  sleep 1
done
[ "$(sinfo -h -n "$host" -o %t)" = idle ] || fail "the node did not come up: $(sinfo -h -o '%t %E')"
say "cluster up: $(sinfo -h -o '%P %D nodes %c cpus %G %t')"

# job_state ID: the states of a job's (or array's) records, one per line.
job_state() { scontrol show job -o "$1" | grep -o 'JobState=[A-Z_]*' | cut -d= -f2; }
# wait_done ID: until no record of the job is pending or running.
wait_done() {
  for _ in $(seq 600); do
    if ! job_state "$1" | grep -qE 'PENDING|RUNNING|CONFIGURING|COMPLETING|REQUEUED|RESIZING|SUSPENDED'; then return 0; fi
    sleep 1
  done
  fail "job $1 did not finish in 10 minutes"
}

# The reduced study: the demo preset cut down (as StudyPipelineTests.Reduced), loss networks normalised over 3 images.
echo "{\"Normalization\": {\"Images\": \"$repo/samples/data/images/train\", \"MaxImages\": 3}}" > "$state/normalization.json"
study=(study --preset demo --config "$state/normalization.json" --losses E,EP --steps 4 --checkpoint-every 2 --validate-every 4
       --patch 32 --batch 2 --classifier-limit 20 --device cpu --threads 1)

say "the study in one process (reference)"
perceptual "${study[@]}" --out "$state/single" --json > "$state/single.json"

say "emitting the Slurm jobs"
perceptual "${study[@]}" --out "$state/shared" --emit slurm "$state/jobs" --shards 3 --gres gpu:1 --mem 1G --time 20 --partition ci --json > "$state/emit.json"
grep -q -- '--array=0-2' "$state/jobs/shards.sbatch" || fail "shards.sbatch has no --array=0-2"
grep -q -- '--gres=gpu:1' "$state/jobs/shards.sbatch" || fail "shards.sbatch has no --gres line"
if perceptual "${study[@]}" --out "$state/shared" --emit slurm "$state/jobs" --shards 3 2>"$state/refused.txt"; then
  fail "--emit wrote into a non-empty folder without --force"
fi
grep -q 'not empty' "$state/refused.txt" || fail "the refusal to emit into a non-empty folder says: $(cat "$state/refused.txt")"

say "negative check: an array of 2 tasks for 3 shards is refused by every task"
if sbatch --wait --array=0-1 "$state/jobs/shards.sbatch" >/dev/null; then fail "a 2-task array of the 3-shard study succeeded"; fi
grep -q 'planned with --shards 3' "$state/jobs/logs/shard-0.out" || fail "task 0 did not name the count mismatch"
[ ! -d "$state/shared/models" ] || fail "the refused tasks trained something"

say "submitting with the emitted submit.sh, shards held"
line=$(bash "$state/jobs/submit.sh" --hold)
echo "$line"
shards=$(echo "$line" | sed -n 's/^shards: job \([0-9]*\).*/\1/p')
merge=$(echo "$line" | sed -n 's/.*merge: job \([0-9]*\).*/\1/p')
[ -n "$shards" ] && [ -n "$merge" ] || fail "submit.sh did not print the job ids: $line"
scontrol show job -o "$merge" | grep -q "Dependency=afterok:${shards}" || fail "the merge job is not chained afterok on the array: $(scontrol show job -o "$merge" | grep -o 'Dependency=[^ ]*')"

say "running shards 1/3 and 2/3 (tasks 0, 1: both need the normalised loss networks), then a merge without dependency"
scontrol release "${shards}_0"
scontrol release "${shards}_1"
wait_done "${shards}_0"
wait_done "${shards}_1"
for task in 0 1; do
  [ "$(job_state "${shards}_$task")" = COMPLETED ] || fail "task $task ended $(job_state "${shards}_$task")"
done
set +e
sbatch --wait "$state/jobs/merge.sbatch" >/dev/null
early=$?
set -e
[ "$early" -eq 2 ] || fail "a merge before shard 3 ran exited $early, not 2"
grep -q 'nothing was merged' "$state/jobs/logs/merge.out" || fail "the early merge did not say that nothing was merged"
grep -q 'models/EP-seed0' "$state/jobs/logs/merge.out" || fail "the early merge did not name shard 3's model models/EP-seed0"
[ ! -d "$state/shared/report" ] || fail "the early merge wrote a report"
[ "$(job_state "$merge")" = PENDING ] || fail "the chained merge job is $(job_state "$merge") while shard 3 is held"

say "releasing shard 3/3, requeued once it is running; the chained merge runs after it"
# Task 0 has finished, so releasing the whole array reports it as not held: the other tasks are released all the same.
scontrol release "$shards" 2>/dev/null || true
squeue -h -j "$shards" -o '%r' | grep -q JobHeldUser && fail "array tasks are still held after scontrol release"
for _ in $(seq 300); do
  grep -q '%' "$state/jobs/logs/shard-2.out" 2>/dev/null && break
  sleep 0.2
done
scontrol requeue "${shards}_2"
wait_done "$shards"
if job_state "$shards" | grep -vq COMPLETED; then fail "some array task failed: $(job_state "$shards" | tr '\n' ' ')"; fi
grep -q 'restart 1' "$state/jobs/logs/shard-2.out" || fail "task 2 was not requeued (no 'restart 1' in its log)"
wait_done "$merge"
[ "$(job_state "$merge")" = COMPLETED ] || fail "the merge job ended $(job_state "$merge")"
grep -q 'from slurm (SLURM_ARRAY_TASK_ID=1 in 0-2' "$state/jobs/logs/shard-1.out" || fail "task 1 did not report its shard from Slurm"
# Each shard prints the stages it ran in one line (progress bars are not reliable in logs: a fast stage draws none).
for network in loss-networks/vgg19 loss-networks/vgg19-robust; do
  runs=$({ grep -lE "stages run by this process: (.*, )?$network(,|\$)" "$state"/jobs/logs/shard-*.out || true; } | wc -l)
  [ "$runs" -eq 1 ] || fail "'$network' ran in $runs shard logs, not once"
done

say "comparing the merged tables with the one-process run"
for file in table1.csv table1.md table2.csv table2.md evaluation.csv figure1.csv; do
  cmp "$state/single/report/$file" "$state/shared/report/$file" || fail "report/$file differs from the one-process run"
done
leftovers=$(find "$state/shared" \( -name '*.partial' -o -name '*.partial-*' -o -name '*.merging' -o \( -name '*.lock' ! -name configuration.lock \) \) | head -n 5)
[ -z "$leftovers" ] || fail "working folders or stage locks left behind: $leftovers"

say "negative check: a merge with a stage missing"
mv "$state/shared/models/EP-seed0" "$state/EP-seed0.away"
mv "$state/shared/report" "$state/report.away"
set +e
sbatch --wait "$state/jobs/merge.sbatch" >/dev/null
missing=$?
set -e
[ "$missing" -eq 2 ] || fail "a merge with models/EP-seed0 missing exited $missing, not 2"
tail -n 5 "$state/jobs/logs/merge.out" | grep -q 'models/EP-seed0' || fail "the merge did not name models/EP-seed0"
[ ! -d "$state/shared/report" ] || fail "the merge with a stage missing wrote a report"

say "all checks passed"
