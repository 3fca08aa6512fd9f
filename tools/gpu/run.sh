#!/usr/bin/env bash
# The GPU check, run on the GPU machine (no network, no .NET SDK): see docs/gpu.md.
#   tools/gpu/run.sh OUTDIR [--smoke] [--bundle FILE|DIR] [--libtorch DIR] [--steps N]
# Uses the bundle made by tools/gpu/build.sh (default: out/gpu/gpu-bundle.tar.xz of this checkout, or the bundle this
# script sits in), a CUDA libtorch from the machine's PyTorch (torch/lib), and writes, flat under OUTDIR:
#   summary.md, summary.json   ratios ours / PyTorch, check-device, peak memory, study steps/s, step status
#   run.log                    everything this script printed
#   logs.tar.gz                every step's output (JSON, stderr, nvidia-smi samples, the symbol check)
#   study-report.tar.gz        the study's report folder (tables and figures)
# Without a CUDA device (or with --smoke) every step runs at tiny sizes on the CPU, so CI tests this script; CUDA steps
# say that they were skipped. Exit status: 0 when every step ran, 1 when one failed, 2 on bad arguments.
set -uo pipefail
start=$(date +%s)

usage() { echo "usage: tools/gpu/run.sh OUTDIR [--smoke] [--bundle FILE|DIR] [--libtorch DIR] [--steps N] [--budget-s S]" >&2; exit 2; }
[ $# -ge 1 ] || usage
out=$1; shift
smoke=0; bundle=""; libtorch="${PERCEPTUAL_LIBTORCH:-}"; steps=""; budget=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1; shift ;;
    --bundle) bundle=$2; shift 2 ;;
    --libtorch) libtorch=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --budget-s) budget=$2; shift 2 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"; out=$(cd "$out" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/perceptual-gpu.XXXXXX")
logs="$work/logs"; mkdir -p "$logs"
exec > >(tee "$out/run.log") 2>&1
say() { printf '[run.sh %4ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }
status_file="$logs/steps.tsv"; : > "$status_file"
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$status_file"; }   # step, ok|failed|skipped, seconds or reason
failed=0

finish() {
  say "writing the summary"
  python3 "$bundle_root/tools/gpu/summarize.py" "$logs" "$out" || say "summarize.py failed (the raw logs are in logs.tar.gz)"
  [ -d "$work/study/report" ] && tar -C "$work/study" -czf "$out/study-report.tar.gz" report
  tar -C "$work" -czf "$out/logs.tar.gz" logs
  say "done in $(( $(date +%s) - start )) s; outputs: $(cd "$out" && ls | tr '\n' ' ')"
  rm -rf "$work"
  exit $failed
}

# 1. The bundle.
if [ -z "$bundle" ]; then
  if [ -d "$here/../../app" ]; then bundle=$(cd "$here/../.." && pwd)
  else bundle="$here/../../out/gpu/gpu-bundle.tar.xz"; fi
fi
if [ -f "$bundle" ]; then
  say "unpacking $bundle"
  if command -v xz >/dev/null; then tar -C "$work" -xJf "$bundle"
  else python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$bundle" "$work"; fi \
    || { echo "run.sh: cannot unpack $bundle" >&2; exit 2; }
  bundle_root="$work/bundle"
elif [ -d "$bundle/app" ]; then
  bundle_root=$(cd "$bundle" && pwd)
else
  echo "run.sh: no bundle at '$bundle': run tools/gpu/build.sh on a build machine first and carry out/gpu/gpu-bundle.tar.xz" >&2
  exit 2
fi
cat "$bundle_root/BUILD-INFO.txt" 2>/dev/null | sed 's/^/[bundle] /'
app="$bundle_root/app"
if [ -x "$bundle_root/dotnet/dotnet" ]; then
  export DOTNET_ROOT="$bundle_root/dotnet"; dotnet="$bundle_root/dotnet/dotnet"
else
  dotnet=$(command -v dotnet || true)
  [ -n "$dotnet" ] || { echo "run.sh: the bundle has no .NET runtime and none is on PATH" >&2; exit 2; }
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# .NET needs ICU for culture data unless told to run culture-invariant (our code formats with the invariant culture).
if ! { ldconfig -p 2>/dev/null | grep -q libicuuc; }; then
  export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1; say "no ICU library here: .NET runs culture-invariant"
fi
perceptual=("$dotnet" "$app/perceptual.dll")                      # arrays, not functions: `timeout` runs them
benchmarks=("$dotnet" "$app/PerceptualLosses.Benchmarks.dll")

# 2. libtorch: --libtorch, $PERCEPTUAL_LIBTORCH, the installed PyTorch's torch/lib, else (CPU smoke on a build
# machine) the CPU libtorch of the NuGet cache.
# python: the first of python3, /usr/bin/python3 that has PyTorch (the GPU image's python3 has it).
python=""; torch_python=0; cuda=0
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import torch' 2>/dev/null; then python=$candidate; torch_python=1; break; fi
done
if [ $torch_python = 1 ] && "$python" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then cuda=1; fi
nuget_cpu=$(ls -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/libtorch-cpu-linux-x64/*/runtimes/linux-x64/native 2>/dev/null | sort -V | tail -n 1)
if [ -z "$libtorch" ] && [ $torch_python = 1 ] && { [ $cuda = 1 ] || [ -z "$nuget_cpu" ]; }; then
  libtorch=$("$python" -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
  say "libtorch from PyTorch $("$python" -c 'import torch; print(torch.__version__)'): $libtorch"
fi
if [ -z "$libtorch" ] && [ -n "$nuget_cpu" ]; then
  libtorch=$nuget_cpu
  say "no CUDA PyTorch here: using the NuGet cache's CPU libtorch $libtorch (the version TorchSharp was built against)"
fi
if [ -z "$libtorch" ] || [ ! -f "$libtorch/libtorch_cpu.so" ]; then
  echo "run.sh: no libtorch found (looked at --libtorch, \$PERCEPTUAL_LIBTORCH, python3's torch/lib, the NuGet cache)" >&2
  exit 2
fi

# 3. Every symbol libLibTorchSharp.so needs from libtorch/libc10 must be defined there.
lts="$app/libLibTorchSharp.so"; [ -f "$lts" ] || lts="$app/runtimes/linux-x64/native/libLibTorchSharp.so"
symbols_ok=1
if command -v nm >/dev/null; then
  # Versioned undefined symbols (name@GLIBC_…, @GLIBCXX_…, @CXXABI_…, @GCC_…) come from the system libraries.
  nm -D --undefined-only "$lts" | awk '$1 == "U" && $2 !~ /@/ { print $2 }' | sort -u > "$logs/symbols-needed.txt"
  for lib in "$libtorch"/libtorch*.so "$libtorch"/libc10*.so; do
    [ -f "$lib" ] && nm -D --defined-only "$lib" | awk '{ print $NF }' | sed 's/@.*//'
  done | sort -u > "$work/symbols-defined.txt"
  comm -23 "$logs/symbols-needed.txt" "$work/symbols-defined.txt" > "$logs/symbols-missing.txt"
  needed=$(wc -l < "$logs/symbols-needed.txt"); missing=$(wc -l < "$logs/symbols-missing.txt")
  say "symbol check: libLibTorchSharp.so needs $needed unversioned symbols; $missing missing from $libtorch"
  if [ "$missing" -gt 0 ]; then
    symbols_ok=0
    say "MISSING symbols (first 20, demangled; all in logs.tar.gz/logs/symbols-missing.txt):"
    head -n 20 "$logs/symbols-missing.txt" | (command -v c++filt >/dev/null && c++filt || cat) | sed 's/^/    /'
    say "TorchSharp 0.107 is built against libtorch 2.10; this libtorch ($libtorch) lacks the symbols above, so the .NET steps cannot run here. Use a PyTorch whose libtorch has them (2.10, or a later one that kept them)."
    record symbols failed "$missing missing"
  else
    record symbols ok "$needed needed, 0 missing"
  fi
else
  say "nm (binutils) is not installed: the symbol check is skipped; a missing symbol shows as a load error below"
  record symbols skipped "no nm"
fi
export LD_LIBRARY_PATH="$libtorch${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# 4. The device.
if [ $cuda = 1 ]; then
  device=cuda; nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader > "$logs/gpu.txt" 2>/dev/null
  say "CUDA device: $(cat "$logs/gpu.txt" 2>/dev/null || "$python" -c 'import torch; print(torch.cuda.get_device_name(0))')"
else
  device=cpu; smoke=1
  say "NO CUDA DEVICE: the CUDA parts are skipped; every step runs on the CPU at smoke sizes (this tests the scripts only)"
fi
# The whole run keeps to a wall-time budget (default 480 s on a GPU, 3600 s on the CPU) so that the summary is always
# written before the device tool's 10-minute limit; a step that would start past it is skipped, one that runs into it is
# stopped.
[ -n "$budget" ] || { [ $cuda = 1 ] && budget=480 || budget=3600; }
deadline=$(( start + budget ))
size=(); [ $smoke = 1 ] && size=(--smoke)
[ -n "$steps" ] || { [ $smoke = 1 ] && steps=4 || steps=300; }

# step NAME TIMEOUT_S CMD...: runs CMD with a time limit, stdout to logs/NAME.out, stderr to logs/NAME.err, and
# samples the GPU's memory in use every 100 ms (logs/NAME.mem) while it runs.
# On the CPU (smoke, CI) the limits are four times longer: a shared 2-core machine is slow and its load unknown.
step() {
  local name=$1 limit=$(( $2 * (cuda == 1 ? 1 : 4) )); shift 2
  local t0; t0=$(date +%s)
  local left=$(( deadline - t0 - 15 ))   # 15 s kept for the summary
  if [ $left -lt 10 ]; then
    failed=1; record "$name" skipped "time budget of ${budget} s spent"; say "step $name skipped: the time budget is spent"
    return 1
  fi
  [ $limit -gt $left ] && limit=$left
  say "step $name (limit ${limit} s): $*"
  local sampler=""
  if [ $cuda = 1 ] && command -v nvidia-smi >/dev/null; then
    nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 100 > "$logs/$name.mem" 2>/dev/null &
    sampler=$!
  fi
  timeout --kill-after=10 "$limit" "$@" > "$logs/$name.out" 2> "$logs/$name.err"
  local rc=$?
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null && wait "$sampler" 2>/dev/null
  local seconds=$(( $(date +%s) - t0 ))
  if [ $rc = 0 ]; then record "$name" ok "$seconds"; say "  ok in ${seconds} s"
  else
    failed=1; record "$name" failed "rc $rc after ${seconds} s"
    say "  FAILED (rc $rc$([ $rc = 124 ] && echo ', time limit')) after ${seconds} s; last lines of its stderr:"
    tail -n 15 "$logs/$name.err" | sed 's/^/    /'
  fi
  return $rc
}

# 5. The PyTorch twin first: it needs nothing from us, so its numbers come back even if the .NET side cannot load.
if [ $torch_python = 1 ]; then
  step pytorch-hot-paths 150 "$python" "$bundle_root/benchmarks/pytorch/hot_paths.py" --device $device "${size[@]}" --out "$logs/pytorch-hot-paths.json"
else
  say "no PyTorch (neither python3 nor /usr/bin/python3 imports torch): the PyTorch twin is skipped"; record pytorch-hot-paths skipped "no PyTorch"
fi

if [ $symbols_ok = 0 ]; then
  for s in info check-device-tf32-on check-device-tf32-off hot-paths synthetic-data study; do record $s skipped "missing libtorch symbols"; done
  failed=1; finish
fi

# 6. Ours.
step info 60 "${perceptual[@]}" info --json || { say "the native library did not load: the remaining .NET steps are skipped"; failed=1; finish; }
if [ $cuda = 1 ]; then
  step check-device-tf32-on 120 "${perceptual[@]}" check-device --device cuda --tf32 on --json
  step check-device-tf32-off 120 "${perceptual[@]}" check-device --device cuda --tf32 off --json
else
  say "check-device --device cuda skipped (no CUDA device); comparing the CPU with itself instead"
  record check-device-tf32-on skipped "no CUDA device"
  step check-device-tf32-off 120 "${perceptual[@]}" check-device --device cpu --json
fi
step hot-paths 180 "${benchmarks[@]}" hot-paths --device $device "${size[@]}" --out "$logs/hot-paths.json"
data="$work/data"
step synthetic-data 120 "${benchmarks[@]}" synthetic-data --out "$data" "${size[@]}" --steps "$steps" \
  && step study 330 "${perceptual[@]}" study --preset paper --data-root "$data" --config "$data/study.json" --device $device --out "$work/study" --json
[ -f "$work/study/report/table1.md" ] && cp "$work/study/report/"*.md "$logs/" 2>/dev/null
find "$work/study" -name training.json 2>/dev/null | while read -r f; do
  stage=$(basename "$(dirname "$f")"); cp "$f" "$logs/training-$stage.json"; cp "$(dirname "$f")/log.csv" "$logs/training-$stage.log.csv" 2>/dev/null
done
finish
