#!/bin/bash
# unpack.sh RESULTS SRC DEST: DEST/a and DEST/b = the exported folders SRC/a, SRC/b plus what the
# device run brought back (stdout.txt, runtime.txt, checkpoints), ready for --worker-replay.
set -eu
R=$1; S=$2; D=$3
mkdir -p "$D"; cp -r "$S/a" "$S/b" "$D/"
for t in "$R"/a1-part*.tar.xz; do tar -xJf "$t" -C "$D/a"; done
[ -e "$R/b-meta.tar.xz" ] && tar -xJf "$R/b-meta.tar.xz" -C "$D/b"
for f in "$R"/b-checkpoint-*.npz.xz; do [ -e "$f" ] && xz -dc "$f" > "$D/b/$(basename "$f" .xz | sed 's/^b-//')"; done
ls "$D/a" "$D/b"
