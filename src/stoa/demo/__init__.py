"""Demo content: loaded once by ``stoa demo``."""

from stoa.demo.loader import DemoResult, load_demo

__all__ = ["DemoResult", "load_demo"]
