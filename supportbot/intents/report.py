"""Printing an intent evaluation report as tables."""

from __future__ import annotations

from supportbot.intents.evaluation import EvalReport


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.2f}%"


def print_report(report: EvalReport) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    summary = Table(title=f"Intent evaluation ({report.examples} tickets, model {report.model_version})")
    summary.add_column("metric")
    summary.add_column("value", justify="right")
    for name, value in (
        ("accuracy", _pct(report.accuracy)),
        ("macro-F1", f"{report.macro_f1:.4f}"),
        ("in-scope accuracy", _pct(report.in_scope_accuracy)),
        ("out-of-scope recall", _pct(report.oos_recall)),
        ("out-of-scope precision", _pct(report.oos_precision)),
        ("ECE (top probability)", f"{report.ece:.4f}"),
        ("errors escalated (catch rate)", _pct(report.error_catch_rate)),
        ("tickets escalated", _pct(report.escalation_rate)),
        ("thresholds oos / low", f"{report.oos_threshold:.2f} / {report.low_confidence_threshold:.2f}"),
        (
            "latency P50 / P95 per ticket (wall)",
            f"{report.latency_ms_p50:.2f} / {report.latency_ms_p95:.2f} ms",
        ),
        ("CPU time P50 / P95 per ticket", f"{report.cpu_ms_p50:.2f} / {report.cpu_ms_p95:.2f} ms"),
    ):
        summary.add_row(name, value)
    console.print(summary)
    per = Table(title="Per intent")
    for column in ("intent", "precision", "recall", "F1", "support"):
        per.add_column(column, justify="left" if column == "intent" else "right")
    for name, row in sorted(report.per_intent.items(), key=lambda item: item[1].f1):
        per.add_row(name, f"{row.precision:.3f}", f"{row.recall:.3f}", f"{row.f1:.3f}", str(row.support))
    console.print(per)
    conf = Table(title="Top confusions")
    for column in ("true", "predicted", "n", "example"):
        conf.add_column(column)
    for c in report.top_confusions:
        conf.add_row(
            c.true, c.predicted, str(c.count), (c.examples[0] if c.examples else "")[:90].replace("\n", " ")
        )
    console.print(conf)
