// The ticket changes themselves, as functions that run inside the caller's transaction on
// the write connection: the one code path for live traffic (TicketService runs them on the
// writer thread, each in a savepoint but creation) and for import (aduan import runs them in
// batches). Each keeps the stored SLA summary up to date, writing a ticket's row once, and
// says what changed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/ticket_sla.hpp"
#include "common/error.hpp"
#include "model/ticket.hpp"
#include "sla/policy.hpp"
#include "storage/database.hpp"
#include "storage/ticket_store.hpp"

namespace aduan {

// A committed change to one ticket.
struct TicketChange {
    std::optional<Ticket> before;  // empty for a creation
    Ticket after;
    std::vector<TicketEvent> events;
    std::optional<SlaColumns> sla;     // the clocks' new summary, when they may have moved
    std::optional<SlaView> view;       // the clocks as of the change
    std::optional<Response> response;  // for a response
};

namespace ops {

Result<TicketChange> create(storage::Connection& c, const sla::PolicySet& policies, NewTicket&& t,
                            const Principal& who, Instant now);
// kNotFound, kConflict (lifecycle) as values; a patch that changes nothing changes nothing.
Result<TicketChange> update(storage::Connection& c, const sla::PolicySet& policies, std::int64_t id,
                            const TicketPatch& patch, const Principal& who, Instant now);
Result<TicketChange> respond(storage::Connection& c, const sla::PolicySet& policies,
                             std::int64_t id, const std::string& body, bool is_public,
                             const Principal& who, Instant now);
// Appends the sla.warning / sla.breached events the clocks have reached by `now` and the
// history lacks, at their true instants. An empty change when there is nothing to add.
Result<TicketChange> record_sla_events(storage::Connection& c, const sla::PolicySet& policies,
                                       std::int64_t id, Instant now);

// One step of a historical ticket's life (spec 9): a response, or a change.
struct HistoryStep {
    Instant at{};
    bool is_response = false;
    bool is_public = true;  // a response:
    std::string body;
    Principal author;
    TicketPatch patch;  // a change, by `author`
};

// A whole historical ticket (aduan import): created at `created_at` by `who`, then each step
// in order, then the sla.* events due by `now` — through the same lifecycle (apply_patch),
// response rule and SLA replay as live traffic, so that it ends exactly as if it had happened
// live. The history is replayed in memory first and written once: a step that fails (its
// index in `failed_step`) writes nothing at all.
Result<TicketChange> import_history(storage::Connection& c, const sla::PolicySet& policies,
                                    NewTicket&& t, const Principal& who, Instant created_at,
                                    const std::vector<HistoryStep>& steps, Instant now,
                                    std::size_t* failed_step = nullptr);

}  // namespace ops
}  // namespace aduan
