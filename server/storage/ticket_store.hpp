// The SQL for tickets, their responses and their history, as functions over a Connection.
// Callers own transactions: the writer wraps every write in its batch transaction, readers
// run queries on their own read-only connections. Functions throw StorageError on failure.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/ticket.hpp"
#include "model/ticket_summary.hpp"
#include "storage/database.hpp"

namespace aduan::storage {

// Inserts a ticket (with its SLA summary, when known) and its "created" event; returns it
// with its id and timestamps. The strings of `t` are moved into the result.
Ticket insert_ticket(Connection& c, NewTicket&& t, const Principal& actor, Instant now,
                     const SlaColumns* sla = nullptr);

// Inserts a ticket row as `t` is (the importer's: after its whole history), with its SLA
// summary (or NULLs), and no event; returns its id.
std::int64_t insert_final_ticket(Connection& c, const Ticket& t, const SlaColumns* sla);

void update_sla(Connection& c, std::int64_t ticket_id, const SlaColumns& sla);
// The stored summary; nullopt for an unknown ticket.
std::optional<SlaColumns> find_sla(Connection& c, std::int64_t ticket_id);

// Appends events (no response events) to tickets' histories.
void append_events(Connection& c, const std::vector<TicketEvent>& events);

// Open tickets, and those created, resolved or closed at or after `since`: what the wallboard
// restores "today" from (a ticket that is not open can only have had a clock stop or breach
// today if it was resolved or closed today), and, of the open ones, what the SLA scheduler
// watches.
// The subject is read only where a clock breached at or after `since` (the ticker's).
std::vector<TicketSummary> open_or_active_since(Connection& c, Instant since);
// The same in two parts, which start-up reads at once on two connections.
enum class RestorePart { kOpen, kClosedActiveSince };
std::vector<TicketSummary> open_or_active_since(Connection& c, Instant since, RestorePart part);

// Tickets whose summary has not been computed yet (stored before migration 4, or marked by
// migration 7 for its new columns), by id.
std::vector<std::int64_t> tickets_without_sla_summary(Connection& c);

// The histories of several tickets at once, by ticket id.
std::map<std::int64_t, std::vector<TicketEvent>> list_events_for(
    Connection& c, const std::vector<std::int64_t>& ids);

std::optional<Ticket> find_ticket(Connection& c, std::int64_t id);

// Writes every mutable column of `after` — and its SLA summary, when given, in the same
// UPDATE — and appends `events` to its history.
void update_ticket(Connection& c, const Ticket& after, const std::vector<TicketEvent>& events,
                   const SlaColumns* sla = nullptr);

// Appends a response and its "response" event.
Response insert_response(Connection& c, std::int64_t ticket_id, const Principal& author,
                         bool is_public, const std::string& body, Instant now);

// The ticket's history, oldest first; response events carry their response.
std::vector<TicketEvent> list_events(Connection& c, std::int64_t ticket_id);

// Position in the newest-first order: the last row of the previous page.
struct Cursor {
    Instant created_at{};
    std::int64_t id = 0;
};

// Filters of GET /api/v1/tickets. Within a list, values are alternatives; for team and
// assignee an empty string stands for "none". Lists combine with AND.
struct TicketFilter {
    std::vector<Status> statuses;
    std::vector<Priority> priorities;
    std::vector<std::string> categories;
    std::vector<Channel> channels;
    std::vector<std::string> teams;
    std::vector<std::string> assignees;
    std::optional<Instant> created_from;   // inclusive
    std::optional<Instant> created_to;     // exclusive
    std::optional<std::string> text;       // in subject or description, case-insensitive (ASCII)
    std::optional<std::string> requester;  // the requester's phone or external id, exactly
    bool match_nothing = false;            // a filter no ticket can meet
    bool sla_warning = false, sla_breached = false;  // sla_status, judged at sla_now
    Instant sla_now{};
    std::optional<Cursor> after;
    int limit = 50;
};

struct TicketPage {
    std::vector<Ticket> items;
    std::optional<Cursor> next;  // set when more rows follow
};

TicketPage list_tickets(Connection& c, const TicketFilter& f);

// A ticket as the reports see it (spec 6): the attributes they group by and its clocks.
struct ReportTicket {
    std::int64_t id = 0;
    std::string subject;  // only when asked for
    std::string category;
    Priority priority = Priority::kNormal;
    Channel channel = Channel::kPhone;
    std::string team, assignee;  // empty: none
    Instant created_at{};
    std::optional<SlaColumns> sla;  // nullopt: the summary is yet to be computed
};

// Calls `visit` for every ticket created in [from, to), by id. One object is reused from row
// to row; `visit` may run other queries on `c`.
void scan_created_between(Connection& c, Instant from, Instant to, bool with_subject,
                          const std::function<void(const ReportTicket&)>& visit);

// What judges one clock in a report (a part of ClockColumns).
struct ClockOutcome {
    std::optional<Instant> breach_at, stopped_at;
    std::optional<std::int64_t> elapsed;
};

// A ticket as the SLA report reads it: the value of one column it groups by, as text, and
// its clocks' outcomes. Views are valid during the call only.
struct OutcomeRow {
    std::int64_t id = 0;
    std::string_view group;  // the column's text; empty for NULL
    Instant created_at{};
    bool has_sla = false;  // false: the summary is yet to be computed (outcomes are empty)
    ClockOutcome fr, res;
};

// The columns outcomes can be grouped by.
enum class OutcomeGroup { kCategory, kPriority, kChannel, kTeam, kAssignee, kNone };

// Like scan_created_between, reading only what the SLA report needs (fewer columns, no
// copies): the report of a million tickets is mostly this loop.
void scan_outcomes(Connection& c, Instant from, Instant to, OutcomeGroup group,
                   const std::function<void(const OutcomeRow&)>& visit);

// Tickets per status, indexed by Status.
std::array<std::int64_t, 5> count_by_status(Connection& c);

}  // namespace aduan::storage
