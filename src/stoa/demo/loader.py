"""Loads the demo blog once. (Placeholder being written.)"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoResult:
    created: bool
    admin_username: str
    admin_password: str

    def summary(self) -> str:
        return "demo"


def load_demo() -> DemoResult:
    raise NotImplementedError
