# config/qmsd.udev run by the real udev rules engine (`udevadm test`, systemd
# 252) against USB devices described in a fake sysfs: in a private mount
# namespace (unshare -m) a temporary tree is bound over /sys, the rules over
# /etc/udev/rules.d and a group file with qmsd over /etc/group, so nothing of
# the machine is touched and no hardware is needed (SYSTEMD_DEVICE_VERIFY_SYSFS=0
# lets sd-device accept a tree that is not a real sysfs). udevadm reports the
# symlinks, group and mode it would apply, and any rule it cannot parse.
import os
import shutil
import subprocess
from pathlib import Path

import pytest

SOURCE_DIR = Path(__file__).resolve().parents[3]
RULES = SOURCE_DIR / "config" / "qmsd.udev"

USB = "devices/pci0000:00/0000:00:14.0/usb1"


def link(path, target):
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def usb_device(root, port, vendor, product, serial, driver):
    """A USB device with one interface bound to `driver`; returns the interface dir."""
    dev = root / USB / port
    write(dev / "idVendor", vendor + "\n")
    write(dev / "idProduct", product + "\n")
    if serial is not None:
        write(dev / "serial", serial + "\n")
    write(dev / "uevent", f"DEVTYPE=usb_device\nPRODUCT={vendor}/{product}/100\n")
    link(dev / "subsystem", root / "bus/usb")
    intf = dev / f"{port}:1.0"
    write(intf / "uevent", "DEVTYPE=usb_interface\n")
    link(intf / "subsystem", root / "bus/usb")
    link(intf / "driver", root / "bus/usb/drivers" / driver)
    return intf


def serial_adapter(root, port, vendor, product, serial, driver, tty):
    intf = usb_device(root, port, vendor, product, serial, driver)
    usbserial = intf / tty
    write(usbserial / "uevent", "")
    write(usbserial / "latency_timer", "16\n")
    link(usbserial / "subsystem", root / "bus/usb-serial")
    link(usbserial / "driver", root / "bus/usb-serial/drivers" / driver)
    node = usbserial / "tty" / tty
    write(node / "uevent", f"MAJOR=188\nMINOR={port[-1]}\nDEVNAME={tty}\n")
    link(node / "subsystem", root / "class/tty")
    return node, usbserial


def printer(root, port, serial):
    intf = usb_device(root, port, "04b8", "0202", serial, "usblp")
    node = intf / "usbmisc" / "lp0"
    write(node / "uevent", "MAJOR=180\nMINOR=0\nDEVNAME=usb/lp0\n")
    link(node / "subsystem", root / "class/usbmisc")
    return node


@pytest.fixture(scope="module")
def sysfs(tmp_path_factory):
    for tool in ("unshare", "udevadm", "mount"):
        assert shutil.which(tool), f"{tool} is missing"
    base = tmp_path_factory.mktemp("udev")
    root = base / "sys"
    # PCI host and USB bus above the devices: udev's path_id walks up to them.
    pci = root / "devices/pci0000:00/0000:00:14.0"
    write(pci / "uevent", "PCI_SLOT_NAME=0000:00:14.0\n")
    link(pci / "subsystem", root / "bus/pci")
    write(pci / "usb1" / "uevent", "DEVTYPE=usb_device\n")
    link(pci / "usb1" / "subsystem", root / "bus/usb")
    for d in ("bus/pci", "class/tty", "class/usbmisc", "bus/usb/drivers/ftdi_sio", "bus/usb/drivers/ch341",
              "bus/usb/drivers/usblp", "bus/usb-serial/drivers/ftdi_sio", "bus/usb-serial/drivers/ch341-uart"):
        (root / d).mkdir(parents=True)
    devices = {
        "ftdi": serial_adapter(root, "1-1", "0403", "6001", "A10K1234", "ftdi_sio", "ttyUSB0"),
        "ch340": serial_adapter(root, "1-2", "1a86", "7523", None, "ch341-uart", "ttyUSB1"),
        "printer": printer(root, "1-3", "TM88V-0042"),
    }
    rules = base / "rules.d"
    rules.mkdir()
    shutil.copy(RULES, rules / "60-qmsd.rules")
    group = base / "group"
    group.write_text(Path("/etc/group").read_text() + "qmsd:x:990:\n")
    return base, root, rules, group, devices


def udevadm_test(sysfs, node):
    base, root, rules, group, _ = sysfs
    syspath = "/sys/" + str(node.relative_to(root))
    # /dev and /run get empty tmpfs too: udevadm test writes its database
    # and /dev/char links, which must not land on the machine.
    script = (f"mount -t tmpfs tmpfs /dev && mount -t tmpfs tmpfs /run && "
              f"mount --bind {root} /sys && mount --bind {rules} /etc/udev/rules.d && "
              f"mount --bind {group} /etc/group && SYSTEMD_DEVICE_VERIFY_SYSFS=0 exec udevadm test --action=add {syspath}")
    r = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=60)
    if r.returncode != 0 and "unshare" in r.stderr and "Operation not permitted" in r.stderr:
        pytest.skip("no mount namespaces here (needs root / CAP_SYS_ADMIN)")
    return r.stdout + r.stderr


def props(out):
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line and line.split("=", 1)[0].isupper())


def test_rules_parse_without_complaint(sysfs):
    _, _, _, _, devices = sysfs
    out = udevadm_test(sysfs, devices["ftdi"][0])
    assert "Reading rules file: /etc/udev/rules.d/60-qmsd.rules" in out, out
    complaints = [l for l in out.splitlines() if "60-qmsd.rules" in l and
                  any(w in l for w in ("Invalid", "invalid", "Unknown", "unknown", "error", "ignoring"))]
    assert not complaints, "\n".join(complaints)


def test_ftdi_adapter_named_by_serial_with_group_and_latency(sysfs):
    _, _, _, _, devices = sysfs
    out = udevadm_test(sysfs, devices["ftdi"][0])
    links = props(out).get("DEVLINKS", "").split()
    assert "/dev/qmsd/rs485-A10K1234" in links, out
    assert "/dev/qmsd/rs485-port-pci-0000_00_14_0-usb-0_1_1_0" in links, out
    assert "GROUP 990" in out and "MODE 0660" in out, out


def test_ftdi_latency_timer_rule_applies(sysfs):
    _, _, _, _, devices = sysfs
    out = udevadm_test(sysfs, devices["ftdi"][1])
    # Test mode never writes sysfs: udev says what it would write.
    assert "latency_timer" in out and "'1'" in out, out


def test_ch340_without_serial_named_by_port(sysfs):
    _, _, _, _, devices = sysfs
    out = udevadm_test(sysfs, devices["ch340"][0])
    links = props(out).get("DEVLINKS", "")
    assert "/dev/qmsd/rs485-port-pci-0000_00_14_0-usb-0_2_1_0" in links.split(), out
    assert not [l for l in links.split() if l.startswith("/dev/qmsd/rs485-") and "-port-" not in l], links
    assert "GROUP 990" in out, out


def test_usb_printer_named_by_serial(sysfs):
    _, _, _, _, devices = sysfs
    out = udevadm_test(sysfs, devices["printer"])
    assert "/dev/qmsd/printer-TM88V-0042" in props(out).get("DEVLINKS", ""), out
    assert "GROUP 990" in out, out
