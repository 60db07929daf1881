"""Speed and memory of `henno label` (issue: batch labelling and the tally report).

    .venv/bin/python -m benchmarks.label_speed [--rows 1000000] [--small 100000]

Generates CSV files of short reasons (corpus rows of at most 40 characters, varied), then in
one run measures raw fugashi tokenization of the same texts (single process, a 100,000-text
sample), and `henno label` on the small and the large file with --jobs 1 and on the large one
with --jobs 2, each as its own process whose whole process tree is sampled for peak memory.
"""

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import fugashi

from benchmarks.make_large_csv import corpus_rows, vary
from benchmarks.measure import run_measured
from henno.training.train import train_model
from tests.conftest import TEST_CSV, TRAIN_CSV


def write_forms(rows: int, path: Path, seed: int = 0) -> list[str]:
    """A form CSV (受付日, 窓口, 返納理由) of short reasons; returns the first 100,000 texts."""
    rng = random.Random(seed)
    short = [text for text, _ in corpus_rows() if len(text) <= 40]
    sample: list[str] = []
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["受付日", "窓口", "返納理由"])
        for i in range(rows):
            text = vary(rng.choice(short), rng).replace("\n", " ")
            writer.writerow([f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}", f"窓口{i % 7}", text])
            if len(sample) < 100_000:
                sample.append(text)
    return sample


def raw_tokenization_rate(texts: list[str]) -> float:
    tagger = fugashi.Tagger()
    started = time.perf_counter()
    for text in texts:
        [word.surface for word in tagger(text)]
    return len(texts) / (time.perf_counter() - started)


def run_label(source: Path, jobs: int, env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak MiB of the process tree) of one `henno label` run."""
    output = source.with_name(f"{source.stem}_out_{jobs}.csv")
    command = [sys.executable, "-m", "henno.cli.main", "label", str(source), "-o", str(output),
               "--jobs", str(jobs), "--quiet"]
    seconds, peak, code, _ = run_measured(command, env)
    if code != 0:
        sys.exit(f"henno label failed with {code}")
    output.unlink()
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        train_model(TRAIN_CSV, TEST_CSV, root / "models")
        env = {**os.environ, "HENNO_MODELS_DIR": str(root / "models")}
        small, large = root / "small.csv", root / "large.csv"
        texts = write_forms(args.small, small)
        write_forms(args.rows, large, seed=1)
        raw = raw_tokenization_rate(texts)
        print(f"raw fugashi tokenization (Tagger, surfaces): {raw:,.0f} texts/s "
              f"on {len(texts):,} of the same texts")
        print(f"{'run':34} {'seconds':>8} {'rows/s':>9} {'x raw':>6} {'peak MiB':>9}")
        results = {}
        for name, path, rows, jobs in [("small, --jobs 1", small, args.small, 1),
                                       ("large, --jobs 1", large, args.rows, 1),
                                       ("large, --jobs 2", large, args.rows, 2)]:
            seconds, peak = run_label(path, jobs, env)
            results[name] = rows / seconds
            print(f"henno label {rows:>9,} rows, {name[7:]:11} {seconds:8.1f} "
                  f"{rows / seconds:9,.0f} {rows / seconds / raw:6.2f} {peak:9.0f}")
        speedup = results["large, --jobs 2"] / results["large, --jobs 1"]
        print(f"speed-up of --jobs 2 over --jobs 1 on {os.cpu_count()} cores: {speedup:.2f}x")


if __name__ == "__main__":
    main()
