"""Reading YAML: real positions for every problem, and limits that end hostile files with a message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from course.model.source import MAX_ALIAS_VALUES, MAX_DEPTH, MAX_FILE_BYTES, read_yaml


def read(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / "x.yml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return [str(p) for p in read_yaml(path, "x.yml")[1]]


FILLER = "".join(f"key{n}: value\n" for n in range(1, 21))


@pytest.mark.parametrize(("char", "code"), [("\x00", "0000"), ("\x07", "0007"), ("\x1b", "001B"), ("\ufffe", "FFFE")])
def test_a_control_character_is_reported_at_its_line_and_column(tmp_path: Path, char: str, code: str) -> None:
    found = read(tmp_path, f"{FILLER}title: ab{char}cd\n")
    assert found == [f"x.yml:21:10: character U+{code} is not allowed in a YAML file; delete it"]


def test_every_control_character_is_reported_up_to_ten(tmp_path: Path) -> None:
    found = read(tmp_path, "".join(f"k{n}: a\x00\n" for n in range(1, 16)))
    assert found[:2] == [
        "x.yml:1:6: character U+0000 is not allowed in a YAML file; delete it",
        "x.yml:2:6: character U+0000 is not allowed in a YAML file; delete it",
    ]
    assert found[-1] == "x.yml:10:7: character U+0000 is not allowed in a YAML file; delete it (5 more after this one)"
    assert len(found) == 10


def test_control_characters_in_a_windows_file_keep_their_columns(tmp_path: Path) -> None:
    assert read(tmp_path, b"a: b\r\nc: d\x00\r\n") == [
        "x.yml:2:5: character U+0000 is not allowed in a YAML file; delete it"
    ]


def test_a_number_past_pythons_digit_limit_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    assert read(tmp_path, f"a: 1\nminutes: {'9' * 5000}\n") == [
        "x.yml:2:10: minutes: number too long to read (5,000 digits)"
    ]
    hex_digits = "f" * 4000  # Python reads it, but could not print it
    assert read(tmp_path, f"minutes: 0x{hex_digits}\n") == [
        "x.yml:1:10: minutes: number too long to read (4,002 digits)"
    ]


def test_a_date_that_does_not_exist_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    assert read(tmp_path, "title: ok\nwhen: 2024-13-45\n") == [
        "x.yml:2:7: when: cannot read this value (month must be in 1..12)"
    ]


def test_values_next_to_an_unreadable_one_are_still_read(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text(f"a: {'9' * 5000}\nb: [1, 2]\n", encoding="utf-8")
    doc, found = read_yaml(path, "x.yml")
    assert len(found) == 1
    assert doc.data["b"] == [1, 2]
    assert doc.unreadable == {("a",)}


def test_keys_and_values_have_their_own_positions(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("title:   Waiting\nsections:\n  - id: one\n", encoding="utf-8")
    doc, _ = read_yaml(path, "x.yml")
    assert doc.where(("title",)) == (1, 1)
    assert doc.where(("title",), value=True) == (1, 10)
    assert doc.where(("sections", 0, "id"), value=True) == (3, 9)


def test_a_key_with_a_line_break_stays_on_one_line_in_the_message(tmp_path: Path) -> None:
    found = read(tmp_path, 'a: 1\n"two\\nlines": 2\n"two\\nlines": 3\n')
    assert found == ["x.yml:3:1: ['two\\nlines']: duplicate key (first given on line 2)"]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1_000_000)  # a sparse 50 MB file: instant to make, would be slow to parse
    assert [str(p) for p in read_yaml(path, "x.yml")[1]] == [
        f"x.yml:1:1: file is 50.0 MB; a course file may be at most {MAX_FILE_BYTES // 1_000_000} MB"
    ]


def test_something_that_is_not_a_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    fifo = tmp_path / "x.yml"
    os.mkfifo(fifo)  # reading a pipe with no writer would wait for ever
    assert [str(p) for p in read_yaml(fifo, "x.yml")[1]] == ["x.yml:1:1: not a regular file"]


def test_nesting_past_the_limit_is_refused_where_it_goes_too_deep(tmp_path: Path) -> None:
    found = read(tmp_path, "a: " + "[" * 200 + "]" * 200 + "\n")
    assert found == [
        f"x.yml:1:{4 + MAX_DEPTH}: a{'[0]' * MAX_DEPTH}: nested more than {MAX_DEPTH} levels deep; "
        "course files need a handful"
    ]
    assert read(tmp_path, "a: " + "[" * 100_000 + "]" * 100_000 + "\n") == [
        "x.yml:1:1003: YAML syntax error: exceeded maximum nesting depth"
    ]


def test_an_alias_inside_its_own_value_is_refused(tmp_path: Path) -> None:
    assert read(tmp_path, "title: x\nloop: &a [1, *a]\n") == [
        "x.yml:2:7: loop[1]: a YAML alias (*name) refers to a value that contains it"
    ]


def test_a_billion_laughs_file_ends_with_a_message(tmp_path: Path) -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, 9):
        prev, name = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    found = read(tmp_path, "\n".join(lines) + "\n")
    assert found == [
        f"x.yml:6:1: f: YAML aliases (*name) repeat values past {MAX_ALIAS_VALUES:,} copies; write repeated text out"
    ]


def test_modest_reuse_through_aliases_is_fine(tmp_path: Path) -> None:
    text = "fb: &fb {correct: Right., incorrect: Not quite.}\n" + "".join(f"q{n}: *fb\n" for n in range(500))
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    doc, found = read_yaml(path, "x.yml")
    assert found == []
    assert doc.data["q499"] == {"correct": "Right.", "incorrect": "Not quite."}


def test_an_unsupported_tag_is_reported_at_its_value_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("id: x\ntitle: !!python/object:os.system ls\nother: !custom y\nkept: [1]\n", encoding="utf-8")
    doc, found = read_yaml(path, "x.yml")
    assert [str(p) for p in found] == [
        "x.yml:2:8: title: YAML tag 'python/object:os.system' is not supported; remove it",
        "x.yml:3:8: other: YAML tag '!custom' is not supported; remove it",
    ]
    assert doc.data["kept"] == [1]
