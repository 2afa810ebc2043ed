"""Layout of the structure diagram (bodies and who reports to whom), drawn as SVG by a template.

Computed at build time so the diagram needs no script or third-party service in the browser.
"""

from __future__ import annotations

import posixpath
import textwrap
from dataclasses import dataclass

from ..check.schemas import value_labels
from ..i18n import N_, SOURCE_LANGUAGE, translator
from ..model.dates import parse_partial
from ..model.model import KnowledgeBase, Record

# Three boxes a row keep the drawing narrow enough that its 14px labels stay 12px or more in the
# content column of a desktop page (about 690px); below 45em the page shows the lists instead.
BOX_WIDTH, BOX_HEIGHT, GAP, ROW_GAP, LABEL_WIDTH, PER_ROW = 190, 48, 24, 40, 120, 3


@dataclass(frozen=True)
class Box:
    body: Record
    x: int
    y: int
    lines: tuple[str, ...]
    href: str

    @property
    def centre_x(self) -> int:
        return self.x + BOX_WIDTH // 2

    @property
    def text_rows(self) -> tuple[tuple[int, str], ...]:
        """(baseline y, text) of each line, centred vertically in the box."""
        first = self.y + BOX_HEIGHT // 2 + 5 - (len(self.lines) - 1) * 8
        return tuple((first + index * 16, line) for index, line in enumerate(self.lines))


@dataclass(frozen=True)
class Arrow:
    """From the reporting body to the body it reports to."""

    path: str
    label: str


@dataclass(frozen=True)
class Band:
    label: str
    y: int
    height: int


@dataclass(frozen=True)
class StructureDiagram:
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]
    bands: tuple[Band, ...]
    width: int
    height: int


def directory_url(from_page: str, to_page: str) -> str:
    """The relative URL between two pages as MkDocs writes them (`bodies/soc.md` → `soc/`)."""

    def folder(page: str) -> str:
        stem = page.removesuffix(".md")
        return stem.removesuffix("index").rstrip("/") if stem.endswith("index") else stem

    return posixpath.relpath(folder(to_page) or ".", folder(from_page) or ".") + "/"


def structure_diagram(kb: KnowledgeBase, page: str, language: str = SOURCE_LANGUAGE) -> StructureDiagram:
    tr = translator(language)
    boxes: list[Box] = []
    bands: list[Band] = []
    y = 0
    for category, label in value_labels("body", "category").items():  # in the schema's order
        bodies = [body for body in kb.all("bodies") if body["category"] == category]
        if not bodies:
            continue
        rows = (len(bodies) + PER_ROW - 1) // PER_ROW
        for index, body in enumerate(bodies):
            x = LABEL_WIDTH + (index % PER_ROW) * (BOX_WIDTH + GAP)
            top = y + (index // PER_ROW) * (BOX_HEIGHT + GAP) + GAP // 2
            lines = tuple(textwrap.wrap(body.label, 24)[:2])
            boxes.append(Box(body, x, top, lines, directory_url(page, body.page)))
        height = rows * (BOX_HEIGHT + GAP)
        bands.append(Band(tr.gettext(label), y, height))
        y += height + ROW_GAP
    by_key = {box.body.key: box for box in boxes}
    arrows = tuple(
        _arrow(
            box,
            by_key[box.body["reports_to"]],
            tr.gettext(
                "%(body)s reports to %(parent)s", body=box.body.label, parent=by_key[box.body["reports_to"]].body.label
            ),
        )
        for box in boxes
        if box.body.get("reports_to") in by_key
    )
    width = LABEL_WIDTH + PER_ROW * (BOX_WIDTH + GAP)
    return StructureDiagram(tuple(boxes), arrows, tuple(bands), width, y - ROW_GAP + GAP // 2)


def _arrow(child: Box, parent: Box, label: str) -> Arrow:
    if child.y == parent.y:  # side by side: from the nearer side
        start, end = (child.x, parent.x + BOX_WIDTH) if child.x > parent.x else (child.x + BOX_WIDTH, parent.x)
        middle = child.y + BOX_HEIGHT // 2
        return Arrow(f"M{start},{middle} L{end},{middle}", label)
    if child.y > parent.y:
        return Arrow(f"M{child.centre_x},{child.y} L{parent.centre_x},{parent.y + BOX_HEIGHT}", label)
    return Arrow(f"M{child.centre_x},{child.y + BOX_HEIGHT} L{parent.centre_x},{parent.y}", label)


@dataclass(frozen=True)
class TermBar:
    """One chairmanship on the timeline; `open_start` when the sources do not agree on its start."""

    chairmanship: Record
    state: Record
    x: int
    width: int
    y: int
    open_start: bool
    href: str


@dataclass(frozen=True)
class Timeline:
    bars: tuple[TermBar, ...]
    ticks: tuple[tuple[int, int], ...]  # (x, year)
    width: int
    height: int


YEAR_WIDTH, BAR_HEIGHT, BAR_GAP, AXIS_HEIGHT, NAME_WIDTH = 30, 26, 10, 28, 110


def chairmanship_timeline(kb: KnowledgeBase, page: str) -> Timeline:
    """Chairmanships as bars along the years, oldest at the top."""
    terms = kb.all("chairmanships")
    first_year = min(int(str(t.get("from") or t["to"])[:4]) for t in terms) - 4
    last_year = max(int(str(t["to"])[:4]) for t in terms) + 1

    def x_of(value: str, *, end: bool = False) -> int:
        parts = parse_partial(value) or (int(value[:4]),)
        months = (parts[1] if len(parts) > 1 else (12 if end else 1)) - (0 if end else 1)
        return NAME_WIDTH + round((parts[0] - first_year + months / 12) * YEAR_WIDTH)

    bars = []
    for index, term in enumerate(terms):
        start = x_of(term["from"]) if "from" in term.data else NAME_WIDTH
        end = x_of(term["to"], end=True)
        state = kb.get("states", term["state"])
        bars.append(
            TermBar(
                term,
                state,
                start,
                max(end - start, 4),
                index * (BAR_HEIGHT + BAR_GAP),
                "from" not in term.data,
                directory_url(page, term.page),
            )
        )
    ticks = tuple(
        (NAME_WIDTH + (year - first_year) * YEAR_WIDTH, year)
        for year in range(first_year, last_year + 1)
        if year % 4 == 2
    )
    height = len(bars) * (BAR_HEIGHT + BAR_GAP) + AXIS_HEIGHT
    return Timeline(tuple(bars), ticks, NAME_WIDTH + (last_year - first_year + 1) * YEAR_WIDTH, height)


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    width: int


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[Bar, ...]
    label_width: int
    width: int
    height: int


# A chart is 350 px wide and drawn at its own size (CSS: never wider, narrower only if it must): its 12px labels stay
# 12px on a desktop and in a phone's 358px column alike.
ROW, CHART_LABEL_WIDTH, CHART_BAR_SPACE = 22, 90, 220
NO_YEAR = N_("no year")  # the bar of practices without a year


def bar_chart(title: str, counts: list[tuple[str, int]]) -> BarChart:
    """Horizontal bars in the order given (never sorted by size: no ranking)."""
    most = max((count for _, count in counts), default=1) or 1
    bars = tuple(
        Bar(label, count, index * ROW, max(round(count / most * CHART_BAR_SPACE), 2))
        for index, (label, count) in enumerate(counts)
    )
    return BarChart(title, bars, CHART_LABEL_WIDTH, CHART_LABEL_WIDTH + CHART_BAR_SPACE + 40, len(bars) * ROW + 4)


def practices_by_year(kb: KnowledgeBase, language: str = SOURCE_LANGUAGE) -> BarChart:
    tr = translator(language)
    years: dict[str, int] = {}
    for practice in kb.all("practices"):
        key = str(practice.get("year", tr.gettext(NO_YEAR)))
        years[key] = years.get(key, 0) + 1
    return bar_chart(tr.gettext("Practices by year"), sorted(years.items()))


def practices_by_kind(kb: KnowledgeBase, kinds: tuple[str, ...], language: str = SOURCE_LANGUAGE) -> BarChart:
    tr = translator(language)
    labels = value_labels("practice", "kind")
    counts = [(tr.gettext(labels[kind]), sum(p["kind"] == kind for p in kb.all("practices"))) for kind in kinds]
    return bar_chart(tr.gettext("Practices by kind"), counts)
