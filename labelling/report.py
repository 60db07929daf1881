"""The tally report: summary.csv, charts as PNG, and one self-contained report.html."""

import base64
import csv
import html
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from labelling.charts import Series, bar_chart
from labelling.estimate import Estimate, acc_estimate, pacc_estimate, raw_estimate
from labelling.months import month_buckets
from labelling.report_files import write_files
from labelling.tally import Tally
from model.labels import LABEL_JA, LABELS

MAX_GROUPS = 40


@dataclass
class Scope:
    """One slice of the rows: all of them, or those with one group value."""

    column: str
    value: str
    mask: np.ndarray | None
    estimates: list[Estimate]


def _estimates(tally: Tally, mask: np.ndarray | None,
               model: dict[str, Any] | None) -> list[Estimate]:
    counts = tally.counts(mask)
    found = [raw_estimate(counts)]
    if model is not None and sum(counts) > 0 and tally.model_labelled:
        found.append(acc_estimate(counts, model["cv_confusion"]))
        if tally.has_scores and "cv_mean_scores" in model:
            labels = tally.label_array() if mask is None else tally.label_array()[mask]
            scores = tally.score_matrix() if mask is None else tally.score_matrix()[mask]
            found.append(pacc_estimate(scores[labels >= 0], model["cv_mean_scores"]))
    return found


def _group_scopes(tally: Tally, model: dict[str, Any] | None) -> list[tuple[str, list[Scope]]]:
    result = []
    for column, ids, values in zip(tally.group_columns, tally.group_ids, tally.group_values):
        group_ids = np.frombuffer(ids, dtype=np.int32)
        months = month_buckets(values)
        names = ({gid: months[gid] for gid in values.values()} if months
                 else {gid: key or "(empty)" for key, gid in values.items()})
        rows_per_gid = np.bincount(group_ids, minlength=len(values))
        members: dict[str, list[int]] = {}
        for gid, name in sorted(names.items()):
            members.setdefault(name, []).append(gid)
        size = {name: int(rows_per_gid[gids].sum()) for name, gids in members.items()}
        # Months in time order; other values by row count (then name), the tail pooled.
        ordered = sorted(members) if months else sorted(members, key=lambda n: (-size[n], n))
        shown, rest = ordered[:MAX_GROUPS], ordered[MAX_GROUPS:]
        buckets = [(name, members[name]) for name in shown]
        if rest:
            buckets.append((f"(他 {len(rest)} グループ)", [g for n in rest for g in members[n]]))
        scopes = []
        for bucket, gids in buckets:
            mask = np.isin(group_ids, gids)
            scopes.append(Scope(column, bucket, mask, _estimates(tally, mask, model)))
        result.append((f"{column}（月別）" if months else column, scopes))
    return result


_METHOD_NAMES = {"raw": "予測ラベルの件数", "acc": "補正推定 (ACC)", "pacc": "補正推定 (PACC)"}


def chart_by_label(scope: Scope) -> bytes:
    series = [Series(_METHOD_NAMES[e.method], e.counts, e.low, e.high) for e in scope.estimates]
    return bar_chart("返納理由別の件数（95% 区間）", [LABEL_JA[lb] for lb in LABELS], series)


def chart_stacked(title: str, scopes: list[Scope]) -> bytes:
    series = [Series(LABEL_JA[label], [scope.estimates[0].counts[i] for scope in scopes])
              for i, label in enumerate(LABELS)]
    return bar_chart(title, [s.value for s in scopes], series, stacked=True)


def chart_flagged(tally: Tally) -> bytes:
    labels, flagged = tally.label_array(), np.frombuffer(tally.flagged, dtype=np.int8)
    shares = [float(flagged[labels == i].mean()) if (labels == i).any() else 0.0
              for i in range(len(LABELS))]
    return bar_chart(f"要確認 (needs_review): 全体 {flagged.mean():.1%}",
                     [LABEL_JA[lb] for lb in LABELS], [Series("要確認の割合", shares)],
                     ylabel="要確認の割合")


def summary_rows(overall: Scope, groups: list[tuple[str, list[Scope]]]) -> list[list[Any]]:
    header = ["scope", "group", "label", "label_ja", "count", "acc", "acc_low", "acc_high",
              "pacc", "pacc_low", "pacc_high"]
    rows: list[list[Any]] = [header]
    for title, scope in [("all", overall)] + [(t, s) for t, scopes in groups for s in scopes]:
        by_method = {e.method: e for e in scope.estimates}
        for i, label in enumerate(LABELS):
            row: list[Any] = [title, scope.value if title != "all" else "", label,
                              LABEL_JA[label], int(by_method["raw"].counts[i])]
            for method in ("acc", "pacc"):
                e = by_method.get(method)
                row += [round(e.counts[i], 1), round(e.low[i], 1), round(e.high[i], 1)] if e \
                    else ["", "", ""]
            rows.append(row)
    return rows


def _table(rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
                   for row in rows[1:])
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _img(data: bytes, alt: str) -> str:
    encoded = base64.b64encode(data).decode()
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{encoded}">'


def write_report(tally: Tally, model: dict[str, Any] | None, folder: Path) -> Path:
    """Write summary.csv, the PNG charts and report.html into `folder`; return the html path.
    Every file is written whole or not at all (ReportWriteError)."""
    overall = Scope("all", "", None, _estimates(tally, None, model))
    groups = _group_scopes(tally, model)
    charts = {"counts_by_label.png": chart_by_label(overall), "flagged.png": chart_flagged(tally)}
    for n, (title, scopes) in enumerate(groups, start=1):
        if scopes:
            charts[f"group_{n}.png"] = chart_stacked(f"返納理由の内訳: {title}", scopes)
    rows = summary_rows(overall, groups)
    summary = io.StringIO(newline="")
    csv.writer(summary).writerows(rows)
    page = _html(tally, model, rows, charts, groups)
    write_files(folder, charts | {"summary.csv": summary.getvalue().encode("utf-8-sig"),
                                  "report.html": page.encode("utf-8")})
    return folder / "report.html"


def _html(tally: Tally, model: dict[str, Any] | None, rows: list[list[Any]],
          charts: dict[str, bytes], groups: list[tuple[str, list[Scope]]]) -> str:
    flagged = np.frombuffer(tally.flagged, dtype=np.int8)
    version = html.escape(str(model.get("version"))) if model else "—"
    if model is None:
        note = "モデルの交差検証データがないため、補正推定はありません。"
    elif not tally.model_labelled:
        note = ("ラベルが手で修正されているか、スコア列がないため、モデルの誤りを補正する推定は"
                "行いません（件数はファイルのラベルそのままです）。")
    else:
        note = ("補正推定は学習時の交差検証で測った混同行列（ACC）と平均スコア（PACC）でモデルの"
                "誤りを補正した件数です。区間は 95% のブートストラップ区間です。")
    parts = [
        "<!doctype html><html lang='ja'><head><meta charset='utf-8'><title>返納理由の集計</title>",
        "<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:"
        "collapse;margin:1em 0;font-size:14px}td,th{border:1px solid #ccc;padding:3px 8px;"
        "text-align:right}th{background:#eef}img{max-width:100%}</style></head><body>",
        "<h1>返納理由の集計</h1>",
        f"<p>行数 {tally.rows:,} ・ ラベル付与 {tally.rows - tally.errors:,} ・ 要確認 "
        f"{int(flagged.sum()):,} ({flagged.mean() if tally.rows else 0:.1%}) ・ エラー "
        f"{tally.errors:,} ・ モデル {version}</p>",
        f"<p>{note}</p>",
        "<h2>理由別の件数</h2>", _img(charts["counts_by_label.png"], "counts by label"),
        _table([rows[0]] + [r for r in rows[1:] if r[0] == "all"]),
        "<h2>要確認の割合</h2>", _img(charts["flagged.png"], "share flagged for review"),
    ]
    for n, (title, _) in enumerate(groups, start=1):
        parts.append(f"<h2>{html.escape(title)} 別</h2>")
        if f"group_{n}.png" in charts:
            parts.append(_img(charts[f"group_{n}.png"], title))
        parts.append(_table([rows[0]] + [r for r in rows[1:] if r[0] == title]))
    parts.append("</body></html>")
    return "\n".join(parts)
