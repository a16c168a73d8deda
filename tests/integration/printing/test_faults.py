# Printer faults against printer_sim.py, through the real Printer class (its
# worker thread, link and status checks): a ticket the printer cannot print is
# reported failed with the reason, nothing of it is sent, and printing works
# again once the fault is cleared. "No ghost ticket" in the daemon rests on
# these outcomes (see drivers/escpos/README.md).
import socket

import pytest

from conftest import Sim, Kiosk

STATUS_REQUEST = {b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x03", b"\x10\x04\x04"}


def only_status_requests(data):
    chunks = [data[i:i + 3] for i in range(0, len(data), 3)]
    return len(data) % 3 == 0 and all(c in STATUS_REQUEST for c in chunks)


@pytest.mark.parametrize("state,fault", [("paper_out", "paper_out"), ("cover_open", "cover_open"),
                                         ("offline", "offline"), ("error", "printer_error")])
def test_fault_before_printing_sends_nothing_then_recovers(sim, kiosk_for, ticket_file, state, fault):
    kiosk = kiosk_for(sim)
    assert sim.cmd("state " + state) == "ok"
    outcome = kiosk.print(ticket_file())
    assert outcome["printed"] is False
    assert outcome["fault"] == fault
    assert outcome["partial"] is False
    assert sim.tickets() == 0
    assert only_status_requests(sim.received()), "no ticket bytes reach a printer that cannot print"
    assert kiosk.status()["fault"] == fault, "the dashboard sees the fault"

    assert sim.cmd("state ok") == "ok"
    assert kiosk.status()["fault"] == "none"
    outcome = kiosk.print(ticket_file())
    assert outcome["printed"] is True and outcome["fault"] == "none"
    assert sim.tickets() == 1
    assert (sim.png_dir / "ticket-001.png").exists(), "the simulator shows the ticket that came out"
    state_after = kiosk.status()
    assert (state_after["printed"], state_after["failed"]) == (1, 1)


def test_printer_that_stops_answering_fails_the_job_instead_of_hanging(sim, kiosk_for, ticket_file):
    kiosk = kiosk_for(sim)
    assert kiosk.print(ticket_file())["printed"] is True
    sim.cmd("state silent")
    outcome = kiosk.print(ticket_file())  # answered within the deadline, or the test fails
    assert outcome["printed"] is False and outcome["fault"] == "no_reply"
    assert sim.tickets() == 1
    sim.cmd("state ok")
    assert kiosk.print(ticket_file())["printed"] is True, "reconnects after the printer comes back"
    assert sim.tickets() == 2


def test_dropped_connection_then_reconnect(sim, kiosk_for, ticket_file):
    kiosk = kiosk_for(sim)
    sim.cmd("state drop")
    outcome = kiosk.print(ticket_file())
    assert outcome["printed"] is False and outcome["fault"] == "disconnected"
    assert sim.tickets() == 0
    sim.cmd("state ok")
    assert kiosk.print(ticket_file())["printed"] is True
    assert sim.tickets() == 1


def test_paper_running_out_during_the_ticket_is_a_failure(sim, kiosk_for, ticket_file):
    kiosk = kiosk_for(sim)
    sim.cmd("state paper_out_after_data")
    outcome = kiosk.print(ticket_file())
    assert outcome["printed"] is False
    assert outcome["fault"] == "paper_out"
    assert outcome["partial"] is True, "part of the ticket may be in the tray"
    assert sim.tickets() == 0


def test_paper_near_end_still_prints_and_is_reported(sim, kiosk_for, ticket_file):
    kiosk = kiosk_for(sim)
    sim.cmd("state near_end")
    assert kiosk.print(ticket_file())["printed"] is True
    status = kiosk.status()
    assert status["fault"] == "none" and status["paper_near_end"] is True


def test_no_printer_listening(tool, ticket_file):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    kiosk = Kiosk(tool, ["--host", "127.0.0.1", "--port", str(port)])
    try:
        outcome = kiosk.print(ticket_file())
        assert outcome["printed"] is False and outcome["fault"] == "disconnected"
    finally:
        kiosk.close()


def test_serial_printer_on_a_pty(tool, tmp_path, ticket_file):
    link = tmp_path / "printer-tty"
    sim = Sim(tmp_path, pty=link)
    kiosk = Kiosk(tool, ["--serial", str(link)])
    try:
        assert kiosk.print(ticket_file())["printed"] is True
        assert sim.tickets() == 1
        sim.cmd("state cover_open")
        assert kiosk.print(ticket_file())["fault"] == "cover_open"
        assert sim.tickets() == 1
    finally:
        kiosk.close()
        sim.close()
