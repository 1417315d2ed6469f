#include "sla/duration.hpp"

namespace aduan::sla {

std::optional<std::int64_t> parse_duration(std::string_view s) {
    if (s.empty()) return std::nullopt;
    constexpr std::string_view kUnits = "hms";
    constexpr std::int64_t kScale[] = {3600, 60, 1};
    std::int64_t total = 0;
    size_t next_unit = 0;  // units must come in the order h, m, s
    size_t pos = 0;
    while (pos < s.size()) {
        std::int64_t n = 0;
        const size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            n = n * 10 + (s[pos] - '0');
            if (n > 1'000'000'000) return std::nullopt;
            ++pos;
        }
        if (pos == start || pos == s.size()) return std::nullopt;
        const auto unit = kUnits.find(s[pos], next_unit);
        if (unit == std::string_view::npos) return std::nullopt;
        total += n * kScale[unit];
        next_unit = unit + 1;
        ++pos;
    }
    return total;
}

std::string format_duration(std::int64_t seconds) {
    if (seconds == 0) return "0s";
    std::string out;
    if (seconds >= 3600) out += std::to_string(seconds / 3600) + "h";
    if (seconds % 3600 >= 60) out += std::to_string(seconds % 3600 / 60) + "m";
    if (seconds % 60) out += std::to_string(seconds % 60) + "s";
    return out;
}

}  // namespace aduan::sla
