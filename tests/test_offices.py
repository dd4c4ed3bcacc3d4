"""Where to file: the offices data file's rules (every row sourced and dated, the 21 cities, MISSING
where no source gives a value, rows copied from ../shared/offices as they are there), the lookup by
the names a worker uses, and GET /api/v1/offices."""

import copy
from datetime import date
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from api.main import create_app
from legalqa.errors import NotFound
from legalqa.offices import MISSING, OFFICES_FILE, OfficesFileError, load_offices, parse_offices
from legalqa.regulations import load_statutes
from legalqa.settings import Settings
from legalqa.tools import call_tool

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_FILE = PROJECT_ROOT / "offices" / OFFICES_FILE
RAW = yaml.safe_load(DATA_FILE.read_text("utf-8"))
OFFICES = load_offices(PROJECT_ROOT / "offices")
GUANGDONG_CITIES = {"广州", "深圳", "珠海", "汕头", "佛山", "韶关", "河源", "梅州", "惠州", "汕尾", "东莞", "中山", "江门",
                    "阳江", "湛江", "茂名", "肇庆", "清远", "潮州", "揭阳", "云浮"}
RAW_ROWS = [(c["city"], r) for c in RAW["cities"] if c["commissions"] != MISSING for r in c["commissions"]]


# ── the data file ──────────────────────────────────────────────────────────────────────────────

def test_the_21_cities_each_once():
    assert sorted(c.city for c in OFFICES.cities) == sorted(GUANGDONG_CITIES)


def test_dongguan_and_zhongshan_take_cases_at_city_level_the_others_at_county_level():
    levels = {c.city: c.case_level for c in OFFICES.cities}
    assert {c for c, level in levels.items() if level == "city"} == {"东莞", "中山"}


def test_every_row_and_hotline_has_a_source_and_a_checked_date():
    rows = [r for c in OFFICES.cities for r in c.commissions] + list(OFFICES.hotlines.values())
    assert len(rows) == 35 + 3
    assert all(r.source.url.startswith("http") and r.source.title and r.checked <= date.today() for r in rows)


def test_no_address_or_phone_is_left_empty_missing_stands_where_no_source_gives_one():
    values = [r[f] for _, r in RAW_ROWS for f in ("address", "phone")]
    assert all(isinstance(v, str) and v.strip() for v in values)
    # 广州, 珠海 and 汕头 are known by name only; 高埗's address was cut off in its source
    assert [r["name"] for _, r in RAW_ROWS if MISSING in (r["address"], r["phone"])] == [
        "广州市劳动人事争议仲裁委员会", "中国(广东)自由贸易试验区广州南沙新区片区劳动人事争议仲裁委员会",
        "珠海市劳动人事争议仲裁委员会", "横琴粤澳深度合作区劳动人事争议仲裁委员会", "汕头市劳动人事争议仲裁委员会",
        "东莞市劳动人事争议仲裁院高埗仲裁庭"]


def test_cities_without_a_sourced_commission_say_missing():
    missing = {c["city"] for c in RAW["cities"] if c["commissions"] == MISSING}
    assert missing == GUANGDONG_CITIES - {"广州", "深圳", "珠海", "汕头", "东莞", "中山"}


def test_rows_from_shared_offices_are_copied_as_they_are_there(shared_dir):
    shared = yaml.safe_load((shared_dir / "offices" / "arbitration_commissions.yaml").read_text("utf-8"))
    by_name = {r["name"]: r for r in shared["commissions"]}
    shared_urls = {r["source"]["url"] for r in shared["commissions"]}
    for city, row in RAW_ROWS:
        source = RAW["sources"][row["source"]]
        if source["url"] not in shared_urls:
            continue  # a row added from a new source
        original = by_name[row["name"]]
        assert (city, row.get("district"), row["level"], row["address"], row["phone"], source) == (
            original["city"], original["district"], original["level"], original["address"] or MISSING,
            original["phone"] or MISSING, original["source"]), row["name"]
    hotlines = {h["number"]: h for h in shared["national_hotlines"]}
    assert all(RAW["sources"][h["source"]] == hotlines[h["number"]]["source"] for h in RAW["hotlines"].values())


def test_jurisdiction_cites_articles_that_exist():
    corpus = load_statutes(PROJECT_ROOT / "regulations")
    assert OFFICES.jurisdiction.articles == ["article/劳动争议调解仲裁法/21", "article/广东省劳动人事争议处理办法/38"]
    assert all(a in corpus.articles for a in OFFICES.jurisdiction.articles)


def _broken(change):
    data = copy.deepcopy(RAW)
    change(data)
    return data


def _first_row(data):
    return data["cities"][0]["commissions"][0]


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: _first_row(d).update(address=None), "write MISSING"),
    (lambda d: _first_row(d).update(phone=""), "write MISSING"),
    (lambda d: _first_row(d).update(source="no-such-source"), "'no-such-source' is not in `sources`"),
    (lambda d: _first_row(d).pop("checked"), "checked"),
    (lambda d: d["cities"][0].update(commissions=[]), "write MISSING where no source gives one"),
    (lambda d: _first_row(d).update(district="越秀区"), "a district is given for every district or branch row"),
    (lambda d: d["cities"][0].update(case_level="town"), "case_level"),
    (lambda d: d["cities"].append(d["cities"][0]), "listed twice"),
    (lambda d: d["hotlines"].pop("union"), "hotlines ['union'] missing"),
    (lambda d: d["sources"].update(spare={"url": "http://x", "title": "x", "quality": "OFF"}), "['spare'] are not used"),
    (lambda d: d["sources"]["hotline-12333"].update(quality="BLOG"), "quality"),
])
def test_broken_data_file_is_refused_naming_the_rule(change, message):
    with pytest.raises(OfficesFileError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_offices(_broken(change), "offices.yaml")


# ── lookup ─────────────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("name", ["东莞", "东莞市", "广东省东莞市", "广东东莞", " 东莞 ", "Dongguan", "dongguan", "Dongguan City"])
def test_a_city_by_its_common_spellings(name):
    assert OFFICES.lookup(name).city == "东莞"


def test_dongguan_lists_its_arbitration_institute_first_then_the_town_tribunals():
    out = OFFICES.lookup("东莞")
    first = out.commissions[0]
    assert (first.name, first.address, first.phone) == (
        "东莞市劳动人事争议仲裁院", "东莞市东城区堑头育兴路101号市人力资源和社会保障局综合楼4楼", "0769-22203614")
    assert [c.level for c in out.commissions] == ["city"] + ["branch"] * 12
    assert out.case_level.startswith("本市不设县区") and out.missing is None


def test_missing_in_the_file_is_null_in_the_answer():
    gaobu = OFFICES.lookup("东莞", "高埗").commissions
    assert [(c.address, c.phone) for c in gaobu] == [(None, "0769-88879322")]


@pytest.mark.parametrize(("city", "district"), [("深圳", "宝安区"), ("深圳", "宝安"), ("深圳市宝安区", None),
                                                ("深圳", " 宝安 ")])
def test_a_district_gives_its_own_commission_and_tribunals(city, district):
    out = OFFICES.lookup(city, district)
    assert {c.district for c in out.commissions} == {"宝安区"} and len(out.commissions) == 11  # and 10 派出庭
    assert out.commissions[0].name == "深圳市宝安区劳动人事争议仲裁委员会"


def test_a_town_of_dongguan_gives_its_tribunal():
    assert [c.name for c in OFFICES.lookup("东莞市", "松山湖").commissions] == ["东莞市劳动人事争议仲裁院松山湖仲裁庭"]


def test_a_district_without_a_sourced_row_says_so_and_gives_the_city_level():
    out = OFFICES.lookup("深圳", "龙岗区")
    assert [c.level for c in out.commissions] == ["city"]
    assert out.missing.startswith("深圳「龙岗区」的仲裁机构还没有有来源的条目")


def test_a_city_without_a_sourced_commission_still_gets_the_rule_and_hotlines():
    out = OFFICES.lookup("佛山市")
    assert (out.commissions, out.warnings) == ([], [])
    assert out.missing.startswith("佛山市的劳动人事争议仲裁机构还没有有来源的条目")
    assert (out.labour_inspection.number, out.legal_aid.number, out.union.number) == ("12333", "12348", "12351")
    assert out.case_level.startswith("由区、县（县级市）劳动人事争议仲裁委员会受理")


@pytest.mark.parametrize("name", ["北京", "顺德", "莞", "", "dong"])
def test_a_name_that_is_no_guangdong_city_is_not_found(name):
    with pytest.raises(NotFound, match="is not one of Guangdong's 21 cities"):
        OFFICES.lookup(name)


# ── GET /api/v1/offices ────────────────────────────────────────────────────────────────────────

@pytest.fixture(scope="module")
def client():
    # the offices need no search index: a placeholder service keeps the app from building one
    with TestClient(create_app(Settings(model="fake-bigram-64"), service=object())) as c:
        yield c


def test_api_returns_commissions_and_hotlines_each_with_source_and_date(client):
    r = client.get("/api/v1/offices", params={"city": "东莞"})
    assert r.status_code == 200
    body = r.json()
    assert body["city"] == "东莞" and body["commissions"][0]["name"] == "东莞市劳动人事争议仲裁院"
    contacts = [*body["commissions"], body["labour_inspection"], body["legal_aid"], body["union"]]
    assert all(c["source"]["url"] and c["source"]["quality"] and c["checked"] == "2026-11-29" for c in contacts)
    assert body["jurisdiction"]["articles"][0] == "article/劳动争议调解仲裁法/21"


def test_api_district_and_unversioned_alias(client):
    versioned = client.get("/api/v1/offices", params={"city": "深圳", "district": "宝安"}).json()
    assert client.get("/api/offices", params={"city": "深圳市", "district": "宝安"}).json() == versioned
    assert versioned["district"] == "宝安" and len(versioned["commissions"]) == 11


def test_api_unknown_city_is_404_in_the_one_error_shape(client):
    r = client.get("/api/v1/offices", params={"city": "北京"})
    assert r.status_code == 404
    body = r.json()
    assert body["detail"].startswith("广东省没有叫「北京」的地级市") and "is not one of Guangdong's 21 cities" in body["detail"]
    assert [e["field"] for e in body["errors"]] == ["city"]


def test_api_without_a_city_is_422(client):
    r = client.get("/api/v1/offices")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "city"


# ── the find_offices chatbot tool ──────────────────────────────────────────────────────────────

def test_find_offices_tool_gives_the_api_answer():
    settings = Settings(model="fake-bigram-64")
    args = {"city": "东莞市", "district": "松山湖"}
    assert call_tool("find_offices", args, service=None, settings=settings) == OFFICES.lookup(
        "东莞市", "松山湖").model_dump(mode="json")
    with pytest.raises(NotFound, match="北京"):
        call_tool("find_offices", {"city": "北京"}, service=None, settings=settings)
