"""pack.py OUT.tar.xz FILE...: a tar.xz of the files (by base name); pack.py OUT.xz FILE: one file
xz-compressed. Uses the xz program (all cores) when there is one, else Python's lzma."""
import lzma, os, shutil, subprocess, sys, tarfile
out, files = sys.argv[1], [f for f in sys.argv[2:] if os.path.exists(f)]
plain = out[:-3]  # the uncompressed file: OUT.tar, or the single file itself
if out.endswith(".tar.xz"):
    with tarfile.open(plain, "w") as t:
        for f in files:
            t.add(f, arcname=os.path.basename(f))
else:
    plain = files[0]
xz = shutil.which("xz")
if xz:
    with open(out, "wb") as dst:
        subprocess.run([xz, "-T0", "-3", "-c", plain], stdout=dst, check=True)
else:
    with open(plain, "rb") as src, lzma.open(out, "wb", preset=3) as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
if out.endswith(".tar.xz"):
    os.remove(plain)
print("packed %s: %d bytes (%s)" % (out, os.path.getsize(out), "xz" if xz else "lzma"))
