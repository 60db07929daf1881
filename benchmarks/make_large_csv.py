"""Write a large labelled CSV for speed benchmarks by varying the corpus rows.

    python benchmarks/make_large_csv.py ROWS OUTPUT.csv

Each row is a corpus row wrapped in random form noise (training/augment.py) with a few
random character deletions, so rows are not exact copies. Not for training real models.
"""

import csv
import random
import sys
from pathlib import Path

from henno.training.augment import add_noise

REPO = Path(__file__).resolve().parents[1]


def corpus_rows() -> list[tuple[str, str]]:
    with open(REPO / "data" / "train.csv", encoding="utf-8", newline="") as handle:
        return [(row["text"], row["label"]) for row in csv.DictReader(handle)]


def vary(text: str, rng: random.Random) -> str:
    for _ in range(rng.randrange(3)):
        if len(text) > 4:
            cut = rng.randrange(len(text))
            text = text[:cut] + text[cut + 1 :]
    return add_noise(text, rng) if rng.random() < 0.5 else text


def write_large_csv(rows: int, output: Path, seed: int = 0) -> None:
    rng = random.Random(seed)
    corpus = corpus_rows()
    with open(output, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        seen: set[str] = set()
        while len(seen) < rows:
            text, label = rng.choice(corpus)
            varied = vary(text, rng)
            if varied not in seen:  # the same text twice could carry two labels
                seen.add(varied)
                writer.writerow([varied, label])


if __name__ == "__main__":
    write_large_csv(int(sys.argv[1]), Path(sys.argv[2]))
