// The SLA replay (app/ticket_sla): a ticket's clocks rebuilt from its stored history equal the
// clocks driven live through the same events — policy at creation from the first recorded
// "from", pauses while pending, a reopen runs on, public responses only.
#include <catch2/catch.hpp>

#include "app/config.hpp"
#include "app/ticket_sla.hpp"

using namespace aduan;
using namespace std::chrono_literals;

namespace {

const Instant kT0 = *parse_rfc3339("2026-11-30T01:00:00Z");  // Monday 08:00 in Jakarta

TicketEvent event(Instant at, std::string type, std::optional<std::string> from,
                  std::optional<std::string> to) {
    TicketEvent e;
    e.at = at;
    e.type = std::move(type);
    e.from = std::move(from);
    e.to = std::move(to);
    return e;
}

TicketEvent response(Instant at, bool is_public) {
    TicketEvent e = event(at, "response", std::nullopt, std::nullopt);
    e.response = Response{1, 1, at, "agen1", is_public, "Halo"};
    return e;
}

Ticket ticket(Priority now_priority) {
    Ticket t;
    t.id = 1;
    t.created_at = kT0;
    t.category = "incentive";
    t.channel = Channel::kPhone;
    t.priority = now_priority;
    return t;
}

}  // namespace

TEST_CASE("the replay starts from the attributes at creation and follows a priority change") {
    const Config config = default_config();
    // Now urgent; it was logged as normal and raised after an hour.
    const std::vector<TicketEvent> history{event(kT0 + 1h, "priority", "normal", "urgent")};
    const auto clocks = replay(*config.policies, ticket(Priority::kUrgent), history);
    sla::TicketClocks live(*config.policies, kT0, {"normal", "incentive", "phone"});
    live.attributes(kT0 + 1h, {"urgent", "incentive", "phone"});
    CHECK(clocks.policy().name == "urgent");
    const Instant now = kT0 + 3h;
    CHECK(view_of(clocks, now).resolution.elapsed_seconds ==
          live.resolution().view(now).elapsed_seconds);
    CHECK(view_of(clocks, now).resolution.due_at == live.resolution().view(now).due_at);
    CHECK(columns_of(clocks) == columns_of(live));
}

TEST_CASE("the replay pauses while pending, runs on after a reopen, and counts public replies") {
    const Config config = default_config();
    const std::vector<TicketEvent> history{
        response(kT0 + 10min, false),  // a note: no first response
        response(kT0 + 20min, true),
        event(kT0 + 1h, "status", "new", "pending"),
        event(kT0 + 3h, "status", "pending", "open"),
        event(kT0 + 4h, "status", "open", "resolved"),
        event(kT0 + 5h, "status", "resolved", "open"),
    };
    const auto clocks = replay(*config.policies, ticket(Priority::kNormal), history);
    const auto v = view_of(clocks, kT0 + 6h);  // 14:00 Jakarta, office hours throughout
    CHECK(v.first_response.status == sla::ClockStatus::kMet);
    CHECK(v.first_response.elapsed_seconds == 20 * 60);
    // Counted: 08:00–09:00 (new), 11:00–12:00 (open until resolved), 13:00–14:00 (reopened).
    CHECK(v.resolution.status == sla::ClockStatus::kRunning);
    CHECK(v.resolution.elapsed_seconds == 3 * 3600);
    const auto stored = columns_of(clocks);
    CHECK(status_at(stored.res, kT0 + 6h) == sla::ClockStatus::kRunning);
    CHECK_FALSE(stored.res.paused);
}
