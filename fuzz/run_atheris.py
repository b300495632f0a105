"""Run the atheris harness for a total time, restarting it after each finding.

libFuzzer stops at the first crash or timeout, and its fork mode does not
work with atheris (the workers are not executables).  This driver restarts
the fuzzer with the corpus it has built so far until ``--minutes`` have
passed, keeps every crash/timeout input in ``<run>/artifacts/``, and prints
the totals that docs/testing.md records: executions, coverage (libFuzzer's
``cov`` = edges, ``ft`` = features), corpus size, crashes and timeouts.

    python fuzz/run_atheris.py --minutes 15 --run fuzz/runs/2024-01-01
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_STATUS = re.compile(r"^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--run", type=Path, default=HERE / "runs" / time.strftime("%Y%m%d-%H%M%S"))
    parser.add_argument("--seeds", type=Path, default=HERE / "seeds")
    parser.add_argument("--timeout", type=int, default=10, help="seconds per input before it is a timeout")
    parser.add_argument("--max-len", type=int, default=65536)
    parser.add_argument("--harness", default="fuzz_parse.py",
                        help="the harness in fuzz/: fuzz_parse.py (default) or fuzz_body_tail.py")
    args = parser.parse_args()
    corpus, artifacts = args.run / "corpus", args.run / "artifacts"
    corpus.mkdir(parents=True, exist_ok=True)
    artifacts.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + args.minutes * 60
    totals = {"executions": 0, "restarts": 0, "cov": 0, "ft": 0, "corpus": 0, "crashes": 0, "timeouts": 0,
              "ooms": 0}
    log = (args.run / "fuzz.log").open("a")
    while (left := deadline - time.monotonic()) > 5:
        cmd = [sys.executable, str(HERE / args.harness), str(corpus), str(args.seeds),
               f"-max_total_time={int(left)}", f"-timeout={args.timeout}", f"-max_len={args.max_len}",
               "-rss_limit_mb=4096", f"-artifact_prefix={artifacts}/", "-print_final_stats=1"]
        last = 0
        before = dict(totals)
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        assert proc.stdout is not None
        for line in proc.stdout:
            log.write(line)
            m = _STATUS.match(line)
            if m:
                last = int(m.group(1))
                totals["cov"] = max(totals["cov"], int(m.group(2)))
                totals["ft"] = max(totals["ft"], int(m.group(3)))
                totals["corpus"] = int(m.group(4))
            if "ERROR: libFuzzer: timeout" in line:
                totals["timeouts"] += 1
            elif "ERROR: libFuzzer: out-of-memory" in line:
                totals["ooms"] += 1
            elif "Uncaught Python exception" in line or "ERROR: libFuzzer: deadly signal" in line:
                totals["crashes"] += 1
        proc.wait()
        if last == 0 and proc.returncode != 0 and not any(
                totals[k] > before[k] for k in ("crashes", "timeouts", "ooms")):
            # The fuzzer did not start (atheris missing, a broken harness):
            # restarting it would only spin until the deadline.
            log.close()
            sys.exit(f"the fuzzer exited with status {proc.returncode} before running; see {args.run / 'fuzz.log'}")
        totals["executions"] += last
        totals["restarts"] += 1
        log.flush()
    totals["minutes"] = args.minutes
    totals["artifacts"] = sorted(p.name for p in artifacts.iterdir())
    (args.run / "summary.json").write_text(json.dumps(totals, indent=2))
    print(json.dumps(totals, indent=2))


if __name__ == "__main__":
    main()
