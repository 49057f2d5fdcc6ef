"""`fairdesk serve` with each write transaction's lock wait and hold timed (bench/locktimes).

.venv/bin/python bench/timed_serve.py PORT WORKERS FOLDER
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fairdesk.cli import _serve, _setup, _shared_metrics_folder  # noqa: E402


def main() -> None:
    _shared_metrics_folder()
    _setup()
    import locktimes

    locktimes.install(Path(sys.argv[3]))
    _serve("127.0.0.1", int(sys.argv[1]), int(sys.argv[2]))


if __name__ == "__main__":
    main()
