// Instants in the service: UTC, whole seconds (std::chrono::sys_seconds), formatted on the wire
// as RFC 3339 with a `Z` ("2026-11-27T02:15:00Z"). Inputs accept any RFC 3339 offset and
// fractional seconds (truncated toward the past).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aduan {

using Instant = std::chrono::sys_seconds;

// The current instant, truncated to whole seconds.
Instant now_utc();

std::string format_rfc3339(Instant t);

// Parses an RFC 3339 date-time ("2026-11-27T09:15:00+07:00", "...Z", "...T02:15:00.5Z").
// Returns nullopt for anything else, including impossible dates and times.
std::optional<Instant> parse_rfc3339(std::string_view text);

inline std::int64_t to_unix(Instant t) {
    return t.time_since_epoch().count();
}
inline Instant from_unix(std::int64_t s) {
    return Instant{std::chrono::seconds{s}};
}

}  // namespace aduan
