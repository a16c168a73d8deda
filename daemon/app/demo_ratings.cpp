#include "app/demo_ratings.hpp"

#include "app/daemon.hpp"

#include <array>

namespace qmsd {
namespace {

void ignoreResult(const Result<Events>&) {}

// Share of citizens by level, dissatisfied first (a satisfied office, not a perfect one).
constexpr std::array<double, 4> kLevelWeights{0.05, 0.10, 0.32, 0.53};

constexpr std::array<const char*, 3> kGoodComments{"Cán bộ hướng dẫn tận tình, cảm ơn.", "Nhanh gọn, rất tốt.",
                                                    "Phòng chờ sạch sẽ, thoáng mát."};
constexpr std::array<const char*, 3> kBadComments{"Chờ lâu quá, nên mở thêm quầy.",
                                                   "Cán bộ hướng dẫn chưa rõ, phải đi lại nhiều lần.",
                                                   "Không biết cần mang giấy tờ gì."};

} // namespace

void rateAsDemoCitizen(Daemon& daemon, TicketId ticket, std::mt19937& rng) {
    const Ticket* t = daemon.journal().engine().ticket(ticket);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    if (t == nullptr || t->state != TicketState::finished || u(rng) > 0.7) {
        return; // three in ten do not rate, as in a real office
    }
    std::discrete_distribution<int> pick(kLevelWeights.begin(), kLevelWeights.end());
    int level = pick(rng) + 1;
    double channel = u(rng);
    if (channel < 0.2) {
        daemon.submit(RateService{t->counter, level}, "sim:rating_box", ignoreResult);
        return;
    }
    RateTicket r{ticket, channel < 0.6 ? RatingChannel::phone : RatingChannel::screen, t->counter, level, {}, {}};
    for (const auto& q : daemon.config().ratingQuestions) {
        if (u(rng) < 0.6) { // some questions left blank
            r.answers[q.id] = std::clamp(level + (u(rng) < 0.2 ? (u(rng) < 0.5 ? -1 : 1) : 0), 1, 4);
        }
    }
    if (u(rng) < (level <= 2 ? 0.5 : 0.1)) {
        const auto& pool = level <= 2 ? kBadComments : kGoodComments;
        r.comment = pool[rng() % pool.size()];
    }
    daemon.submit(r, r.channel == RatingChannel::phone ? "sim:phone" : "sim:rating_screen", ignoreResult);
}

} // namespace qmsd
