"""Memory and time of keeping a ledger workbook whole while labelling it (henno.forms.workbook).

    .venv/bin/python -m benchmarks.kept_workbook [--rows 100000]

Builds a ten-column ledger of ROWS rows (strings inline, as openpyxl writes them), then, in a
child process, loads it whole, adds the five Japanese label columns to every row and saves
it, as henno.forms.workbook.KeptWorkbook does for henno label and the page. Prints the workbook's
unpacked size, the child's peak resident memory (ru_maxrss) and its time: the numbers behind
henno.forms.workbook.MAX_KEPT_BYTES. No model is involved; the label values are fixed.
"""

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HEADER = ["受付番号", "受付日", "窓口", "年代", "性別", "区", "手続", "担当", "備考", "返納理由"]

_CHILD = """
import json, resource, sys, time
from pathlib import Path
from henno.forms.workbook import KeptWorkbook, LabelledRow, Percent
source, rows, header = Path(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
started = time.perf_counter()
kept = KeptWorkbook(source, source.with_name("out.xlsx"), "受付簿", 1, header, [],
                    ["判定", "判定コード", "確からしさ", "要確認", "判定メモ"])
kept.write([LabelledRow(header, None, [])])
values = ["転居", "relocation", Percent(0.973), "", ""]
kept.write([LabelledRow([], number, values) for number in range(2, rows + 2)])
kept.commit()
print(json.dumps({"seconds": round(time.perf_counter() - started, 1),
                  "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""


def build(path: Path, rows: int) -> float:
    """Write the ledger; its unpacked size in MB."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("受付簿")
    sheet.append(HEADER)
    for i in range(rows):
        sheet.append([f"R5-{i:06}", datetime.datetime(2023, 4, 1 + i % 28), "本庁", "40代", "女",
                      "中央区", "返納", "佐藤", "", f"来月、県外へ引っ越すため返納します その{i}"])
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        return sum(info.file_size for info in archive.infolist()) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "ledger.xlsx"
        unpacked = build(source, rows)
        result = subprocess.run([sys.executable, "-c", _CHILD, str(source), str(rows),
                                 json.dumps(HEADER)], capture_output=True, text=True, check=True)
    print(json.dumps({"rows": rows, "unpacked_mb": round(unpacked, 1),
                      **json.loads(result.stdout)}))


if __name__ == "__main__":
    main()
