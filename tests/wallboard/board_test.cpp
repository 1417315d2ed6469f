// The board model: incremental counts, "today" in the operating time zone with its rollover
// at local midnight (DST days included), the nearest-rank median, and team ordering.
#include <catch2/catch.hpp>

#include "common/time.hpp"
#include "wallboard/board.hpp"

using namespace aduan;
using namespace aduan::wallboard;

namespace {

Instant at(const char* rfc3339) {
    return *parse_rfc3339(rfc3339);
}

TicketSummary ticket(std::int64_t id, const char* created, Status status = Status::kNew) {
    TicketSummary t;
    t.id = id;
    t.created_at = at(created);
    t.status = status;
    t.team = "tier1";
    return t;
}

}  // namespace

TEST_CASE("a local day is bounded by local midnights, 23 or 25 hours on DST days") {
    Board jakarta("Asia/Jakarta", {});
    auto [start, end] = jakarta.day_of(at("2026-11-28T17:30:00Z"));  // 00:30 WIB on the 29th
    CHECK(start == at("2026-11-28T17:00:00Z"));
    CHECK(end == at("2026-11-29T17:00:00Z"));

    Board berlin("Europe/Berlin", {});
    auto [s1, e1] = berlin.day_of(at("2026-03-29T12:00:00Z"));
    CHECK(e1 - s1 == std::chrono::hours(23));
    auto [s2, e2] = berlin.day_of(at("2026-10-25T12:00:00Z"));
    CHECK(e2 - s2 == std::chrono::hours(25));
    CHECK(s2 == at("2026-10-24T22:00:00Z"));
}

TEST_CASE("today's counts start again at local midnight, open tickets stay") {
    Board b("Asia/Jakarta", {"tier1"});
    const auto now = at("2026-11-29T16:59:00Z");  // 23:59 WIB
    b.restore({}, now);
    b.apply(ticket(1, "2026-11-29T16:58:00Z"), now);
    auto s = b.snapshot(now);
    CHECK(s.today.created == 1);
    CHECK(s.arrivals_by_hour[23] == 1);
    CHECK(s.open.total == 1);
    CHECK(b.next_rollover() == at("2026-11-29T17:00:00Z"));

    s = b.snapshot(at("2026-11-29T17:00:01Z"));
    CHECK(s.today.created == 0);
    CHECK(s.arrivals_by_hour[23] == 0);
    CHECK(s.open.total == 1);
    CHECK(s.oldest_open->id == 1);
    CHECK(s.oldest_open->age_seconds == 121);
    CHECK(b.next_rollover() == at("2026-11-30T17:00:00Z"));
}

TEST_CASE("a change replaces what the ticket counted before") {
    Board b("UTC", {"tier1", "tier2"});
    const auto now = at("2026-11-29T10:00:00Z");
    b.restore({ticket(1, "2026-11-29T08:00:00Z"), ticket(2, "2026-11-29T09:00:00Z")}, now);
    auto t = ticket(1, "2026-11-29T08:00:00Z", Status::kPending);
    t.priority = Priority::kUrgent;
    t.team = "tier2";
    t.sla.res.warn_at = at("2026-11-29T09:30:00Z");
    t.sla.res.breach_at = at("2026-11-29T11:00:00Z");
    b.apply(t, now);
    auto s = b.snapshot(now);
    CHECK(s.open.total == 2);
    CHECK(s.open.by_status == std::array<std::int64_t, 3>{1, 0, 1});
    CHECK(s.open.by_priority[std::size_t(Priority::kUrgent)] == 1);
    CHECK(s.open.by_team ==
          std::vector<std::pair<std::string, std::int64_t>>{{"tier1", 1}, {"tier2", 1}});
    CHECK(s.sla.warning == 1);
    CHECK(s.sla.breached_open == 0);

    // Resolved: out of the open counts, in today's; its clock met today.
    t.status = Status::kResolved;
    t.resolved_at = now;
    t.sla.res = {};
    t.sla.res.stopped_at = now;
    t.sla.res.elapsed = 3600;
    b.apply(t, now);
    s = b.snapshot(now);
    CHECK(s.open.total == 1);
    CHECK(s.sla.warning == 0);
    CHECK(s.today.resolved == 1);
    CHECK(s.sla.met_today == 1);
    CHECK(s.sla.compliance_today == 1.0);
    CHECK(s.oldest_open->id == 2);
    CHECK(b.open_clocks()[1][std::size_t(sla::ClockStatus::kRunning)] == 1);
}

TEST_CASE("compliance counts each clock once, on the day it was decided") {
    Board b("UTC", {});
    const auto now = at("2026-11-29T12:00:00Z");
    b.restore({}, now);
    auto t = ticket(1, "2026-11-28T08:00:00Z");
    t.sla.fr.breach_at = at("2026-11-28T09:00:00Z");   // yesterday: not today's
    t.sla.res.breach_at = at("2026-11-29T08:00:00Z");  // today
    b.apply(t, now);
    auto u = ticket(2, "2026-11-29T08:00:00Z");
    u.sla.fr.stopped_at = at("2026-11-29T08:10:00Z");
    u.sla.fr.elapsed = 600;
    u.first_responded_at = u.sla.fr.stopped_at;
    b.apply(u, now);
    auto s = b.snapshot(now);
    CHECK(s.sla.breached_today == 1);
    CHECK(s.sla.met_today == 1);
    CHECK(s.sla.compliance_today == 0.5);
    CHECK(s.sla.breached_open == 1);
    CHECK(s.today.first_response_median_seconds == 600);
}

TEST_CASE("the first-response median is nearest-rank and follows removals") {
    Board b("UTC", {});
    const auto now = at("2026-11-29T12:00:00Z");
    b.restore({}, now);
    auto answered = [&](std::int64_t id, std::int64_t seconds) {
        auto t = ticket(id, "2026-11-29T08:00:00Z");
        t.sla.fr.stopped_at = at("2026-11-29T09:00:00Z");
        t.sla.fr.elapsed = seconds;
        t.first_responded_at = t.sla.fr.stopped_at;
        b.apply(t, now);
    };
    answered(1, 300);
    CHECK(b.snapshot(now).today.first_response_median_seconds == 300);
    answered(2, 100);
    CHECK(b.snapshot(now).today.first_response_median_seconds == 100);  // rank ceil(2/2) = 1
    answered(3, 900);
    answered(4, 200);
    CHECK(b.snapshot(now).today.first_response_median_seconds == 200);
    answered(5, 50);
    CHECK(b.snapshot(now).today.first_response_median_seconds == 200);  // 50 100 [200] 300 900
    answered(4, 1000);  // the same ticket, changed: its old value leaves
    CHECK(b.snapshot(now).today.first_response_median_seconds == 300);  // 50 100 [300] 900 1000
}

TEST_CASE("teams: the configured ones in order, then others by name, then none") {
    Board b("UTC", {"tier2", "tier1"});
    const auto now = at("2026-11-29T12:00:00Z");
    b.restore({}, now);
    auto t = ticket(1, "2026-11-29T08:00:00Z");
    t.team = "zeta";
    b.apply(t, now);
    t.id = 2;
    t.team = "alpha";
    b.apply(t, now);
    t.id = 3;
    t.team = "";
    b.apply(t, now);
    const auto s = b.snapshot(now);
    CHECK(s.open.by_team == std::vector<std::pair<std::string, std::int64_t>>{
                                {"tier2", 0}, {"tier1", 0}, {"alpha", 1}, {"zeta", 1}, {"", 1}});
}
