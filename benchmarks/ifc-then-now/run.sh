#!/bin/bash
# IFC of 4x3x512² at the round's start (commit a478a7b, the parent of 8d885ca, the first IFC speed-up after issue 16
# was filed) against the working tree, alternately in one invocation, on this machine. Prints one line per run with
# the load average and the median of ITERATIONS timed calls after one warm-up; both must give the same value.
# Usage (after `dotnet build PerceptualLosses.sln -c Release`): benchmarks/ifc-then-now/run.sh [ROUNDS] [ITERATIONS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${1:-2}
ITERATIONS=${2:-2}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
git -C "$ROOT" archive a478a7b | tar -x -C "$WORK" --one-top-level=old
dotnet build "$WORK/old/src/PerceptualLosses.Metrics" -c Release -m:1 >/dev/null
for v in old new; do
  if [ $v = old ]; then bin="$WORK/old/src/PerceptualLosses.Metrics/bin/Release/net8.0"; define="<DefineConstants>OLD</DefineConstants>"
  else bin="$ROOT/src/PerceptualLosses.Metrics/bin/Release/net8.0"; define=""; fi
  mkdir -p "$WORK/$v-harness"
  cat > "$WORK/$v-harness/ifch.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings>
  <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>$define</PropertyGroup>
  <ItemGroup>
    <Reference Include="PerceptualLosses"><HintPath>$bin/PerceptualLosses.dll</HintPath></Reference>
    <Reference Include="PerceptualLosses.Metrics"><HintPath>$bin/PerceptualLosses.Metrics.dll</HintPath></Reference>
    <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
  </ItemGroup>
</Project>
EOF
  cat > "$WORK/$v-harness/Program.cs" <<'EOF'
using System.Diagnostics;
using static TorchSharp.torch;
PerceptualLosses.Runtime.TorchRuntime.EnsureLoaded();
set_num_threads(2);
manual_seed(0);
var reference = rand(4, 3, 512, 512);
var distorted = (reference + (0.05 * randn(4, 3, 512, 512))).clamp(0, 1);
double Run()
{
    using var scope = NewDisposeScope();
    using var noGrad = no_grad();
#if OLD
    return PerceptualLosses.Metrics.Ifc.Ifc.Compute(reference, distorted).sum().item<double>(); // then (reference, distorted)
#else
    return PerceptualLosses.Metrics.Ifc.Compute(distorted, reference).sum().item<double>();     // now (prediction, target)
#endif
}
double value = Run();
var ms = new List<double>();
for (int i = 0; i < int.Parse(args[0]); i++) { var clock = Stopwatch.StartNew(); Run(); ms.Add(clock.Elapsed.TotalMilliseconds); }
ms.Sort();
Console.WriteLine($"median_ms {ms[ms.Count / 2]:F1} value {value:R}");
EOF
  (cd "$WORK/$v-harness" && dotnet build -c Release -o out >/dev/null 2>&1 || { echo "build of the $v harness failed" >&2; exit 1; })
done
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) -eq 1 ]; then order="old new"; else order="new old"; fi
  for v in $order; do
    echo "round $r $v load $(cut -d' ' -f1-3 /proc/loadavg) $(dotnet "$WORK/$v-harness/out/ifch.dll" "$ITERATIONS" | tail -1)"
  done
done
