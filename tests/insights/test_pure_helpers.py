"""Percentiles, intervals, formula-safe CSV and SVG charts."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairdesk.insights import csvsafe, stats, svg


def test_percentiles():
    assert stats.percentile([], 0.5) is None
    assert stats.percentile([3, 1, 2], 0.5) == 2
    assert stats.percentile(list(range(11)), 0.9) == 9


def test_wilson_interval_matches_the_textbook_value():
    low, high = stats.wilson(8, 10)  # 80 % of 10: 49.0 % to 94.3 %
    assert (low, high) == pytest.approx((0.4902, 0.9433), abs=1e-4)
    assert stats.wilson(0, 0) is None


@given(st.integers(0, 200), st.integers(1, 200))
def test_wilson_interval_holds_the_share(successes, extra):
    total = successes + extra
    low, high = stats.wilson(successes, total)
    assert 0 <= low <= successes / total <= high <= 1


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+49 30 1234", "'+49 30 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Router", "Router"),
    ],
)
def test_csv_neutralises_formulas(cell, written):
    text = csvsafe.to_csv(["subject"], [[cell]])
    assert list(csv.reader(io.StringIO(text)))[1] == [written]
    assert text.split("\r\n")[1].startswith('"')  # quoted too


def test_csv_keeps_numbers_as_numbers():
    text = csvsafe.to_csv(["n"], [[-3], [2.5]])
    assert text.splitlines()[1:] == ["-3", "2.5"]


def test_svg_has_no_inline_style_or_script_and_escapes_text():
    chart = svg.bars(["<b>"], [svg.Series("kept & broken", [3])], title="T<script>")
    assert "style=" not in chart and "<script" not in chart
    assert "&lt;b&gt;" in chart and "kept &amp; broken" in chart
    line = svg.lines(["a", "b"], [svg.Series("x", [1, None])], title="t")
    assert "<polyline" in line


@given(st.dictionaries(st.integers(0, 12), st.integers(0, 40), max_size=8), st.floats(0, 1))
def test_the_percentile_of_counts_is_the_percentile_of_the_values_written_out(counts, share):
    values = [value for value, n in counts.items() for _n in range(n)]
    assert stats.percentile_of_counts(counts, share) == stats.percentile(values, share)


def test_the_wilson_interval_of_no_successes_starts_at_zero():
    assert stats.wilson(0, 69)[0] == 0.0 and stats.wilson(69, 69)[1] == 1.0
