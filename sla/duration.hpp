// Durations in configuration: whole units of hours, minutes and seconds, in that order, each
// at most once ("4h", "90m", "1h30m", "45s", "2h0m30s"). There is no "d": a business day is
// ambiguous.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aduan::sla {

// Seconds, or nullopt when `text` is not such a duration.
std::optional<std::int64_t> parse_duration(std::string_view text);

// The shortest form: 5400 -> "1h30m", 0 -> "0s".
std::string format_duration(std::int64_t seconds);

}  // namespace aduan::sla
