"""Are two runs of the same exported folder identical? Compares stdout.txt and every array of
every checkpoint-*.npz (exact: bytes of each array), and prints the largest differences if not."""
import glob, os, sys
import numpy as np
a, b = sys.argv[1], sys.argv[2]
same = True
la, lb = open(os.path.join(a, "stdout.txt")).read().split("\n"), open(os.path.join(b, "stdout.txt")).read().split("\n")
strip = lambda ls: [l.split(" ")[0:3] if not l.startswith("checkpoint") else l.split(" ")[0:2] for l in ls]
if strip(la) != strip(lb):
    same = False
    n = next(i for i, (x, y) in enumerate(zip(strip(la), strip(lb))) if x != y) if any(x != y for x, y in zip(strip(la), strip(lb))) else min(len(la), len(lb))
    print("stdout differs first at line %d: %r vs %r" % (n, la[n] if n < len(la) else None, lb[n] if n < len(lb) else None))
else:
    print("stdout (objective per epoch, repr of float64) identical: %d lines" % len(la))
files = sorted(glob.glob(os.path.join(a, "checkpoint-*.npz")), key=lambda f: int(f.split("-")[-1][:-4]))
for fa in files:
    fb = os.path.join(b, os.path.basename(fa))
    with np.load(fa) as za, np.load(fb) as zb:
        diffs = []
        for k in za.files:
            x, y = za[k], zb[k]
            if x.dtype != y.dtype or x.shape != y.shape or x.tobytes() != y.tobytes():
                d = float(np.max(np.abs(x.astype(np.float64) - y.astype(np.float64))))
                s = float(np.max(np.abs(x.astype(np.float64))))
                diffs.append("%s max|diff| %.3e (max|x| %.3e)" % (k, d, s))
        if diffs:
            same = False
        print("%s: %s" % (os.path.basename(fa), "bit-identical" if not diffs else "; ".join(diffs)))
print("RESULT", "bit-identical" if same else "DIFFERENT")
