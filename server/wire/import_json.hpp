// One line of an import file (spec section 9): a ticket with its creation instant and its
// history, validated as strictly as the API validates requests.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "common/error.hpp"
#include "model/ticket.hpp"

namespace aduan::wire {

struct ImportEvent {
    Instant at{};
    bool is_response = false;
    // A response:
    bool is_public = true;
    std::string author, body;
    // Any other event, as the change it makes:
    TicketPatch patch;
};

struct ImportTicket {
    NewTicket ticket;
    Instant created_at{};
    std::vector<ImportEvent> events;
};

// Events must come in order, none before the ticket's creation.
Result<ImportTicket> parse_import_line(const nlohmann::json& j, const Config& config);

}  // namespace aduan::wire
