#!/usr/bin/env bash
# Submits the grading of a class to Slurm: a job array of SHARDS tasks (one
# exclusive node each, assets/slurm/grade-array.sbatch), then a merge job
# that runs once every task has ended and writes the gradebook.
#
#   SHARDS=8 bash assets/slurm/grade-class.sh SUBMISSIONS OUT [grade options]
#
# Prints the two job ids. PARLAB and PARLAB_COURSE are passed on (see
# grade-array.sbatch). Extra sbatch options for both jobs (a partition, an
# account, a time limit) go in SBATCH_OPTIONS, e.g. "-p grading -t 2:00:00".
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: SHARDS=N $0 SUBMISSIONS OUT [grade options]" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
submissions=$(realpath "$1")
out=$(realpath -m "$2")
shift 2
mkdir -p "$out"
shards=${SHARDS:-4}
read -r -a extra <<<"${SBATCH_OPTIONS:-}"
array=$(sbatch --parsable "${extra[@]}" --array="1-$shards" \
    --output="$out/slurm-grade-%A_%a.out" \
    "$here/grade-array.sbatch" "$submissions" "$out" "$@")
array=${array%%;*}
course=()
if [ -n "${PARLAB_COURSE:-}" ]; then
    course=(--course "$PARLAB_COURSE")
fi
merge_command=$(printf '%q ' "${PARLAB:-parlab}" "${course[@]}" grade "$submissions" --out "$out" --merge)
merge=$(sbatch --parsable "${extra[@]}" --job-name=parlab-merge --ntasks=1 \
    --dependency="afterany:$array" --output="$out/slurm-merge-%j.out" \
    --wrap="$merge_command")
echo "array job $array ($shards shards), merge job $merge; the gradebook: $out/gradebook.csv"
