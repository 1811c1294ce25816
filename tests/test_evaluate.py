"""The scorer follows EXTRACTION.md §4 on small hand-made cases."""

from collections import Counter

import pytest

from nq52extract.evaluate import Score, evaluate, score_corrections, CorrectionScore, token_f1

GOLD = {
    "a": {
        "id": "a", "title": "Khánh Hoà chuyển đổi số", "published": "2020-06-24", "byline": "Nguyên Lộc",
        "localities": [{"province": "Khánh Hòa", "district": None}],
        "documents": [{"number": "39-CTr/TU", "issued": "2020-06-24"}, {"number": "52-NQ/TW", "issued": "2019-09-27"}],
        "dates": ["2020-06-24", "2019-09-27"],
        "target_years": [2025, 2030],
        "percentages": [{"value": 100.0, "year": 2025}, {"value": 100.0, "year": 2025}, {"value": 50.0, "year": 2025}],
        "task_lists": [{"count": 3, "items": ["Đổi mới tư duy", "Phát triển hạ tầng số", "Đẩy mạnh hội nhập quốc tế"]}],
        "entities": [["PER", "Nguyên Lộc"], ["ORG", "Tỉnh uỷ Khánh Hòa"]],
    }
}


def test_perfect_prediction_scores_one():
    pred = {"a": {
        **GOLD["a"],
        "title": "Khánh Hòa  chuyển đổi số",  # tone placement and spaces folded
        "documents": [{"canonical": "39-ctr/tu", "issued": "2020-06-24"}, {"canonical": "52-NQ/TW", "issued": "2019-09-27"}],
        "dates": [{"value": "2020-06-24"}, {"value": "2019-09-27"}],
        "target_years": [{"year": 2025}, {"year": 2030}],
        "entities": [{"label": "PER", "text": "Nguyên Lộc"}, {"label": "ORG", "text": "Tỉnh ủy Khánh Hoà"}],
    }}
    report = evaluate(pred, GOLD)
    for name, score in report.fields.items():
        assert score.f1 == pytest.approx(1.0), name


def test_multisets_duplicates_and_misses():
    pred = {"a": {
        "documents": [{"canonical": "39-CTr/TU", "issued": None}],
        "percentages": [{"value": 100.0, "year": 2025}, {"value": 50.0, "year": None}, {"value": 7.0, "year": None}],
        "task_lists": [{"count": 3, "items": ["Đổi mới tư duy", "Phát triển hạ tầng", "Hội nhập"]}, {"count": 3, "items": []}],
    }}
    report = evaluate(pred, GOLD)
    f = report.fields
    assert (f["documents"].tp, f["documents"].fp, f["documents"].fn) == (1, 0, 1)
    assert (f["document_dates"].tp, f["document_dates"].fp, f["document_dates"].fn) == (0, 1, 2)
    assert (f["percentages"].tp, f["percentages"].fp, f["percentages"].fn) == (2, 1, 1)
    assert (f["percentage_years"].tp, f["percentage_years"].fp, f["percentage_years"].fn) == (1, 2, 2)
    # one list reported twice is a false positive
    assert (f["task_counts"].tp, f["task_counts"].fp) == (1, 1)
    # "Phát triển hạ tầng" vs "Phát triển hạ tầng số": token F1 = 0.889 ≥ 0.8; "Hội nhập" is not
    assert f["task_items"].tp == 2
    assert report.fields["title"].fn == 1


def test_token_f1():
    assert token_f1("Phát triển hạ tầng số", "phát triển hạ tầng số.") == 1.0
    assert token_f1("a b c d", "a b") == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert token_f1("", "a") == 0.0


def test_corrections_scoring_counts_fixed_left_and_broken():
    original = "tăng truởng kinh tế và chuyến đối số trong tố chức"
    clean = "tăng trưởng kinh tế và chuyển đổi số trong tổ chức"
    predicted = "tăng trưởng kinh tế và chuyển đối số trong tổ chúc"
    score = CorrectionScore()
    score_corrections(original, predicted, clean, score)
    assert (score.errors, score.fixed, score.left, score.broken) == (4, 3, 1, 1)
    score = CorrectionScore()
    score_corrections(clean, "tăng trưởng kinh tê và chuyển đổi số trong tổ chức", clean, score)
    assert (score.errors, score.broken) == (0, 1)


def test_score_rates_of_empty_sets():
    s = Score()
    s.add(Counter(), Counter())
    assert s.f1 == 1.0


def test_removed_chrome_is_not_a_broken_word():
    clean = "Nội dung bài viết.\nMinh Thu\n• Số người online: 204\n• Số lượt truy cập: 5128840"
    score = CorrectionScore()
    score_corrections(clean, "Nội dung bài viết.\nMinh Thư", clean, score)
    assert (score.errors, score.broken) == (0, 1)
