// The wallboard in the service (app/wallboard): it takes committed changes, keeps the board's
// counts, and tells its watchers the typed live events each change gives rise to; restored
// from stored summaries, the breach ticker starts with today's breaches. A clock the test sets.
#include "app/wallboard.hpp"

#include <catch2/catch.hpp>

using namespace aduan;
using namespace std::chrono_literals;

namespace {

const Instant kNow = *parse_rfc3339("2026-11-30T05:00:00Z");  // 12:00 in Jakarta

Ticket ticket(std::int64_t id, Status s) {
    Ticket t;
    t.id = id;
    t.subject = "Saldo tidak masuk";
    t.status = s;
    t.priority = Priority::kHigh;
    t.channel = Channel::kChat;
    t.category = "payment";
    t.team = "tier1";
    t.created_at = kNow - 1h;
    t.updated_at = kNow;
    return t;
}

SlaColumns running() {
    SlaColumns c;
    c.policy = "high";
    c.fr.target = 3600;
    c.fr.breach_at = kNow + 1h;
    c.fr.warn_at = kNow + 30min;
    c.res.target = 9 * 3600;
    c.res.breach_at = kNow + 8h;
    c.res.warn_at = kNow + 6h;
    return c;
}

TicketEvent breached(std::int64_t id, Instant at) {
    TicketEvent e;
    e.ticket_id = id;
    e.at = at;
    e.type = "sla.breached";
    e.to = "first_response";
    return e;
}

// A change of an open ticket the board already has: `before` as created, `after` to be edited.
TicketChange open_ticket_change(std::int64_t id) {
    TicketChange c;
    c.before = ticket(id, Status::kOpen);
    c.after = *c.before;
    c.sla = running();
    return c;
}

struct Watched {
    Config config = default_config();
    Wallboard board{config, [] { return kNow; }};
    std::vector<std::vector<WallboardEvent>> told;
    Watched() {
        board.watch([this](const std::vector<WallboardEvent>& e) { told.push_back(e); });
    }
};

}  // namespace

TEST_CASE("a new ticket counts at once and is told as ticket.created") {
    Watched w;
    TicketChange c;
    c.after = ticket(7, Status::kNew);
    c.sla = running();
    const auto events = w.board.apply(c);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == LiveEvent::kTicketCreated);
    CHECK(to_string(events[0].kind) == "ticket.created");
    CHECK(events[0].ticket_id == 7);
    CHECK(events[0].team == "tier1");
    CHECK_FALSE(events[0].metric);
    REQUIRE(w.told.size() == 1);
    const auto s = w.board.snapshot();
    CHECK(s.open.total == 1);
    CHECK(s.today.created == 1);
    CHECK(s.seq == events[0].seq);
}

TEST_CASE("a breach recorded by the scheduler is told with its metric and tops the ticker") {
    Watched w;
    w.board.restore({summary_of(ticket(7, Status::kOpen), running())});
    TicketChange late = open_ticket_change(7);
    late.sla->fr.breach_at = kNow - 10min;
    late.events = {breached(7, kNow - 10min)};
    const auto events = w.board.apply(late);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == LiveEvent::kSlaBreached);
    CHECK(events[0].metric == Metric::kFirstResponse);
    CHECK(events[0].at == kNow - 10min);
    const auto s = w.board.snapshot();
    CHECK(s.sla.breached_open == 1);
    REQUIRE(s.latest_breaches.size() == 1);
    CHECK(s.latest_breaches[0].ticket_id == 7);
    CHECK(s.latest_breaches[0].metric == Metric::kFirstResponse);
}

TEST_CASE("resolving is told as ticket.resolved, and a change without clocks is not taken") {
    Watched w;
    w.board.restore({summary_of(ticket(3, Status::kOpen), running())});
    TicketChange done = open_ticket_change(3);
    done.after.status = Status::kResolved;
    done.after.resolved_at = kNow;
    done.sla = running();
    done.sla->res.stopped_at = kNow;
    done.sla->res.breach_at.reset();
    done.sla->res.warn_at.reset();
    const auto events = w.board.apply(done);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == LiveEvent::kTicketResolved);
    CHECK(w.board.snapshot().open.total == 0);
    CHECK(w.board.snapshot().today.resolved == 1);
    // An import's change (no clocks settled) leaves the board and the watchers alone.
    TicketChange imported;
    imported.after = ticket(4, Status::kOpen);
    CHECK(w.board.apply(imported).empty());
    CHECK(w.told.size() == 1);
    CHECK(w.board.snapshot().open.total == 0);
}

TEST_CASE("restored from the store, the ticker starts with today's breaches, newest first") {
    Watched w;
    auto row = [](std::int64_t id, Instant breach) {
        TicketSummary t;
        t.id = id;
        t.subject = std::to_string(id);
        t.status = Status::kOpen;
        t.created_at = kNow - 30h;
        t.sla = running();
        t.sla.res.breach_at = breach;
        return t;
    };
    // Yesterday's breach (before local midnight, 17:00Z) is not today's.
    w.board.restore({row(1, kNow - 2h), row(2, kNow - 1h), row(3, kNow - 20h)});
    const auto s = w.board.snapshot();
    CHECK(s.sla.breached_open == 3);
    REQUIRE(s.latest_breaches.size() == 2);
    CHECK(s.latest_breaches[0].ticket_id == 2);
    CHECK(s.latest_breaches[1].ticket_id == 1);
    CHECK(s.latest_breaches[0].metric == Metric::kResolution);
}
