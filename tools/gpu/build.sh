#!/usr/bin/env bash
# Builds what the GPU machine needs, on a build machine (any Linux x64 with the .NET SDK and a warm NuGet cache):
#   out/gpu/bundle/                the unpacked bundle (for a look; not carried)
#   out/gpu/gpu-bundle.tar.xz      the one file to carry (checked to be under the size limit)
# The bundle holds the CLI (`perceptual`) and the benchmarks (`PerceptualLosses.Benchmarks`: hot-paths, synthetic-data)
# published framework-dependent for linux-x64 with -p:TorchBackend=none, i.e. TorchSharp's managed assembly and
# libLibTorchSharp.so but no libtorch (the GPU machine's PyTorch provides a CUDA one), the .NET runtime (the GPU
# machine has none; run.sh uses a `dotnet` on PATH instead when it has the right runtime), the PyTorch twins, and
# run.sh. See docs/gpu.md.
# Usage: tools/gpu/build.sh [--limit-mib N] [--no-runtime]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
limit_mib=44          # the device tool carries 64 MiB in all; the tracked repository takes about 18 of it
with_runtime=1
while [ $# -gt 0 ]; do
  case "$1" in
    --limit-mib) limit_mib=$2; shift 2 ;;
    --no-runtime) with_runtime=0; shift ;;
    *) echo "build.sh: unknown argument '$1' (expected --limit-mib N, --no-runtime)" >&2; exit 2 ;;
  esac
done

out="$repo/out/gpu"
bundle="$out/bundle"
artifacts="$out/artifacts"   # separate obj/bin, so the regular build (TorchBackend=cpu) is left alone
rm -rf "$bundle" "$out/gpu-bundle.tar.xz"
mkdir -p "$bundle/app"
cd "$repo"
for project in samples/PerceptualLosses.Cli benchmarks/PerceptualLosses.Benchmarks; do
  echo "build.sh: publishing $project (TorchBackend=none, linux-x64, framework-dependent)"
  dotnet publish "$project" -c Release -r linux-x64 --self-contained false -p:TorchBackend=none \
    --artifacts-path "$artifacts" -o "$bundle/app" -m:1 -nologo -v:q
done

# What must and must not be there.
if [ ! -f "$bundle/app/libLibTorchSharp.so" ] && [ ! -f "$bundle/app/runtimes/linux-x64/native/libLibTorchSharp.so" ]; then
  echo "build.sh: libLibTorchSharp.so is missing from the publish output" >&2; exit 1
fi
if find "$bundle/app" -name 'libtorch*.so*' -o -name 'libc10*.so*' | grep -q .; then
  echo "build.sh: a libtorch library slipped into the bundle:" >&2
  find "$bundle/app" -name 'libtorch*.so*' -o -name 'libc10*.so*' >&2
  exit 1
fi
# Debug symbols, XML docs and other platforms' natives are not needed there.
find "$bundle/app" \( -name '*.pdb' -o -name '*.xml' \) -delete
find "$bundle/app/runtimes" -mindepth 1 -maxdepth 1 ! -name linux-x64 -exec rm -rf {} + 2>/dev/null || true

# The .NET runtime: host, hostfxr and Microsoft.NETCore.App of the SDK that built the bundle.
if [ "$with_runtime" = 1 ]; then
  root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  framework=$(sed -n 's/.*"version": *"\([0-9.]*\)".*/\1/p' "$bundle/app/perceptual.runtimeconfig.json" | head -n 1)
  shared=$(ls -d "$root"/shared/Microsoft.NETCore.App/"${framework%.*}".* | sort -V | tail -n 1)
  mkdir -p "$bundle/dotnet/shared/Microsoft.NETCore.App" "$bundle/dotnet/host"
  cp "$root/dotnet" "$bundle/dotnet/"
  cp -r "$root/host/fxr" "$bundle/dotnet/host/"
  cp -r "$shared" "$bundle/dotnet/shared/Microsoft.NETCore.App/"
  echo "build.sh: bundled .NET runtime $(basename "$shared")"
fi

# The PyTorch twins (metrics_bench.py reads the sp5 filter taps from the C# source: keep the repository layout).
mkdir -p "$bundle/benchmarks/pytorch" "$bundle/src/PerceptualLosses.Metrics/Ifc" "$bundle/tools/gpu"
cp benchmarks/pytorch/hot_paths.py benchmarks/pytorch/metrics_bench.py benchmarks/pytorch/pgd_bench.py "$bundle/benchmarks/pytorch/"
cp src/PerceptualLosses.Metrics/Ifc/Sp5Filters.cs "$bundle/src/PerceptualLosses.Metrics/Ifc/"
cp tools/gpu/run.sh tools/gpu/summarize.py "$bundle/tools/gpu/"
{
  echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ) from $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (uncommitted changes)')"
  echo "dotnet sdk $(dotnet --version); TorchSharp $(sed -n 's/.*Include="TorchSharp" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)"
} > "$bundle/BUILD-INFO.txt"

unpacked_mib=$(( $(du -sb "$bundle" | cut -f1) / 1048576 ))
echo "build.sh: bundle is ${unpacked_mib} MiB unpacked; compressing"
tar -C "$out" -cf - bundle | xz -T0 -6 > "$out/gpu-bundle.tar.xz"
size=$(stat -c %s "$out/gpu-bundle.tar.xz")
size_mib=$(( (size + 1048575) / 1048576 ))
echo "build.sh: $out/gpu-bundle.tar.xz is ${size_mib} MiB (limit ${limit_mib} MiB)"
if [ "$size_mib" -gt "$limit_mib" ]; then
  echo "build.sh: the bundle is over the limit of ${limit_mib} MiB" >&2
  exit 1
fi
