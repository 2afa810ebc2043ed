"""What a build knows beyond the data: its addresses, git dates and day. Passed into the page plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping
from urllib.parse import quote, urlencode

from ..load.history import FileDates
from .model import Record


@dataclass(frozen=True)
class SiteContext:
    site_url: str = "/"
    repo_url: str = ""
    dates: Mapping[str, FileDates] = field(default_factory=dict)
    build_day: str = "1970-01-01"  # the build's fixed date (SOURCE_DATE_EPOCH), for reproducible output
    practice_template: str = ""  # templates/practice.yml, prefilled into "Add a practice"
    branch: str = "main"
    as_of: str = "1970-01-01"  # the day publication rules are applied for (CICA_KB_AS_OF or today)
    preview: bool = False  # a preview (`make serve`, pull requests) shows pending entries, labelled
    language: str = "en"  # the language this build's pages are written in (cica_kb.i18n.LANGUAGES)

    def url(self, path: str) -> str:
        """The permanent address of a file of the site."""
        return f"{self.site_url.rstrip('/')}/{path}"

    def page_url(self, record: Record) -> str:
        """The permanent address of a record's page."""
        return self.url(record.page.removesuffix(".md") + "/")

    def dates_of(self, path: str) -> FileDates:
        """When a data file was added and last changed; the build's day for a file not yet committed."""
        return self.dates.get(path) or FileDates(self.build_day, self.build_day)

    def _repo(self) -> str:
        return self.repo_url.rstrip("/")

    def edit_url(self, path: str) -> str:
        """GitHub's editor for a file of the repository (GitHub forks it for people without access)."""
        return f"{self._repo()}/edit/{self.branch}/{quote(path)}"

    def new_file_url(self, folder: str, filename: str, value: str) -> str:
        """GitHub's create-file page with a path and content prefilled."""
        query = urlencode({"filename": filename, "value": value}, quote_via=quote)
        return f"{self._repo()}/new/{self.branch}/{quote(folder)}?{query}"

    def issue_url(self, template: str, title: str, **fields: str) -> str:
        """A new issue from an issue form, its fields prefilled by id."""
        query = urlencode({"template": template, "title": title, **fields}, quote_via=quote)
        return f"{self._repo()}/issues/new?{query}"
