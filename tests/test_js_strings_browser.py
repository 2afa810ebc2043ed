"""The finder, the header search and the Submit form speak the language of their build's strings file.

The built site's Russian pages (/ru/, each language with its own search index) are opened as a reader would;
one more test lays the site out with one search index for the whole site at its root (SHARED_SEARCH_INDEX),
which the scripts must find although Material's scope is /ru/.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from cica_kb.render.js_strings import STRINGS_PATH, strings_module
from cica_kb.tools.local_site import serving
from support.browser import load_axe

CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def watch(page: Page) -> list[str]:
    """Console errors, script errors and failed requests."""
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))
    return problems


def test_the_russian_finder_searches_its_index_and_says_it_in_russian(page: Page, base_url: str, external_hosts: set[str]) -> None:
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
    expect(page.locator("[data-kb-finder-suggestion]")).to_contain_text(
        re.compile(r"^По запросу «volunter» практик не найдено\. Показаны результаты для volunteers?\."))
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
    assert page.locator("#kb-f-country optgroup").evaluate_all("groups => groups.map(group => group.label)") == ["Государства-члены", "Государства-наблюдатели"]
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


def test_with_one_index_for_the_whole_site_the_russian_finder_finds_it_at_the_root(
    site: Path, browser: Browser, tmp_path_factory: pytest.TempPathFactory,
) -> None:
    root = tmp_path_factory.mktemp("one-index")
    shutil.copytree(site, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("pagefind"))
    shutil.copytree(site / "ru" / "pagefind", root / "pagefind")  # indexed from /ru/: its addresses lack /ru/, enough here
    (root / "ru" / STRINGS_PATH).write_text(strings_module("ru", shared_index=True), encoding="utf-8")
    with serving(root) as url:
        context = browser.new_context()
        page = context.new_page()
        problems = watch(page)
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        page.goto(url + "ru/practices/find/?q=volunteer")
        expect(page.locator("[data-kb-finder]")).to_have_attribute("data-kb-finder-state", "done", timeout=10_000)
        expect(page.locator("[data-kb-finder-status]")).to_have_text(re.compile(r"^\d+ практик[аи]? по запросу «volunteer»\.$"))
        assert url + "pagefind/pagefind.js" in asked and not any("/ru/pagefind/" in address for address in asked)
        assert problems == []
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("address", ["ru/submit/", "ru/practices/find/?q=volunteer"])
def test_the_russian_form_and_finder_are_accessible_at_phone_width(page: Page, base_url: str, scheme: str, address: str) -> None:
    """Longer Russian words must not push the page sideways or break the contrast and labels axe-core checks."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + address)
    if "submit" in address:
        expect(page.locator("#kb-f-title")).to_be_visible()
        page.get_by_role("button", name="Показать ошибки").click()
        scope = ".kb-submit"
    else:
        expect(page.locator("[data-kb-finder]")).to_have_attribute("data-kb-finder-state", "done")
        scope = "[data-kb-finder]"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "the page scrolls sideways at phone width"
    page.mouse.move(0, 0)
    load_axe(page)
    result = page.evaluate("""async (scope) => {
        const result = await axe.run(document.querySelector(scope), {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']});
        return result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
          .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ') + ' ' + n.failureSummary).join(', ')}`);
    }""", scope)
    assert result == []
