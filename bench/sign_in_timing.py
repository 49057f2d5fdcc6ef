"""How long the portal's sign-in forms take for a known, an unknown, a deactivated address
and one without a password: they should not tell one from another.

Uses the real settings (Argon2 passwords, the database task queue) on a fresh SQLite data
folder, in-process through Django's test client, each request from its own client address
(so no throttle interferes). Prints, per form and kind of address, the median and p95 in ms.

    .venv/bin/python bench/sign_in_timing.py [--runs 40]
"""

import argparse
import os
import statistics
import tempfile
import time


def prepare(data: str) -> dict[str, str]:
    os.environ["FAIRDESK_DATA"] = data
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "fairdesk.settings"
    os.environ.setdefault("FAIRDESK_HTTPS", "0")
    os.environ["FAIRDESK_LOG_LEVEL"] = "ERROR"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    from fairdesk.accounts import services as accounts

    known = accounts.get_or_create_customer(email="kurt@example.org", name="Kurt")
    accounts.give_customer_password(customer=known, password="kurt-pass-123")
    gone = accounts.get_or_create_customer(email="olga@example.org", name="Olga")
    accounts.give_customer_password(customer=gone, password="olga-pass-123")
    accounts.deactivate_customer(customer=gone)
    accounts.get_or_create_customer(email="nina@example.org", name="Nina")
    return {
        "known": "kurt@example.org",
        "unknown": "nobody@example.org",
        "deactivated": "olga@example.org",
        "no password": "nina@example.org",
    }


def one(path: str, data: dict, counter: list[int]) -> float:
    """One request from a new client address (no throttle interferes), in ms."""
    from django.test import Client

    counter[0] += 1
    n = counter[0]
    client = Client(REMOTE_ADDR=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}")
    started = time.perf_counter()
    response = client.post(path, data)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code in (200, 422), response.status_code
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="fairdesk-bench-") as data:
        addresses = prepare(data)
        from django.urls import reverse

        counter = [0]
        forms = {
            "password": (reverse("portal:password"), {"password": "a-wrong-guess"}),
            "sign-in link": (reverse("portal:request_link"), {}),
        }
        print(f"{runs} requests per form and address kind, Argon2, database task queue")
        for form, (path, extra) in forms.items():
            for _ in range(3):  # warm-up
                one(path, extra | {"email": "warm@example.org"}, counter)
            times: dict[str, list[float]] = {kind: [] for kind in addresses}
            # Round robin, so a drift in the machine's load falls on every kind alike.
            for _ in range(runs):
                for kind, address in addresses.items():
                    times[kind].append(one(path, extra | {"email": address}, counter))
            for kind, measured in times.items():
                p95 = statistics.quantiles(measured, n=20)[-1]
                print(f"{form:<13} {kind:<12} median {statistics.median(measured):6.1f} ms"
                      f"  p95 {p95:6.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
