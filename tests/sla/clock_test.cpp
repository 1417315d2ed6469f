#include <catch2/catch.hpp>

#include "sla/clock.hpp"

using namespace aduan;
using namespace aduan::sla;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

Instant at(const char* s) {
    return *parse_rfc3339(s);
}

const Instant kT0 = at("2026-11-30T00:00:00Z");  // a Monday

struct Fixture {
    std::map<std::string, Calendar> cals;
    PolicySet set;

    Fixture() {
        std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> all;
        for (const char* d : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
            all.push_back({d, {{"00:00", "24:00"}}});
        cals.emplace("24x7", std::move(Calendar::compile({"UTC", all, {}}).value()));
        // Office hours in UTC, Monday to Friday 08:00-17:00.
        std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>>
            office;
        for (const char* d : {"mon", "tue", "wed", "thu", "fri"})
            office.push_back({d, {{"08:00", "17:00"}}});
        cals.emplace("office", std::move(Calendar::compile({"UTC", office, {}}).value()));
        auto p = [](std::string name, std::vector<std::string> prio, std::string cal,
                    std::int64_t fr, std::int64_t res) {
            Policy x;
            x.name = std::move(name);
            x.match.priority = std::move(prio);
            x.calendar_name = std::move(cal);
            x.first_response = fr;
            x.resolution = res;
            return x;
        };
        set = std::move(PolicySet::make({p("urgent", {"urgent"}, "24x7", 1800, 4 * 3600),
                                         p("office", {"low"}, "office", 4 * 3600, 9 * 3600),
                                         p("normal", {}, "24x7", 4 * 3600, 24 * 3600)},
                                        cals)
                            .value());
    }
};

Attributes attrs(const char* priority) {
    return {priority, "incentive", "phone"};
}

}  // namespace

TEST_CASE("a running clock warns at the threshold and breaches one second past the target") {
    Fixture f;
    TicketClocks t(f.set, kT0, attrs("normal"));
    CHECK(t.policy().name == "normal");
    auto v = t.first_response().view(kT0 + hours(1));
    CHECK(v.status == ClockStatus::kRunning);
    CHECK(v.elapsed_seconds == 3600);
    CHECK(v.target_seconds == 4 * 3600);
    CHECK(v.due_at == kT0 + hours(4));
    CHECK_FALSE(v.breached_at);
    CHECK(t.first_response().next_change(kT0 + hours(1)) == kT0 + hours(3));  // 75% of 4h

    CHECK(t.first_response().view(kT0 + hours(3)).status == ClockStatus::kWarning);
    CHECK(t.first_response().view(kT0 + hours(3)).warning_at == kT0 + hours(3));
    CHECK(t.first_response().view(kT0 + hours(4)).status ==
          ClockStatus::kWarning);  // == target: not yet
    CHECK(t.first_response().next_change(kT0 + hours(3)) == kT0 + hours(4) + seconds(1));
    v = t.first_response().view(kT0 + hours(4) + seconds(1));
    CHECK(v.status == ClockStatus::kBreached);
    CHECK(v.breached_at == kT0 + hours(4));
    CHECK_FALSE(t.first_response().next_change(kT0 + hours(5)));
}

TEST_CASE("a public response stops first response, met when within target") {
    Fixture f;
    TicketClocks t(f.set, kT0, attrs("normal"));
    t.public_response(kT0 + minutes(20));
    const auto v = t.first_response().view(kT0 + hours(10));
    CHECK(v.status == ClockStatus::kMet);
    CHECK(v.elapsed_seconds == 1200);
    CHECK(v.stopped_at == kT0 + minutes(20));
    CHECK_FALSE(t.first_response().next_change(kT0 + hours(10)));
    t.public_response(kT0 + minutes(40));  // only the first response counts
    CHECK(t.first_response().view(kT0 + hours(10)).stopped_at == kT0 + minutes(20));
}

TEST_CASE(
    "resolution pauses while pending, due_at is null while paused and moves out by the pause") {
    Fixture f;
    TicketClocks t(f.set, kT0, attrs("normal"));
    t.status(kT0 + hours(1), Phase::kOpen);
    t.status(kT0 + hours(2), Phase::kPending);
    auto v = t.resolution().view(kT0 + hours(10));
    CHECK(v.status == ClockStatus::kPaused);
    CHECK(v.elapsed_seconds == 2 * 3600);
    CHECK_FALSE(v.due_at);
    CHECK_FALSE(t.resolution().next_change(kT0 + hours(10)));
    t.status(kT0 + hours(12), Phase::kOpen);
    v = t.resolution().view(kT0 + hours(13));
    CHECK(v.status == ClockStatus::kRunning);
    CHECK(v.elapsed_seconds == 3 * 3600);
    CHECK(v.due_at == kT0 + hours(34));  // 24h target + 10h paused
    // First response does not pause.
    CHECK(t.first_response().view(kT0 + hours(13)).status == ClockStatus::kBreached);
}

TEST_CASE("breached wins over paused") {
    Fixture f;
    TicketClocks t(f.set, kT0, attrs("urgent"));  // resolution 4h
    t.status(kT0 + hours(5), Phase::kPending);
    const auto v = t.resolution().view(kT0 + hours(6));
    CHECK(v.status == ClockStatus::kBreached);
    CHECK(v.breached_at == kT0 + hours(4));
}

TEST_CASE("resolving without a response stops both clocks, a reopen runs resolution on") {
    Fixture f;
    TicketClocks t(f.set, kT0, attrs("normal"));
    t.status(kT0 + hours(2), Phase::kResolved);
    CHECK(t.first_response().view(kT0 + hours(3)).status == ClockStatus::kMet);
    CHECK(t.first_response().view(kT0 + hours(3)).stopped_at == kT0 + hours(2));
    CHECK(t.resolution().view(kT0 + hours(3)).status == ClockStatus::kMet);
    t.status(kT0 + hours(10), Phase::kOpen);  // reopened
    auto v = t.resolution().view(kT0 + hours(11));
    CHECK(v.status == ClockStatus::kRunning);
    CHECK(v.elapsed_seconds == 3 * 3600);
    CHECK_FALSE(v.stopped_at);
    CHECK(v.due_at == kT0 + hours(32));
    CHECK(t.first_response().state() == Clock::State::kStopped);  // never restarts
    t.status(kT0 + hours(12), Phase::kResolved);
    t.status(kT0 + hours(13), Phase::kClosed);
    v = t.resolution().view(kT0 + hours(40));
    CHECK(v.status == ClockStatus::kMet);
    CHECK(v.elapsed_seconds == 4 * 3600);
    CHECK(v.stopped_at == kT0 + hours(12));
}

TEST_CASE("a priority change keeps the time and finds a retroactive breach") {
    Fixture f;
    TicketClocks t(f.set, kT0, attrs("normal"));    // first response 4h, resolution 24h
    t.attributes(kT0 + hours(1), attrs("urgent"));  // first response 30m: already used up
    CHECK(t.policy().name == "urgent");
    auto v = t.first_response().view(kT0 + hours(1));
    CHECK(v.status == ClockStatus::kBreached);
    CHECK(v.elapsed_seconds == 3600);
    CHECK(v.target_seconds == 1800);
    CHECK(v.breached_at == kT0 + minutes(30));
    CHECK(v.warning_at == kT0 + seconds(1350));  // ceil(0.75 * 1800 s)
    v = t.resolution().view(kT0 + hours(1));
    CHECK(v.status == ClockStatus::kRunning);
    CHECK(v.due_at == kT0 + hours(4));
}

TEST_CASE("a policy change moves a running clock onto the new calendar from that moment") {
    Fixture f;
    // Created Saturday 12:00 on the 24x7 policy; 2h later becomes low priority (office hours).
    const auto sat = at("2026-12-05T12:00:00Z");
    TicketClocks t(f.set, sat, attrs("normal"));
    t.attributes(sat + hours(2), attrs("low"));  // first response now 4h on office hours
    const auto v = t.first_response().view(sat + hours(10));
    CHECK(v.elapsed_seconds == 2 * 3600);           // the weekend no longer counts
    CHECK(v.due_at == at("2026-12-07T10:00:00Z"));  // Monday 08:00 + the 2h left
}

TEST_CASE("a stopped clock keeps its verdict when the policy changes") {
    Fixture f;
    TicketClocks t(f.set, kT0, attrs("normal"));
    t.public_response(kT0 + hours(1));
    t.attributes(kT0 + hours(2), attrs("urgent"));
    const auto v = t.first_response().view(kT0 + hours(3));
    CHECK(v.status == ClockStatus::kMet);
    CHECK(v.target_seconds == 4 * 3600);
}

TEST_CASE(
    "a target used up at the close is met if stopped after hours, breached at the next opening") {
    Fixture f;
    const auto mon8 = at("2026-11-30T08:00:00Z");
    TicketClocks t(f.set, mon8, attrs("low"));  // resolution 9h on office hours: due 17:00
    auto v = t.resolution().view(at("2026-11-30T20:00:00Z"));
    CHECK(v.status == ClockStatus::kWarning);
    CHECK(v.elapsed_seconds == 9 * 3600);
    CHECK(v.due_at == at("2026-11-30T17:00:00Z"));
    CHECK(t.resolution().next_change(at("2026-11-30T20:00:00Z")) == at("2026-12-01T08:00:01Z"));
    TicketClocks stopped = t;
    stopped.status(at("2026-11-30T20:00:00Z"), Phase::kResolved);
    CHECK(stopped.resolution().view(at("2026-12-02T00:00:00Z")).status == ClockStatus::kMet);
    v = t.resolution().view(at("2026-12-01T08:00:01Z"));
    CHECK(v.status == ClockStatus::kBreached);
    CHECK(v.breached_at == at("2026-11-30T17:00:00Z"));
}

TEST_CASE("at_risk_from and breached_from summarise a clock for filtering") {
    Fixture f;
    TicketClocks t(f.set, kT0, attrs("normal"));  // first response 4h on 24x7
    CHECK(t.first_response().at_risk_from() == kT0 + hours(3));
    CHECK(t.first_response().breached_from() == kT0 + hours(4) + seconds(1));
    t.public_response(kT0 + hours(1));  // met: never at risk, never breached
    CHECK_FALSE(t.first_response().at_risk_from());
    CHECK_FALSE(t.first_response().breached_from());
    t.status(kT0 + hours(25), Phase::kPending);  // resolution (24h) exceeded, then paused
    CHECK_FALSE(t.resolution().at_risk_from());
    CHECK(t.resolution().breached_from() == kT0 + hours(24) + seconds(1));
}
