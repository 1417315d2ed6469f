// The wire form of tickets (spec sections 2 and 4): strict parsing of request bodies into
// validated domain values, and rendering of domain values as JSON. Parsing collects every
// problem it finds, each naming its field ("requester.email", "tags[2]"); unknown fields and
// wrong types are refused. Shared by the HTTP API and, later, the importer.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "app/config.hpp"
#include "app/ticket_ops.hpp"
#include "app/ticket_sla.hpp"
#include "common/error.hpp"
#include "model/ticket.hpp"
#include "wire/json_writer.hpp"

namespace aduan::wire {

// Parses a request body; kBadRequest with the parser's complaint when it is not JSON.
Result<nlohmann::json> parse_body(std::string_view body);

// `also` names further members the caller reads itself (the importer's created_at, events).
Result<NewTicket> parse_new_ticket(const nlohmann::json& j, const Config& config,
                                   std::initializer_list<std::string_view> also = {});
Result<TicketPatch> parse_patch(const nlohmann::json& j, const Config& config);

struct ResponseInput {
    std::string body;
    bool is_public = true;
};
Result<ResponseInput> parse_response(const nlohmann::json& j);

// Rendering, in the contract's field order: write() appends to a JsonWriter (to embed in a
// larger document), render() returns the JSON text of one value.
void write(JsonWriter& w, const Ticket& t);
void write(JsonWriter& w, const TicketView& t);   // with "policy" and "sla" (spec 3.5)
void write(JsonWriter& w, const Config& config);  // GET /api/v1/config
void write(JsonWriter& w, const Response& r);
void write(JsonWriter& w, const TicketEvent& e);
template <typename T>
std::string render(const T& value) {
    JsonWriter w;
    write(w, value);
    return w.take();
}

// The console's live feed (docs/console.md): a "ticket.changed" event frame with the ticket as
// it is after a committed change (with its clocks as of then) and the types of the events the
// change recorded; and the feed's snapshot, which only says when it was made.
std::string render_ticket_changed(const TicketChange& c);
std::string render_tickets_hello(Instant now);

// Limits of the wire format.
inline constexpr size_t kSubjectMax = 200;
inline constexpr size_t kDescriptionMax = 20000;
inline constexpr size_t kRequesterFieldMax = 200;
inline constexpr size_t kTagMax = 50;
inline constexpr size_t kTagsMax = 20;
inline constexpr size_t kResponseBodyMax = 20000;

// Characters (Unicode code points) in a UTF-8 string.
size_t utf8_length(std::string_view s);
// Whether valid UTF-8 text shows nothing: only white space, controls and invisible characters
// (zero-width spaces and joiners, the byte-order mark, fillers).
bool is_blank(std::string_view s);

}  // namespace aduan::wire
