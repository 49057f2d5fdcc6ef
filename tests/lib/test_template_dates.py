"""docs/language.md: every date a person reads is in the house format (`{% load dates %}`),
in the reader's language and zone. Django's own `date`/`time` filters write "Nov. 30, 2026"
or "30. November 2026 um 14:03", so a template uses them only for a machine's format."""

import re
from pathlib import Path

import fairdesk

ROOT = Path(fairdesk.__file__).parent
# `|date:"FORMAT"` or `|time:"FORMAT"`, with or without a format.
FILTER = re.compile(r"\|\s*(date|time)\b(?:\s*:\s*(['\"])(.*?)\2)?")
# Machine formats: a <time datetime="..."> attribute (ISO 8601), an <input type="date"> value.
MACHINE = {("date", "c"), ("date", "Y-m-d")}


def test_no_template_formats_a_date_for_people_with_djangos_filters():
    found = []
    for path in sorted(ROOT.rglob("templates/**/*")):
        if path.suffix not in {".html", ".txt"}:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for match in FILTER.finditer(line):
                if (match[1], match[3]) not in MACHINE:
                    found.append(f"{path.relative_to(ROOT)}:{number}: {match[0]}")
    assert not found, "use |when or |day ({% load dates %}):\n" + "\n".join(found)


def test_the_check_sees_what_it_is_meant_to_see():
    seen = [m[0] for m in FILTER.finditer('{{ a|date:"DATE_FORMAT" }} {{ b|time }} {{ c|day }}')]
    assert seen == ['|date:"DATE_FORMAT"', "|time"]
