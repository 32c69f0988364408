"""Reading sources (graphkit.documents): files, folders, JSONL/CSV fields, HTML pages, encodings, binary files."""

from __future__ import annotations

import csv
import json
import os

import pytest
from conftest import SEEDS

from graphkit.core.errors import MissingSourceError, SourceError
from graphkit.core.records import Document, Skipped
from graphkit.pipeline import build
from graphkit.reading.decoding import decode_bytes
from graphkit.reading.documents import make_document, read_documents

ARTICLE = "Angela Merkel met Emmanuel Macron in Zürich on Monday. They ate at a café near the lake."


def only(result, cls=Document):
    items = result.documents if cls is Document else result.skipped
    assert len(items) == 1, (result.documents, result.skipped)
    return items[0]


def reasons(result) -> dict[str, str]:
    return {s.origin: s.reason for s in result.skipped}


# --- text files and folders ---------------------------------------------------------------------


def test_seeds_folder_ids_and_order():
    result = read_documents([SEEDS])
    assert [d.id for d in result.documents] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert result.skipped == [] and result.notices == []
    assert all(d.origin.startswith(str(SEEDS)) for d in result.documents)


def test_nested_folders_give_relative_ids_and_hidden_files_are_ignored(tmp_path):
    (tmp_path / "2024" / "march").mkdir(parents=True)
    (tmp_path / "2024" / "march" / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.md").write_text("Boris Johnson flew to Berlin.")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("Hidden text about Joe Biden.")
    (tmp_path / ".draft.txt").write_text("Hidden draft about Joe Biden.")
    result = read_documents([tmp_path])
    assert [d.id for d in result.documents] == ["2024/march/a", "b"]
    assert result.skipped == [] and result.notices == []


def test_unsupported_files_beside_articles_are_reported(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    result = read_documents([tmp_path])
    assert [d.id for d in result.documents] == ["a"]
    assert result.notices == [
        f"{tmp_path}: ignored 2 file(s) of unsupported types (.docx: 1, .pdf: 1); save them as .txt to include them"
    ]


def test_missing_and_empty_sources_raise():
    with pytest.raises(MissingSourceError, match="no such file or folder"):
        read_documents([SEEDS / "nope.txt"])
    with pytest.raises(MissingSourceError, match="No sources given"):
        read_documents([])


def test_folder_without_articles_raises(tmp_path):
    with pytest.raises(SourceError, match="is empty: no supported files"):
        read_documents([tmp_path])
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    with pytest.raises(SourceError, match=r"holds 1 file\(s\) but no supported files \(.jpg: 1\)"):
        read_documents([tmp_path])


def test_same_file_named_twice_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = read_documents([tmp_path, tmp_path / "a.txt"])
    assert [d.id for d in result.documents] == ["a"]
    assert result.skipped == []


def test_same_text_under_two_names_counts_once(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    # Same article, other formatting: a hard wrap with CRLF. Cleaning and the whitespace-blind check make them equal.
    (tmp_path / "b.txt").write_text(ARTICLE.replace(" on Monday.", "\r\non Monday."))
    result = read_documents([tmp_path])
    assert [d.id for d in result.documents] == ["a"]
    assert reasons(result) == {
        str(tmp_path / "b.txt"): f"same text as {tmp_path / 'a.txt'} (document 'a'); counted once"
    }


def test_taken_ids_are_renamed_with_a_notice(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "a.txt").write_text(ARTICLE)
    (tmp_path / "a.txt").write_text("Boris Johnson flew to Berlin.")
    result = read_documents([tmp_path / "x", tmp_path / "a.txt"])
    assert [d.id for d in result.documents] == ["a", "a~2"]
    assert result.notices == [f"{tmp_path / 'a.txt'}: document id 'a' is taken; using 'a~2'"]


def test_an_id_holding_the_list_separator_is_changed_with_a_notice(tmp_path, nlp):
    """The outputs join an entity's document ids with "|": an id holding one would read back as
    several made-up documents (the neo4j and FtM exports linked the entities to those)."""
    export = tmp_path / "wire.jsonl"
    rows = [{"id": "2024|reuters|001", "text": "Barack Obama met Vladimir Putin in Moscow on Friday."}]
    export.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    read = read_documents([export])
    assert [d.id for d in read.documents] == ["2024/reuters/001"]
    assert any("'2024|reuters|001' holds '|'" in n and "'2024/reuters/001'" in n for n in read.notices)
    graph = build([export], nlp=nlp).graph
    listed = {doc for _, ids in graph.nodes(data="doc_ids") for doc in ids.split("|")}
    assert listed == {"2024/reuters/001"}


def test_make_document_reasons_and_clean_ids():
    assert make_document("x", " \n\t") == Skipped("x", "no text (empty or only whitespace)")
    assert make_document("x", "https://e.org/a\nComments", origin="f.txt") == Skipped(
        "f.txt", "no article text (only links or comment/share lines)"
    )
    doc = make_document(
        " id\n\x01 7 ", "Text about Joe Biden.", meta={"title": " T\n1 ", "author": "dropped", "url": None}
    )
    assert doc.id == "id 7"
    assert doc.meta == {"title": "T 1"}


# --- JSONL --------------------------------------------------------------------------------------


def write_jsonl(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def test_jsonl_fields(tmp_path):
    path = write_jsonl(
        tmp_path / "export.jsonl",
        [
            {
                "id": "a1",
                "text": ARTICLE,
                "title": "Leaders meet",
                "date": "2024-03-05",
                "url": "https://e.org/a1",
                "source": "Example News",
                "author": "not kept",
            },
            {"text": "Boris Johnson flew to Berlin.", "id": 17},
            {"text": "Olaf Scholz met Joe Biden in Washington."},
        ],
    )
    result = read_documents([path])
    a, b, c = result.documents
    assert (a.id, a.text) == ("a1", ARTICLE)
    assert a.meta == {
        "title": "Leaders meet",
        "date": "2024-03-05",
        "url": "https://e.org/a1",
        "source": "Example News",
    }
    assert a.origin == f"{path} row 1"
    assert b.id == "17"
    assert c.id == "export#3"  # no id field: file name and row
    assert result.skipped == []


def test_jsonl_text_and_id_field_options(tmp_path):
    path = write_jsonl(tmp_path / "e.jsonl", [{"uid": "u1", "body": ARTICLE, "text": "not this"}])
    doc = only(read_documents([path], text_field="body", id_field="uid"))
    assert (doc.id, doc.text) == ("u1", ARTICLE)


def test_a_misspelt_id_field_is_told(tmp_path):
    """ "--id-field uuid" on rows without one named every article FILE#ROW without a word."""
    path = write_jsonl(tmp_path / "e.jsonl", [{"uid": "u1", "text": ARTICLE}])
    read = read_documents([path], id_field="uuid")
    assert [d.id for d in read.documents] == ["e#1"]
    assert read.notices == [
        f"{path}: no row has a 'uuid' field (fields: text, uid); its articles are named e#ROW. "
        "Choose the id field with --id-field"
    ]
    assert read_documents([path], id_field="uid").notices == []


def test_jsonl_bad_rows_are_skipped_and_named(tmp_path):
    path = write_jsonl(
        tmp_path / "e.jsonl",
        [
            {"id": "good1", "text": ARTICLE},
            '{"id": "broken", "text": "Joe Biden',
            {"id": "notext", "body": "Boris Johnson flew to Berlin."},
            "[1, 2]",
            "",
            {"id": "num", "text": 42},
            {"id": "good2", "text": "Olaf Scholz met Joe Biden in Washington."},
        ],
    )
    result = read_documents([path])
    assert [d.id for d in result.documents] == ["good1", "good2"]
    assert reasons(result) == {
        f"{path} row 2": "not valid JSON (Unterminated string starting at: column 26); fix or remove the row",
        f"{path} row 3": "no 'text' field (fields: body, id); choose one with --text-field",
        f"{path} row 4": 'not a JSON object; each row must be {"text": ...}',
        f"{path} row 6": "the 'text' field holds int, not text",
    }


def test_jsonl_where_no_row_has_the_field_is_one_message(tmp_path):
    path = write_jsonl(tmp_path / "e.jsonl", [{"body": f"Text {i} about Joe Biden."} for i in range(50)])
    result = read_documents([path])
    assert result.documents == []
    assert reasons(result) == {
        str(path): "none of its 50 rows has a 'text' field (fields: body); choose the text field with --text-field"
    }


def test_jsonl_line_separator_inside_a_string_is_not_a_new_row(tmp_path):
    path = write_jsonl(tmp_path / "e.jsonl", ['{"id": "a", "text": "Joe Biden\u2028met Olaf Scholz."}'])
    doc = only(read_documents([path]))
    assert doc.id == "a" and "Joe Biden" in doc.text and "Olaf Scholz" in doc.text


def test_jsonl_escaped_lone_surrogate_is_replaced(tmp_path):
    path = write_jsonl(tmp_path / "e.jsonl", ['{"id": "a\\ud800", "text": "Joe Biden \\udfff met Olaf Scholz."}'])
    doc = only(read_documents([path]))
    assert doc.id == "a\ufffd" and doc.text == "Joe Biden \ufffd met Olaf Scholz."


def test_one_windows_1252_row_in_a_utf8_export(tmp_path):
    good = json.dumps({"id": "a", "text": "Jürgen Klopp spoke in München."}, ensure_ascii=False).encode("utf-8")
    legacy = json.dumps({"id": "b", "text": "“We agree,” said Olaf Scholz in Zürich."}, ensure_ascii=False).encode(
        "cp1252"
    )
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(good + b"\n" + legacy + b"\n")
    result = read_documents([path])
    assert [d.text for d in result.documents] == [
        "Jürgen Klopp spoke in München.",
        '"We agree," said Olaf Scholz in Zürich.',
    ]
    assert result.notices == [
        f"{path} (row 2): not UTF-8, read as Windows-1252; if letters look wrong in the graph, save the file as UTF-8"
    ]


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_fields_quotes_and_multiline_cells(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "id,title,date,url,source,text\n"
        'c1,Leaders meet,2024-03-05,https://e.org/c1,Example News,"Angela Merkel said ""yes"" in Zürich.\n\n'
        'Emmanuel Macron agreed."\n'
        ",,,,,Boris Johnson flew to Berlin.\n",
        encoding="utf-8",
    )
    result = read_documents([path])
    a, b = result.documents
    assert a.id == "c1"
    assert a.paragraphs == ('Angela Merkel said "yes" in Zürich.', "Emmanuel Macron agreed.")
    assert a.meta == {
        "title": "Leaders meet",
        "date": "2024-03-05",
        "url": "https://e.org/c1",
        "source": "Example News",
    }
    assert (b.id, b.meta, b.origin) == ("export#2", {}, f"{path} row 2")


def test_csv_text_and_id_field_options_and_semicolons(tmp_path):
    # Spreadsheets in many European locales separate cells with ';'.
    path = tmp_path / "excel.csv"
    path.write_text(
        'uid;headline;body\nk1;Talks;"Olaf Scholz met Joe Biden; they spoke in Washington."\n', encoding="utf-8"
    )
    doc = only(read_documents([path], text_field="body", id_field="uid"))
    assert (doc.id, doc.text) == ("k1", "Olaf Scholz met Joe Biden; they spoke in Washington.")


def test_csv_without_the_text_column(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("id,body\n1,Joe Biden met Olaf Scholz.\n", encoding="utf-8")
    result = read_documents([path])
    assert result.documents == []
    assert reasons(result) == {
        str(path): "no 'text' column (columns: id, body); choose the text column with --text-field"
    }
    assert only(read_documents([path], text_field="body")).text == "Joe Biden met Olaf Scholz."


def test_csv_quoted_cell_over_the_limit_stops_the_file_with_a_reason(tmp_path):
    # A quote never closed: the cell runs over many short lines until it passes the size limit.
    path = tmp_path / "export.csv"
    old = csv.field_size_limit()
    path.write_text('id,text\n1,Joe Biden met Olaf Scholz.\n2,"' + ("x" * 300 + "\n") * 10, encoding="utf-8")
    result = read_documents([path], max_article_bytes=1000)
    assert [d.id for d in result.documents] == ["1"]
    [(origin, reason)] = reasons(result).items()
    assert origin == f"{path} line 6"
    assert reason.startswith("malformed CSV (field larger than field limit")
    assert reason.endswith("the rows after it were not read: fix the file and run again")
    assert csv.field_size_limit() == old  # the module-wide limit is restored


def test_windows_1252_csv(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(
        'id,text\n1,"“We agree,” said Jürgen Müller in Zürich."\n2,Joe Biden met Olaf Scholz.\n'.encode("cp1252")
    )
    result = read_documents([path])
    assert [d.text for d in result.documents] == [
        '"We agree," said Jürgen Müller in Zürich.',
        "Joe Biden met Olaf Scholz.",
    ]
    assert result.notices[0].startswith(f"{path} (row 1): not UTF-8, read as Windows-1252")


# --- HTML ---------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Merkel and Macron meet in Zürich | Example News</title>
<meta property="og:title" content="Merkel and Macron meet in Zürich">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://news.example.org/2024/merkel-macron">
<meta name="date" content="2024-03-05">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/subscribe">Subscribe to our newsletter today</a></li></ul></nav></header>
<main><article>
<h1>Merkel and Macron meet in Zürich</h1>
<p>Angela Merkel met Emmanuel Macron in Zürich on Monday to discuss the future of the European Union.
The two leaders spoke for three hours at a hotel near the lake.</p>
<p>“We agree on the essentials,” Macron told reporters after the meeting, adding that France and
Germany would present a joint proposal in Brussels next month.</p>
<p>Officials from the European Commission said they welcomed the talks and expected Ursula von der
Leyen to respond within weeks.</p>
</article>
<section class="comments" id="comments"><h2>Comments</h2>
<div class="comment"><p>BigFan99: Totally agree with Boris Johnson on this one, what a disgrace!</p></div>
</section></main>
<footer><p>© 2024 Example News Ltd. Cookie policy. Contact Tim Cook for advertising.</p></footer>
</body></html>
"""


def test_html_main_text_and_metadata(tmp_path):
    path = tmp_path / "merkel-macron.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = only(read_documents([path]))
    assert doc.id == "merkel-macron"
    assert doc.has_headline and doc.paragraphs[0] == "Merkel and Macron meet in Zürich"
    assert doc.paragraphs[1].startswith("Angela Merkel met Emmanuel Macron in Zürich on Monday")
    assert '"We agree on the essentials," Macron told reporters' in doc.text
    assert "Ursula von der Leyen" in doc.text
    # navigation, comments and footer are boilerplate
    for junk in ("Subscribe", "World news", "BigFan99", "Boris Johnson", "Cookie", "Tim Cook"):
        assert junk not in doc.text
    assert doc.meta == {
        "title": "Merkel and Macron meet in Zürich",
        "date": "2024-03-05",
        "url": "https://news.example.org/2024/merkel-macron",
        "source": "Example News",
    }


def test_html_without_article_text(tmp_path):
    path = tmp_path / "menu.html"
    path.write_text(
        "<html><head><title>Menu</title></head><body><script>var a = 1;</script></body></html>", encoding="utf-8"
    )
    result = read_documents([path])
    assert reasons(result) == {str(path): "no article text found in the HTML page"}


def test_saved_pages_are_parsed_once_per_cache_folder(tmp_path, monkeypatch):
    """A rebuild of a folder of saved pages takes each page's article from the cache: parsing a
    real news page takes tens of milliseconds, most of a rebuild's reading."""
    import trafilatura

    from graphkit.caches.pages import PageStore

    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "merkel-macron.html").write_text(PAGE, encoding="utf-8")
    (folder / "menu.html").write_text("<html><body><script>var a = 1;</script></body></html>", encoding="utf-8")
    plain = read_documents([folder])  # no cache
    parsed = []
    real = trafilatura.extract
    monkeypatch.setattr(trafilatura, "extract", lambda *a, **kw: parsed.append(1) or real(*a, **kw))
    cache = tmp_path / "cache"
    with PageStore(cache) as pages:
        first = read_documents([folder], pages=pages)
    assert len(parsed) == 2
    with PageStore(cache) as pages:
        again = read_documents([folder], pages=pages)
    assert len(parsed) == 2  # neither page parsed again, the one without text neither
    assert again.documents == first.documents == plain.documents
    assert reasons(again) == reasons(first) == {str(folder / "menu.html"): "no article text found in the HTML page"}
    # a changed page is a new page
    (folder / "merkel-macron.html").write_text(PAGE.replace("three hours", "four hours"), encoding="utf-8")
    with PageStore(cache) as pages:
        changed = read_documents([folder], pages=pages)
    assert len(parsed) == 3 and "four hours" in changed.documents[0].text


def test_a_damaged_page_cache_only_means_the_pages_are_parsed_again(tmp_path):
    import sqlite3

    from graphkit.caches.pages import PageStore

    path = tmp_path / "merkel-macron.html"
    path.write_text(PAGE, encoding="utf-8")
    cache = tmp_path / "cache"
    with PageStore(cache) as pages:
        expected = only(read_documents([path], pages=pages))
    with sqlite3.connect(cache / "extractions.sqlite") as db:
        db.execute("UPDATE pages SET value = '{\"body\": 3'")  # a value cut short
    with PageStore(cache) as pages:
        assert only(read_documents([path], pages=pages)) == expected
    (cache / "extractions.sqlite").write_bytes(b"not a database at all" * 100)
    with PageStore(cache) as pages:
        assert only(read_documents([path], pages=pages)) == expected
    assert any("not a usable cache" in n for n in pages.notices), pages.notices


# --- bytes: encodings and binary files ----------------------------------------------------------

LEGACY = "“We agree,” said Jürgen Müller in Zürich. The café in Genève was closed – again."


@pytest.mark.parametrize(
    "encoding, expected",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),  # with byte-order mark, as Windows tools write it
        ("utf-16-le", "utf_16_le"),  # without one
        ("utf-16-be", "utf_16_be"),
        ("utf-32", "utf-32"),
        ("cp1252", "cp1252"),
    ],
)
def test_decode_unicode_and_windows_1252(encoding, expected):
    assert decode_bytes(LEGACY.encode(encoding)) == (LEGACY, expected)


def test_decode_latin_1():
    text = "Jürgen Müller traf in Zürich ein. Le café à Genève était fermé."
    assert decode_bytes(text.encode("latin-1")) == (text, "latin-1")


def test_decode_windows_1252_article_whose_only_non_ascii_are_quotes():
    # charset-normalizer alone reads this as cp775/cp850 (see graphkit.documents._western)
    text = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    text = text.encode("cp1252", errors="ignore").decode("cp1252")  # drop the one Devanagari line
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


def test_decode_cyrillic_windows_1251_goes_to_charset_normalizer():
    text = "Москва и Киев обменялись заявлениями. Владимир Путин поблагодарил Ким Чен Ына за помощь."
    assert decode_bytes(text.encode("cp1251")) == (text, "cp1251")


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "a PNG image, not text"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image, not text"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document, not text: extract its text first"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive or Office document"),
        (b"\x1f\x8b\x08\x00", "a gzip-compressed file: decompress it first"),
        (b"\x00\x01\x02\x03\xfe\xfd" * 100, "a binary file, not text"),
    ],
)
def test_binary_files_are_recognised(data, reason):
    text, why = decode_bytes(data)
    assert text is None and why.startswith(reason)


def test_random_bytes_are_not_text():
    data = os.urandom(20_000)
    assert decode_bytes(data)[0] is None


def test_encoding_notices_name_the_file(tmp_path):
    for name, encoding in (("a.txt", "latin-1"), ("b.txt", "cp1252"), ("c.txt", "utf-16")):
        text = f"{ARTICLE} Story {name} – “quoted”." if encoding != "latin-1" else f"{ARTICLE} Story {name}."
        (tmp_path / name).write_bytes(text.encode(encoding))
    result = read_documents([tmp_path])
    assert [d.text for d in result.documents] == [
        f"{ARTICLE} Story a.txt.",
        f'{ARTICLE} Story b.txt – "quoted".',
        f'{ARTICLE} Story c.txt – "quoted".',
    ]
    hint = "if letters look wrong in the graph, save the file as UTF-8"
    assert result.notices == [
        f"{tmp_path / 'a.txt'}: not UTF-8, read as Latin-1 (ISO-8859-1); {hint}",
        f"{tmp_path / 'b.txt'}: not UTF-8, read as Windows-1252; {hint}",
        f"{tmp_path / 'c.txt'}: not UTF-8, read as UTF-16; {hint}",
    ]


def test_utf16_jsonl_export(tmp_path):
    path = tmp_path / "e.jsonl"
    rows = [{"id": "a", "text": ARTICLE}, {"id": "b", "text": "Jürgen Klopp spoke in München."}]
    path.write_bytes("\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode("utf-16"))
    result = read_documents([path])
    assert [(d.id, d.text) for d in result.documents] == [("a", ARTICLE), ("b", "Jürgen Klopp spoke in München.")]
    assert "read as UTF-16" in result.notices[0]


def test_html_page_limit_is_five_times_the_article_limit(tmp_path):
    page = tmp_path / "big.html"
    page.write_text("<html><body><article><p>" + "Joe Biden met Olaf Scholz. " * 1000 + "</p></article></body></html>")
    size = page.stat().st_size  # about 27 kB
    assert len(read_documents([page], max_article_bytes=10_000).documents) == 1  # under 5 x 10 kB
    result = read_documents([page], max_article_bytes=5_000)
    assert reasons(result) == {
        str(page): (
            f"{size / 1e3:.1f} kB is over the 0.025 MB limit for one HTML page; raise it with --max-article-size 0.1 "
            "(NER takes about a minute per 5 MB) or split the file"
        )
    }


def test_special_files_are_skipped_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would wait forever
    result = read_documents([fifo])
    assert reasons(result) == {str(fifo): "not a regular file"}


def test_nested_metadata_values_are_left_out():
    from graphkit.reading.documents import make_document

    doc = make_document("d1", "Kim met Putin.", meta={"title": {"en": "x"}, "url": ["a"], "date": 2024, "source": "AP"})
    assert doc.meta == {"date": "2024", "source": "AP"}


def test_documents_given_to_the_library_get_the_same_ids(nlp):
    """build(documents=...) changes an id holding "|" as reading a file does, with the same notice."""
    docs = [Document("2024|wire|001", ("Barack Obama met Vladimir Putin in Moscow on Friday.",))]
    result = build(documents=docs, nlp=nlp)
    assert {doc for _, ids in result.graph.nodes(data="doc_ids") for doc in ids.split("|")} == {"2024/wire/001"}
    assert any("'2024|wire|001' holds '|'" in n for n in result.notices)
    assert docs[0].id == "2024|wire|001"  # the caller's documents are left as they were
