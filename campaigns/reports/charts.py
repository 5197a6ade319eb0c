"""Charts drawn on the server: SVG for time series, HTML bars for rankings.

No JavaScript and no network. Labels are HTML text, so Arabic and mixed scripts are
laid out by the browser; under dir="rtl" the stylesheet mirrors the time axis.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH, HEIGHT, PAD = 600, 160, 6


def empty(label: str) -> SafeString:
    """What a chart with nothing to draw says instead of a blank box."""
    return format_html(
        '<p class="chart-empty" role="img" aria-label="{}">{}</p>', label, _("No data yet for this period.")
    )


def time_series(points: list[tuple[str, int]], *, label: str) -> SafeString:
    """A filled line of ``(x label, value)`` points; a period with nothing in it says so."""
    if not any(value for _x, value in points):
        return empty(label)
    top = max(value for _x, value in points) or 1
    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)
    coords = [(PAD + i * step, HEIGHT - PAD - (HEIGHT - 2 * PAD) * value / top) for i, (_x, value) in enumerate(points)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    area = f"{PAD},{HEIGHT - PAD} {line} {coords[-1][0]:.1f},{HEIGHT - PAD}"
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3"><title>{}: {}</title></circle>',
        ((f"{x:.1f}", f"{y:.1f}", name, value) for (x, y), (name, value) in zip(coords, points, strict=True)),
    )
    return format_html(
        '<svg class="chart-series" viewBox="0 0 {} {}" role="img" aria-label="{}" preserveAspectRatio="none">'
        '<polygon class="area" points="{}"/><polyline class="line" points="{}"/>{}</svg>',
        WIDTH,
        HEIGHT,
        label,
        area,
        line,
        dots,
    )


def bars(rows: list[tuple[str, int]], *, label: str) -> SafeString:
    """Horizontal bars with their labels and values, longest first as given; none (or all zero) says so."""
    if not any(value for _name, value in rows):
        return empty(label)
    top = max((value for _name, value in rows), default=0) or 1
    items = format_html_join(
        "",
        '<li><span class="bar-label">{}</span><span class="bar-track"><span class="bar" style="inline-size:{}%">'
        '</span></span><span class="bar-value">{}</span></li>',
        ((name, f"{100 * value / top:.1f}", value) for name, value in rows),
    )
    return format_html('<ul class="chart-bars" aria-label="{}">{}</ul>', label, items)


def funnel(stages: list[tuple[str, int]], *, label: str) -> SafeString:
    """Stages of a pipeline as bars relative to the first one."""
    return bars(stages, label=label)
