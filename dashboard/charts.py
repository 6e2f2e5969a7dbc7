"""Small SVG charts, built as text: no Django, no JavaScript, no external library.

Every chart is readable without colour: series differ by fill pattern (solid, hatched, dotted) or line dash
and marker, every bar carries its value as a label, and the legend repeats the pattern. The SVG uses
presentation attributes only (no style attribute, no <style> element), so a strict CSP allows it inline.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 320
FONT_SIZE = 12
FONT = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif"
TEXT = "#212529"
AXIS = "#6c757d"

# (fill colour, pattern kind) per series; dark colours keep 4.5:1 contrast on white for the outlines.
SERIES_STYLES: tuple[tuple[str, str], ...] = (("#1f4e79", "solid"), ("#9a4d00", "hatch"), ("#2e6b30", "dots"))
LINE_DASHES: tuple[str, ...] = ("", "6 4", "2 3")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]


# A character html.escape changes: most attribute values are numbers and colours, and skip its five replaces.
_NEEDS_ESCAPE = re.compile(r"[&<>\"']").search


def _escaped(value: object) -> str:
    text = str(value)
    return escape(text) if _NEEDS_ESCAPE(text) else text


def _attrs(**attributes: object) -> str:
    return " ".join(
        f'{name.rstrip("_").replace("_", "-")}="{_escaped(value)}"'
        for name, value in attributes.items()
        if value is not None and value != ""
    )


def _text(x: float, y: float, content: str, **attributes: object) -> str:
    return f"<text {_attrs(x=_num(x), y=_num(y), **attributes)}>{escape(content)}</text>"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _pattern_defs(chart_id: str, count: int) -> str:
    parts = []
    for index in range(count):
        colour, kind = SERIES_STYLES[index % len(SERIES_STYLES)]
        pattern_id = f"{chart_id}-s{index}"
        if kind == "hatch":
            parts.append(
                f'<pattern id="{pattern_id}" width="6" height="6" patternUnits="userSpaceOnUse" '
                f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
                f'<rect width="3" height="6" fill="{colour}"/></pattern>'
            )
        elif kind == "dots":
            parts.append(
                f'<pattern id="{pattern_id}" width="5" height="5" patternUnits="userSpaceOnUse">'
                f'<rect width="5" height="5" fill="#ffffff"/><circle cx="2.5" cy="2.5" r="1.6" fill="{colour}"/>'
                f"</pattern>"
            )
    return f"<defs>{''.join(parts)}</defs>" if parts else ""


def _fill(chart_id: str, index: int) -> str:
    colour, kind = SERIES_STYLES[index % len(SERIES_STYLES)]
    return colour if kind == "solid" else f"url(#{chart_id}-s{index})"


def _stroke(index: int) -> str:
    return SERIES_STYLES[index % len(SERIES_STYLES)][0]


def _open(chart_id: str, title: str, description: str, height: float) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_num(height)}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="dash-svg" '
        f'font-family="{escape(FONT)}" font-size="{FONT_SIZE}" fill="{TEXT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def _legend(chart_id: str, labels: Sequence[str], y: float, *, lines: bool = False) -> str:
    parts, x = [], 0.0
    for index, label in enumerate(labels):
        if lines:
            dash = LINE_DASHES[index % len(LINE_DASHES)]
            extra = {"stroke_dasharray": dash} if dash else {}
            parts.append(
                f"<line {_attrs(x1=_num(x), y1=_num(y - 4), x2=_num(x + 22), y2=_num(y - 4), stroke=_stroke(index))} "
                f'stroke-width="2.5" {_attrs(**extra)}/>'
            )
            parts.append(_marker(index, x + 11, y - 4))
            x += 28
        else:
            parts.append(
                f"<rect {_attrs(x=_num(x), y=_num(y - 11), width=14, height=12, fill=_fill(chart_id, index))} "
                f'stroke="{_stroke(index)}"/>'
            )
            x += 19
        parts.append(_text(x, y, label))
        x += 9 + len(label) * FONT_SIZE * 0.55
    return "".join(parts)


def hbar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    value_format: Callable[[float], str] = lambda value: f"{value:g}",
    notes: Sequence[str] | None = None,
) -> str:
    """Horizontal bars, the category's name on its own line above its bars (so long names fit a phone).

    `notes` (one per category, may be "") flags a category: its name turns bold and the note follows the value
    of its last bar, e.g. "44, short by 3".
    """
    bar, gap, label_height = 14, 10, 18
    notes = list(notes) if notes else [""] * len(categories)
    labels = [
        [
            value_format(s.values[i]) + (f", {notes[i]}" if notes[i] and k == len(series) - 1 else "")
            for i in range(len(categories))
        ]
        for k, s in enumerate(series)
    ]
    longest = max((len(label) for row in labels for label in row), default=1)
    value_room = min(WIDTH / 2, longest * (FONT_SIZE - 1) * 0.62 + 8)
    legend_height = 22 if len(series) > 1 else 0
    height = legend_height + (label_height + bar * len(series) + gap) * len(categories) + 4
    peak = max((value for s in series for value in s.values), default=0) or 1
    scale = (WIDTH - value_room) / peak
    parts = [_open(chart_id, title, description, height), _pattern_defs(chart_id, len(series))]
    if legend_height:
        parts.append(_legend(chart_id, [s.label for s in series], 14))
    y = float(legend_height)
    # Each bar written out as _attrs and _text would (same attributes, same order): a chart has a few hundred.
    bar_ends = [
        f'" height="{bar - 2}" fill="{_escaped(_fill(chart_id, k))}" stroke="{_stroke(k)}" stroke-width="1"/>'
        for k in range(len(series))
    ]
    for index, category in enumerate(categories):
        weight = ' font-weight="bold"' if notes[index] else ""
        parts.append(f'<text x="0" y="{_num(y + 13)}"{weight}>{escape(category)}</text>')
        y += label_height
        for s_index, s in enumerate(series):
            width = max(s.values[index] * scale, 1.5 if s.values[index] else 0)
            parts.append(f'<rect x="0" y="{_num(y)}" width="{_num(width)}{bar_ends[s_index]}')
            parts.append(
                f'<text x="{_num(width + 4)}" y="{_num(y + bar - 3)}" font-size="{FONT_SIZE - 1}">'
                f"{escape(labels[s_index][index])}</text>"
            )
            y += bar
        y += gap
    parts.append("</svg>")
    return "".join(parts)


def _marker(index: int, x: float, y: float) -> str:
    colour = _stroke(index)
    if index % 3 == 0:
        return f"<circle {_attrs(cx=_num(x), cy=_num(y), r=3.5, fill=colour)}/>"
    if index % 3 == 1:
        return f"<rect {_attrs(x=_num(x - 3.5), y=_num(y - 3.5), width=7, height=7, fill=colour)}/>"
    points = f"{_num(x)},{_num(y - 4.5)} {_num(x + 4.5)},{_num(y + 3.5)} {_num(x - 4.5)},{_num(y + 3.5)}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def _spread(ys: Sequence[float], gap: float = 14) -> list[float]:
    """The same positions, pushed apart so no two labels are closer than `gap` (input order kept)."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed: dict[int, float] = {}
    previous = None
    for i in order:
        y = ys[i] if previous is None else max(ys[i], previous + gap)
        placed[i] = previous = y
    return [placed[i] for i in range(len(ys))]


def _nice_top(peak: float) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if peak <= step * 4:
            return step * 4 if peak > step * 2 else step * 2 if peak > step else step
    return int(peak) + 1


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    days: Sequence[dt.date],
    series: Sequence[Series],
    marker_day: dt.date | None = None,
    marker_label: str = "",
) -> str:
    """Cumulative lines over days; each line ends with its name and last value written beside it."""
    left, right, top, bottom = 30, 84, 30, 36
    height = 230
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    peak = max((v for s in series for v in s.values), default=0)
    y_top = _nice_top(peak) if peak else 1
    span = max(len(days) - 1, 1)

    def px(i: float) -> float:
        return left + plot_w * i / span

    def py(value: float) -> float:
        return top + plot_h * (1 - value / y_top)

    parts = [_open(chart_id, title, description, height), _legend(chart_id, [s.label for s in series], 14, lines=True)]
    for tick in (0, y_top / 2, y_top):
        parts.append(
            f"<line {_attrs(x1=left, y1=_num(py(tick)), x2=left + plot_w, y2=_num(py(tick)), stroke='#dee2e6')}/>"
        )
        parts.append(_text(left - 4, py(tick) + 4, f"{tick:g}", text_anchor="end", font_size=FONT_SIZE - 2))
    parts.append(f"<line {_attrs(x1=left, y1=top, x2=left, y2=top + plot_h, stroke=AXIS)}/>")
    if days:
        for index in sorted({0, len(days) // 2, len(days) - 1}):
            anchor = "start" if index == 0 else "end" if index == len(days) - 1 else "middle"
            parts.append(
                _text(px(index), height - bottom + 16, days[index].strftime("%b %-d"), text_anchor=anchor, font_size=11)
            )
    if marker_day and days and days[0] <= marker_day <= days[-1]:
        x = px((marker_day - days[0]).days)
        parts.append(
            f'<line {_attrs(x1=_num(x), y1=top - 4, x2=_num(x), y2=top + plot_h, stroke=AXIS)} stroke-dasharray="3 3"/>'
        )
        parts.append(_text(x, height - 4, marker_label, text_anchor="middle", font_size=11, font_weight="bold"))
    drawn = [(index, s) for index, s in enumerate(series) if s.values]
    for index, s in drawn:
        points = " ".join(f"{_num(px(i))},{_num(py(v))}" for i, v in enumerate(s.values))
        dash = LINE_DASHES[index % len(LINE_DASHES)]
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{_stroke(index)}" stroke-width="2.5" '
            f"{_attrs(stroke_dasharray=dash)}/>"
        )
        parts.append(_marker(index, px(len(s.values) - 1), py(s.values[-1])))
    for (_index, s), label_y in zip(drawn, _spread([py(s.values[-1]) + 4 for _, s in drawn]), strict=True):
        parts.append(_text(px(len(s.values) - 1) + 7, label_y, f"{s.label} {s.values[-1]:g}", font_size=FONT_SIZE - 1))
    parts.append("</svg>")
    return "".join(parts)
