// A ticket's SLA clocks, from its history: the history is replayed through the SLA engine
// (sla::TicketClocks) with the policies in force, the same way whether the ticket was just
// created, changed, read back, or imported. The writer stores a summary (SlaColumns) for
// filtering; readers render the live view at the moment of the request.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/ticket.hpp"
#include "sla/clock.hpp"
#include "storage/ticket_store.hpp"

namespace aduan {

struct SlaView {
    std::string policy;
    sla::ClockView first_response, resolution;
};

struct TicketView {
    Ticket ticket;
    std::optional<SlaView> sla;
};

sla::Attributes attributes_of(const Ticket& t);

// The clocks of `t` after its events (oldest first, as stored).
sla::TicketClocks replay(const sla::PolicySet& policies, const Ticket& t,
                         const std::vector<TicketEvent>& events);

SlaView view_of(const sla::TicketClocks& clocks, Instant now);
// What the store keeps for filtering: a clock is breached at T when breach_at <= T, and at
// risk when warn_at <= T < breach_at.
SlaColumns columns_of(const sla::TicketClocks& clocks);

}  // namespace aduan
