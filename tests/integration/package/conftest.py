import sys

sys.dont_write_bytecode = True


def pytest_addoption(parser):
    parser.addoption("--build-dir", action="store", help="the built tree to package")
