"""Notification fixtures: the desk's signed-in clients, Kurt's case and the preset policies."""

from tests.desk.conftest import ada_client, ben_client, kurt_case  # noqa: F401
from tests.promises.conftest import presets, standard  # noqa: F401
