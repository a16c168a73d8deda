#include "pg/centre_schema.hpp"

#include <array>

namespace qmsd::pg {
namespace {

// Any fixed number: the advisory lock every migration holds.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7105301401)";

// Append only: a released migration is never edited, a new one is added.
constexpr std::array<const char*, 1> kMigrations{
    // v1: offices, their events (monthly partitions), digests, config snapshots
    // and the two functions offices ship through.
    R"sql(
CREATE TABLE offices (
    office_id         text PRIMARY KEY,
    install_id        text NOT NULL,          -- the installation that registered the id first
    name              text NOT NULL DEFAULT '',
    time_zone         text NOT NULL DEFAULT 'Asia/Ho_Chi_Minh',
    qmsd_version      text NOT NULL DEFAULT '',
    registered_at     timestamptz NOT NULL DEFAULT now(),
    shipped_seq       bigint NOT NULL DEFAULT 0,  -- high-water mark: every seq up to it is here
    config_id         bigint NOT NULL DEFAULT 0,  -- the newest config snapshot received
    last_contact      timestamptz,
    local_seq         bigint NOT NULL DEFAULT 0,  -- the office's own last seq at last contact
    backlog_oldest_ms bigint,                     -- its oldest event not yet here then
    status            jsonb,                      -- its live view (waiting, flags, counters)
    status_at         timestamptz,
    conflict_at       timestamptz,                -- another installation claimed the id
    conflict_detail   text
);

CREATE TABLE office_conflicts (
    id         bigserial PRIMARY KEY,
    office_id  text NOT NULL,
    install_id text NOT NULL,
    name       text NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);

-- One row per office event, as the office's SQLite store has it, without
-- what identifies citizens (phone, the ticket's public id) or a kiosk's
-- request id. The office-local day is the partition key.
CREATE TABLE events (
    office_id  text   NOT NULL,
    day        date   NOT NULL,
    seq        bigint NOT NULL,
    at_ms      bigint NOT NULL,
    at         timestamptz GENERATED ALWAYS AS (to_timestamp(at_ms / 1000.0)) STORED,
    kind       text   NOT NULL,
    actor      text,
    ticket_id  bigint,
    field      text,
    to_field   text,
    counter    integer,
    staff      text,
    number     integer,
    code       text,
    priority   text,
    reason     text,
    estimate_s integer,
    payload    text,     -- content items (the office's schema v6)
    until_ms   bigint,   -- a pause's expected return
    answers    text,     -- a rating's answers (schema v7)
    comment    text,     -- a rating's comment
    PRIMARY KEY (office_id, day, seq)
) PARTITION BY RANGE (day);

-- Per office and day: how many events and the last seq, kept by ingest; a
-- digest is current when its last_seq is this one.
CREATE TABLE office_days (
    office_id text   NOT NULL,
    day       date   NOT NULL,
    events    bigint NOT NULL,
    last_seq  bigint NOT NULL,
    PRIMARY KEY (office_id, day)
);

-- The reports' per-day digest (daemon/reports/day_digest.hpp), shipped by the
-- office for every day its batch completes, or computed here from events.
CREATE TABLE day_digests (
    office_id   text    NOT NULL,
    day         date    NOT NULL,
    version     integer NOT NULL,
    config_hash bigint  NOT NULL,
    last_seq    bigint  NOT NULL,
    source      text    NOT NULL,  -- 'office' or 'centre'
    digest      bytea   NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, day)
);

-- Per office, field and day: additive sums for plain SQL (a mean over any
-- range is sum(wait_ms_sum) / sum(waits)), with the report's definitions.
CREATE TABLE field_days (
    office_id      text    NOT NULL,
    day            date    NOT NULL,
    field          text    NOT NULL,
    issued         integer NOT NULL,
    served         integer NOT NULL,
    no_show        integer NOT NULL,
    cancelled      integer NOT NULL,
    expired        integer NOT NULL,
    transferred    integer NOT NULL,
    still_open     integer NOT NULL,
    waits          integer NOT NULL,
    wait_ms_sum    bigint  NOT NULL,
    wait_ms_max    bigint  NOT NULL,
    within_target  integer NOT NULL,
    missed_target  integer NOT NULL,
    services       integer NOT NULL,
    service_ms_sum bigint  NOT NULL,
    ratings        integer NOT NULL,
    rating_sum     integer NOT NULL,
    last_seq       bigint  NOT NULL,
    PRIMARY KEY (office_id, day, field)
);

-- The office's configuration (fields, counters, staff names, targets) each
-- time it changed; in force from after_seq + 1.
CREATE TABLE office_configs (
    office_id   text   NOT NULL,
    id          bigint NOT NULL,
    taken_at_ms bigint NOT NULL,
    after_seq   bigint NOT NULL,
    hash        text   NOT NULL,
    config      jsonb  NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id)
);

CREATE FUNCTION qmsd_ensure_month(p_day date) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
    v_month date := date_trunc('month', p_day)::date;
    v_name  text := 'events_' || to_char(v_month, 'YYYY_MM');
BEGIN
    IF to_regclass(v_name) IS NOT NULL THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(7105301402);
    IF to_regclass(v_name) IS NOT NULL THEN
        RETURN;
    END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                   v_name, v_month, (v_month + interval '1 month')::date);
END
$fn$;

-- First contact registers the office id to the calling installation; a
-- different installation with the same id is refused, recorded and
-- announced, and nothing it sends is taken.
CREATE FUNCTION qmsd_hello(p_office text, p_install text, p_name text, p_zone text, p_version text)
RETURNS TABLE (r_status text, r_shipped_seq bigint, r_last_at_ms bigint, r_last_kind text,
               r_config_id bigint, r_detail text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
    o offices%ROWTYPE;
BEGIN
    IF p_office !~ '^[a-z0-9][a-z0-9_-]{0,63}$' THEN
        RAISE EXCEPTION 'office id "%" is not [a-z0-9_-], 1 to 64 characters', p_office USING ERRCODE = '22023';
    END IF;
    INSERT INTO offices (office_id, install_id, name, time_zone, qmsd_version, last_contact)
    VALUES (p_office, p_install, p_name, p_zone, p_version, now())
    ON CONFLICT (office_id) DO NOTHING;
    SELECT * INTO o FROM offices WHERE offices.office_id = p_office FOR UPDATE;
    IF o.install_id <> p_install THEN
        INSERT INTO office_conflicts (office_id, install_id, name) VALUES (p_office, p_install, p_name);
        UPDATE offices SET conflict_at = now(),
            conflict_detail = format('installation %s ("%s") also calls itself "%s"',
                                     left(p_install, 8), p_name, p_office)
        WHERE offices.office_id = p_office;
        PERFORM pg_notify('qmsd_city', p_office);
        RETURN QUERY SELECT 'refused'::text, o.shipped_seq, NULL::bigint, NULL::text, o.config_id,
            format('office id "%s" belongs to installation %s ("%s", registered %s); this is %s',
                   p_office, left(o.install_id, 8), o.name,
                   to_char(o.registered_at, 'YYYY-MM-DD HH24:MI:SS TZ'), left(p_install, 8));
        RETURN;
    END IF;
    UPDATE offices SET name = p_name, time_zone = p_zone, qmsd_version = p_version, last_contact = now()
    WHERE offices.office_id = p_office;
    PERFORM pg_notify('qmsd_city', p_office);
    RETURN QUERY
        SELECT 'ok'::text, o.shipped_seq, e.at_ms, e.kind, o.config_id, ''::text
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (
            SELECT ev.at_ms, ev.kind FROM events ev
            WHERE ev.office_id = p_office AND ev.seq = o.shipped_seq
              AND ev.day = (SELECT d.day FROM office_days d
                            WHERE d.office_id = p_office AND d.last_seq >= o.shipped_seq
                            ORDER BY d.last_seq LIMIT 1)) AS e ON true;
END
$fn$;

-- One batch from one office, all or nothing: events seq expected+1 … in
-- order without gaps (a repeat changes nothing), the digests and per-field
-- sums of the days the batch completes, new config snapshots, and the
-- office's live view. Returns the new high-water mark.
CREATE FUNCTION qmsd_ingest(p_office text, p_install text, p_expected bigint, p_events json,
                            p_days json, p_configs json, p_status json, p_local_seq bigint,
                            p_backlog_oldest_ms bigint)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
    v_install text;
    v_shipped bigint;
    v_n       bigint;
    v_min     bigint;
    v_max     bigint;
    v_month   date;
BEGIN
    SELECT install_id, shipped_seq INTO v_install, v_shipped
    FROM offices WHERE office_id = p_office FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'office "%" has not said hello to the centre', p_office USING ERRCODE = 'QM001';
    END IF;
    IF v_install <> p_install THEN
        RAISE EXCEPTION 'office id "%" belongs to another installation: refused', p_office
            USING ERRCODE = 'QM002';
    END IF;
    IF v_shipped <> p_expected THEN
        RAISE EXCEPTION 'the centre holds office "%" up to seq %, the batch follows seq %',
            p_office, v_shipped, p_expected USING ERRCODE = 'QM003';
    END IF;
    IF to_regclass('pg_temp.qmsd_batch') IS NULL THEN
        CREATE TEMP TABLE qmsd_batch (
            seq bigint, at_ms bigint, day date, kind text, actor text, ticket_id bigint, field text,
            to_field text, counter integer, staff text, number integer, code text, priority text,
            reason text, estimate_s integer, payload text, until_ms bigint, answers text,
            comment text) ON COMMIT DELETE ROWS;
    END IF;
    INSERT INTO pg_temp.qmsd_batch
    SELECT * FROM json_to_recordset(p_events) AS x(
        seq bigint, at_ms bigint, day date, kind text, actor text, ticket_id bigint, field text,
        to_field text, counter integer, staff text, number integer, code text, priority text,
        reason text, estimate_s integer, payload text, until_ms bigint, answers text, comment text);
    SELECT count(*), min(seq), max(seq) INTO v_n, v_min, v_max FROM pg_temp.qmsd_batch;
    IF v_n > 0 AND (v_min <> p_expected + 1 OR v_max <> p_expected + v_n
                    OR (SELECT count(DISTINCT seq) FROM pg_temp.qmsd_batch) <> v_n) THEN
        RAISE EXCEPTION 'office "%": the batch is not seq % … % without gaps', p_office,
            p_expected + 1, p_expected + v_n USING ERRCODE = 'QM004';
    END IF;
    -- Partitions before any row: the lock order that cannot deadlock.
    FOR v_month IN SELECT DISTINCT date_trunc('month', day)::date FROM pg_temp.qmsd_batch LOOP
        PERFORM qmsd_ensure_month(v_month);
    END LOOP;
    WITH ins AS (
        INSERT INTO events (office_id, day, seq, at_ms, kind, actor, ticket_id, field, to_field, counter,
                            staff, number, code, priority, reason, estimate_s, payload, until_ms, answers,
                            comment)
        SELECT p_office, day, seq, at_ms, kind, actor, ticket_id, field, to_field, counter, staff, number,
               code, priority, reason, estimate_s, payload, until_ms, answers, comment
        FROM pg_temp.qmsd_batch
        ON CONFLICT DO NOTHING
        RETURNING day, seq)
    INSERT INTO office_days AS d (office_id, day, events, last_seq)
    SELECT p_office, day, count(*), max(seq) FROM ins GROUP BY day
    ON CONFLICT (office_id, day) DO UPDATE
        SET events = d.events + excluded.events, last_seq = greatest(d.last_seq, excluded.last_seq);

    IF p_days IS NOT NULL THEN
        INSERT INTO day_digests AS g (office_id, day, version, config_hash, last_seq, source, digest)
        SELECT p_office, x.day, x.version, x.config_hash, x.last_seq, 'office', decode(x.digest, 'base64')
        FROM json_to_recordset(p_days) AS x(day date, version integer, config_hash bigint,
                                            last_seq bigint, digest text)
        WHERE x.digest IS NOT NULL
        ON CONFLICT (office_id, day) DO UPDATE
            SET version = excluded.version, config_hash = excluded.config_hash,
                last_seq = excluded.last_seq, source = 'office', digest = excluded.digest,
                updated_at = now()
            WHERE g.last_seq <= excluded.last_seq;
        DELETE FROM field_days f
        USING json_to_recordset(p_days) AS x(day date)
        WHERE f.office_id = p_office AND f.day = x.day;
        INSERT INTO field_days
        SELECT p_office, x.day, f.field, f.issued, f.served, f.no_show, f.cancelled, f.expired,
               f.transferred, f.still_open, f.waits, f.wait_ms_sum, f.wait_ms_max, f.within_target,
               f.missed_target, f.services, f.service_ms_sum, f.ratings, f.rating_sum, x.last_seq
        FROM json_to_recordset(p_days) AS x(day date, last_seq bigint, fields json),
             json_to_recordset(x.fields) AS f(field text, issued integer, served integer,
                 no_show integer, cancelled integer, expired integer, transferred integer,
                 still_open integer, waits integer, wait_ms_sum bigint, wait_ms_max bigint,
                 within_target integer, missed_target integer, services integer,
                 service_ms_sum bigint, ratings integer, rating_sum integer);
    END IF;

    IF p_configs IS NOT NULL THEN
        INSERT INTO office_configs (office_id, id, taken_at_ms, after_seq, hash, config)
        SELECT p_office, x.id, x.taken_at_ms, x.after_seq, x.hash, x.config
        FROM json_to_recordset(p_configs) AS x(id bigint, taken_at_ms bigint, after_seq bigint,
                                               hash text, config jsonb)
        ON CONFLICT DO NOTHING;
    END IF;

    UPDATE offices SET
        shipped_seq = p_expected + v_n,
        config_id = greatest(config_id, coalesce((SELECT max(c.id) FROM office_configs c
                                                  WHERE c.office_id = p_office), 0)),
        last_contact = now(),
        local_seq = greatest(p_local_seq, p_expected + v_n),
        backlog_oldest_ms = p_backlog_oldest_ms,
        status = coalesce(p_status::jsonb, status),
        status_at = CASE WHEN p_status IS NULL THEN status_at ELSE now() END
    WHERE office_id = p_office;
    PERFORM pg_notify('qmsd_city', p_office);
    RETURN p_expected + v_n;
END
$fn$;

-- Functions are executable by PUBLIC by default: offices get them by grant
-- only (README.md "Pointing offices at the centre").
REVOKE EXECUTE ON FUNCTION qmsd_ensure_month(date) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION qmsd_hello(text, text, text, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION qmsd_ingest(text, text, bigint, json, json, json, json, bigint, bigint) FROM PUBLIC;

)sql",
};

} // namespace

int centreSchemaVersion() { return static_cast<int>(kMigrations.size()); }

Result<int> readCentreSchemaVersion(Connection& c) {
    auto r = c.exec("SELECT to_regclass('qmsd_schema') IS NOT NULL");
    if (!r) {
        return r.error();
    }
    if (r->text(0, 0) != "t") {
        return 0;
    }
    auto v = c.exec("SELECT coalesce(max(version), 0) FROM qmsd_schema");
    if (!v) {
        return v.error();
    }
    return static_cast<int>(v->int64(0, 0));
}

Result<int> migrateCentre(Connection& c) {
    const int target = centreSchemaVersion();
    if (auto st = c.run("BEGIN"); !st) {
        return st.error();
    }
    auto fail = [&c](const Error& e) -> Result<int> {
        (void)c.run("ROLLBACK");
        return makeError(e.code, "migrating the centre's schema: " + e.message);
    };
    if (auto st = c.run(kMigrationLock); !st) {
        return fail(st.error());
    }
    // Readable by every role: an office's shipper checks the version first.
    if (auto st = c.run("CREATE TABLE IF NOT EXISTS qmsd_schema (version integer NOT NULL, "
                        "applied_at timestamptz NOT NULL DEFAULT now()); "
                        "GRANT SELECT ON qmsd_schema TO PUBLIC");
        !st) {
        return fail(st.error());
    }
    auto current = readCentreSchemaVersion(c);
    if (!current) {
        return fail(current.error());
    }
    int version = *current;
    if (version > target) {
        (void)c.run("ROLLBACK");
        return makeError(ErrorCode::storageFailed,
                         "the centre's schema is version " + std::to_string(version) +
                             ", newer than this qmsd-city understands (" + std::to_string(target) +
                             "): upgrade qmsd-city");
    }
    while (version < target) {
        if (auto st = c.run(kMigrations[static_cast<std::size_t>(version)]); !st) {
            return fail(st.error());
        }
        ++version;
        if (auto st = c.run("INSERT INTO qmsd_schema (version) VALUES (" + std::to_string(version) + ")"); !st) {
            return fail(st.error());
        }
    }
    if (auto st = c.run("COMMIT"); !st) {
        return fail(st.error());
    }
    return version;
}

Status ensurePartitionsAhead(Connection& c, int monthsAhead) {
    return c.run("SELECT qmsd_ensure_month((date_trunc('month', current_date) + make_interval(months => m))::date) "
                 "FROM generate_series(0, $1::int) AS m",
                 {std::to_string(monthsAhead)});
}

} // namespace qmsd::pg
