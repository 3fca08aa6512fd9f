#!/bin/bash
# Submits shards.sbatch as a job array and merge.sbatch after it with --dependency=afterok (once every task has
# succeeded; a failed task cancels it). Arguments go to the array's sbatch, e.g. --hold, or --array=0-33%4
# to run at most 4 tasks at once. After a failure, run it again: finished stages are skipped.
set -euo pipefail
mkdir -p /data/jobs/paper/logs
shards=$(sbatch --parsable "$@" /data/jobs/paper/shards.sbatch)
shards=${shards%%;*}
merge=$(sbatch --parsable --dependency=afterok:"$shards" /data/jobs/paper/merge.sbatch)
merge=${merge%%;*}
echo "shards: job $shards (34 array tasks); merge: job $merge (after every shard succeeded); logs in /data/jobs/paper/logs"
