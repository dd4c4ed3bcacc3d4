import pytest

from legalqa.numerals import chinese_to_int


@pytest.mark.parametrize("text,value", [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("四十七", 47), ("九十八", 98), ("一百", 100),
    ("一百零二", 102), ("一百一十", 110), ("一千二百五十八", 1258), ("两百", 200), ("1185", 1185),
])
def test_chinese_to_int(text, value):
    assert chinese_to_int(text) == value


@pytest.mark.parametrize("bad", ["", "条", "四x"])
def test_rejects_non_numerals(bad):
    with pytest.raises(ValueError):
        chinese_to_int(bad)
