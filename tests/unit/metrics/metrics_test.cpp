// The committed-event side of /metrics (metrics/metrics.hpp), read back from
// the text exposition: a wait and a service land in the right histogram
// buckets, the upstream backlog series exists only once the shipper set it.
// (tests/integration/metrics reads the whole set back through a real Prometheus.)
#include "metrics/metrics.hpp"
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

using namespace qmsd;
using namespace qmsd::test;

namespace {

// The value of the one sample line that starts with `series` (name and labels).
std::string sample(const std::string& text, const std::string& series) {
    auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) {
        return "absent";
    }
    auto start = at + 1 + series.size() + 1;
    return text.substr(start, text.find('\n', start) - start);
}

struct Fed {
    OfficeFixture f;
    metrics::Metrics m;
    void run(const Command& cmd) {
        auto r = f.run(cmd);
        REQUIRE(r.ok());
        m.onCommitted(*r, f.engine());
    }
};

} // namespace

TEST_CASE("a wait of 4 minutes and a service of 10 land in their buckets") {
    Fed x;
    x.run(OpenCounter{1, "nv01"});
    x.run(IssueTicket{"ho_tich"});
    x.f.now += std::chrono::minutes{4};
    x.run(CallNext{1});
    x.run(StartService{1});
    x.f.now += std::chrono::minutes{10};
    x.run(FinishService{1});
    std::string text = x.m.render({});
    CHECK(sample(text, R"(qmsd_wait_seconds_bucket{field="ho_tich",le="120"})") == "0");
    CHECK(sample(text, R"(qmsd_wait_seconds_bucket{field="ho_tich",le="300"})") == "1");
    CHECK(sample(text, R"(qmsd_wait_seconds_sum{field="ho_tich"})") == "240");
    CHECK(sample(text, R"(qmsd_service_seconds_bucket{field="ho_tich",le="300"})") == "0");
    CHECK(sample(text, R"(qmsd_service_seconds_bucket{field="ho_tich",le="600"})") == "1");
    CHECK(sample(text, R"(qmsd_tickets_total{field="ho_tich",outcome="issued"})") == "1");
    CHECK(sample(text, R"(qmsd_tickets_total{field="ho_tich",outcome="served"})") == "1");
}

TEST_CASE("the upstream backlog is absent until the shipper sets it") {
    metrics::Metrics m;
    CHECK(m.render({}).find("qmsd_upstream_backlog_events") == std::string::npos);
    m.setUpstreamBacklog(42);
    m.setUpstreamBacklog(17);
    std::string text = m.render({});
    CHECK(sample(text, "qmsd_upstream_backlog_events") == "17");
    CHECK(text.find("# TYPE qmsd_upstream_backlog_events gauge") != std::string::npos);
}

TEST_CASE("commits: latency, batch size, events and refusals") {
    metrics::Metrics m;
    m.observeCommit(std::chrono::microseconds{1500}, 3, 5, true);
    m.observeCommit(std::chrono::milliseconds{30}, 1, 0, false);
    std::string text = m.render({});
    CHECK(sample(text, R"(qmsd_commit_seconds_bucket{le="0.002"})") == "1");
    CHECK(sample(text, R"(qmsd_commit_seconds_bucket{le="0.05"})") == "2");
    CHECK(sample(text, "qmsd_commit_seconds_count") == "2");
    CHECK(sample(text, R"(qmsd_commit_batch_commands_bucket{le="2"})") == "1");
    CHECK(sample(text, "qmsd_commit_batch_commands_sum") == "4");
    CHECK(sample(text, "qmsd_committed_events_total") == "5");
    CHECK(sample(text, "qmsd_commit_failures_total") == "1");
}
