"""The reports over a small world, through the desk (pages, CSV) and the API.

The world is made once for the module (tests/insights/world.py) and each test is rolled back
after it, so the people and the billing category are read back from the database."""

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from fairdesk.accounts.services import create_token
from fairdesk.cases.models import Category
from fairdesk.insights import reports
from fairdesk.insights.filters import Filters
from fairdesk.lib.errors import DomainError
from tests import people
from tests.insights.world import world_of_reports

REPORTS = list(reports.REPORTS)


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker):
    with people.world_once(django_db_blocker):
        support = people.team("Support")
        people.lena(support)
        ada = people.ada(support)
        kurt = people.kurt()
        billing = people.billing(support)
        visit = people.missed_visit(kurt, people.fault(support), ada)
        yield world_of_reports(visit, people.olga(), ada, billing), billing.pk


@pytest.fixture
def world(made, db):
    return made[0]


@pytest.fixture
def billing(made, db):
    return Category.objects.get(pk=made[1])


@pytest.fixture
def lena(world):
    return User.objects.get(username="lena")


@pytest.fixture
def ada(world):
    return User.objects.get(username="ada")


@pytest.fixture
def kurt(world):
    return people.kurt()


def rows(name, **options):
    return reports.run(name, Filters.parse({}), **options).rows


def test_promises_kept_and_broken_by_kind_and_by_team(world):
    by_kind = {row[0]: row[1:3] for row in rows("promises", by="kind")}
    assert by_kind["technician appointment"] == [0, 1]
    assert by_kind["callback"] == [1, 0]
    by_team = {row[0]: row[1:3] for row in rows("promises", by="team")}
    assert sum(kept for kept, _broken in by_team.values()) >= 1


def test_contacts_handoffs_reopens_compensation(world):
    contacts = {row[0]: row for row in rows("contacts")}
    assert contacts["contacts per case"][1] >= 2 and contacts["contacts per case"][5] == 2
    reopen = rows("reopens")[0]
    assert reopen[2] == 1  # Olga's case came back once
    compensation = rows("compensation")[0]
    assert compensation[1:3] == [1, 10.0]  # the missed visit owes 10 EUR, pending


def test_survey_scores_with_response_rate_and_intervals(world):
    table = rows("surveys")
    assert sum(row[3] for row in table) == 2  # invited
    assert all(row[5] == 100.0 for row in table)  # every invited answered here
    csats = sorted(row[7] for row in table)
    assert csats == [2, 5]


def test_backlog_counts_open_cases_at_each_days_end(world):
    # The world's cases plus the dissatisfied answer's follow-up, which is still open.
    last = rows("backlog")[-1]
    assert last[3] == 1


def test_response_times_in_business_hours(world):
    table = rows("response_times")
    assert table and table[0][1] >= 1


def test_filters_refuse_nonsense():
    with pytest.raises(DomainError):
        Filters.parse({"start": "2026-02-01", "end": "2026-01-01"})
    with pytest.raises(DomainError):
        Filters.parse({"channel": "fax"})


@pytest.mark.parametrize("name", REPORTS)
def test_lead_sees_every_report_page_with_its_chart(lena_client, world, name):
    response = lena_client.get(f"/desk/reports/{name}/")
    assert response.status_code == 200
    assert b"<svg" in response.content and b"style=" not in response.content.split(b"<svg")[1]


def test_report_filters_narrow_the_rows(lena_client, world, billing):
    response = lena_client.get(f"/desk/reports/promises/?by=category&category={billing.pk}")
    page = response.content.decode()
    assert "<td>Rechnung</td>" in page and "<td>Internet &gt; Störung</td>" not in page
    unfiltered = lena_client.get("/desk/reports/promises/?by=category").content.decode()
    assert "<td>Internet &gt; Störung</td>" in unfiltered


def test_a_bad_filter_is_explained_not_crashed(lena_client, world):
    response = lena_client.get("/desk/reports/backlog/?start=gestern")
    assert response.status_code == 422
    assert b"YYYY-MM-DD" in response.content or b"JJJJ" in response.content


def test_csv_download_is_formula_safe(lena_client, world, kurt, ada):
    from fairdesk.cases import services as cases

    cases.create_category(name="=HYPERLINK(1)")
    response = lena_client.get("/desk/reports/promises/csv/?by=category")
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0][0].startswith("by")
    assert all(not cell.startswith(("=", "+", "@")) for row in table for cell in row)


def test_a_plain_agent_may_not_see_reports(ada, world):
    client = Client()
    client.force_login(ada)
    assert client.get("/desk/reports/").status_code == 403
    assert client.get("/desk/reports/backlog/csv/").status_code == 403
    assert client.get("/desk/staffing/").status_code == 403
    assert client.get("/desk/surveys/").status_code == 403
    assert client.get("/desk/morning/").status_code == 200


def test_reports_through_the_api_for_leads_only(lena, ada, world):
    lead = Client(HTTP_AUTHORIZATION=f"Bearer {create_token(user=lena)}")
    agent = Client(HTTP_AUTHORIZATION=f"Bearer {create_token(user=ada)}")
    response = lead.get("/api/v1/reports/promises", {"by": "kind"})
    assert response.status_code == 200
    body = response.json()
    assert body["columns"][1] == "kept" and body["rows"]
    assert lead.get("/api/v1/reports/nonsense").status_code == 404
    assert lead.get("/api/v1/reports/backlog", {"start": "x"}).status_code == 422
    assert agent.get("/api/v1/reports/promises").status_code == 403


def test_report_pages_pin_their_queries(lena_client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        lena_client.get("/desk/reports/surveys/")


def test_the_response_times_say_how_their_medians_were_read(lena, lena_client, world):
    page = lena_client.get("/desk/reports/response_times/").content.decode()
    assert 'class="report-note"' in page and "within 5 %" in page
    lead = Client(HTTP_AUTHORIZATION=f"Bearer {create_token(user=lena)}")
    body = lead.get("/api/v1/reports/response_times").json()
    assert body["rows"] and "exact to the minute up to 2 hours" in body["note"]
    assert lead.get("/api/v1/reports/promises").json()["note"] == ""
    with translation.override("de"):
        assert "minutengenau" in reports.run("response_times", Filters.parse({})).note


def test_the_promises_report_speaks_the_readers_german(lena_client, world):
    # The period's start is "Von" (not the mail sender's "Absender"), the grouping "Nach",
    # each grouping and each kind of promise by its German name, never its key.
    page = lena_client.get("/desk/reports/promises/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Von <input" in page and "Absender" not in page
    assert "Nach <select" in page and "Durch" not in page
    assert '<option value="agent">Mitarbeiter</option>' in page
    assert '<th scope="col">nach Art</th>' in page and "<td>Rückruf</td>" in page
    assert "callback" not in page.split("<table")[1]
    table = list(csv.reader(io.StringIO(_german_csv(lena_client, "promises"))))
    assert table[0][0] == "nach Art" and "Rückruf" in [row[0] for row in table]


def test_the_survey_report_names_each_outcome_in_the_readers_language(lena_client, world):
    table = list(csv.reader(io.StringIO(_german_csv(lena_client, "surveys"))))
    assert {row[2] for row in table[1:]} == {"gelöst"}


def _german_csv(client, name: str) -> str:
    response = client.get(f"/desk/reports/{name}/csv/", HTTP_ACCEPT_LANGUAGE="de")
    return response.content.decode()


@pytest.mark.parametrize(
    "period",
    [
        {"start": "9999-12-30", "end": "9999-12-31"},
        {"start": "0001-01-01", "end": "0001-01-02"},
    ],
)
@pytest.mark.parametrize("name", REPORTS)
def test_a_period_at_the_calendars_edge_is_explained_not_crashed(lena_client, world, name, period):
    for url in (f"/desk/reports/{name}/", f"/desk/reports/{name}/csv/"):
        response = lena_client.get(url, period)
        assert response.status_code == 422
        assert "between 1970 and 2999" in response.content.decode()
