"""A calendar's public holidays are chosen by country and state names in the reader's
language, with their codes; Germany comes first and its states are offered by name."""

import re

NEW = "/desk/admin/calendars/new/"


def _countries(page: str) -> list[tuple[str, str]]:
    select = page.split('name="cal-country"')[1].split("</select>")[0]
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_the_countries_are_named_in_the_readers_language_with_germany_first(admin_client):
    german = _countries(admin_client.get(NEW, HTTP_ACCEPT_LANGUAGE="de").content.decode())
    assert german[1] == ("DE", "Deutschland (DE)")
    assert ("AT", "Österreich (AT)") in german and ("US", "Vereinigte Staaten (US)") in german
    assert all(len(code) == 2 for code, _name in german[1:])  # no "DEU" beside "DE"
    assert 200 < len(german) < 260
    names = [name for _code, name in german[2:]]
    assert names.index("Österreich (AT)") < names.index("Polen (PL)")  # Ö sorts as O
    english = _countries(admin_client.get(NEW, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert english[1] == ("DE", "Germany (DE)") and ("AT", "Austria (AT)") in english


def test_the_states_of_the_chosen_country_are_offered_by_name(admin_client):
    german = admin_client.get(NEW, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<option value="BY">Bayern (BY)</option>' in german
    english = admin_client.get(NEW, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="BY">Bavaria (BY)</option>' in english
    assert 'list="calendar-states"' in english


def test_a_state_not_of_the_country_is_refused_with_the_states_named(admin_client):
    response = admin_client.post(
        NEW,
        {"cal-name": "Wien", "cal-tz": "Europe/Vienna", "cal-country": "AT",
         "cal-subdivision": "BY", "exceptions-TOTAL_FORMS": "0",
         "exceptions-INITIAL_FORMS": "0"},
        HTTP_ACCEPT_LANGUAGE="de",
    )  # fmt: skip
    page = response.content.decode()
    error = page.split('class="field-error"')[1].split("</div>")[0]
    assert response.status_code == 422 and "Burgenland (1)" in error and "Wien (9)" in error


def test_the_list_of_calendars_names_their_places(admin_client):
    from fairdesk.promises.models import Calendar

    Calendar.objects.create(
        name="München", hours={}, tz="Europe/Berlin", country="DE", subdivision="BY"
    )
    german = admin_client.get("/desk/admin/calendars/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<td>Deutschland, Bayern (DE-BY)</td>" in german
    english = admin_client.get("/desk/admin/calendars/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<td>Germany, Bavaria (DE-BY)</td>" in english
