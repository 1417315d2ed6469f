// One rule for a clock's status (sla/status.hpp): the stored summary judged by status_at agrees
// with the replayed clock the wire shows, and the list filter's SQL (sla_status) selects
// exactly the tickets status_at says, on random tickets under the built-in policies (office
// hours with holidays, and 24x7) at random instants.
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "app/config.hpp"
#include "app/ticket_sla.hpp"
#include "storage/ticket_store.hpp"
#include "support/server_process.hpp"

using namespace aduan;

namespace {

const Instant kT0 = *parse_rfc3339("2026-12-21T00:00:00Z");  // a Monday before Christmas

struct RandomTicket {
    std::int64_t id = 0;
    sla::TicketClocks clocks;
    SlaColumns columns;
};

// A ticket created in the three days before `now` and moved through a random history that
// ends by `now`.
sla::TicketClocks random_clocks(const sla::PolicySet& policies, Instant now, std::mt19937& rng) {
    auto pick = [&](int n) { return int(rng() % unsigned(n)); };
    const char* priorities[] = {"low", "normal", "high", "urgent"};
    Instant at = now - std::chrono::minutes(pick(3 * 24 * 60));
    sla::Attributes a{priorities[pick(4)], "incentive", "phone"};
    sla::TicketClocks clocks(policies, at, a);
    sla::Phase phase = sla::Phase::kNew;
    for (int steps = pick(6); steps > 0; --steps) {
        at += std::chrono::minutes(1 + pick(6 * 60));
        if (at > now) break;
        switch (pick(4)) {
            case 0:
                clocks.public_response(at);
                break;
            case 1:
                a.priority = priorities[pick(4)];
                clocks.attributes(at, a);
                break;
            default: {
                // A move the lifecycle allows from where the ticket is.
                using P = sla::Phase;
                std::vector<P> next;
                switch (phase) {
                    case P::kNew:
                        next = {P::kOpen, P::kPending, P::kResolved};
                        break;
                    case P::kOpen:
                        next = {P::kPending, P::kResolved};
                        break;
                    case P::kPending:
                        next = {P::kOpen, P::kResolved};
                        break;
                    case P::kResolved:
                        next = {P::kOpen, P::kClosed};
                        break;
                    case P::kClosed:
                        break;
                }
                if (next.empty()) break;
                phase = next[std::size_t(pick(int(next.size())))];
                clocks.status(at, phase);
            }
        }
    }
    return clocks;
}

std::set<std::int64_t> listed(storage::Connection& c, bool warning, bool breached, Instant now) {
    std::set<std::int64_t> out;
    storage::TicketFilter f;
    f.sla_warning = warning;
    f.sla_breached = breached;
    f.sla_now = now;
    f.limit = 500;
    for (;;) {
        auto page = storage::list_tickets(c, f);
        for (const auto& t : page.items)
            out.insert(t.id);
        if (!page.next) return out;
        f.after = page.next;
    }
}

}  // namespace

TEST_CASE("the stored summary, the replayed clock and the SQL filter tell the same status") {
    const Config config = default_config();
    std::mt19937 rng(20261201);
    std::set<sla::ClockStatus> seen;
    for (int round = 0; round < 30; ++round) {
        // Across Christmas and the weekend, so holidays and closed hours count.
        const Instant now = kT0 + std::chrono::minutes(rng() % (10 * 24 * 60));
        test::TempDir dir;
        storage::Connection c(dir.file("s.db"), storage::Connection::Mode::kReadWrite);
        storage::migrate(c, storage::schema_sql());
        std::vector<RandomTicket> tickets;
        for (int i = 0; i < 120; ++i) {
            auto clocks = random_clocks(*config.policies, now, rng);
            NewTicket n;
            n.subject = "t" + std::to_string(i);
            n.channel = Channel::kPhone;
            n.category = "incentive";
            const auto columns = columns_of(clocks);
            const auto t =
                storage::insert_ticket(c, std::move(n), {"agent1", Role::kAgent}, now, &columns);
            tickets.push_back({t.id, std::move(clocks), columns});
        }
        std::set<std::int64_t> warning, breached;
        for (const auto& t : tickets) {
            const auto view = view_of(t.clocks, now);
            bool any_warning = false, any_breached = false;
            for (const auto& [stored, shown] : {std::pair{&t.columns.fr, &view.first_response},
                                                std::pair{&t.columns.res, &view.resolution}}) {
                const auto status = status_at(*stored, now);
                INFO("ticket " << t.id << " at " << format_rfc3339(now));
                CHECK(sla::to_string(status) == sla::to_string(shown->status));
                seen.insert(status);
                any_warning = any_warning || status == sla::ClockStatus::kWarning;
                any_breached = any_breached || status == sla::ClockStatus::kBreached;
            }
            if (any_warning) warning.insert(t.id);
            if (any_breached) breached.insert(t.id);
        }
        std::set<std::int64_t> either = warning;
        either.insert(breached.begin(), breached.end());
        CHECK(listed(c, true, false, now) == warning);
        CHECK(listed(c, false, true, now) == breached);
        CHECK(listed(c, true, true, now) == either);
    }
    // Every status occurred, so the agreement above is not vacuous.
    CHECK(seen.size() == 5);
}
