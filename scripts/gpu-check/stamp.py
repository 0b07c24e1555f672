"""Copies the worker's stdout to stdout.txt unchanged and to stamped.txt with the device-side
wall clock (seconds since this filter started); prints per-epoch wall statistics at the end."""
import sys, time
t0 = time.perf_counter()
epochs = []
with open("stdout.txt", "w") as raw, open("stamped.txt", "w") as st:
    for line in sys.stdin:
        t = time.perf_counter() - t0
        raw.write(line); raw.flush()
        st.write("%.6f %s" % (t, line)); st.flush()
        if line.startswith("epoch "):
            epochs.append(t)
if len(epochs) >= 2:
    d = sorted(b - a for a, b in zip(epochs, epochs[1:]))
    print("epochs %d, first epoch line at %.3f s, last at %.3f s; wall per epoch (epochs 2..): "
          "median %.6f s, mean %.6f s, min %.6f s, max %.6f s"
          % (len(epochs), epochs[0], epochs[-1], d[len(d) // 2], sum(d) / len(d), d[0], d[-1]))
else:
    print("epochs %d (too few for statistics)" % len(epochs))
