"""The user's alias file (YAML/CSV), merges.csv round trips, --aliases and --explain on the CLI."""

from __future__ import annotations

import csv
import textwrap

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.core.errors import AliasFileError
from graphkit.resolution.aliases import AliasTable, alias_notices, load_aliases
from graphkit.resolution.resolver import resolve
from graphkit.resolution.review import explain, write_merges


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def test_yaml_both_forms_drops_and_types(tmp_path):
    table = load_aliases(
        write(
            tmp_path,
            "a.yaml",
            """
        aliases:
          Kim Jong-un: Kim Jong Un
          Kim Jong Un: [Mr. Kim, "Kim"]
          Yang Moo-jin: Yang Moo-jin
        drop: [State, "Putin Thanks"]
        types:
          Sumy: GPE
        """,
        )
    )
    assert table.lookup("Kim Jong-un's") == ("map", "Kim Jong Un")
    assert table.lookup("the kim") == ("map", "Kim Jong Un")
    assert table.lookup("Mr. Kim") == ("map", "Kim Jong Un")
    assert table.lookup("STATE") == ("drop", None)
    assert table.lookup("Kursk") is None
    assert table.type_of("sumy") == "GPE"
    assert table.where["state"] == "a.yaml line 5"


def test_csv_copied_from_merges_csv(tmp_path):
    table = load_aliases(
        write(
            tmp_path,
            "a.csv",
            """
        canonical,alias,rule,documents,type,node
        Kim Jong Un,Kim,partial name of a full name in the same document,000|002,PERSON,person-kim-jong-un
        ,State,dropped: common word (mostly written in lower case),004,ORG,
        Yang Mu-jin,Yang Mu-jin,,,,
        "Ministry of Defense, South Korea",Defense Ministry,,,ORG,
        """,
        )
    )
    assert table.lookup("Kim") == ("map", "Kim Jong Un")
    assert table.lookup("State") == ("drop", None)
    assert table.lookup("Yang Mu-jin") == ("map", "Yang Mu-jin")
    assert table.lookup("Defense Ministry") == ("map", "Ministry of Defense, South Korea")
    assert table.type_of("Kim Jong Un") == "PERSON"


def test_csv_without_header(tmp_path):
    table = load_aliases(write(tmp_path, "a.csv", "North Korea,DPRK\n,Putin Thanks\n"))
    assert table.lookup("DPRK") == ("map", "North Korea") and table.lookup("Putin Thanks") == ("drop", None)


def test_csv_header_in_another_order(tmp_path):
    table = load_aliases(write(tmp_path, "a.csv", "rule,alias,canonical\nalias file,DPRK,North Korea\n,State,\n"))
    assert table.lookup("DPRK") == ("map", "North Korea") and table.lookup("State") == ("drop", None)


@pytest.mark.parametrize(
    "name, text, line, words",
    [
        ("bad.yaml", "aliases:\n  Kim: Kim Jong Un\n  - oops\n", 3, "not valid YAML"),
        ("bad.yaml", "aliases:\n  Kim: Kim Jong Un\nmerge:\n  - x\n", 3, "unknown section 'merge'"),
        ("bad.yaml", "drop: State\n", 1, "drop: takes a list"),
        (
            "bad.yaml",
            "aliases:\n  Kim: Kim Jong Un\n  KIM: Kim Yo Jong\n",
            3,
            "already given as 'Kim Jong Un' at bad.yaml line 2",
        ),
        ("bad.yaml", "aliases:\n  Kim: Kim Jong Un\ndrop: [kim]\n", 3, "already given"),
        ("bad.yaml", "types:\n  Sumy: a place\n", 2, "not an entity label"),
        ("bad.yaml", "aliases:\n  Kim: [[x]]\n", 2, "expected a name"),
        ("bad.csv", "canonical,alias\nKim Jong Un,Kim\nNorth Korea\n", 3, "expected 'canonical,alias'"),
        # a header with the columns elsewhere: a short line is still a clear error, not a crash
        (
            "bad.csv",
            "rule,canonical,alias\nalias file,Kim Jong Un,Kim\nalias file,North Korea\n",
            3,
            "expected 'rule,canonical,alias'",
        ),
        ("bad.csv", 'canonical,alias\nKim Jong Un,"Kim\n', 2, "not valid CSV"),
        ("bad.csv", "canonical,alias\nKim Jong Un,Kim\nKim Yo Jong,kim\n", 3, "line 2"),
    ],
)
def test_alias_file_errors_name_the_line(tmp_path, name, text, line, words):
    with pytest.raises(AliasFileError) as info:
        load_aliases(write(tmp_path, name, text))
    message = str(info.value)
    assert f"{name} line {line}:" in message and words in message


def test_chained_aliases_lead_to_the_last_name_and_a_circle_is_an_error(tmp_path):
    """ "A: B" and "B: C" pin A to C too (not to a second entity "B"); "A: B" with "B: A" has no
    canonical name: an error naming both lines."""
    table = load_aliases(write(tmp_path, "chain.yaml", "aliases:\n  Kim: Kim Jong-un\n  Kim Jong-un: Kim Jong Un\n"))
    assert table.lookup("Kim") == table.lookup("Kim Jong-un") == ("map", "Kim Jong Un")
    # what each line wrote is kept for writing the file back (graphkit.exports.html_curation)
    assert table.written_to == {"kim": "Kim Jong-un"}
    kept = load_aliases(write(tmp_path, "kept.yaml", "aliases:\n  Kim: Kim Yo Jong\n  Kim Yo Jong: Kim Yo Jong\n"))
    assert kept.lookup("Kim") == ("map", "Kim Yo Jong")  # a name kept apart ends the chain
    assert kept.written_to == {}
    mapped = AliasTable.from_mapping({"Rocket Man": "Little Rocket", "Little Rocket": "Kim Jong Un"})
    assert mapped.lookup("Rocket Man") == ("map", "Kim Jong Un")  # a library caller's mapping too
    with pytest.raises(AliasFileError, match="the alias mapping: the aliases go round in a circle"):
        AliasTable.from_mapping({"A1": "B1", "B1": "A1"})
    with pytest.raises(AliasFileError) as info:
        load_aliases(write(tmp_path, "circle.yaml", "aliases:\n  Donald Trump: Mahan Air\n  Mahan Air: Donald Trump\n"))
    assert str(info.value) == (
        "circle.yaml: the aliases go round in a circle (line 2 and line 3: 'Donald Trump' -> 'Mahan Air' -> "
        "'Donald Trump'). Keep one name as the canonical one and map the others to it."
    )


def test_alias_notices_name_what_the_articles_lack():
    table = AliasTable.from_mapping({"Kim": "Kim Jong Un", "Kim Jong-un": "Kim Jong Un", "Zzz": None})
    table.types["kim jong un"] = "LEADER"
    notes = alias_notices(table, ["Kim Jong-un's", "Kim"], labels=("PERSON", "ORG"))
    assert notes == [
        "the alias table: 1 spelling found in no article (as a name of the kept types): 'Zzz'. Check how the "
        "articles write them (merges.csv lists every spelling of each entity).",
        "the alias table: LEADER is no label of the model (its labels: PERSON, ORG); the entities of that type "
        "get it as written.",
    ]
    assert alias_notices(table, ["Kim", "Kim Jong-un", "zzz"], labels=None) == []


def test_alias_notices_name_types_that_type_nothing_and_leave_a_chain_alone(tmp_path):
    """A types: name no article has and no line maps to is a typo, most often; the middle name of a
    chain is the user's own name for an entity, which no article needs to have."""
    table = load_aliases(write(tmp_path, "a.yaml", "aliases:\n  Kim: Kim Jong-un\n  Kim Jong-un: Chairman Kim\n"
                               "types:\n  Toowomba: gpe\n  Chairman Kim: PERSON\n  Kim: PERSON\n"))  # fmt: skip
    assert table.types["toowomba"] == "GPE"  # a label in lower case is the label
    # a types: name in the middle of a chain types where the chain goes: no notice
    chained = AliasTable.from_mapping({"A1": "B1", "B1": "C1"}, types={"B1": "ORG"})
    assert chained.type_of("C1") == "ORG" and alias_notices(chained, ["A1"]) == []
    # the file maps spellings by their surface key: "US" is no spelling a "U.S." line maps
    us = AliasTable.from_mapping({"U.S.": "United States"}, types={"US": "ORG", "United States": "GPE"})
    assert us.type_of("United States") == "GPE" and us.lookup("US") is None
    empty = load_aliases(write(tmp_path, "empty.yaml", "# nothing yet\n"))
    assert alias_notices(empty, ["Kim"]) == [
        "empty.yaml has no aliases, drops or types: the graph is built as without it."
    ]
    assert alias_notices(table, ["Kim", "Toowoomba"], labels=("PERSON", "GPE")) == [
        "a.yaml: types: 'Toowomba' is a name that no article has and no line maps to: it types nothing. "
        "Check how the articles write it (merges.csv lists every spelling of each entity)."
    ]


def test_alias_notices_name_a_name_dropped_and_still_given(tmp_path):
    """ "Marco Rubio: Vladimir Putin" with "drop: [Vladimir Putin]" made an entity "Vladimir Putin" of
    Rubio's mentions, and "drop: [Kursk]" with "types: {Kursk: LOC}" typed nothing, without a word."""
    table = load_aliases(write(tmp_path, "d.yaml", "aliases:\n  Marco Rubio: Vladimir Putin\n"
                               "drop: [Vladimir Putin, Kursk, Seoul]\ntypes:\n  kursk: LOC\n"))  # fmt: skip
    notes = alias_notices(table, ["Marco Rubio", "Vladimir Putin", "Kursk", "Seoul"])
    assert notes == [
        "d.yaml: 'Kursk', 'Vladimir Putin' are under drop: yet the file also maps spellings to them or types "
        "them: the articles' own spellings are left out, the spellings mapped there are not. Keep one of the "
        "two if that is not what you meant."
    ]
    assert alias_notices(AliasTable.from_mapping({"Seoul": None, "Rubio": "Marco Rubio"}), ["Seoul", "Rubio"]) == []


def test_a_txt_alias_file_is_read_by_its_content(tmp_path):
    assert load_aliases(write(tmp_path, "a.txt", "aliases:\n  Kim: Kim Jong Un\n")).lookup("kim") == (
        "map",
        "Kim Jong Un",
    )
    assert load_aliases(write(tmp_path, "b.txt", "Kim Jong Un,Kim\n")).lookup("kim") == ("map", "Kim Jong Un")


def test_missing_and_binary_alias_files(tmp_path):
    with pytest.raises(AliasFileError, match="does not exist"):
        load_aliases(tmp_path / "nope.yaml")
    (tmp_path / "bin.csv").write_bytes(b"\xff\xfe\x00K\x00i\x00m")
    with pytest.raises(AliasFileError, match="UTF-8"):
        load_aliases(tmp_path / "bin.csv")


def test_merges_csv_lines_confirm_and_veto(seeds_result, tmp_path):
    """Copy a line of merges.csv into an alias file: as is it confirms, with canonical = alias it vetoes."""
    write_merges(seeds_result.resolution, tmp_path / "merges.csv")
    with (tmp_path / "merges.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header, yang = rows[0], next(r for r in rows if r[1] in ("Yang Mu-jin", "Yang Moo-jin"))
    veto = [yang[1], *yang[1:]]  # canonical := alias
    path = tmp_path / "aliases.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, veto])
    res = resolve(seeds_result.extracted, seeds_result.documents, aliases=load_aliases(path))
    yangs = [e for e in res.entities.values() if e.label.startswith("Yang")]
    assert sorted(e.label for e in yangs) == ["Yang Moo-jin", "Yang Mu-jin"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, yang])
    res = resolve(seeds_result.extracted, seeds_result.documents, aliases=load_aliases(path))
    (one,) = [e for e in res.entities.values() if e.label.startswith("Yang")]
    assert set(one.aliases) == {"Yang Moo-jin", "Yang Mu-jin"} and one.label == yang[0]


def test_types_section_retypes_an_entity_the_file_does_not_pin(seeds_result, tmp_path):
    """The types section alone names an entity by its label: its merges stay as the rules made them."""
    before = {e.label: e for e in seeds_result.resolution.entities.values()}
    kcna = before["KCNA"]
    assert kcna.type == "ORG"
    path = write(tmp_path, "a.yaml", "types:\n  KCNA: GPE\n")
    res = resolve(seeds_result.extracted, seeds_result.documents, aliases=load_aliases(path))
    after = {e.label: e for e in res.entities.values()}
    assert after["KCNA"].type == "GPE" and after["KCNA"].aliases == kcna.aliases
    assert {k: (e.type, e.aliases) for k, e in after.items() if k != "KCNA"} == {
        k: (e.type, e.aliases) for k, e in before.items() if k != "KCNA"
    }


def test_a_type_given_to_a_name_mapped_onward_types_the_name_it_goes_to(seeds_result, tmp_path):
    """ "KCNA: Korean Central News Agency" with "types: {KCNA: GPE}" types the entity, whose label
    is the name the spelling goes to (the type typed nothing before); two types that way: an error."""
    path = write(tmp_path, "a.yaml", "aliases:\n  KCNA: Korean Central News Agency\ntypes:\n  KCNA: GPE\n")
    table = load_aliases(path)
    assert table.type_of("Korean Central News Agency") == "GPE" and table.types == {"kcna": "GPE"}
    res = resolve(seeds_result.extracted, seeds_result.documents, aliases=table)
    (agency,) = [e for e in res.entities.values() if "KCNA" in e.aliases]
    assert (agency.label, agency.type) == ("Korean Central News Agency", "GPE")
    chained = AliasTable.from_mapping({"A1": "B1", "B1": "C1"}, types={"B1": "ORG"})
    assert chained.type_of("C1") == "ORG"
    assert AliasTable.from_mapping({"A1": "C1"}, types={"A1": "ORG", "C1": "ORG"}).type_of("C1") == "ORG"
    with pytest.raises(AliasFileError) as info:
        load_aliases(
            write(
                tmp_path,
                "b.yaml",
                "aliases:\n  KCNA: Korean Central News Agency\n"
                "types:\n  KCNA: GPE\n  Korean Central News Agency: ORG\n",
            )
        )
    assert str(info.value) == (
        "b.yaml: types: gives 'KCNA' GPE, but 'KCNA' is a spelling of 'Korean Central News Agency', typed ORG. "
        "Give 'Korean Central News Agency' one type under types:."
    )


def test_spellings_the_file_joins_are_one_entity_whatever_their_types(seeds_result, tmp_path):
    """An ORG of 8 mentions pinned to a place of 13: one entity of the most mentioned type, not two
    entities of one name (no type has two thirds of the mentions, which split an unpinned name)."""
    res = resolve(seeds_result.extracted, seeds_result.documents, aliases=load_aliases(
        write(tmp_path, "a.yaml", "aliases:\n  KCNA: Pyongyang\n")))  # fmt: skip
    (one,) = [e for e in res.entities.values() if e.label == "Pyongyang"]
    assert one.type == "GPE" and {"KCNA", "Pyongyang"} <= set(one.aliases)
    typed = resolve(seeds_result.extracted, seeds_result.documents, aliases=load_aliases(
        write(tmp_path, "b.yaml", "aliases:\n  KCNA: Pyongyang\ntypes:\n  Pyongyang: ORG\n")))  # fmt: skip
    assert [e.type for e in typed.entities.values() if e.label == "Pyongyang"] == ["ORG"]


def test_a_line_copied_from_merges_csv_confirms_the_merge_and_x_x_keeps_x_apart(seeds_result):
    """ "Kim Jong Un's" joins "Kim Jong Un" by one key ("same name after normalisation"): a line
    copied from merges.csv confirms the merge and changes nothing, whereas "Kim Jong Un: Kim Jong Un"
    keeps the name apart from the rules' merges (keyed as written)."""
    before = {e.label: set(e.aliases) for e in seeds_result.resolution.entities.values()}
    assert "Kim Jong Un's" in before["Kim Jong Un"] and "Kim" in before["Kim Jong Un"]
    copied = resolve(seeds_result.extracted, seeds_result.documents,
                     aliases=AliasTable.from_mapping({"Kim Jong Un's": "Kim Jong Un"}))  # fmt: skip
    assert {e.label: set(e.aliases) for e in copied.entities.values()} == before
    kept = resolve(seeds_result.extracted, seeds_result.documents,
                   aliases=AliasTable.from_mapping({"Kim Jong Un": "Kim Jong Un"}))  # fmt: skip
    assert "Kim" not in {a for e in kept.entities.values() if e.label == "Kim Jong Un" for a in e.aliases}


def test_explain(seeds_result):
    res = seeds_result.resolution
    kim = explain(res, "Kim")
    assert '"Kim" is in Kim Jong Un (PERSON' in kim and "partial name of a full name in the same document" in kim
    label = explain(res, "Kim Jong Un")
    assert label.startswith("Kim Jong Un (PERSON, node person-kim-jong-un)") and '"Kim Jong-un"' in label
    assert "left out: common word" in explain(res, "State")
    assert "left out: headline words glued to a name" in explain(res, "Putin Thanks")
    assert "typed PERSON, but a place name" in explain(res, "Kyiv")
    missing = explain(res, "Kim Jong-il")
    assert missing.startswith('No entity or mention named "Kim Jong-il"') and "Kim Jong Un" in missing


def test_cli_bad_alias_file_fails_before_extraction(tmp_path, seeds_dir):
    bad = write(tmp_path, "aliases.yaml", "aliases:\n  Kim: Kim Jong Un\n  - oops\n")
    result = CliRunner().invoke(main, ["build", str(seeds_dir), "-o", str(tmp_path / "out"), "--aliases", str(bad)])
    assert result.exit_code != 0
    assert "aliases.yaml line 3" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out" / "merges.csv").exists()


def test_cli_aliases_and_explain(tmp_path, seeds_dir):
    aliases = write(
        tmp_path,
        "aliases.yaml",
        """
        aliases:
          Francis: Pope Francis
          Pope Fransis: Pope Francis
        drop: [Kremlin]
        types:
          Russia: COUNTRY
        """,
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(seeds_dir),
            "-o",
            str(out),
            "--format",
            "graphml",
            "-q",
            "--no-cache",
            "--aliases",
            str(aliases),
            "--explain",
            "Francis",
            "--explain",
            "Kremlin",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        '"Francis" is in Pope Francis (PERSON' in result.output and "alias file (aliases.yaml line 2)" in result.output
    )
    assert '"Kremlin" (typed ORG) was left out: alias file' in result.output
    # what the file says in vain is said back: a spelling no article has (a typo?), a type the model lacks
    assert "aliases.yaml: 1 spelling found in no article (as a name of the kept types): 'Pope Fransis' (line 3)" in (
        result.output
    )
    assert "aliases.yaml: COUNTRY is no label of the model (its labels: CARDINAL, DATE," in result.output
    with (out / "merges.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {"canonical": "Pope Francis", "alias": "Francis"}.items() <= next(
        r for r in rows if r["alias"] == "Francis"
    ).items()
    import networkx as nx

    g = nx.read_graphml(out / "graph.graphml")
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert "Pope Francis" in labels and "Kremlin" not in labels


def test_merges_csv_guards_formulas_and_still_reads_back_as_an_alias_file(tmp_path):
    """A hostile name is written spreadsheet-safe, and a copied line still means the name itself."""
    import csv

    from graphkit.core.records import Merge, Resolution
    from graphkit.resolution.aliases import load_aliases
    from graphkit.resolution.review import write_merges

    merges = [Merge('=HYPERLINK("http://x")', "+cmd", "same name after normalisation", ("d1",), "ORG", "org-x")]
    path = write_merges(Resolution({}, {}, merges), tmp_path / "merges.csv")
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows[1][0] == '\'=HYPERLINK("http://x")' and rows[1][1] == "'+cmd"
    table = load_aliases(path)
    assert table.lookup("+cmd") == ("map", '=HYPERLINK("http://x")')


def test_control_characters_in_an_alias_file_become_spaces(tmp_path):
    """A YAML escape can put one in a name; GraphML and GEXF would drop it and the other formats
    keep it, so the same entity would be named two ways."""
    path = tmp_path / "aliases.yaml"
    path.write_text(
        'aliases:\n  "Xi\\x07": "Xi\\tJinping\\a"\ntypes:\n  "Xi\\u0085Jinping": PERSON\n', encoding="utf-8"
    )
    table = load_aliases(path)
    assert table.lookup("Xi") == ("map", "Xi Jinping")
    assert table.type_of("Xi Jinping") == "PERSON"
