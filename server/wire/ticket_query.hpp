// The query string of GET /api/v1/tickets (spec 4): its filters, limit and cursor, parsed into
// a storage::TicketFilter with a 400 naming every parameter that is wrong; and the opaque
// cursors the list answers with. Pure: no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/config.hpp"
#include "common/error.hpp"
#include "storage/ticket_store.hpp"

namespace aduan::wire {

constexpr int kDefaultListLimit = 50;
constexpr int kMaxListLimit = 500;

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// `now` is the instant sla_status is judged at.
Result<storage::TicketFilter> parse_ticket_filter(const QueryParams& query, const Config& config,
                                                  Instant now);

// Cursors are opaque to clients: base64url of "c1.<created_at>.<id>".
std::string encode_cursor(const storage::Cursor& c);
std::optional<storage::Cursor> decode_cursor(std::string_view s);

}  // namespace aduan::wire
