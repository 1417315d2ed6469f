// The ticket changes as the writer runs them (app/ticket_ops), on a real SQLite file: what each
// stores, what it says changed, the SLA summary it keeps, and what it refuses.
#include <catch2/catch.hpp>

#include "app/config.hpp"
#include "app/ticket_ops.hpp"
#include "support/server_process.hpp"

using namespace aduan;
using namespace std::chrono_literals;

namespace {

const Principal kAgent{"agen1", Role::kAgent};
const Instant kT0 = *parse_rfc3339("2026-11-30T01:00:00Z");  // Monday 08:00 in Jakarta

struct Store {
    Config config = default_config();
    test::TempDir dir;
    storage::Connection c{dir.file("o.db"), storage::Connection::Mode::kReadWrite};
    Store() { storage::migrate(c, storage::schema_sql()); }
    const sla::PolicySet& policies() const { return *config.policies; }

    std::int64_t create(Priority p = Priority::kNormal) {
        NewTicket n;
        n.subject = "Insentif belum masuk";
        n.channel = Channel::kPhone;
        n.category = "incentive";
        n.priority = p;
        auto r = ops::create(c, policies(), std::move(n), kAgent, kT0);
        REQUIRE(r.ok());
        return r->after.id;
    }
    Result<TicketChange> set_status(std::int64_t id, Status s, Instant at) {
        TicketPatch p;
        p.status = s;
        return ops::update(c, policies(), id, p, kAgent, at);
    }
};

}  // namespace

TEST_CASE("a new ticket is stored with its policy's clocks, and the change says so") {
    Store s;
    NewTicket n;
    n.subject = "Kartu terblokir";
    n.category = "account";
    n.priority = Priority::kUrgent;
    auto r = ops::create(s.c, s.policies(), std::move(n), kAgent, kT0);
    REQUIRE(r.ok());
    CHECK_FALSE(r->before);
    CHECK(r->after.status == Status::kNew);
    REQUIRE(r->sla);
    CHECK(r->sla->policy == "urgent");
    CHECK(storage::find_sla(s.c, r->after.id) == r->sla);
    REQUIRE(r->view);
    CHECK(r->view->resolution.status == sla::ClockStatus::kRunning);
}

TEST_CASE("an update stores the row, its events and the clocks' new summary together") {
    Store s;
    const auto id = s.create();
    auto r = s.set_status(id, Status::kPending, kT0 + 1h);
    REQUIRE(r.ok());
    REQUIRE(r->events.size() == 1);
    CHECK(r->events[0].type == "status");
    CHECK(r->events[0].to == "pending");
    CHECK(r->sla->res.paused);
    CHECK(r->view->resolution.status == sla::ClockStatus::kPaused);
    CHECK(storage::find_ticket(s.c, id)->status == Status::kPending);
    CHECK(storage::find_sla(s.c, id) == r->sla);
    CHECK(storage::list_events(s.c, id).size() == 2);  // created, status
}

TEST_CASE("a transition the lifecycle does not allow is refused and writes nothing") {
    Store s;
    const auto id = s.create();
    REQUIRE(s.set_status(id, Status::kResolved, kT0 + 1h).ok());
    REQUIRE(s.set_status(id, Status::kClosed, kT0 + 2h).ok());
    const auto before = storage::find_ticket(s.c, id);
    auto r = s.set_status(id, Status::kOpen, kT0 + 3h);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kConflict);
    CHECK(storage::find_ticket(s.c, id) == before);
    CHECK(storage::list_events(s.c, id).size() == 3);
    CHECK(ops::update(s.c, s.policies(), 999, {}, kAgent, kT0).error().code ==
          ErrorCode::kNotFound);
}

TEST_CASE("a patch that changes nothing records nothing") {
    Store s;
    const auto id = s.create();
    const auto before = storage::find_ticket(s.c, id);
    TicketPatch same;
    same.priority = Priority::kNormal;
    auto r = ops::update(s.c, s.policies(), id, same, kAgent, kT0 + 1h);
    REQUIRE(r.ok());
    CHECK(r->events.empty());
    CHECK(storage::find_ticket(s.c, id) == before);
    CHECK(storage::list_events(s.c, id).size() == 1);
}

TEST_CASE("the first public response stops the first-response clock, a note does not") {
    Store s;
    const auto id = s.create();
    auto note = ops::respond(s.c, s.policies(), id, "catatan", false, kAgent, kT0 + 5min);
    REQUIRE(note.ok());
    CHECK_FALSE(note->after.first_responded_at);
    CHECK(note->view->first_response.status == sla::ClockStatus::kRunning);
    auto reply = ops::respond(s.c, s.policies(), id, "Halo", true, kAgent, kT0 + 10min);
    REQUIRE(reply.ok());
    CHECK(reply->after.first_responded_at == kT0 + 10min);
    CHECK(reply->view->first_response.status == sla::ClockStatus::kMet);
    CHECK(reply->view->first_response.elapsed_seconds == 600);
    CHECK(storage::find_sla(s.c, id) == reply->sla);
    CHECK(storage::find_ticket(s.c, id)->first_responded_at == kT0 + 10min);
}

TEST_CASE("a closed ticket takes no response") {
    Store s;
    const auto id = s.create();
    REQUIRE(s.set_status(id, Status::kResolved, kT0 + 1h).ok());
    REQUIRE(s.set_status(id, Status::kClosed, kT0 + 2h).ok());
    auto r = ops::respond(s.c, s.policies(), id, "Halo", true, kAgent, kT0 + 3h);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kConflict);
}

TEST_CASE("SLA events are recorded at their true instants, once") {
    Store s;
    const auto id = s.create(Priority::kUrgent);  // urgent: 24x7, first response 30m, warn at 75 %
    auto r = ops::record_sla_events(s.c, s.policies(), id, kT0 + 2h);
    REQUIRE(r.ok());
    std::vector<std::string> seen;
    for (const auto& e : r->events)
        seen.push_back(e.type + " " + e.to.value_or("") + " " + format_rfc3339(e.at));
    CHECK(seen == std::vector<std::string>{
                      "sla.warning first_response " + format_rfc3339(kT0 + 22min + 30s),
                      "sla.breached first_response " + format_rfc3339(kT0 + 30min),
                  });
    auto again = ops::record_sla_events(s.c, s.policies(), id, kT0 + 2h);
    REQUIRE(again.ok());
    CHECK(again->events.empty());
}
