"""Demo data: `load_demo` for `fairdesk demo`, and `bulk.generate` for benchmarks."""

from fairdesk.demo.load import load_demo

__all__ = ["load_demo"]
