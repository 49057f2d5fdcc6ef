"""Charts as SVG markup, pure Python: bars and lines, styled only by CSS classes.

The desk's CSP forbids inline style and script, so every colour comes from classes in
static/insights.css (`series-0`, `series-1`, …); text is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 220, 48, 36, 12


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


def _scale(series: Sequence[Series]) -> float:
    top = max((v for s in series for v in s.values if v is not None), default=0)
    return top if top > 0 else 1.0


def _frame(
    labels: Sequence[str], top: float, title: str, body: list[str], series: Sequence[Series]
) -> str:
    plot_h = HEIGHT - BOTTOM - TOP
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH}" y2="{TOP + plot_h}"/>',
        f'<text class="tick" x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end">{_num(top)}</text>',
        f'<text class="tick" x="{LEFT - 4}" y="{TOP + plot_h}" text-anchor="end">0</text>',
        *body,
    ]
    step = max(1, len(labels) // 8)
    slot = (WIDTH - LEFT) / max(len(labels), 1)
    for i in range(0, len(labels), step):
        x = LEFT + slot * (i + 0.5)
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{HEIGHT - BOTTOM + 14}" '
            f'text-anchor="middle">{escape(labels[i])}</text>'
        )
    for n, s in enumerate(series):
        x = LEFT + n * 150
        parts.append(f'<rect class="series-{n}" x="{x}" y="{HEIGHT - 14}" width="10" height="10"/>')
        parts.append(f'<text class="legend" x="{x + 14}" y="{HEIGHT - 5}">{escape(s.name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _num(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.2g}"


def bars(labels: Sequence[str], series: Sequence[Series], *, title: str) -> str:
    """Grouped bars: one group per label, one bar per series."""
    top, plot_h = _scale(series), HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / max(len(labels), 1)
    width = slot * 0.8 / max(len(series), 1)
    body = []
    for i, label in enumerate(labels):
        for n, s in enumerate(series):
            value = s.values[i] or 0
            h = plot_h * value / top
            x = LEFT + slot * i + slot * 0.1 + n * width
            body.append(
                f'<rect class="series-{n}" x="{x:.1f}" y="{TOP + plot_h - h:.1f}" '
                f'width="{width:.1f}" height="{h:.1f}"><title>{escape(label)}, '
                f"{escape(s.name)}: {escape(_num(value))}</title></rect>"
            )
    return _frame(labels, top, title, body, series)


def lines(labels: Sequence[str], series: Sequence[Series], *, title: str) -> str:
    """One polyline per series over the labels (None values break nothing: they are skipped)."""
    top, plot_h = _scale(series), HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / max(len(labels), 1)
    body = []
    for n, s in enumerate(series):
        points = " ".join(
            f"{LEFT + slot * (i + 0.5):.1f},{TOP + plot_h - plot_h * v / top:.1f}"
            for i, v in enumerate(s.values)
            if v is not None
        )
        body.append(f'<polyline class="line series-{n}" points="{points}"/>')
    return _frame(labels, top, title, body, series)
