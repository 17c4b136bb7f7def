#!/usr/bin/env python3
"""Kill a training run with SIGKILL at random moments, resume it each time, and compare with an uninterrupted run.

    python3 tools/kill_resume.py [--kills 20] [--seed 1] [--rnn "dotnet src/Recurrent.Cli/bin/Release/net10.0/rnn.dll"]

1. An uninterrupted `rnn train` of a small language model (600 steps, a checkpoint every 10).
2. The same run started again and killed with SIGKILL at a random moment (during a step or a checkpoint write,
   whichever it is in; every other kill waits for a checkpoint's temporary file to appear and kills the run in the
   middle of writing it), then `--resume`d and killed again, --kills times, then resumed to the end.
3. After every kill: the checkpoint on disk loads (`rnn params`), and a copy of the folder resumed to the end
   gives the uninterrupted run's final weights, optimizer state and loss history, bit for bit.
Prints one line per kill, then "K of K resumes identical"; exits 1 otherwise. Plain Python (no packages).
"""
import json
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

ARGS = ["train", "--steps", "600", "--eval-interval", "10", "--hidden", "16", "--embedding", "8", "--batch", "8",
        "--seq-len", "32", "--threads", "1"]


def state(folder):
    """The parts of a checkpoint an exact resume must reproduce: every tensor's bytes, the step and the history."""
    with open(os.path.join(folder, "checkpoint.safetensors"), "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    metadata = header.pop("__metadata__")
    tensors = {name: data[8 + n + e["data_offsets"][0]:8 + n + e["data_offsets"][1]] for name, e in header.items()}
    return tensors, metadata["step"], metadata["history"]


def main(argv):
    kills, seed = 20, 1
    rnn = ["dotnet", "src/Recurrent.Cli/bin/Release/net10.0/rnn.dll"]
    for i, a in enumerate(argv):
        if a == "--kills":
            kills = int(argv[i + 1])
        elif a == "--seed":
            seed = int(argv[i + 1])
        elif a == "--rnn":
            rnn = argv[i + 1].split()
    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix="kill-resume-")
    try:
        straight = os.path.join(work, "straight")
        subprocess.run(rnn + ARGS + ["--out", straight], check=True, stdout=subprocess.DEVNULL)
        expected = state(straight)

        run = os.path.join(work, "killed")
        identical = 0
        for k in range(kills):
            resume = os.path.exists(os.path.join(run, "checkpoint.safetensors"))
            process = subprocess.Popen(rnn + ARGS + ["--out", run] + (["--resume"] if resume else []),
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if k % 2 == 1 and resume:
                # Every other kill aims at a checkpoint write: as soon as the temporary file of one appears.
                deadline = time.time() + rng.uniform(0.4, 2.5) + 2
                mine = f".tmp{process.pid}"
                while time.time() < deadline and process.poll() is None and not any(f.endswith(mine) for f in os.listdir(run)):
                    time.sleep(0.0002)
            else:
                time.sleep(rng.uniform(0.4, 2.5))
            finished = process.poll() is not None
            if not finished:
                process.send_signal(signal.SIGKILL)
            process.wait()
            leftovers = [f for f in os.listdir(run) if f.endswith(f".tmp{process.pid}")] if os.path.isdir(run) else []
            if not os.path.exists(os.path.join(run, "checkpoint.safetensors")):
                print(f"kill {k + 1}: before the first checkpoint (nothing to resume yet)")
                identical += 1
                continue
            loads = subprocess.run(rnn + ["params", "--model", os.path.join(run, "checkpoint.safetensors")],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
            step = state(run)[1]
            # A copy resumed to the end must end as the uninterrupted run did.
            copy = os.path.join(work, f"copy{k}")
            shutil.copytree(run, copy)
            subprocess.run(rnn + ARGS + ["--out", copy, "--resume"], check=True, stdout=subprocess.DEVNULL)
            same = state(copy) == expected
            shutil.rmtree(copy)
            identical += loads and same
            when = "after the run ended" if finished else "during a checkpoint write" if leftovers else "during training"
            print(f"kill {k + 1}: {when}, checkpoint at step {step} {'loads' if loads else 'DOES NOT LOAD'}; "
                  f"resumed to the end: {'identical' if same else 'DIFFERENT'}")
        subprocess.run(rnn + ARGS + ["--out", run, "--resume"], check=True, stdout=subprocess.DEVNULL)
        final = state(run) == expected
        print(f"the run killed {kills} times and resumed each time: {'identical' if final else 'DIFFERENT'} to the uninterrupted run")
        print(f"{identical} of {kills} resumes identical")
        return 0 if identical == kills and final else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
