"""The spaCy pipeline shares the extractions and renders them with displacy."""

import pytest

from conftest import CORPUS


@pytest.fixture(scope="module")
def nlp():
    from nq52extract.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="module")
def seed_doc(nlp):
    return nlp((CORPUS / "001_4f3f4f42e8b072a3.txt").read_text(encoding="utf-8"))


def test_tokens_cover_the_text_exactly(seed_doc):
    assert seed_doc.text == (CORPUS / "001_4f3f4f42e8b072a3.txt").read_text(encoding="utf-8")
    assert any(t.text == "Cách mạng" or t.text == "công nghiệp" for t in seed_doc)


def test_doc_carries_the_pipeline_extractions(seed_doc):
    from nq52extract import process

    article = process(seed_doc.text)
    assert [s._.nq52["canonical"] for s in seed_doc.spans["documents"]] == [d.canonical for d in article.documents]
    assert {s.text for s in seed_doc.spans["documents"]} >= {"Kế hoạch số 402-KH/TU"} or any(
        "402-KH/TU" in s.text for s in seed_doc.spans["documents"]
    )
    assert "2019-09-27" in {s._.nq52["value"] for s in seed_doc.spans["dates"]}
    assert {(e.label_, e.text) for e in seed_doc.ents} >= {("PER", "Quang Khôi"), ("ORG", "Bộ Chính trị")}
    # corrections are placed on the original (erroneous) words
    originals = {s.text for s in seed_doc.spans["corrections"]}
    assert "truởng" in originals


def test_displacy_highlights_entities_and_rule_spans(seed_doc):
    from nq52extract.nlp import render

    ents = render(seed_doc)
    assert "Quang Khôi" in ents and "PER" in ents and "<mark" in ents
    docs = render(seed_doc, field="documents")
    assert "DOCUMENT" in docs and "402" in docs and "KH" in docs
