// The status of an SLA clock (spec 3.5), and the one rule that gives it. Every place that
// tells a clock's status — the wire (from a replayed clock), the wallboard, the reports and the
// list filter (from the stored summary, model/ticket_summary.hpp) — goes through status_of, so
// they cannot drift apart; the SQL form of the filter is held to it by a test.
#pragma once

#include <string_view>

namespace aduan::sla {

// In this order (the wallboard's and the metrics' counts are indexed by it).
enum class ClockStatus { kRunning, kWarning, kPaused, kMet, kBreached };
std::string_view to_string(ClockStatus s);

// What is known of a clock at one instant.
struct ClockFacts {
    bool breached = false;  // its elapsed time exceeds its target
    bool stopped = false;
    bool paused = false;
    bool at_risk = false;  // its elapsed time has reached the warning threshold
};

// Breached wins over everything (running, paused or stopped), then met, paused, warning.
constexpr ClockStatus status_of(const ClockFacts& f) {
    if (f.breached) return ClockStatus::kBreached;
    if (f.stopped) return ClockStatus::kMet;
    if (f.paused) return ClockStatus::kPaused;
    if (f.at_risk) return ClockStatus::kWarning;
    return ClockStatus::kRunning;
}

}  // namespace aduan::sla
