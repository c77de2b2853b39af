from enum import StrEnum

class NetworkHealthNode(StrEnum):
    OK = "ok"
    STARTING = "starting"
    UNREACHABLE = "unreachable"

    def __str__(self) -> str:
        return str(self.value)
