# Journal records of the real binary. The daemon helpers and the
# qmsd binary come from tests/integration/api_suite.py.
import sys
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api_suite import api, pytest_addoption, qmsd_binary  # noqa: E402,F401  (pytest finds the hook and fixture here)
