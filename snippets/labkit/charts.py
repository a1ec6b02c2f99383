"""실습이 출력하는 작은 SVG 꺾은선 그래프. 빌드할 때 한 번 그려져 페이지에 그대로 들어갑니다.

브라우저에서 도는 차트 라이브러리 없이, 숫자에서 곧바로 SVG 문자열을 만듭니다.

* ``line_chart(...)``: 선(계단선) 여러 개와 사건 표시를 그린 ``<svg>``를 돌려줍니다.
  ``<title>``과 ``<desc>``를 넣고 ``role="img"``로 묶어 화면 낭독기도 읽을 수 있게 합니다.
* 색은 Material 테마의 CSS 변수를 쓰고(없으면 기본색), 글자는 ``currentColor``라 어두운 모드에서도 보입니다.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape


@dataclass
class Line:
    label: str
    points: list[tuple[float, float | None]]  # (x, y). y가 None이면 그 구간은 끊깁니다
    color: str = "var(--md-primary-fg-color, #3f51b5)"
    dashed: bool = False
    step: bool = False  # 계단선: 다음 x까지 값을 유지


@dataclass
class Marker:
    label: str
    points: list[tuple[float, float]]
    shape: str = "circle"  # "circle", "triangle", "cross"
    color: str = "#e65100"


@dataclass
class Chart:
    title: str
    description: str
    x_label: str
    y_label: str
    lines: list[Line] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    width: int = 720
    height: int = 340
    ident: str = "chart"


def _ticks(top: float, count: int = 5) -> list[float]:
    step = max(1, round(top / count / 5) * 5) if top > 10 else 1
    return [step * i for i in range(int(top // step) + 1)]


def line_chart(chart: Chart) -> str:
    left, right, top, bottom = 56, 16, 20, 64  # 축 글자와 범례를 둘 여백
    xs = [x for line in chart.lines for x, y in line.points if y is not None]
    ys = [y for line in chart.lines for x, y in line.points if y is not None]
    x_max, y_max = max(xs), max(ys) * 1.08
    plot_w, plot_h = chart.width - left - right, chart.height - top - bottom

    def px(x: float) -> float:
        return round(left + x / x_max * plot_w, 1)

    def py(y: float) -> float:
        return round(top + plot_h - y / y_max * plot_h, 1)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {chart.width} {chart.height}" role="img" '
        f'aria-labelledby="{chart.ident}-title {chart.ident}-desc" width="{chart.width}" height="{chart.height}" '
        'style="max-width:100%;height:auto" '
        'font-size="12" font-family="inherit">',
        f'<title id="{chart.ident}-title">{escape(chart.title)}</title>',
        f'<desc id="{chart.ident}-desc">{escape(chart.description)}</desc>',
        '<g fill="currentColor" stroke="currentColor">',
    ]
    for y in _ticks(y_max):  # 가로 눈금선과 y축 숫자
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{py(y)}" y2="{py(y)}" stroke-opacity="0.15"/>')
        out.append(f'<text x="{left - 6}" y="{py(y) + 4}" text-anchor="end" stroke="none">{y:g}</text>')
    for x in _ticks(x_max, 10):
        out.append(f'<text x="{px(x)}" y="{top + plot_h + 16}" text-anchor="middle" stroke="none">{x:g}</text>')
    out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}"/>')
    out.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}"/>')
    out.append(
        f'<text x="{left + plot_w / 2}" y="{top + plot_h + 34}" text-anchor="middle" stroke="none">'
        f"{escape(chart.x_label)}</text>"
    )
    out.append(
        f'<text transform="translate(14 {top + plot_h / 2}) rotate(-90)" text-anchor="middle" stroke="none">'
        f"{escape(chart.y_label)}</text>"
    )
    out.append("</g>")
    for line in chart.lines:
        out.append(_path(line, px, py))
    for marker in chart.markers:
        out.extend(_shape(marker.shape, px(x), py(y), marker.color) for x, y in marker.points)
    out.append(_legend(chart, left, chart.height - 10))
    out.append("</svg>")
    return "\n".join(out)


def _path(line: Line, px, py) -> str:
    """끊긴 구간(y=None)은 새 선으로 시작합니다. 계단선이면 다음 점의 x까지 같은 높이를 유지합니다."""
    commands, pen_down, previous_y = [], False, None
    for x, y in line.points:
        if y is None:
            pen_down = False
            continue
        if pen_down and line.step:
            commands.append(f"L{px(x)},{py(previous_y)}")
        commands.append(f"{'L' if pen_down else 'M'}{px(x)},{py(y)}")
        pen_down, previous_y = True, y
    dash = ' stroke-dasharray="6 4"' if line.dashed else ""
    return f'<path d="{" ".join(commands)}" fill="none" stroke="{line.color}" stroke-width="2"{dash}/>'


def _shape(shape: str, x: float, y: float, color: str, size: float = 5) -> str:
    if shape == "triangle":
        points = f"{x},{y - size} {x - size},{y + size} {x + size},{y + size}"
        return f'<polygon points="{points}" fill="{color}"/>'
    if shape == "cross":
        return (
            f'<path d="M{x - size},{y - size} L{x + size},{y + size} M{x - size},{y + size} L{x + size},{y - size}" '
            f'stroke="{color}" stroke-width="2.5"/>'
        )
    return f'<circle cx="{x}" cy="{y}" r="{size - 1}" fill="{color}"/>'


def _legend(chart: Chart, x: float, y: float) -> str:
    parts = ['<g font-size="12">']
    for line in chart.lines:
        dash = ' stroke-dasharray="6 4"' if line.dashed else ""
        parts.append(
            f'<line x1="{x}" x2="{x + 22}" y1="{y - 4}" y2="{y - 4}" stroke="{line.color}" stroke-width="2"{dash}/>'
        )
        parts.append(f'<text x="{x + 28}" y="{y}" fill="currentColor">{escape(line.label)}</text>')
        x += 40 + 13 * len(line.label)
    for marker in chart.markers:
        parts.append(_shape(marker.shape, x + 6, y - 4, marker.color))
        parts.append(f'<text x="{x + 16}" y="{y}" fill="currentColor">{escape(marker.label)}</text>')
        x += 30 + 13 * len(marker.label)
    parts.append("</g>")
    return "\n".join(parts)
