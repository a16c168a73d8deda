// The satisfaction report (reports/satisfaction.hpp) from a hand-built log,
// checked against figures worked out by hand, with and without the digest
// cache (which must carry the levels, channels, answers and comments).
#include "report_log.hpp"
#include "reports/rating_details.hpp"
#include "reports/satisfaction.hpp"
#include "reports/satisfaction_output.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::reports;
using qmsd::test::ReportLog;
using K = EventKind;

namespace {

OfficeConfig office() {
    OfficeConfig cfg = test::makeTestOffice();
    cfg.ratingQuestions = {{"access", "access", "Tiếp cận dịch vụ dễ dàng?", "Easy to reach?"}};
    return cfg;
}

// A ticket served at `counter` by `staff` from hh:mm for five minutes, rated
// (level > 0) through `channel` right after.
void served(ReportLog& log, const std::string& day, int h, int m, TicketId id, const std::string& field, int counter,
            const std::string& staff, int level = 0, const std::string& channel = "", const std::string& answers = "",
            const std::string& comment = "") {
    log.issue(day, h, m, id, field);
    log.ticket(day, h, m + 1, K::ticketCalled, id, counter).staff = staff;
    log.ticket(day, h, m + 1, K::ticketStarted, id, counter).staff = staff;
    log.ticket(day, h, m + 6, K::ticketFinished, id, counter).staff = staff;
    if (level != 0) {
        Event& r = log.ticket(day, h, m + 7, K::ticketRated, id, counter);
        r.number = level;
        r.reason = channel;
        r.field = field;
        r.staff = staff;
        r.code = "T" + std::to_string(id);
        r.answers = answers;
        r.comment = comment;
    }
}

// Previous period: Sat 21 – Sun 22 Nov 2026; current: Mon 23 – Tue 24.
void twoPeriods(ReportLog& log) {
    log.counter("2026-11-21", 7, 30, K::counterOpened, 1, "nv01");
    served(log, "2026-11-21", 8, 0, 1, "ho_tich", 1, "nv01", 4, "phone");
    served(log, "2026-11-21", 8, 10, 2, "ho_tich", 1, "nv01", 4, "phone");
    log.counter("2026-11-21", 11, 0, K::counterClosed, 1, "nv01");

    log.counter("2026-11-23", 7, 30, K::counterOpened, 1, "nv01");
    served(log, "2026-11-23", 8, 0, 3, "ho_tich", 1, "nv01", 4, "phone", "access=4", "Cán bộ tận tình");
    served(log, "2026-11-23", 8, 10, 4, "ho_tich", 1, "nv01", 3, "screen");
    served(log, "2026-11-23", 8, 20, 5, "ho_tich", 1, "nv01", 1, "phone", "access=1", "Chờ lâu quá");
    served(log, "2026-11-23", 8, 30, 6, "ho_tich", 1, "nv01");
    log.counter("2026-11-23", 11, 0, K::counterClosed, 1, "nv01");
    log.counter("2026-11-24", 7, 30, K::counterOpened, 2, "nv02");
    served(log, "2026-11-24", 9, 0, 7, "chung_thuc", 2, "nv02", 2, "box");
    served(log, "2026-11-24", 9, 10, 8, "chung_thuc", 2, "nv02");
    log.counter("2026-11-24", 11, 0, K::counterClosed, 2, "nv02");
    log.commit();
}

const SatisfactionRow& row(const std::vector<SatisfactionRow>& rows, const std::string& key) {
    for (const auto& r : rows) {
        if (r.key == key) {
            return r;
        }
    }
    FAIL("no row " << key);
    return rows.front();
}

const TrendRow& trend(const SatisfactionReport& s, const std::string& metric) {
    for (const auto& t : s.trend) {
        if (t.metric == metric) {
            return t;
        }
    }
    FAIL("no trend " << metric);
    return s.trend.front();
}

void checkFigures(const SatisfactionReport& s) {
    CHECK(s.previousRange.from == "2026-11-21");
    CHECK(s.previousRange.to == "2026-11-22");
    // Six served, four rated: 4/6; satisfied (levels 4 and 3) 2 of 4.
    CHECK(s.total.served == 6);
    CHECK(s.total.ratings.count == 4);
    CHECK(s.total.ratings.levels == std::array<int, 4>{1, 1, 1, 1});
    CHECK(s.total.ratings.channels == std::array<int, 3>{2, 1, 1});
    REQUIRE(s.total.ratings.responseRate);
    CHECK(*s.total.ratings.responseRate == Approx(4.0 / 6));
    REQUIRE(s.total.ratings.shareSatisfied);
    CHECK(*s.total.ratings.shareSatisfied == Approx(0.5));
    REQUIRE(s.total.previous);
    CHECK(*s.total.previousServed == 2);
    CHECK(*s.total.previous->shareSatisfied == Approx(1.0));
    CHECK(*s.total.previous->responseRate == Approx(1.0));

    const SatisfactionRow& hoTich = row(s.byField, "ho_tich");
    CHECK(hoTich.served == 4);
    CHECK(hoTich.ratings.count == 3);
    CHECK(*hoTich.ratings.responseRate == Approx(0.75));
    CHECK(*hoTich.ratings.shareSatisfied == Approx(2.0 / 3));
    CHECK(*hoTich.previous->shareSatisfied == Approx(1.0));
    const SatisfactionRow& chungThuc = row(s.byField, "chung_thuc");
    CHECK(chungThuc.ratings.count == 1);
    CHECK(*chungThuc.ratings.shareSatisfied == Approx(0.0));
    CHECK(row(s.byCounter, "2").ratings.levels == std::array<int, 4>{0, 1, 0, 0});
    CHECK(row(s.byStaff, "nv01").ratings.count == 3);
    CHECK(row(s.byStaff, "nv02").served == 2);
    REQUIRE(s.byDay.size() == 2);
    CHECK(row(s.byDay, "2026-11-23").ratings.count == 3);
    REQUIRE(s.byWeek.size() == 1);
    CHECK(s.byWeek[0].key == "2026-11-23");
    CHECK(s.byWeek[0].name == "Tuần 23/11/2026");
    CHECK(s.byWeek[0].ratings.count == 4);
    REQUIRE(s.byMonth.size() == 1);
    CHECK(s.byMonth[0].name == "Tháng 11/2026");

    REQUIRE(s.questions.size() == 1);
    CHECK(s.questions[0].id == "access");
    CHECK(s.questions[0].levels == std::array<int, 4>{1, 0, 0, 1});
    CHECK(s.questions[0].responses == 2);
    CHECK(*s.questions[0].shareSatisfied == Approx(0.5));

    CHECK(*trend(s, "share_satisfied").current == Approx(50));
    CHECK(*trend(s, "share_satisfied").previous == Approx(100));
    CHECK(*trend(s, "responses").delta == Approx(2));

    REQUIRE(s.comments.size() == 2); // newest first
    CHECK(s.comments[0].text == "Chờ lâu quá");
    CHECK(s.comments[0].code == "T5");
    CHECK(s.comments[0].level == 1);
    CHECK(s.comments[0].staff == "nv01");
    CHECK(s.comments[0].counter == 1);
    CHECK(s.comments[0].field == "ho_tich");
    CHECK(s.comments[1].text == "Cán bộ tận tình");
}

} // namespace

TEST_CASE("satisfaction per field, counter, officer, day, week and month, against the previous period") {
    ReportLog log;
    twoPeriods(log);
    ReportOptions o;
    o.range = {"2026-11-23", "2026-11-24"};
    o.useDigestCache = false;
    auto plain = querySatisfaction(log.path(), office(), o);
    REQUIRE(plain.ok());
    checkFigures(*plain);
    // The same from digests written now, then read back.
    o.useDigestCache = true;
    REQUIRE(querySatisfaction(log.path(), office(), o).ok());
    auto cached = querySatisfaction(log.path(), office(), o);
    REQUIRE(cached.ok());
    checkFigures(*cached);
}

TEST_CASE("a store from before version 12 reads its ratings' answers and comments through the new index") {
    ReportLog log;
    twoPeriods(log);
    log.store.reset();
    {
        SQLite::Database db(log.path(), SQLite::OPEN_READWRITE);
        db.exec("DROP INDEX events_rating_details_by_day; PRAGMA user_version = 11");
    }
    auto reopened = Store::open(log.path());
    REQUIRE(reopened.ok());
    log.store = std::move(*reopened);
    REQUIRE(log.store->schemaVersion() == Store::kSchemaVersion);
    // A day's details come from the index alone, not a look at every rating's row.
    SQLite::Statement plan(log.store->database(), std::string("EXPLAIN QUERY PLAN ") + RatingDetailReader::kQuery);
    plan.bind(1, "2026-11-23");
    std::string steps;
    while (plan.executeStep()) {
        steps += plan.getColumn(3).getString() + "\n";
    }
    CHECK(steps.find("USING INDEX events_rating_details_by_day") != std::string::npos);
    ReportOptions o;
    o.range = {"2026-11-23", "2026-11-24"};
    o.useDigestCache = false;
    auto s = querySatisfaction(log.path(), office(), o);
    REQUIRE(s.ok());
    checkFigures(*s);
}

TEST_CASE("the satisfaction report's JSON, tables and HTML carry the figures and comments") {
    ReportLog log;
    twoPeriods(log);
    ReportOptions o;
    o.range = {"2026-11-23", "2026-11-24"};
    auto s = querySatisfaction(log.path(), office(), o);
    REQUIRE(s.ok());
    nlohmann::json j = satisfactionJson(*s, office());
    INFO(j.dump(2));
    CHECK(j["total"]["ratings"]["count"] == 4);
    CHECK(j["comments"].size() == 2);
    std::string html = satisfactionHtml(*s, office());
    CHECK(html.find("Chờ lâu quá") != std::string::npos);
    CHECK(html.find("Không hài lòng") != std::string::npos);
    bool commentsSheet = false;
    for (const auto& t : satisfactionTables(*s, office())) {
        for (const auto& r : t.rows) {
            for (const auto& c : r) {
                commentsSheet = commentsSheet || c.text == "Chờ lâu quá";
            }
        }
    }
    CHECK(commentsSheet);
}
