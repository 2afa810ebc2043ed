"""The finder, the header search and the Submit form speak the language of their build's strings file.

The test makes a Russian site itself: the built site's pages under /ru/ with the Russian assets/kb-strings.js,
and one search index for the whole site at its root (`SHARED_SEARCH_INDEX`, the harder of the two layouts):
the scripts must find it there although Material's scope is /ru/.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Page, expect

from cica_kb.bench_run import serving
from cica_kb.js_strings import STRINGS_PATH, strings_module

CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@pytest.fixture(scope="module")
def two_languages(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("two-languages")
    shutil.copytree(site, root / "ru", ignore=shutil.ignore_patterns("pagefind"))
    shutil.copytree(site / "pagefind", root / "pagefind")
    (root / "ru" / STRINGS_PATH).write_text(strings_module("ru", shared_index=True), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def base_url(two_languages: Path) -> Iterator[str]:  # the `page` fixture treats every other address as another host
    with serving(two_languages) as url:
        yield url


def watch(page: Page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))
    return problems


def test_the_russian_finder_searches_the_sites_index_and_says_it_in_russian(page: Page, base_url: str, external_hosts: set[str]) -> None:
    problems = watch(page)
    page.goto(base_url + "ru/practices/find/?q=volunteer&to=2016")
    finder = page.locator("[data-kb-finder]")
    expect(finder).to_have_attribute("data-kb-finder-state", "done")
    expect(page.locator("[data-kb-finder-status]")).to_have_text(re.compile(r"^\d+ практик[аи]? по запросу «volunteer» с выбранными фильтрами\.$"))
    expect(page.locator("[data-kb-finder-chips] button")).to_have_text("Годы: по 2016×")
    expect(page.locator("[data-kb-finder-chips] button")).to_have_attribute("aria-label", "Убрать фильтр «Годы: по 2016»")
    page.locator("input[name=from]").fill("20x0")
    expect(page.locator("[data-kb-finder-year-problem]")).to_have_text("«20x0» — не год: введите четыре цифры, например 2010.")
    page.locator("input[name=from]").fill("")
    page.locator("#kb-finder-q").fill("volunter")  # a typo: the nearest word of the Russian build's vocabulary
    expect(page.locator("[data-kb-finder-suggestion]")).to_contain_text("По запросу «volunter» практик не найдено. Показаны результаты для volunteer.")
    expect(page.get_by_role("button", name="Искать только «volunter»")).to_be_visible()
    assert problems == [] and not external_hosts


def test_the_russian_header_search_says_what_it_found_in_russian(page: Page, base_url: str) -> None:
    problems = watch(page)
    page.goto(base_url + "ru/")
    page.locator("[data-kb-search-input]").click()
    page.keyboard.type("Kazakhstan")
    status = page.locator("[data-kb-search-status]")
    expect(status).to_have_text(re.compile(r"^Найден[оа] \d+ страниц[аы]?$"))
    expect(page.locator(".kb-search__finder a")).to_have_text("Искать «Kazakhstan» среди практик с фильтрами →")
    assert page.locator("[data-kb-search-results] a").first.get_attribute("href").startswith("/")  # the index's own addresses
    assert problems == []


def test_the_russian_form_speaks_russian(page: Page, base_url: str) -> None:
    problems = watch(page)
    page.goto(base_url + "ru/submit/")
    expect(page.locator("#kb-f-title")).to_be_visible()
    form = page.locator(".kb-submit")
    expect(form.locator(".kb-submit__required").first).to_have_text("(обязательно)")
    expect(page.locator("#kb-f-country option").first).to_have_text("Выберите…")
    page.get_by_role("button", name="Показать ошибки").click()
    expect(page.locator(".kb-submit__summary .admonition-title")).to_have_text(re.compile(r"^Перед продолжением нужно исправить \d+ ошиб(ку|ки|ок)$"))
    expect(page.locator(".kb-submit__status-text")).to_have_text(re.compile(r"^Чтобы продолжить, скачать или скопировать запись, исправьте \d+ ошиб"))
    expect(page.locator("[data-field=title] .kb-submit__error")).to_have_text("Заполните это поле.")
    page.locator("#kb-f-year").fill("12")
    page.locator("#kb-f-year").blur()
    expect(page.locator("[data-field=year] .kb-submit__error")).to_have_text(re.compile(r"^Введите целое число"))
    page.locator("#kb-f-summary").fill("x" * 301)
    expect(page.locator("[data-field=summary] .kb-submit__count")).to_have_text("На 1 символ больше допустимого (не более 300)")
    preview = page.locator(".kb-submit__page")
    expect(preview).to_contain_text("Последняя проверка:")
    expect(preview).to_contain_text(re.compile(r"\d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) \d{4}"))
    page.get_by_role("button", name=re.compile("^Добавить ещё")).click()
    texts = " ".join(page.locator(".kb-submit__app button, .kb-submit__summary, .kb-submit__status-text").all_inner_texts())
    assert CYRILLIC.search(texts)
    assert problems == []
