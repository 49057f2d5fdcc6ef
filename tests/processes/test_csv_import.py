"""CSV imports through the command, as an operator runs it: good rows saved, bad ones
reported by line, nothing saved twice."""

import pytest

from fairdesk import cli
from fairdesk.accounts.models import Customer
from fairdesk.processes.models import Device, Order, OrderItem
from fairdesk.promises.models import Contract

CONTRACTS = (
    "number,email,name,product,monthly_fee_cents,starts_on,minimum_term_months,notice,"
    "notice_unit,devices\n"
    """V-1,kurt@example.org,Kurt Kunde,DSL 100,3999,2025-03-01,24,1,months,FritzBox 7590|SN1|8000
V-2,olga@other.example,Olga Other,Glasfaser,4999,2025-13-01,24,1,months,
V-3,olga@other.example,Olga Other,Glasfaser,4999,2025-04-01,12,4,weeks,
"""
)
ORDERS = (
    "number,email,name,ordered_on,delivery,delivered_on,sku,item_name,quantity,unit_price_cents\n"
    """B-1,olga@other.example,Olga Other,2026-11-20,delivered,2026-11-23,KB-1,Keyboard,1,4990
B-1,olga@other.example,Olga Other,2026-11-20,delivered,2026-11-23,MS-2,Mouse,2,1990
B-2,kurt@example.org,Kurt Kunde,2026-11-21,ordered,,CB-3,Cable,x,500
"""
)


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        cli.main(list(args))
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow
def test_contracts_import_reports_bad_rows_and_keeps_good_ones(transactional_db, capsys, tmp_path):
    path = tmp_path / "contracts.csv"
    path.write_text(CONTRACTS)
    code, out, err = run(capsys, "manage", "import_csv", "contracts", str(path))
    assert code == 2 and "2 saved, 1 refused" in out
    assert "line 3" in err and "2025-13-01" in err
    assert set(Contract.objects.values_list("number", flat=True)) == {"V-1", "V-3"}
    assert Device.objects.get().serial == "SN1"
    assert Contract.objects.get(number="V-3").notice_unit == "weeks"
    # Run again: updated, not duplicated.
    run(capsys, "manage", "import_csv", "contracts", str(path))
    assert Contract.objects.count() == 2 and Device.objects.count() == 1


@pytest.mark.slow
def test_orders_import_groups_lines_by_order(transactional_db, capsys, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS)
    code, out, err = run(capsys, "manage", "import_csv", "orders", str(path))
    assert code == 2 and "1 saved, 1 refused" in out and "line 4" in err
    assert Order.objects.get().number == "B-1"
    assert OrderItem.objects.count() == 2


@pytest.mark.slow
def test_an_imported_language_is_the_customers_and_a_wrong_one_is_refused_by_line(
    transactional_db, capsys, tmp_path, kurt
):
    # transactional_db: the command closes the database connection when it ends (Django's
    # run_from_argv), which on PostgreSQL would end a test's own transaction.
    """The optional `language` column (de or en): the customer's language for mail and the
    portal, as the API's; an empty cell keeps what they have, a choice of their own stands."""
    from fairdesk.accounts import services as accounts

    accounts.set_language(customer=kurt, language="de")  # Kurt chose German in the portal
    path = tmp_path / "contracts.csv"
    path.write_text(
        "number,email,name,product,starts_on,minimum_term_months,language\n"
        "V-1,olga@other.example,Olga Other,DSL,2025-03-01,24, EN\n"
        "V-2,nina@example.org,Nina Neu,DSL,2025-03-01,24,fr\n"
        "V-3,paul@example.org,Paul Plain,DSL,2025-03-01,24,\n"
        "V-4,kurt@example.org,Kurt Kunde,DSL,2025-03-01,24,en\n"
    )
    code, out, err = run(capsys, "manage", "import_csv", "contracts", str(path))
    assert code == 2 and "3 saved, 1 refused" in out
    assert "line 3: 'fr' is not a language (de or en)" in err
    languages = dict(Customer.objects.values_list("name", "language"))
    assert languages == {"Olga Other": "en", "Paul Plain": "de", "Kurt Kunde": "de"}
    assert not Contract.objects.filter(number="V-2").exists()

    orders = tmp_path / "orders.csv"
    orders.write_text(
        "number,email,name,ordered_on,sku,item_name,quantity,unit_price_cents,language\n"
        "B-1,olga@other.example,Olga Other,2026-11-20,KB-1,Keyboard,1,4990,de\n"
        "B-2,paul@example.org,Paul Plain,2026-11-20,KB-1,Keyboard,1,4990,deutsch\n"
    )
    code, out, err = run(capsys, "manage", "import_csv", "orders", str(orders))
    assert code == 2 and "1 saved, 1 refused" in out
    assert "line 3: 'deutsch' is not a language (de or en)" in err
    assert Customer.objects.get(name="Olga Other").language == "de"
