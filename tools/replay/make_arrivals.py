#!/usr/bin/python3
"""Writes a self-consistent arrivals CSV for qmsd-replay from an office config.

Citizens arrive as a Poisson process per field (from each session's opening
to its issuing cut-off, within the field's daily quota and numbering), are
served for a lognormal time, and the configured counters serve them: a free
counter calls at once the longest-waiting ticket of its fields (call_policy
"longest_wait"; "field_order" takes its first field with anyone waiting),
lowest counter number first. Counters keep serving a session's queue past
closing until it is empty. A few citizens do not come when called (marked
after 60 s) and a few give up and leave (cancelled). Times are whole seconds.

  /usr/bin/python3 tools/replay/make_arrivals.py --config config/demo-office.toml \
      --seed 7 --days 5 --rate 8 --fields ho_tich,chung_thuc > arrivals.csv
"""
import argparse
import csv
import datetime as dt
import heapq
import math
import random
import sys
import tomllib

NO_SHOW_AFTER = 60  # seconds, as qmsd-replay what-if assumes
DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
# Median service minutes of the demo office's fields; others get --service.
DEFAULT_SERVICE = {"ho_tich": 8, "chung_thuc": 4, "dat_dai": 20, "xay_dung": 20,
                   "kinh_doanh": 12, "ldtbxh": 10, "phan_anh": 10}


def minutes(hhmm):
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def sessions_of(office, weekday):
    hours = office.get("hours", {}).get(DAY_NAMES[weekday], [])
    return sorted((minutes(s.split("-")[0]), minutes(s.split("-")[1])) for s in hours)


def parse_pairs(text, what):
    """'8' → {None: 8.0}; 'ho_tich=12,dat_dai=4' → per field."""
    out = {}
    for part in (text or "").split(","):
        if not part:
            continue
        if "=" in part:
            k, v = part.split("=", 1)
            out[k] = float(v)
        else:
            out[None] = float(part)
    if any(v <= 0 for v in out.values()):
        sys.exit(f"make_arrivals: {what} must be positive")
    return out


class Day:
    """One office day: arrivals, then the counters serving them."""

    def __init__(self, cfg, fields, counters, day, args, rng):
        self.cfg, self.fields, self.counters, self.day = cfg, fields, counters, day
        self.args, self.rng = args, rng
        self.office = cfg["office"]
        self.tickets = []  # dicts, by issue time

    def arrivals(self, sessions):
        issued = {f["id"]: 0 for f in self.fields}
        for open_min, close_min in sessions:
            for f in self.fields:
                cutoff = f.get("cutoff_minutes", self.office.get("cutoff_minutes", 15))
                limit = min(f.get("daily_quota", 10**9), f.get("last", 999) - f.get("first", 1) + 1)
                rate = self.args.rate.get(f["id"], self.args.rate.get(None, 6.0)) / 3600.0
                median = 60 * self.args.service.get(f["id"], self.args.service.get(
                    None, DEFAULT_SERVICE.get(f["id"], 8)))
                t = open_min * 60.0
                end = (close_min - cutoff) * 60
                while True:
                    t += self.rng.expovariate(rate)
                    if t >= end or issued[f["id"]] >= limit:
                        break
                    issued[f["id"]] += 1
                    service = max(30, round(self.rng.lognormvariate(math.log(median), self.args.sigma)))
                    fate = "served"
                    u = self.rng.random()
                    if u < self.args.no_show:
                        fate = "no_show"
                    elif u < self.args.no_show + self.args.cancel:
                        fate = "cancelled"
                    patience = round(self.rng.expovariate(1 / (60 * self.args.patience)))
                    self.tickets.append({"issued": int(t), "field": f["id"], "service": service,
                                         "fate": fate, "patience": patience, "open": open_min * 60})
        self.tickets.sort(key=lambda x: x["issued"])  # stable: ties keep field order

    def serve(self):
        """Event-driven, with the ties qmsd-replay what-if uses: at one instant
        service ends first, then departures, then arrivals; after each event
        every free counter (by number) calls."""
        events = []  # (time, rank, seq, kind, payload)
        seq = 0
        for i, t in enumerate(self.tickets):
            heapq.heappush(events, (t["issued"], 3, seq, "arrive", i)); seq += 1
        waiting = []  # ticket indexes in issue order
        busy = {c["number"]: None for c in self.counters}
        opens = sorted({t["open"] for t in self.tickets})
        for o in opens:  # counters start calling when a session opens
            heapq.heappush(events, (o, 2, seq, "open", o)); seq += 1
        started = False
        while events:
            now, _, _, kind, x = heapq.heappop(events)
            if kind == "arrive":
                waiting.append(x)
                t = self.tickets[x]
                if t["fate"] == "cancelled":
                    heapq.heappush(events, (now + t["patience"], 1, seq, "leave", x)); seq += 1
            elif kind == "leave":
                if x in waiting:
                    waiting.remove(x)
                    self.tickets[x]["left"] = now
            elif kind == "end":
                busy[x] = None
            elif kind == "open":
                started = True
            if not started:
                continue
            for c in self.counters:
                if busy[c["number"]] is not None:
                    continue
                pick = self.pick(c, waiting, now)
                if pick is None:
                    continue
                waiting.remove(pick)
                t = self.tickets[pick]
                t["called"], t["counter"] = now, c["number"]
                if t["fate"] == "cancelled":
                    t["fate"] = "served"  # called before giving up
                took = NO_SHOW_AFTER if t["fate"] == "no_show" else t["service"]
                t["ended"] = now + took
                busy[c["number"]] = pick
                heapq.heappush(events, (now + took, 0, seq, "end", c["number"])); seq += 1

    def pick(self, counter, waiting, now):
        fields = [f for f in counter["fields"] if f in {x["id"] for x in self.fields}]
        candidates = [i for i in waiting if self.tickets[i]["field"] in fields
                      and self.tickets[i]["open"] <= now]
        if not candidates:
            return None
        if self.office.get("call_policy", "longest_wait") == "field_order":
            for f in fields:
                for i in candidates:
                    if self.tickets[i]["field"] == f:
                        return i
        return candidates[0]  # waiting is in issue order

    def rows(self):
        base = dt.datetime.fromisoformat(self.day)
        stamp = lambda s: (base + dt.timedelta(seconds=s)).strftime("%Y-%m-%d %H:%M:%S")
        for t in self.tickets:
            if t["fate"] == "cancelled":
                yield [stamp(t["issued"]), t["field"], "", "", stamp(t["left"]), "", "cancelled"]
            elif t["fate"] == "no_show":
                yield [stamp(t["issued"]), t["field"], stamp(t["called"]), "", stamp(t["ended"]),
                       t["counter"], "no_show"]
            else:
                yield [stamp(t["issued"]), t["field"], stamp(t["called"]), stamp(t["called"]),
                       stamp(t["ended"]), t["counter"], "served"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--days", type=int, default=5, help="working days (closed dates skipped)")
    p.add_argument("--start", default="2026-11-02", help="first day, YYYY-MM-DD")
    p.add_argument("--rate", default="", help="arrivals/hour per field: 8, or ho_tich=12,dat_dai=4")
    p.add_argument("--service", default="", help="median service minutes: 8, or ho_tich=8,...")
    p.add_argument("--sigma", type=float, default=0.5, help="lognormal sigma of service times")
    p.add_argument("--fields", default="", help="field ids (default: all)")
    p.add_argument("--no-show", type=float, default=0.03)
    p.add_argument("--cancel", type=float, default=0.02, help="share who would leave if not called in time")
    p.add_argument("--patience", type=float, default=20, help="mean minutes a leaver waits")
    p.add_argument("-o", "--output", default="-")
    args = p.parse_args()
    args.rate = parse_pairs(args.rate, "--rate")
    args.service = parse_pairs(args.service, "--service")
    with open(args.config, "rb") as fh:
        cfg = tomllib.load(fh)
    wanted = [x for x in args.fields.split(",") if x]
    fields = [f for f in cfg.get("field", []) if not wanted or f["id"] in wanted]
    unknown = set(wanted) - {f["id"] for f in fields}
    if unknown:
        sys.exit(f"make_arrivals: no field {', '.join(sorted(unknown))} in {args.config}")
    ids = {f["id"] for f in fields}
    counters = sorted((c for c in cfg.get("counter", []) if ids & set(c["fields"])), key=lambda c: c["number"])
    rng = random.Random(args.seed)
    closed = set(cfg["office"].get("closed_dates", []))
    out = sys.stdout if args.output == "-" else open(args.output, "w", newline="", encoding="utf-8")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["issued_at", "field", "called_at", "service_start", "service_end", "counter", "outcome"])
    day = dt.date.fromisoformat(args.start)
    done = 0
    while done < args.days:
        sessions = sessions_of(cfg["office"], day.weekday())
        if sessions and day.isoformat() not in closed:
            d = Day(cfg, fields, counters, day.isoformat(), args, rng)
            d.arrivals(sessions)
            d.serve()
            for row in d.rows():
                w.writerow(row)
            done += 1
        day += dt.timedelta(days=1)
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
