"""The several-reasons path's cost, side by side: one model with and without its finder.

    .venv/bin/python -m benchmarks.reasons_speed [--texts 20000]

Trains the default model on data/ (its reasons files included) unless --models names a
version folder. Batches of 1,000 interleaved over 5 rounds, best of each, in CPU time of
this process (a shared machine's load swings wall-clock rates 2x), then one text at a time.
Then the floor under any clause reader: the cost of only splitting the texts into clauses and
looking up the clauses' n-grams (what every design that reads clauses must do first),
against the budget the goal leaves (10 % of the whole-text path).
"""

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from henno.model.classifier import Classifier
from henno.model.normalize import normalize
from henno.model.segments import segments
from henno.training.train import train_model
from tests.conftest import TEST_CSV, TRAIN_CSV, read_rows

BATCH = 1000
ROUNDS = 5


def best_rates(works: Mapping[str, Callable[[list[str]], object]],
               texts: list[str]) -> dict[str, float]:
    best = dict.fromkeys(works, 0.0)
    for _ in range(ROUNDS):
        for name, work in works.items():
            started = time.process_time()
            for start in range(0, len(texts), BATCH):
                work(texts[start : start + BATCH])
            best[name] = max(best[name], len(texts) / (time.process_time() - started))
    return best


def median_ms(work: Callable[[list[str]], object], texts: list[str]) -> float:
    timings = []
    for text in texts:
        started = time.process_time()
        work([text])
        timings.append((time.process_time() - started) * 1000)
    return statistics.median(timings)


def several_reasons_figure(version: Path, texts: list[str]) -> str:
    """One line: texts/s with and without the finder, the cost, and one text's p50."""
    several = Classifier.load(version)
    whole_only = Classifier.load(version)
    whole_only.finder = None  # the whole text as the one reason, as henno 0.2 gave
    works = {"whole text only": whole_only.predict, "several reasons": several.predict}
    rates = best_rates(works, texts)
    cost = 1 - rates["several reasons"] / rates["whole text only"]
    medians = {name: median_ms(work, texts[:3000]) for name, work in works.items()}
    return ("several reasons, batches of 1,000, best of 5 (texts/s): "
            + ", ".join(f"{name} {rate:.0f}" for name, rate in rates.items())
            + f"; cost {cost:.1%} (goal <= 10 %); one text p50: "
            + ", ".join(f"{name} {ms:.3f} ms" for name, ms in medians.items())
            + " (goal <= 0.2 ms)")


def finder_floor(version: Path, texts: list[str]) -> str:
    """One line: microseconds per text of the whole-text path, of clause splitting, and of
    clause splitting plus stage 1's n-gram lookup, in batches, against the 10 % budget."""
    classifier = Classifier.load(version)
    finder = classifier.finder
    if finder is None:
        return "floor: this model has no reason finder"
    classifier.finder = None
    lookup = finder.vectorizer.lookup_block()

    def split(batch: list[str]) -> None:
        for text in batch:
            segments(text)

    def split_and_look_up(batch: list[str]) -> None:
        lookup.lookup_texts([normalize(text[a:b]) for text in batch for a, b in segments(text)])

    works = {"whole": classifier.predict, "split": split, "split+lookup": split_and_look_up}
    micros = {name: 1e6 / rate for name, rate in best_rates(works, texts).items()}
    budget = micros["whole"] * 0.1 / 0.9  # the finder's share when it costs 10 % of throughput
    return (f"floor, batches of 1,000 (us per text): whole-text path {micros['whole']:.1f}; "
            f"budget of the finder at -10 % {budget:.1f}; clause splitting alone "
            f"{micros['split']:.1f}, with stage 1's n-gram lookup {micros['split+lookup']:.1f} "
            f"({micros['split+lookup'] / budget:.1f}x the budget)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=20_000, help="texts to time, e.g. 5000")
    parser.add_argument("--models", type=Path, help="a trained version or models folder")
    args = parser.parse_args()
    corpus = [text for text, _ in read_rows(TRAIN_CSV) + read_rows(TEST_CSV)]
    texts = (corpus * (args.texts // len(corpus) + 1))[: args.texts]
    with tempfile.TemporaryDirectory() as folder:
        version = args.models or train_model(TRAIN_CSV, TEST_CSV, Path(folder)).path
        print(several_reasons_figure(version, texts))
        print(finder_floor(version, texts))


if __name__ == "__main__":
    main()
