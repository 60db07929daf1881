"""Memory of reading the 1.6 KB workbook of issue 14, finding 1, before and after.

    .venv/bin/python -m benchmarks.sparse_xlsx [--old-rows 20000]

The workbook declares A1:XFD<N> and holds a header and one reason in row N. "before" is
openpyxl's read-only `iter_rows` consumed in chunks of 2,000 rows (how henno.forms.streams read
sheets until issue 14: every missing row padded to 16,384 columns); "after" is
henno.forms.streams.open_source. Each runs as its own process; its peak resident memory (VmHWM)
and time are printed side by side, with the peak after imports alone (the same for both).
The old reader is not run on the row-1,048,576 variant: it would need about 130 GB. The last
workbook is a 20 MB upload whose shared-strings table holds 8 million tiny texts.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.security.hostile import many_strings_workbook, sparse_workbook

_CHILD = """
import json, sys, time
from pathlib import Path
import openpyxl
from henno.forms.streams import open_source
def peak_mib():
    # VmHWM, not ru_maxrss: Linux carries a parent's ru_maxrss over fork and exec.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
baseline = peak_mib()  # imports only
started = time.perf_counter()
path, how = Path(sys.argv[1]), sys.argv[2]
rows = 0
try:
    if how == "before":
        sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
        chunk = []
        for row in sheet.iter_rows(values_only=True):
            chunk.append(list(row))
            rows += 1
            if len(chunk) == 2000:
                chunk = []
        outcome = f"{rows:,} rows"
    else:
        source = open_source(path, "xlsx")
        rows = 1 + sum(1 for _ in source.rows)
        source.close()
        outcome = f"{rows:,} rows"
except Exception as exc:
    outcome = f"refused: {exc}"
peak = peak_mib()
print(json.dumps({"outcome": outcome, "peak_mib": peak, "baseline_mib": baseline,
                  "seconds": time.perf_counter() - started}))
"""


def measure(path: Path, how: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path), how], capture_output=True,
                          text=True, check=True)
    return dict(json.loads(done.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-rows", type=int, default=20_000,
                        help="last row of the workbook the old reader reads (default 20000)")
    parser.add_argument("--strings", type=int, default=8_000_000,
                        help="different texts of the shared-strings workbook (0: skip it)")
    args = parser.parse_args()
    print(f"{'workbook':32} {'reader':7} {'peak MiB':>9} {'imports':>8} {'seconds':>8}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        books = [(f"sparse_{n}", sparse_workbook(n), n <= args.old_rows)
                 for n in (args.old_rows, 1_048_576)]
        if args.strings:
            books.append(("strings", many_strings_workbook(args.strings), True))
        for stem, data, run_old in books:
            path = Path(folder) / f"{stem}.xlsx"
            path.write_bytes(data)
            name = (f"{args.strings:,} texts" if stem == "strings" else
                    f"A1:XFD{stem.split('_')[1]}") + f" ({path.stat().st_size:,} B)"
            for how in ("before", "after"):
                if how == "before" and not run_old:
                    print(f"{name:32} {how:7} {'-':>9} {'-':>8} {'-':>8}  not run (about 130 GB)")
                    continue
                result = measure(path, how)
                print(f"{name:32} {how:7} {result['peak_mib']:9.1f} {result['baseline_mib']:8.1f} "
                      f"{result['seconds']:8.2f}  {result['outcome']}")

if __name__ == "__main__":
    main()
