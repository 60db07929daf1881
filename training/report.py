"""The per-version training report: report.md, confusion.png and metrics.json."""

import io
import json
from typing import Any

from matplotlib.figure import Figure

from henno.model.labels import LABELS


def confusion_png(confusion: list[list[int]], title: str) -> bytes:
    # The Figure API draws without pyplot's global state: the page retrains in a thread.
    figure = Figure(figsize=(6.4, 5.2), dpi=100)
    axes = figure.add_subplot()
    axes.imshow(confusion, cmap="Blues")
    axes.set_xticks(range(len(LABELS)), LABELS, rotation=30, ha="right")
    axes.set_yticks(range(len(LABELS)), LABELS)
    axes.set_xlabel("predicted")
    axes.set_ylabel("true")
    axes.set_title(title)
    peak = max(max(row) for row in confusion) or 1
    for i, row in enumerate(confusion):
        for j, count in enumerate(row):
            colour = "white" if count > peak / 2 else "black"
            axes.text(j, i, str(count), ha="center", va="center", color=colour)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def metrics_table(metrics: dict[str, Any]) -> str:
    lines = [
        f"accuracy {metrics['accuracy']:.4f} · macro-F1 {metrics['macro_f1']:.4f} · "
        f"n {metrics['n']}",
        "",
        "| label | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    for label, row in metrics["per_label"].items():
        lines.append(f"| {label} | {row['precision']:.3f} | {row['recall']:.3f} | "
                     f"{row['f1']:.3f} | {row['support']} |")
    return "\n".join(lines)


def confusion_table(confusion: list[list[int]]) -> str:
    lines = ["| true \\ predicted | " + " | ".join(LABELS) + " |",
             "|---" * (len(LABELS) + 1) + "|"]
    for label, row in zip(LABELS, confusion):
        lines.append(f"| {label} | " + " | ".join(map(str, row)) + " |")
    return "\n".join(lines)


def _feedback_note(data: dict[str, Any]) -> str:
    rows = data.get("feedback_rows", 0)
    if not rows:
        return ""
    return f" with {rows} reviewed rows, replacing {data.get('feedback_replaced', 0)}"


def _floors(thresholds: dict[str, Any]) -> str:
    by_label = thresholds.get("min_confidence_by_label")  # none in models of henno 0.2
    if not by_label:
        return f"{thresholds['min_confidence']:.2f}"
    floors = ", ".join(f"{label} {floor:.2f}" for label, floor in by_label.items())
    return f"the floor of the predicted label ({floors})"


def report_markdown(metadata: dict[str, Any]) -> str:
    test = metadata["metrics"]["test"]
    review = metadata["review"]
    thresholds = review["thresholds"]
    return "\n".join([
        f"# Model {metadata['version']}",
        "",
        f"Trained {metadata['created_at']} on {metadata['training_data']['rows']} rows "
        f"({metadata['training_data']['file']}{_feedback_note(metadata['training_data'])}), "
        f"tested on {test['n']} rows ({metadata['test_data']['file']}).",
        "",
        "## Test set",
        metrics_table(test),
        "",
        "## Confusion matrix (test set)",
        confusion_table(test["confusion"]),
        "",
        "![confusion matrix](confusion.png)",
        "",
        "## Review flag",
        f"needs_review when confidence < {_floors(thresholds)} or the margin "
        f"between the top two scores < {thresholds['min_margin']:.2f}, chosen so that the "
        f"rest are right in cross-validation (target {review['target_accuracy']:.1%}).",
        f"Cross-validation: {review['cv_flagged_share']:.1%} flagged, accuracy of the rest "
        f"{review['cv_accuracy_unflagged']:.2%}. Test set: {review['test_flagged_share']:.1%} "
        f"flagged, accuracy of the rest {review['test_accuracy_unflagged']:.2%}.",
        "",
    ]) + reasons_section(metadata["metrics"].get("reasons_test"))


def reasons_section(found: dict[str, Any] | None) -> str:
    """Several reasons on reasons_test.csv: the primary label and every reason mentioned."""
    if found is None:
        return ""
    rows = "\n".join(f"| {label} | {f1:.3f} |" for label, f1 in found["mentioned_f1"].items())
    return "\n".join([
        "## Several reasons (reasons_test.csv)",
        f"Primary label: accuracy {found['accuracy']:.4f}, macro-F1 {found['macro_f1']:.4f}; "
        f"rows decided by the rules ({found['rule_styles_n']}): accuracy "
        f"{found['rule_styles_accuracy']:.4f}. Exact set of reasons: "
        f"{found['exact_set_accuracy']:.4f} of {found['n']} rows.",
        "",
        "| label | F1 of mentioned |",
        "|---|---|",
        rows,
        "",
    ])


def report_files(metadata: dict[str, Any]) -> dict[str, bytes]:
    """Files written next to the model: report.md, confusion.png, metrics.json."""
    metrics = {"test": metadata["metrics"]["test"], "cv": metadata["metrics"]["cv"],
               "review": metadata["review"]}
    if "reasons_test" in metadata["metrics"]:
        metrics["reasons_test"] = metadata["metrics"]["reasons_test"]
    return {
        "report.md": report_markdown(metadata).encode("utf-8"),
        "confusion.png": confusion_png(metadata["metrics"]["test"]["confusion"],
                                       f"test set, model {metadata['version']}"),
        "metrics.json": (json.dumps(metrics, indent=2) + "\n").encode("utf-8"),
    }
