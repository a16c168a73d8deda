// Our Erlang B/C against an independent implementation: Debian's
// octave-queueing (erlangb/erlangc, by the inverse recursion of Zeng 2003)
// over loads 0.5…130 Erlang and N from ⌊A⌋+1 to A+20 (up to 150 counters).
#include "analytics/erlang.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

using namespace qmsd;

namespace {

struct Point {
    double a;
    int n;
};

std::vector<Point> grid() {
    std::vector<Point> g;
    for (double a : {0.5, 0.9, 1.0, 2.5, 4.0, 6.667, 10.0, 13.3, 20.0, 33.3, 47.5, 60.0, 75.0, 90.0,
                     100.0, 110.0, 120.0, 129.5}) {
        for (int n = static_cast<int>(std::floor(a)) + 1; n <= a + 20; ++n) {
            g.push_back({a, n});
        }
    }
    return g;
}

std::string octaveScript(const std::vector<Point>& g) {
    std::ostringstream a, m;
    a.precision(17);
    for (const auto& p : g) {
        a << p.a << ' ';
        m << p.n << ' ';
    }
    return "pkg load queueing; A=[" + a.str() + "]; m=[" + m.str() +
           "]; B=erlangb(A,m); C=erlangc(A,m); printf('%.17g %d %.17g %.17g\\n', [A; m; B; C]);";
}

// Runs octave-cli; empty when it is not there or the package does not load.
std::vector<std::string> runOctave(const std::string& script, int& status) {
    std::string cmd = "octave-cli --no-gui -q --eval \"" + script + "\" 2>&1";
    std::vector<std::string> lines;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) {
        status = -1;
        return lines;
    }
    char buf[512];
    std::string line;
    while (std::fgets(buf, sizeof buf, p) != nullptr) {
        line += buf;
        if (!line.empty() && line.back() == '\n') {
            line.pop_back();
            lines.push_back(line);
            line.clear();
        }
    }
    status = ::pclose(p);
    return lines;
}

} // namespace

TEST_CASE("Erlang B and C agree with octave-queueing to 1e-9 over the grid") {
    auto g = grid();
    int status = 0;
    auto output = runOctave(octaveScript(g), status);
    // Keep the value lines; anything else (a warning) is shown if the count is off.
    std::vector<std::string> lines, other;
    for (const auto& l : output) {
        double x[3];
        int n = 0;
        (std::sscanf(l.c_str(), "%lf %d %lf %lf", &x[0], &n, &x[1], &x[2]) == 4 ? lines : other).push_back(l);
    }
    if (status != 0 || lines.size() != g.size()) {
        std::string out;
        for (std::size_t i = 0; i < other.size() && i < 8; ++i) {
            out += other[i] + "\n";
        }
        FAIL("octave-cli with the queueing package is needed for this cross-check "
             "(apt-get install octave-cli octave-queueing); exit status "
             << status << ", " << lines.size() << " value lines for " << g.size() << " points; other output:\n"
             << out);
    }
    double worst = 0;
    for (std::size_t i = 0; i < g.size(); ++i) {
        double a = 0, b = 0, c = 0;
        int n = 0;
        REQUIRE(std::sscanf(lines[i].c_str(), "%lf %d %lf %lf", &a, &n, &b, &c) == 4);
        REQUIRE(n == g[i].n);
        REQUIRE(a == Approx(g[i].a).epsilon(1e-15));
        double ourB = erlang::erlangB(n, g[i].a);
        double ourC = erlang::erlangC(n, g[i].a);
        INFO("A=" << g[i].a << " N=" << n << " octave B=" << b << " C=" << c << " ours B=" << ourB
                  << " C=" << ourC);
        CHECK(std::abs(ourB - b) <= 1e-9 * std::abs(b));
        CHECK(std::abs(ourC - c) <= 1e-9 * std::abs(c));
        worst = std::max({worst, std::abs(ourB - b) / b, std::abs(ourC - c) / c});
    }
    WARN("octave cross-check: " << g.size() << " points, worst relative difference " << worst);
    CHECK(g.size() > 300);
}
