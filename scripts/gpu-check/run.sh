#!/bin/bash
# ncverify's GPU check (README: GPU and the PyTorch engine), run once on an H200 (2026-11-30).
# Prepare on a machine with Java (G = a folder that travels to the GPU machine):
#   java -jar target/ncverify.jar practical --recipe p2-fmnist --engine torch --device cuda --worker-export SRC/a
#   java -jar target/ncverify.jar practical --recipe p2-fmnist --full-size --measure-every 2000 \
#       --engine torch --device cuda --worker-export SRC/b
#   (cd SRC && tar -cJf G/gpu.tar.xz a b); cp scripts/gpu-check/*.py scripts/gpu-check/run.sh G/
# On the GPU machine: OUT=results bash G/run.sh. It runs a twice (determinism: compare.py) and b once,
# and writes to $OUT: log.txt, a1-part1/2.tar.xz (run 1 of a: stdout, runtime, checkpoints; run 2's
# stdout), b-meta.tar.xz and b-checkpoint-E.npz.xz (each file under 16 MiB).
# Back here: scripts/gpu-check/unpack.sh results SRC DEST, then the same two command lines with
# --worker-replay DEST/a (DEST/b) instead of --worker-export: the same gate and report.
set -u
G=$(cd "$(dirname "$0")" && pwd)
PY=${PY:-python3}
W=${WORK:-/tmp/ncv-gpu-work}
B_LIMIT=${B_LIMIT:-330}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/log.txt") 2>&1
echo "== start $(date -u +%FT%TZ)"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm,clocks.mem --format=csv 2>&1
nvidia-smi 2>&1 | head -12
$PY -c 'import torch, numpy, platform; print("python", platform.python_version(), "torch", torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version(), "numpy", numpy.__version__, "gpu", torch.cuda.get_device_name(0) if torch.cuda.is_available() else None)'
rm -rf "$W"; mkdir -p "$W"
$PY -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$G/gpu.tar.xz" "$W" || exit 1
run() { # run SOURCE COPY LIMIT_S: the exported folder's copy, run as TorchWorker.handoffCommand says
  echo "== run $2 (from $1) $(date -u +%FT%TZ)"
  cp -r "$W/$1" "$W/$2" && cd "$W/$2" || return 1
  $PY -c 'import torch; print(torch.__version__, torch.cuda.is_available())' > runtime.txt
  cat runtime.txt
  local t0=$($PY -c 'import time; print(time.time())')
  OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 CUBLAS_WORKSPACE_CONFIG=:4096:8 \
    PYTHONUNBUFFERED=1 timeout "$3" $PY torch_worker.py config.json 2> stderr.txt | $PY "$G/stamp.py"
  local rc=${PIPESTATUS[0]}
  echo "worker exit $rc, wall $($PY -c 'import sys, time; print("%.3f" % (time.time() - float(sys.argv[1])))' "$t0") s (incl. python start, torch import, CUDA init)"
  head -2 stdout.txt; tail -2 stdout.txt; tail -5 stderr.txt
  nvidia-smi --query-gpu=clocks.sm,memory.used,utilization.gpu --format=csv,noheader 2>&1
  cd "$W"
  return $rc
}
run a a1 150
run a a2 150
$PY "$G/compare.py" "$W/a1" "$W/a2"
cp "$W/a2/stdout.txt" "$W/a1/stdout-run2.txt"; cp "$W/a2/stamped.txt" "$W/a1/stamped-run2.txt"
CK=($(ls -v "$W"/a1/checkpoint-*.npz)); H=$(( (${#CK[@]} + 1) / 2 ))
$PY "$G/pack.py" "$OUT/a1-part1.tar.xz" "$W"/a1/*.txt "${CK[@]:0:$H}"
$PY "$G/pack.py" "$OUT/a1-part2.tar.xz" "${CK[@]:$H}"
ls -la "$OUT"
run b b1 "$B_LIMIT"
$PY "$G/pack.py" "$OUT/b-meta.tar.xz" "$W"/b1/*.txt
for f in "$W"/b1/checkpoint-*.npz; do [ -e "$f" ] && $PY "$G/pack.py" "$OUT/b-$(basename "$f").xz" "$f"; done
ls -la "$OUT"
echo "== end $(date -u +%FT%TZ)"
sleep 1
