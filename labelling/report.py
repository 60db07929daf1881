"""The tally report: report.html (one self-contained page to print or send), summary.xlsx and
summary.csv (the same tables, to paste), and each chart as PNG."""

import base64
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape

from henno.labelling.charts import LABEL_COLOURS, Series, bar_chart
from henno.labelling.counts import row_counts
from henno.labelling.estimate import Estimate, acc_estimate, pacc_estimate
from henno.labelling.report_files import write_files
from henno.labelling.report_tables import (
    MENTIONS_NOTE,
    CrossTable,
    group_table,
    mention_table,
    overall_table,
    period,
)
from henno.labelling.summary_files import summary_csv, summary_xlsx
from henno.labelling.tally import Tally
from henno.model.labels import LABEL_JA, LABELS

JST = ZoneInfo("Asia/Tokyo")
_ENVIRONMENT = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                           autoescape=select_autoescape(default=True), trim_blocks=True,
                           lstrip_blocks=True)
_METHODS = {"acc": "補正した推定 (ACC)", "pacc": "補正した推定 (PACC)"}
SUMMARY_NAMES = ("summary.xlsx", "summary.csv")


def summary_download_name(source: str, name: str) -> str:
    """The name the page gives summary.xlsx or summary.csv of the file `source` when it is
    downloaded: 返納受付簿_2026年11月.xlsx -> 返納受付簿_2026年11月_集計.xlsx."""
    return name.replace("summary", f"{source.rsplit('.', 1)[0]}_集計")


def _tables_note(sources: Sequence[str], app_link: str | None, reviewed: bool) -> str:
    """Where the same tables are, by the names the reader gets them under: the page's
    downloads for a report opened from the page, the files beside report.html otherwise."""
    if app_link is not None and len(sources) == 1:
        xlsx, csv = (summary_download_name(sources[0], name) for name in SUMMARY_NAMES)
        note = (f"同じ表は、henno の画面の「集計表（Excel）をダウンロード」（{xlsx}。表ごとに "
                f"1 シートで、そのまま貼り付けられます）と「集計表（CSV）をダウンロード」（{csv}）"
                "からも取り出せます。")
        if reviewed:
            note += ("ただし、画面の集計表は判定した時点の表で、その後の確認結果は含みません。"
                     "確認結果を反映した件数は、このレポートの表をお使いください。")
        return note
    return ("同じ表は、このレポートと同じフォルダーにある summary.xlsx（表ごとに 1 シートで、"
            "そのまま貼り付けられます）と summary.csv にもあります。")


def estimates(tally: Tally, model: dict[str, Any] | None) -> list[Estimate]:
    """ACC and PACC of the whole file, when the labels are the model's own."""
    counts = tally.counts()
    if model is None or sum(counts) == 0 or not tally.model_labelled \
            or "cv_confusion" not in model:
        return []
    found = [acc_estimate(counts, model["cv_confusion"])]
    if tally.has_scores and "cv_mean_scores" in model:
        labels = tally.label_array()
        found.append(pacc_estimate(tally.score_matrix()[labels >= 0], model["cv_mean_scores"]))
    return found


def _charts(overall: CrossTable, groups: list[CrossTable]) -> dict[str, bytes]:
    names = [LABEL_JA[label] for label in LABELS]
    colours = [LABEL_COLOURS[label] for label in LABELS]  # as on the page
    charts = {"counts_by_label.png": bar_chart(
        "返納理由別の件数", names, [Series("件数", overall.total[:len(LABELS)],
                                          colour=colours)])}
    for n, table in enumerate(groups, start=1):
        if table.rows:
            series = [Series(name, [values[i] for _, values in table.rows], colour=colours[i])
                      for i, name in enumerate(names)]
            charts[f"group_{n}.png"] = bar_chart(
                table.title.replace("件数", "返納理由"), [name for name, _ in table.rows],
                series, stacked=True)
    return charts


def _advice(tally: Tally, has_estimates: bool) -> str:
    first = ("報告には「返納理由別の件数」の表の件数（各行の判定を数えたもの）をお使いください。")
    if has_estimates:
        return first + ("件数は台帳の判定列と一致します。モデルの誤りを補正した推定値は参考として"
                        "「詳しい説明」に載せています。")
    return first + "件数は台帳の判定列（確認・修正した判定を含む）と一致します。"


def _no_estimate_note(tally: Tally, model: dict[str, Any] | None) -> str:
    if model is None:
        return "モデルの情報がないため、誤りを補正した推定は行っていません。"
    return ("判定が手で確認・修正されているか、確からしさの列がないため、モデルの誤りを補正した"
            "推定は行っていません（件数はファイルの判定そのものです）。")


def _estimate_rows(tally: Tally, found: list[Estimate]) -> list[dict[str, Any]]:
    counts = tally.counts()
    return [{"name": LABEL_JA[label], "count": counts[i],
             "intervals": [(e.counts[i], e.low[i], e.high[i]) for e in found]}
            for i, label in enumerate(LABELS)]


def _alt(table: CrossTable) -> str:
    return (f"{table.title.replace('件数', '返納理由')}の積み上げ棒グラフ。"
            f"{len(table.rows)} 行、合計 {table.total[-1]:,} 件。")


def _overall_rows(overall: CrossTable, mentions: CrossTable) -> list[tuple[Any, ...]]:
    """(name, count, share, forms whose reasons include it or None, their share)."""
    total, labelled = overall.total[-1], mentions.total[-1]
    named = dict(zip(mentions.header[1:-1], mentions.total, strict=False))
    return [(name, count, count / total if total else 0.0, named.get(name),
             named.get(name, 0) / labelled if labelled else 0.0)
            for name, count in zip(overall.header[1:], overall.total, strict=True)]


def _shown(table: CrossTable) -> list[tuple[tuple[str, list[int]], tuple[str, list[float]]]]:
    """Each row with its shares, the 合計 row last."""
    return list(zip([*table.rows, ("合計", table.total)], table.shares(), strict=True))


def _page(tally: Tally, model: dict[str, Any] | None, overall: CrossTable,
          groups: list[tuple[CrossTable, CrossTable]], charts: dict[str, bytes],
          sources: Sequence[str], app_link: str | None) -> str:
    found = estimates(tally, model)
    overall_rows = _overall_rows(overall, mention_table(tally))
    label_counts = ", ".join(f"{LABEL_JA[lb]} {c:,} 件" for lb, c in zip(LABELS, overall.total))
    return _ENVIRONMENT.get_template("report.html").render(
        app_link=app_link, sources=list(sources), period=period(tally),
        created=datetime.now(JST).strftime("%Y年%-m月%-d日 %H:%M（日本時間）"),
        model_version=(model or {}).get("version") or "—",
        counts=row_counts(tally).japanese(), advice=_advice(tally, bool(found)),
        tables_note=_tables_note(sources, app_link, row_counts(tally).reviewed > 0),
        charts={name: base64.b64encode(data).decode() for name, data in charts.items()},
        overall_alt=f"返納理由別の件数の棒グラフ。{label_counts}。",
        overall_rows=overall_rows, mentions_note=MENTIONS_NOTE,
        groups=[{"table": table, "chart": f"group_{n}.png" if table.rows else None,
                 "alt": _alt(table), "rows": _shown(table), "mentions": mentions,
                 "mention_rows": _shown(mentions)}
                for n, (table, mentions) in enumerate(groups, start=1)],
        counting_note=("件数はファイルのすべての記入用紙の行です（合計行などの用紙でない行は数えません）。"
                       "空欄は理由が書かれていない用紙で、誤りではありません。読めないは文字を読み"
                       "取れなかった行、要確認はまだ確認が必要な行、確認済みは職員が確認した行です。"),
        estimates=[{"name": _METHODS[e.method]} for e in found],
        estimate_rows=_estimate_rows(tally, found),
        no_estimate_note=_no_estimate_note(tally, model),
    )


def write_report(tally: Tally, model: dict[str, Any] | None, folder: Path, *,
                 sources: Sequence[str] = (), app_link: str | None = None) -> Path:
    """Write report.html, summary.xlsx, summary.csv and the PNG charts into `folder`; return
    the html path. `sources` are the labelled files' names, `app_link` the address of the app
    (e.g. "/" for the page). Every file is written whole or not at all (ReportWriteError)."""
    overall = overall_table(tally)
    groups = [(group_table(tally, i), mention_table(tally, i))
              for i in range(len(tally.group_columns))]
    charts = _charts(overall, [table for table, _ in groups])
    page = _page(tally, model, overall, groups, charts, sources, app_link)
    tables = [overall, mention_table(tally), *(table for pair in groups for table in pair)]
    write_files(folder, charts | {"summary.xlsx": summary_xlsx(tables),
                                  "summary.csv": summary_csv(tables),
                                  "report.html": page.encode("utf-8")})
    return folder / "report.html"
