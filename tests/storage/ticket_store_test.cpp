#include <catch2/catch.hpp>

#include "storage/ticket_store.hpp"
#include "support/server_process.hpp"

using namespace aduan;
using namespace aduan::storage;

namespace {

struct Db {
    test::TempDir dir;
    Connection c{dir.file("t.db"), Connection::Mode::kReadWrite};
    Db() { migrate(c, schema_sql()); }
};

const Principal kAgent{"agent1", Role::kAgent};
const Instant kT0 = *parse_rfc3339("2026-11-27T01:00:00Z");

NewTicket new_ticket(std::string subject, Priority p = Priority::kNormal) {
    NewTicket n;
    n.subject = std::move(subject);
    n.channel = Channel::kEmail;
    n.category = "payment";
    n.priority = p;
    n.requester.name = "Siti";
    n.tags = {"a", "b"};
    return n;
}

}  // namespace

TEST_CASE("a ticket is stored and read back whole") {
    Db db;
    const auto t = insert_ticket(db.c, new_ticket("Dana belum cair"), kAgent, kT0);
    CHECK(t.id == 1);
    auto back = find_ticket(db.c, t.id);
    REQUIRE(back);
    CHECK(*back == t);
    CHECK_FALSE(find_ticket(db.c, 99));
    auto events = list_events(db.c, t.id);
    REQUIRE(events.size() == 1);
    CHECK(events[0].type == "created");
    CHECK(events[0].actor == "agent1");
}

TEST_CASE("an update writes the row and appends its events") {
    Db db;
    auto t = insert_ticket(db.c, new_ticket("x"), kAgent, kT0);
    TicketPatch p;
    p.status = Status::kOpen;
    p.team = std::optional<std::string>("tier2");
    auto applied = apply_patch(t, p, kAgent, kT0 + std::chrono::minutes(5));
    REQUIRE(applied.ok());
    update_ticket(db.c, applied->ticket, applied->events);
    CHECK(*find_ticket(db.c, t.id) == applied->ticket);
    CHECK(list_events(db.c, t.id).size() == 3);
}

TEST_CASE("responses are appended with their event") {
    Db db;
    auto t = insert_ticket(db.c, new_ticket("x"), kAgent, kT0);
    auto r = insert_response(db.c, t.id, kAgent, false, "catatan internal", kT0);
    auto events = list_events(db.c, t.id);
    REQUIRE(events.size() == 2);
    REQUIRE(events[1].response);
    CHECK(events[1].response->id == r.id);
    CHECK(events[1].response->body == "catatan internal");
    CHECK_FALSE(events[1].response->is_public);
}

TEST_CASE("history cannot be rewritten") {
    Db db;
    insert_ticket(db.c, new_ticket("x"), kAgent, kT0);
    CHECK_THROWS_WITH(db.c.exec("UPDATE ticket_events SET actor = 'mallory'"),
                      Catch::Contains("append-only"));
    CHECK_THROWS_WITH(db.c.exec("DELETE FROM ticket_events"), Catch::Contains("append-only"));
}

TEST_CASE("listing is newest first, filtered, and pages by cursor") {
    Db db;
    for (int i = 0; i < 10; ++i)
        insert_ticket(
            db.c,
            new_ticket("ticket " + std::to_string(i), i % 2 ? Priority::kHigh : Priority::kLow),
            kAgent, kT0 + std::chrono::minutes(i));
    TicketFilter f;
    f.limit = 4;
    auto p1 = list_tickets(db.c, f);
    REQUIRE(p1.items.size() == 4);
    CHECK(p1.items[0].subject == "ticket 9");
    REQUIRE(p1.next);
    f.after = p1.next;
    auto p2 = list_tickets(db.c, f);
    CHECK(p2.items[0].subject == "ticket 5");
    f.after = list_tickets(db.c, f).next;
    auto p3 = list_tickets(db.c, f);
    CHECK(p3.items.size() == 2);
    CHECK_FALSE(p3.next);

    TicketFilter high;
    high.priorities = {Priority::kHigh};
    high.text = "TICKET 7";  // case-insensitive
    auto h = list_tickets(db.c, high);
    REQUIRE(h.items.size() == 1);
    CHECK(h.items[0].subject == "ticket 7");

    TicketFilter window;
    window.created_from = kT0 + std::chrono::minutes(2);
    window.created_to = kT0 + std::chrono::minutes(4);
    CHECK(list_tickets(db.c, window).items.size() == 2);

    TicketFilter wildcard;
    wildcard.text = "%";  // a literal percent sign, not a wildcard
    CHECK(list_tickets(db.c, wildcard).items.empty());
}

TEST_CASE("an empty value in a team or assignee filter matches no team or no assignee") {
    Db db;
    auto n = new_ticket("assigned");
    n.assignee = "agent1";
    insert_ticket(db.c, std::move(n), kAgent, kT0);
    insert_ticket(db.c, new_ticket("unassigned"), kAgent, kT0);
    TicketFilter f;
    f.assignees = {""};
    auto page = list_tickets(db.c, f);
    REQUIRE(page.items.size() == 1);
    CHECK(page.items[0].subject == "unassigned");
    f.assignees = {"", "agent1"};
    CHECK(list_tickets(db.c, f).items.size() == 2);
}

TEST_CASE("counts by status") {
    Db db;
    insert_ticket(db.c, new_ticket("a"), kAgent, kT0);
    insert_ticket(db.c, new_ticket("b"), kAgent, kT0);
    const auto counts = count_by_status(db.c);
    CHECK(counts[size_t(Status::kNew)] == 2);
    CHECK(counts[size_t(Status::kOpen)] == 0);
}

TEST_CASE("hot queries use their indexes") {
    Db db;
    auto plan = [&](const std::string& sql) {
        Statement st(db.c.handle(), "EXPLAIN QUERY PLAN " + sql);
        std::string out;
        while (st.step())
            out += st.text(3) + "\n";
        return out;
    };
    CHECK_THAT(plan("SELECT * FROM tickets ORDER BY created_at DESC, id DESC LIMIT 51"),
               Catch::Contains("tickets_by_created"));
    CHECK_THAT(plan("SELECT * FROM tickets WHERE status IN ('open') ORDER BY created_at DESC, id "
                    "DESC LIMIT 51"),
               Catch::Contains("tickets_by_status"));
    CHECK_THAT(plan("SELECT * FROM ticket_events WHERE ticket_id = 1 ORDER BY id"),
               Catch::Contains("ticket_events_by_ticket"));
}
