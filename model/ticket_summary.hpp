// A ticket's summary as counts and reports see it: its attributes and the stored summary of
// its SLA clocks (schema.sql, migrations 3, 4 and 7). Plain values: the store reads and writes
// them, the wallboard's board counts them, the service keeps them up to date.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/ticket.hpp"
#include "sla/status.hpp"

namespace aduan {

// One SLA clock. Valid until the ticket's next change: the clock is breached at T when
// breach_at <= T (breach_at is the first second past the target once it has passed), at risk
// when warn_at <= T < breach_at, met when it stopped and is not breached.
struct ClockColumns {
    std::optional<Instant> warn_at, breach_at, stopped_at;
    std::optional<std::int64_t> target;  // business seconds
    // Business seconds used before running_since; all of it when stopped or paused. While
    // running, the clock has used elapsed + (business time of its policy's calendar since
    // running_since).
    std::optional<std::int64_t> elapsed;
    std::optional<Instant> running_since;
    // The instant the target was or will be used up (the wire's due_at, and breached_at once
    // breached); nullopt when it is not known to be reached (paused or stopped short of it).
    std::optional<Instant> due_at;
    bool paused = false;

    bool operator==(const ClockColumns&) const = default;
};

// The clock's status at `now` (spec 3.5), by the one rule of sla/status.hpp. The list filter's
// SQL (storage::list_tickets, sla_status) is this rule over the same columns.
inline sla::ClockStatus status_at(const ClockColumns& c, Instant now) {
    return sla::status_of({c.breach_at && *c.breach_at <= now, c.stopped_at.has_value(), c.paused,
                           c.warn_at && *c.warn_at <= now});
}

// A ticket's two clocks and the policy in force.
struct SlaColumns {
    std::string policy;
    ClockColumns fr, res;  // first response, resolution

    bool operator==(const SlaColumns&) const = default;
};

struct TicketSummary {
    std::int64_t id = 0;
    std::string subject;  // may be left empty where not needed
    Status status = Status::kNew;
    Priority priority = Priority::kNormal;
    Channel channel = Channel::kPhone;
    std::string team;  // empty: none
    Instant created_at{};
    std::optional<Instant> first_responded_at, resolved_at;
    SlaColumns sla;
};

}  // namespace aduan
