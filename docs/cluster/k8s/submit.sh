#!/bin/bash
# Applies study.yaml (the configuration and the shards' indexed Job), waits until every index has succeeded, then
# applies merge.yaml: Kubernetes has no dependencies between Jobs, so this script chains them. To run again after
# a failure: kubectl delete job perceptual-study-shards perceptual-study-merge --ignore-not-found, then this script (finished stages are skipped).
set -euo pipefail
cd "$(dirname "$0")"
kubectl apply -f study.yaml
while true; do
  state=$(kubectl get job perceptual-study-shards -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')
  case " $state " in
    *" Complete "*) break ;;
    *" Failed "*) echo "the shards' Job failed; see kubectl describe job perceptual-study-shards and kubectl logs -l job-name=perceptual-study-shards" >&2; exit 1 ;;
  esac
  sleep 60
done
kubectl apply -f merge.yaml
echo "merge started: kubectl logs -f job/perceptual-study-merge"
