"""Check the external source links in the data, and describe the dead ones for one GitHub issue."""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from ..model.model import KnowledgeBase

USER_AGENT = "Mozilla/5.0 (compatible; cica-kb-link-check; +https://github.com/cica-secretariat/cica-kb)"


@dataclass(frozen=True)
class LinkResult:
    url: str
    status: int | None  # HTTP status, or None when nothing answered
    error: str = ""

    @property
    def dead(self) -> bool:
        return self.status is None or self.status in (404, 410) or self.status >= 500


def source_urls(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Every source URL in the data → the data files that cite it, in a stable order."""
    cited: dict[str, list[str]] = {}
    for records in kb.records.values():
        for record in records.values():
            for url in _urls(record.data):
                cited.setdefault(url, []).append(record.path)
    return dict(sorted(cited.items()))


def _urls(data) -> Iterator[str]:
    for source in data.get("sources", ()):
        yield source["url"]
    for area in data.get("priority_areas", ()):
        for source in area.get("sources", ()):
            yield source["url"]


def check_url(url: str, timeout: float) -> LinkResult:
    """HEAD first, GET when a server refuses HEAD; 401/403/429 count as alive (robots refused)."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return LinkResult(url, response.status)
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return LinkResult(url, error.code, str(error.reason))
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            return LinkResult(url, None, str(reason))
    return LinkResult(url, None, "no answer")


def check_links(
    urls: Iterable[str], timeout: float = 20, workers: int = 8, progress: Callable[[int], None] | None = None
) -> list[LinkResult]:
    """Check URLs concurrently; results in the order given."""
    urls = list(urls)
    results: list[LinkResult] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(lambda url: check_url(url, timeout), urls):
            results.append(result)
            if progress:
                progress(len(results))
    return results


def dead_links_report(results: Iterable[LinkResult], cited_by: dict[str, list[str]]) -> str:
    """Markdown for the dead-links issue; empty when every link answered."""
    dead = [result for result in results if result.dead]
    if not dead:
        return ""
    lines = [
        f"The weekly link check found {len(dead)} source link(s) that did not answer. Ministry sites often",
        "move pages: find the new address or an archived copy, and update the record's `sources`.",
        "",
        "| Link | Answer | Cited in |",
        "|---|---|---|",
    ]
    for result in dead:
        answer = f"HTTP {result.status}" if result.status else (result.error or "no answer").replace("|", "/")
        files = ", ".join(f"`{path}`" for path in cited_by.get(result.url, []))
        lines.append(f"| <{result.url}> | {answer} | {files} |")
    return "\n".join(lines) + "\n"
