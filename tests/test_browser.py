"""End to end in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) against a
real `python -m legalqa serve` with the real model and index: a worker's question in their own
words finds the magazine case, a calculator form gives the figure with its legal basis, an
invalid form is explained next to the field, the phone layout does not scroll sideways.
Screenshots land in var/screenshots/ for a person to look at."""

from pathlib import Path

import httpx
import pytest
from live_server import running_server

from conftest import PROJECT_ROOT
from legalqa.cases import load_cases

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

# The three 广东工运 cases, found by a word of their title; each asked the way a worker might.
SEED_QUESTIONS = {
    "撤回": "我上周交了辞职报告，现在后悔了，想把辞职收回来继续上班，公司不同意，我能反悔吗？",
    "抚恤": "我爸在厂里上班时突发疾病去世了，不算工伤，家里人能领到哪些抚恤和丧葬补助？",
    "高温": "夏天车间里热得受不了，老板一直不给高温费，我该怎么办？",
}
RESULTS_QUESTION = SEED_QUESTIONS["高温"]


def _magazine_slug(title_word: str) -> str:
    for case in load_cases(PROJECT_ROOT / "cases")[0].values():
        if case.kind == "magazine" and title_word in case.title:
            return case.slug
    pytest.fail(f"no magazine case with 「{title_word}」 in its title under cases/")


@pytest.fixture(scope="module")
def server() -> str:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with running_server("browser-server.log") as base:
        yield base


# module scope: Playwright's sync API keeps an event loop running in this thread until it
# stops, which would break later tests that start their own (anyio.run in the MCP tests)
@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: apt-get install -y chromium (or `make browser`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _context(browser, base: str, viewport: dict, javascript: bool = True):
    phone = viewport["width"] < 600
    context = browser.new_context(viewport=viewport, base_url=base, locale="zh-CN", java_script_enabled=javascript,
                                  is_mobile=phone, has_touch=phone, device_scale_factor=2 if phone else 1)
    foreign: list[str] = []
    context.on("request", lambda req: None if req.url.startswith(base) else foreign.append(req.url))
    return context, foreign


def _console_errors(page) -> list[str]:
    """Console errors and uncaught exceptions (a blocked script or style shows up here)."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


@pytest.fixture
def phone(browser, server):
    context, foreign = _context(browser, server, PHONE)
    yield context.new_page()
    context.close()
    assert not foreign, f"third-party requests: {foreign}"


CALCULATOR = "heat_allowance"  # the form tests use it: a checkbox, a list of months, a figure with its basis
VALID = {"outdoor": True, "months": [{"month": "2024-07"}, {"month": "2024-08"}]}


def _ask(page, question: str) -> None:
    page.goto("/")
    page.get_by_label("遇到了什么问题？").fill(question)
    page.get_by_role("button", name="查一查").click()
    page.wait_for_url("**/search?q=*")


def _fill_valid(page) -> None:
    page.locator("#f-outdoor").check()
    page.locator("#f-months-0-month").fill("2024-07")
    page.locator("#f-months-1-month").fill("2024-08")


def _submit(page) -> int:
    with page.expect_navigation() as nav:
        page.get_by_role("button", name="计算").click()
    return nav.value.status


def _money(value: float) -> str:
    return f"{value:,.2f}"


def _shoot(page, name: str) -> None:
    """The whole page, and the first screen as the worker sees it."""
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-first-screen.png")


def _no_sideways_scroll(page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"horizontal scroll on {page.url}"


# ---- tests ----------------------------------------------------------------------------------

@pytest.mark.parametrize("title_word", list(SEED_QUESTIONS))
def test_question_in_own_words_finds_the_magazine_case_first(phone, title_word):
    slug = _magazine_slug(title_word)
    _ask(phone, SEED_QUESTIONS[title_word])
    first = phone.locator("#case-results li h3 a").first
    assert first.get_attribute("href") == f"/cases/{slug}", (
        f"first case: {first.inner_text()} — expected /cases/{slug}")
    assert phone.locator("footer").get_by_text("不构成针对具体案件的律师意见").is_visible()
    first.click()
    phone.wait_for_url(f"**/cases/{slug}")
    assert phone.locator("h1").inner_text()


def test_calculator_form_gives_the_figure_and_its_legal_basis(phone, server):
    expected = httpx.post(f"{server}/api/v1/calculators/{CALCULATOR}", json=VALID, timeout=30).json()
    phone.goto(f"/calculators/{CALCULATOR}")
    _fill_valid(phone)
    assert _submit(phone) == 200
    result = phone.locator("#result")
    total = expected["amounts"][-1]
    row = result.locator(".amount").filter(has_text=total["name"])
    assert _money(total["value"]) in row.inner_text()
    basis = result.locator("ul.links a")
    assert basis.count() >= 1
    assert basis.first.get_attribute("href").startswith("/articles/")
    assert expected["legal_basis"]["rates"][0]["source"][:20] in result.inner_text()
    phone.emulate_media(media="print")  # printable: the result stays, the form and navigation go
    assert result.is_visible() and not phone.locator("#calc-form").is_visible()
    assert not phone.locator("header nav").is_visible()
    phone.emulate_media(media="screen")
    basis.first.click()
    phone.wait_for_url("**/articles/**")
    assert phone.locator(".statute").inner_text().strip()


def test_invalid_form_shows_chinese_message_next_to_field_and_keeps_input(phone):
    phone.goto(f"/calculators/{CALCULATOR}")
    phone.locator("#f-workplace_temp_c").fill("35")
    phone.locator("#f-months-0-month").fill("2024-13")
    assert _submit(phone) == 422
    error = phone.locator("#field-months-0-month .field-error")
    assert "月份应为" in error.inner_text()
    assert phone.locator("#f-months-0-month").get_attribute("aria-invalid") == "true"
    assert phone.locator("#f-workplace_temp_c").input_value() == "35"
    assert phone.locator("#f-months-0-month").input_value() == "2024-13"
    phone.locator(".error-summary a").first.click()  # the summary links to the field
    assert phone.url.endswith("#f-months-0-month")


def test_works_without_javascript(browser, server):
    context, foreign = _context(browser, server, PHONE, javascript=False)
    page = context.new_page()
    _ask(page, "公司拖欠工资怎么办")
    assert page.locator("#case-results li, #article-results li").count() > 0
    page.goto(f"/calculators/{CALCULATOR}")
    _fill_valid(page)
    assert _submit(page) == 200
    assert page.locator("#result .amount").count() >= 1
    context.close()
    assert not foreign


def test_keyboard_focus_is_visible_and_enter_sends_the_question(browser, server):
    context, foreign = _context(browser, server, DESKTOP)
    page = context.new_page()
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.keyboard.press("Tab")
    style = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                          " return [document.activeElement.textContent, s.outlineStyle, s.backgroundColor]; })()")
    assert style[0] == "职工维权法律问答" and style[1] == "solid" and style[2] != "rgba(0, 0, 0, 0)"
    page.locator("#q").fill("公司不发高温补贴怎么办")
    page.locator("#q").press("Enter")  # app.js: Enter sends, Shift+Enter is a new line
    page.wait_for_url("**/search?q=*")
    context.close()
    assert not foreign


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_screenshots_and_no_horizontal_scroll(browser, server, size):
    viewport = PHONE if size == "phone" else DESKTOP
    context, foreign = _context(browser, server, viewport)
    page = context.new_page()
    errors = _console_errors(page)
    page.goto("/")
    _no_sideways_scroll(page)
    _shoot(page, f"home-{size}")
    _ask(page, RESULTS_QUESTION)
    _no_sideways_scroll(page)
    _shoot(page, f"results-{size}")
    page.goto(f"/calculators/{CALCULATOR}")
    _fill_valid(page)
    _submit(page)
    _no_sideways_scroll(page)
    _shoot(page, f"calculator-{size}")
    _ask(page, "火星上的猫会唱歌吗")
    _shoot(page, f"low-confidence-{size}")
    context.close()
    assert not foreign, f"third-party requests: {foreign}"
    assert not errors, f"console errors: {errors}"


# ---- the answer a worker reads first (issue 11) and the 2N form (issue 12) --------------------

OLDER_WORKER = "我今年五十八了厂里说我年纪大了不要我了 做了十二年 有冇补偿"
GOVERNING = {  # the first guide sentence must cite one of these (and never the misleading article)
    "怀孕三个月被公司炒鱿鱼了 说我经常请假 合法吗": ({"劳动合同法/42", "劳动合同法/87", "女职工劳动保护特别规定/5"},
                                         {"劳动合同法/40"}),
    OLDER_WORKER: ({"劳动合同法/48", "劳动合同法/87", "劳动合同法实施条例/21"}, {"劳动合同法/71"}),
    "在厂里干活手被机器压伤了公司没给我买社保医药费谁出能不能算工伤":
        ({"工伤保险条例/14", "工伤保险条例/17", "工伤保险条例/62"}, {"劳动合同法/92"}),
    "公司一直不给我交社保 我能不能自己辞职": ({"劳动合同法/38", "劳动合同法/46"}, set()),
}


def _first_sentence_cites(page) -> set[str]:
    from urllib.parse import unquote

    links = page.locator(".guide-answer p").first.locator(".cites a")
    return {unquote(links.nth(i).get_attribute("href")).removeprefix("/articles/") for i in range(links.count())}


@pytest.mark.parametrize("question", list(GOVERNING))
def test_answer_card_rests_on_the_governing_article_and_names_the_next_step(phone, question):
    governing, misleading = GOVERNING[question]
    _ask(phone, question)
    cited = _first_sentence_cites(phone)
    assert cited & governing and not cited & misleading, cited
    assert phone.locator(".steps li").count() >= 1 and phone.locator(".steps .who").first.inner_text()
    assert phone.locator("#unreviewed").is_visible()  # the guide is not yet reviewed by a lawyer: said so
    _no_sideways_scroll(phone)


def test_older_worker_is_asked_their_sex_in_a_form_and_told_the_answer_for_it(phone):
    _ask(phone, OLDER_WORKER)
    form = phone.locator("#facts-form")
    assert form.is_visible() and form.get_by_text("男").first.is_visible()
    _no_sideways_scroll(phone)
    _shoot(phone, "answer-older-worker-phone")
    asked = phone.locator(".guide-answer").inner_text()
    form.locator('input[value="sex=女"]').check()
    with phone.expect_navigation():
        form.get_by_role("button", name="按我的情况回答").click()
    told = phone.locator(".guide-answer").inner_text()
    assert told != asked and "fact=sex%3D%E5%A5%B3" in phone.url
    _no_sideways_scroll(phone)
    _shoot(phone, "answer-older-worker-told-phone")


def test_severance_form_computes_the_unlawful_dismissal_award(phone):
    # 3 years 7 months counts as 4 years (第四十七条); the award is twice that (第八十七条): 2 × 4 × 6,500
    phone.goto("/calculators/severance")
    phone.locator("#f-reason").select_option(label="单位违法解除或终止（要赔偿金，不要求复工）")
    phone.locator("#f-employer_years").fill("3")
    phone.locator("#f-employer_months").fill("7")
    phone.locator("#f-monthly_wage").fill("6500")
    assert _submit(phone) == 200
    result = phone.locator("main").inner_text()
    assert "52,000.00" in result and "第八十七条" in result, result[:500]
    _no_sideways_scroll(phone)


# ---- from a calculation to a claim (issue 13) -------------------------------------------------

def test_dongguan_worker_gets_the_claim_sheet_and_downloads_the_application(phone, server):
    # dismissed without reason after 3 years at 6,000 a month: the 2N award (2 × 3 × 6,000) and 15 unpaid days
    import io

    import docx

    from legalqa.claims import cite_together, statutes_in
    from legalqa.settings import Settings

    facts = {"worker_name": "李四妹", "worker_phone": "13812345678", "city": "东莞", "employer_name": "东莞某电子有限公司",
             "hire_date": "2022-01-01", "end_date": "2024-12-31", "job": "装配工",
             "narrative": "人事主管口头通知我明天不用来上班，没有说理由。"}
    claims = [{"calculator": "severance", "inputs": {"reason": "unlawful_termination", "hire_date": "2022-01-01",
                                                     "employment_end_date": "2024-12-31", "monthly_wage": 6000,
                                                     "city": "东莞"}},
              {"calculator": "unpaid_wages", "inputs": {"monthly_wage": 6000, "days_worked": 15, "month": "2024-12"}}]
    sheet = httpx.post(f"{server}/api/v1/claims", json={"facts": facts, "claims": claims}, timeout=30).json()
    assert sheet["lines"][0]["amount"] == 36000

    phone.goto("/calculators/severance")
    phone.locator("#f-reason").select_option("unlawful_termination")
    phone.locator("#f-hire_date").fill("2022-01-01")
    phone.locator("#f-employment_end_date").fill("2024-12-31")
    phone.locator("#f-monthly_wage").fill("6000")
    phone.locator("#f-city").fill("东莞")
    assert _submit(phone) == 200 and "36,000.00" in phone.locator("#result").inner_text()
    phone.get_by_role("link", name="生成仲裁申请书").click()
    phone.wait_for_url("**/claims/new?*")
    assert phone.locator("#f-severance").is_checked() and phone.locator("#f-city").input_value() == "东莞"
    for name in ("worker_name", "worker_phone", "employer_name", "job", "narrative"):
        phone.locator(f"#f-{name}").fill(facts[name])
    phone.locator("#f-unpaid_wages").check()
    phone.locator("#f-unpaid_wages-days_worked").fill("15")
    phone.locator("#f-unpaid_wages-month").fill("2024-12")
    with phone.expect_navigation() as nav:
        phone.get_by_role("button", name="生成请求清单").click()
    assert nav.value.status == 200
    shown = phone.locator("#sheet").inner_text()
    for line in sheet["lines"]:
        assert line["claim"] in shown and all(c in shown for c in line["citations"])
    assert phone.locator("#sheet-total").inner_text() == _money(sheet["total"]) == "40,137.93"
    assert phone.locator("#addressed-to").inner_text() == "东莞市劳动人事争议仲裁院"
    _no_sideways_scroll(phone)
    _shoot(phone, "claim-sheet-phone")

    with phone.expect_download() as download:
        phone.get_by_role("button", name="下载仲裁申请书（Word 文件）").click()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(download.value.path().read_bytes())).paragraphs)
    statutes = statutes_in(Settings().regulations_dir)
    for line in sheet["lines"]:
        assert line["claim"] in text and cite_together(line["source_ids"], statutes) in text
    assert "以上金额合计40137.93元。" in text
    assert "此致\n东莞市劳动人事争议仲裁院" in text and "申请人于2022年1月1日入职被申请人处，担任装配工" in text


def test_a_worker_picks_a_narrower_question_from_the_list_and_gets_its_rule_first(phone):
    _ask(phone, "公司不发高温补贴怎么办")
    listed = phone.locator("#more-questions")
    assert listed.is_visible()
    listed.locator("summary").click()
    link = listed.locator("a").first
    question = link.inner_text()
    with phone.expect_navigation():
        link.click()
    assert question in phone.locator("#asked").inner_text()
    assert phone.locator(".guide-answer p").first.locator(".cites a").count() >= 1
    _no_sideways_scroll(phone)
    _shoot(phone, "answer-narrower-question-phone")
