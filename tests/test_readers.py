"""Readers: every input kind, and bad input turned into ReadError rows."""

from __future__ import annotations

import gzip
import json
import unicodedata
from pathlib import Path

import pytest

from nq52extract.io import readers
from nq52extract.io.encoding import encode_legacy
from nq52extract.io.readers import RawRecord, ReadError, expand_inputs, extract_html, iter_records

NQ52 = (
    "Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị về chủ động tham gia "
    "cuộc Cách mạng công nghiệp lần thứ tư"
)
BODY = NQ52 + ".\nCác cấp ủy, tổ chức đảng cần tuyên truyền, quán triệt sâu rộng."

PAGE = f"""<!doctype html><html><head>
<title>Trang chủ | Báo Điện tử</title>
<meta property="og:title" content="Triển khai Nghị quyết 52">
<meta property="article:published_time" content="2020-06-10T08:00:00+07:00">
<meta name="author" content="Minh Anh">
<link rel="canonical" href="https://example.vn/nq52.html">
<style>p {{ color: red }}</style><script>var x = "<p>no</p>";</script>
</head><body>
<header><p>Đăng nhập | Đăng ký</p></header>
<nav><ul><li>Thời sự</li><li>Kinh tế</li></ul></nav>
<article>
  <h1>Hướng dẫn thực hiện Nghị quyết số 52-NQ/TW</h1>
  <p>{NQ52}.</p>
  <p>Các cấp ủy, tổ chức đảng <b>cần tuyên truyền</b>, quán triệt<br>sâu rộng.</p>
  <form><input value="Gửi"></form>
</article>
<aside><p>Tin liên quan: rất nhiều chữ ở đây để thử loại bỏ cột bên.</p></aside>
<footer>Bản quyền</footer>
</body></html>"""


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: tone marks as combining characters after the letter."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)) + tones)
    return "".join(out).encode("cp1258")


def ok(records):
    return [r for r in records if isinstance(r, RawRecord)]


def errors(records):
    return [r for r in records if isinstance(r, ReadError)]


# ---------------------------------------------------------------- plain text

def test_txt_folder_recursive_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Bài z", encoding="utf-8")
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "c.txt.gz").write_bytes(gzip.compress("Bài c".encode()))
    (tmp_path / "notes.md").write_text("ignored")
    (tmp_path / ".hidden.txt").write_text("ignored")
    recs = list(iter_records([str(tmp_path)]))
    assert [r.id for r in recs] == ["a", "c", "z"]
    assert recs[0].text == BODY and recs[0].encoding == "utf-8" and recs[0].meta == {}
    assert recs[1].text == "Bài c"


def test_expand_inputs_globs_dedup(tmp_path):
    for name in ("x1.txt", "x2.jsonl", "y.csv"):
        (tmp_path / name).write_text("t")
    got = expand_inputs([str(tmp_path / "x*"), str(tmp_path / "x1.txt"), str(tmp_path)])
    assert [p.name for p in got] == ["x1.txt", "x2.jsonl", "y.csv"]
    assert expand_inputs([str(tmp_path / "nothing*")]) == []


@pytest.mark.parametrize(
    "name, data, encoding",
    [
        ("bom", b"\xef\xbb\xbf" + NQ52.encode("utf-8"), "utf-8-sig"),
        ("utf16", NQ52.encode("utf-16"), "utf-16"),
        ("tcvn3", encode_legacy(NQ52, "tcvn3").encode("latin-1"), "tcvn3"),
        ("vni", encode_legacy(NQ52, "vni").encode("latin-1"), "vni"),
    ],
)
def test_txt_encodings(tmp_path, name, data, encoding):
    (tmp_path / f"{name}.txt").write_bytes(data)
    [rec] = list(iter_records([str(tmp_path)]))
    assert rec.encoding == encoding
    if encoding == "tcvn3":  # TCVN3 has no toned capitals: only case may differ
        assert rec.text.lower() == NQ52.lower()
    else:
        assert rec.text == NQ52


def test_txt_cp1258_and_nfd_kept_as_read(tmp_path):
    nfd = unicodedata.normalize("NFD", NQ52)
    (tmp_path / "a.txt").write_bytes(to_cp1258(NQ52))
    (tmp_path / "b.txt").write_bytes(nfd.encode("utf-8"))
    a, b = iter_records([str(tmp_path)])
    assert a.encoding == "cp1258" and unicodedata.normalize("NFC", a.text) == NQ52
    assert b.encoding == "utf-8" and b.text == nfd


# ---------------------------------------------------------------- bad input

BAD_FILES = [
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "decode"),
    ("empty.txt", b"", "read"),
    ("blank.txt", b"  \n\t\n", "read"),
    ("random.txt", bytes(range(1, 32)) * 50, "decode"),
    ("notgzip.txt.gz", b"\x1f\x8b\x08garbage", "read"),
    ("big.txt", b"x" * 5000, "read"),
    ("nohtml.html", b"<html><body><script>1</script></body></html>", "read"),
    ("nocol.csv", "id,title\n1,Tiêu đề\n".encode(), "parse"),
]


@pytest.mark.parametrize("name, data, stage", BAD_FILES)
def test_bad_file_gives_error_and_reading_goes_on(tmp_path, name, data, stage):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "zz_good.txt").write_text(BODY, encoding="utf-8")
    recs = list(iter_records([str(tmp_path)], max_bytes=4000))
    errs = errors(recs)
    assert len(errs) == 1, recs
    assert errs[0].stage == stage
    assert errs[0].source == str(tmp_path / name)
    assert [r.id for r in ok(recs)] == ["zz_good"]


def test_empty_message(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    [err] = list(iter_records([str(tmp_path / "e.txt")]))
    assert err == ReadError("e", str(tmp_path / "e.txt"), "read", "empty article")


def test_too_large_is_not_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * 100)

    def boom(p):
        raise AssertionError("opened a file over max_bytes")

    monkeypatch.setattr(readers, "_open_raw", boom)
    [err] = list(iter_records([str(path)], max_bytes=10))
    assert err.stage == "read" and "too large" in err.message


def test_gzip_bomb_stops_at_limit(tmp_path):
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 1_000_000))
    [err] = list(iter_records([str(tmp_path)], max_bytes=50_000))
    assert err.stage == "read" and "larger than max_bytes" in err.message


def test_unreadable_file(tmp_path, monkeypatch):
    (tmp_path / "a_locked.txt").write_text("x")
    (tmp_path / "b.txt").write_text(BODY)
    real = readers._open_raw

    def fake(p):
        if Path(p).name == "a_locked.txt":
            raise PermissionError(13, "Permission denied", str(p))
        return real(p)

    monkeypatch.setattr(readers, "_open_raw", fake)
    recs = list(iter_records([str(tmp_path)]))
    assert isinstance(recs[0], ReadError) and "Permission denied" in recs[0].message
    assert recs[1].id == "b"


def test_missing_inputs_reported(tmp_path):
    recs = list(iter_records([str(tmp_path / "nope.txt"), str(tmp_path / "*.jsonl")]))
    assert [r.message for r in recs] == ["no such file or folder", "no file matches the pattern"]


# ---------------------------------------------------------------- JSONL

def jsonl_lines():
    return [
        json.dumps({"id": "vn1", "url": "https://e.vn/1", "title": "Tin 1", "published": "2020-01-02", "text": BODY}, ensure_ascii=False),
        '{"id": "broken", "text": "thiếu ngoặc"',
        json.dumps({"title": "Tin 3", "date": "2021-05-06", "content": NQ52}, ensure_ascii=False),
        "",
        json.dumps({"id": 4, "html": PAGE}, ensure_ascii=False),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "legacy", "title": encode_legacy("Tin cũ", "vni"), "text": encode_legacy(NQ52, "vni")}),
        json.dumps({"id": "paras", "text": ["Đoạn một.", "Đoạn hai."]}, ensure_ascii=False),
    ]


def test_jsonl_records_and_errors(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(jsonl_lines()), encoding="utf-8")  # no final newline
    recs = list(iter_records([str(path)]))
    kinds = [(r.id, type(r).__name__) for r in recs]
    assert kinds == [
        ("vn1", "RawRecord"),
        ("dump:2", "ReadError"),
        ("dump:3", "RawRecord"),
        ("4", "RawRecord"),
        ("dump:6", "ReadError"),
        ("empty", "ReadError"),
        ("legacy", "RawRecord"),
        ("paras", "RawRecord"),
    ]
    vn1, err2, r3, r4, err6, empty, legacy, paras = recs
    assert vn1.text == BODY
    assert vn1.meta == {"url": "https://e.vn/1", "title": "Tin 1", "published": "2020-01-02", "line": 1}
    assert err2.stage == "parse" and err6.stage == "parse"
    assert r3.meta["published"] == "2021-05-06" and r3.text == NQ52
    assert r4.meta["html"] is True and r4.meta["title"].startswith("Hướng dẫn")
    assert empty.message == "empty article"
    assert legacy.text == NQ52 and legacy.encoding == "vni" and legacy.meta["title"] == "Tin cũ"
    assert paras.text == "Đoạn một.\nĐoạn hai."


def test_jsonl_gzip_by_magic_and_truncated(tmp_path):
    lines = [json.dumps({"id": f"a{i}", "text": f"Bài số {i} " + "nội dung " * 50}, ensure_ascii=False) for i in range(3000)]
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"))
    (tmp_path / "full.jsonl").write_bytes(data)  # gzip without .gz suffix
    assert len(ok(iter_records([str(tmp_path / "full.jsonl")]))) == 3000
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    recs = list(iter_records([str(tmp_path / "cut.jsonl.gz")]))
    good, errs = ok(recs), errors(recs)
    assert len(good) > 100 and [r.id for r in good] == [f"a{i}" for i in range(len(good))]
    assert len(errs) == 1 and recs[-1] is errs[0] and "truncated" in errs[0].message


def test_jsonl_long_line_skipped(tmp_path):
    lines = [json.dumps({"id": "a", "text": "x" * 5000}), json.dumps({"id": "b", "text": "ngắn"}, ensure_ascii=False)]
    (tmp_path / "l.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    recs = list(iter_records([str(tmp_path / "l.jsonl")], max_bytes=1000))
    assert isinstance(recs[0], ReadError) and "longer than max_bytes" in recs[0].message
    assert recs[1].id == "b"


def test_iter_lines_streams_in_chunks(monkeypatch):
    import io

    monkeypatch.setattr(readers, "_CHUNK", 7)
    data = b"a\nbb\n" + b"c" * 30 + b"\nddd"
    got = list(readers._iter_lines(io.BytesIO(data), 10))
    assert got == [(1, b"a\n"), (2, b"bb\n"), (3, None), (4, b"ddd")]


# ---------------------------------------------------------------- CSV

def test_csv(tmp_path):
    path = tmp_path / "bai.csv"
    rows = [
        "ID,Title,Published,Content,URL",
        f'1,"Tin, có dấu phẩy",2020-06-10,"{NQ52}",https://e.vn/1',
        '2,Hai dòng,,"Dòng một.\nDòng ""hai"".",',
        "3,Trống,,,",
        "4,Thiếu cột",
    ]
    path.write_bytes(("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8"))
    recs = list(iter_records([str(path)]))
    assert [(r.id, type(r).__name__) for r in recs] == [
        ("1", "RawRecord"), ("2", "RawRecord"), ("3", "ReadError"), ("4", "ReadError")
    ]
    assert recs[0].text == NQ52 and recs[0].meta["title"] == "Tin, có dấu phẩy"
    assert recs[0].meta["url"] == "https://e.vn/1" and recs[0].encoding == "utf-8-sig"
    assert recs[1].text == 'Dòng một.\nDòng "hai".'


def test_csv_html_column_semicolon_and_big_field(tmp_path):
    big = "Nội dung dài. " * 20_000  # over the csv module's default 128 KiB
    path = tmp_path / "pages.csv.gz"
    text = f'id;html\np1;"{PAGE.replace(chr(34), chr(34) * 2)}"\np2;"<p>{big}</p>"\n'
    path.write_bytes(gzip.compress(text.encode("utf-8")))
    p1, p2 = iter_records([str(path)])
    assert p1.meta["html"] is True and p1.text.startswith("Hướng dẫn")
    assert len(p2.text) > 200_000


def test_csv_legacy_cells(tmp_path):
    path = tmp_path / "old.csv"
    path.write_bytes(b"id,text\n" + b"a," + to_cp1258(NQ52) + b"\nb," + encode_legacy(NQ52, "vni").encode("latin-1") + b"\n")
    a, b = iter_records([str(path)])
    assert a.encoding == "cp1258" and unicodedata.normalize("NFC", a.text) == NQ52
    assert b.encoding == "vni" and b.text == NQ52


# ---------------------------------------------------------------- HTML

def test_html_page(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    [rec] = list(iter_records([str(tmp_path)]))
    assert rec.id == "page"
    assert rec.text.split("\n") == [
        "Hướng dẫn thực hiện Nghị quyết số 52-NQ/TW",
        NQ52 + ".",
        "Các cấp ủy, tổ chức đảng cần tuyên truyền, quán triệt",
        "sâu rộng.",
    ]
    assert rec.meta == {
        "title": "Hướng dẫn thực hiện Nghị quyết số 52-NQ/TW",
        "published": "2020-06-10T08:00:00+07:00",
        "url": "https://example.vn/nq52.html",
        "byline": "Minh Anh",
        "html": True,
    }


@pytest.mark.parametrize(
    "html, text, title",
    [
        # no <article>: the element with the most paragraph text wins
        ("<html><head><meta property='og:title' content='OG'></head><body><div id=side><p>Quảng cáo</p></div>"
         "<div id=main><p>" + "Đoạn văn dài. " * 20 + "</p><p>Đoạn hai.</p></div></body></html>",
         ("Đoạn văn dài. " * 20).strip() + "\nĐoạn hai.", "OG"),
        ("<title>Chỉ có title</title><div>Không có thẻ p<br>dòng hai</div>", "Không có thẻ p\ndòng hai", "Chỉ có title"),
        ("<p>Chưa đóng thẻ <b>đậm <i>nghiêng<p>đoạn khác</div></span>", "Chưa đóng thẻ đậm nghiêng\nđoạn khác", None),
        ("<div>" * 5000 + "sâu" + "</div>" * 5000, "sâu", None),
        ("<time datetime='2019-09-27'>27/9</time><p>Ngày</p>", "27/9\nNgày", None),
    ],
)
def test_extract_html_cases(html, text, title):
    got, meta = extract_html(html)
    assert got == text
    assert meta.get("title") == title


def test_html_tcvn3_font_page(tmp_path):
    page = f"<html><body><article><h1>{encode_legacy('Tin tức', 'tcvn3')}</h1><p>{encode_legacy(NQ52.lower(), 'tcvn3')}</p></article></body></html>"
    (tmp_path / "old.htm").write_bytes(page.encode("cp1252"))
    [rec] = list(iter_records([str(tmp_path)]))
    assert rec.encoding == "tcvn3" and rec.text == "Tin tức\n" + NQ52.lower()
    assert rec.meta["title"] == "Tin tức"
