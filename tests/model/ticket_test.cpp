#include <catch2/catch.hpp>

#include "model/ticket.hpp"

using namespace aduan;

namespace {

Ticket ticket(Status s) {
    Ticket t;
    t.id = 7;
    t.subject = "s";
    t.category = "other";
    t.status = s;
    t.created_at = t.updated_at = *parse_rfc3339("2026-11-27T01:00:00Z");
    return t;
}

const Principal kAgent{"agent1", Role::kAgent};
const Instant kNow = *parse_rfc3339("2026-11-27T02:00:00Z");

}  // namespace

TEST_CASE("lifecycle allows exactly the transitions of spec section 2") {
    using S = Status;
    const std::vector<std::pair<S, S>> allowed{
        {S::kNew, S::kOpen},         {S::kNew, S::kPending},   {S::kNew, S::kResolved},
        {S::kOpen, S::kPending},     {S::kPending, S::kOpen},  {S::kOpen, S::kResolved},
        {S::kPending, S::kResolved}, {S::kResolved, S::kOpen}, {S::kResolved, S::kClosed}};
    for (int from = 0; from < 5; ++from)
        for (int to = 0; to < 5; ++to) {
            const bool expected = std::find(allowed.begin(), allowed.end(),
                                            std::pair{S(from), S(to)}) != allowed.end();
            INFO(to_string(S(from)) << " -> " << to_string(S(to)));
            CHECK(transition_allowed(S(from), S(to)) == expected);
        }
}

TEST_CASE("apply_patch refuses a transition the lifecycle does not allow") {
    TicketPatch p;
    p.status = Status::kClosed;
    auto r = apply_patch(ticket(Status::kNew), p, kAgent, kNow);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kConflict);
    CHECK(r.error().message == "status: cannot go from new to closed");
}

TEST_CASE("apply_patch refuses any change to a closed ticket") {
    TicketPatch p;
    p.priority = Priority::kHigh;
    auto r = apply_patch(ticket(Status::kClosed), p, kAgent, kNow);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kConflict);
}

TEST_CASE("apply_patch records one event per changed field and stamps updated_at") {
    TicketPatch p;
    p.status = Status::kOpen;
    p.priority = Priority::kUrgent;
    p.assignee = std::optional<std::string>("agent1");
    p.team = std::optional<std::string>();  // already null: no event
    p.tags = std::vector<std::string>{"vip", "repeat"};
    auto r = apply_patch(ticket(Status::kNew), p, kAgent, kNow);
    REQUIRE(r.ok());
    CHECK(r->ticket.status == Status::kOpen);
    CHECK(r->ticket.updated_at == kNow);
    REQUIRE(r->events.size() == 4);
    CHECK(r->events[0].type == "status");
    CHECK(r->events[0].from == "new");
    CHECK(r->events[0].to == "open");
    CHECK(r->events[1].type == "priority");
    CHECK(r->events[2].type == "assignee");
    CHECK_FALSE(r->events[2].from);
    CHECK(r->events[2].to == "agent1");
    CHECK(r->events[3].type == "tags");
    CHECK(r->events[3].to == "vip,repeat");
    for (const auto& e : r->events) {
        CHECK(e.actor == "agent1");
        CHECK(e.at == kNow);
    }
}

TEST_CASE("apply_patch with nothing that changes records nothing") {
    TicketPatch p;
    p.status = Status::kOpen;
    auto r = apply_patch(ticket(Status::kOpen), p, kAgent, kNow);
    REQUIRE(r.ok());
    CHECK(r->events.empty());
    CHECK(r->ticket.updated_at == ticket(Status::kOpen).updated_at);
}

TEST_CASE("resolving, reopening and closing set and clear their instants") {
    TicketPatch resolve;
    resolve.status = Status::kResolved;
    auto resolved = apply_patch(ticket(Status::kOpen), resolve, kAgent, kNow);
    REQUIRE(resolved.ok());
    CHECK(resolved->ticket.resolved_at == kNow);

    TicketPatch reopen;
    reopen.status = Status::kOpen;
    auto reopened = apply_patch(resolved->ticket, reopen, kAgent, kNow + std::chrono::hours(1));
    REQUIRE(reopened.ok());
    CHECK_FALSE(reopened->ticket.resolved_at);

    TicketPatch close;
    close.status = Status::kClosed;
    auto closed = apply_patch(resolved->ticket, close, kAgent, kNow + std::chrono::hours(2));
    REQUIRE(closed.ok());
    CHECK(closed->ticket.closed_at == kNow + std::chrono::hours(2));
    CHECK(closed->ticket.resolved_at == kNow);
}

TEST_CASE("enumerations round-trip through their wire names") {
    for (int i = 0; i < 6; ++i)
        CHECK(parse_enum<Channel>(to_string(Channel(i))) == Channel(i));
    for (int i = 0; i < 4; ++i)
        CHECK(parse_enum<Priority>(to_string(Priority(i))) == Priority(i));
    CHECK(to_string(Channel::kWalkIn) == "walk_in");
    CHECK_FALSE(parse_enum<Priority>("URGENT"));
    CHECK(one_of_message<Priority>() == "must be one of low, normal, high, urgent");
}
