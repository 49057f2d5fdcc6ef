"""CSV imports through the command, as an operator runs it: good rows saved, bad ones
reported by line, nothing saved twice."""

import pytest

from fairdesk import cli
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
