#!/usr/bin/env python3
"""shares.py PERF_DATA: a training profile's samples by part (the emulator, the network's kernels, the
preprocessing, the rest), from `perf report --sort sym` of a profile taken by ../conv2-sparse/profile.sh."""
import re
import subprocess
import sys

report = subprocess.run(["perf", "report", "-i", sys.argv[1], "--no-children", "--sort", "sym", "--stdio", "-g", "none"],
                        capture_output=True, text=True).stdout
EMULATOR = r"TIA::|M6502|M6532|System::|Paddles|ale::|Stella|Cartridge|Switches|Console|mersenne|Event::|Sound"
parts = {"emulator (libale)": 0.0, "network (a3c.kernels)": 0.0, "preprocessing (a3c.atari, copies)": 0.0,
         "engine's own Java": 0.0, "libc, OS, other": 0.0}
for line in report.splitlines():
    m = re.match(r"\s*([\d.]+)%\s+\[(.)\]\s+(.*)", line)
    if not m:
        continue
    share, kind, sym = float(m.group(1)), m.group(2), m.group(3)
    if kind == "k":
        parts["libc, OS, other"] += share
    elif "a3c.kernels." in sym:
        parts["network (a3c.kernels)"] += share
    elif "a3c.atari." in sym or "StubRoutines" in sym:  # the frame stack's write of each observation is a stub copy
        parts["preprocessing (a3c.atari, copies)"] += share
    elif "a3c.engine." in sym:
        parts["engine's own Java"] += share
    elif re.search(EMULATOR, sym):
        parts["emulator (libale)"] += share
    else:
        parts["libc, OS, other"] += share
for name, share in parts.items():
    print(f"{name:36s} {share:6.2f} %")
