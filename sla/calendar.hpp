// Business calendars and business-time arithmetic (spec 3.1, 3.2).
//
// A calendar is weekly opening hours in local wall-clock time (several half-open intervals a
// day, "24:00" closing at midnight), holidays that close whole local dates, and an IANA time
// zone. Local times map to instants by the zone's rules; a local time that does not exist
// (clocks jump forward) maps to the instant of the jump, an ambiguous one (clocks fall back)
// to its earlier instant. Each day's intervals map to UTC ranges [M(open), M(close)).
//
//   elapsed(a, b)  business seconds in [a, b); 0 when b <= a
//   add(s, d)      the earliest t >= s with elapsed(s, t) == d (add(s, 0) == s; a duration
//                  that uses up an interval exactly ends at its close)
//   is_open(t)     whether t lies inside an interval
//
// Exact to the second. Fast: only the first and last few days of a span are looked at in
// detail; whole days between are summed in closed form from weekly totals, holiday prefix
// sums and precomputed corrections for days on which the zone changes its offset. Instants
// must lie in [1971-01-01, 2199-01-01), where the zone's transitions are tabulated.
//
// Pure: no I/O beyond the zone database, no clock. Thread-safety: a compiled Calendar is
// immutable; share it freely.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "common/time.hpp"

namespace aduan::sla {

// A calendar as written (spec 3.1), before validation. Day keys: mon tue wed thu fri sat sun.
struct CalendarSpec {
    std::string timezone;
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> hours;
    std::vector<std::string> holidays;  // "YYYY-MM-DD"
};

// The supported range of instants.
inline const Instant kEarliest = from_unix(31536000);  // 1971-01-01T00:00:00Z
inline const Instant kLatest = from_unix(7226582400);  // 2199-01-01T00:00:00Z
inline bool in_range(Instant t) {
    return t >= kEarliest && t < kLatest;
}

class Calendar {
  public:
    // Validates and compiles; the error names the offending part ("hours.mon[1]: ...",
    // "timezone: ...", "holidays[2]: ...").
    static Result<Calendar> compile(const CalendarSpec& spec);

    std::int64_t elapsed(Instant a, Instant b) const;
    Instant add(Instant start, std::int64_t seconds) const;
    bool is_open(Instant t) const;

    const std::string& timezone() const { return timezone_; }
    // Business seconds in a week without holidays.
    std::int64_t week_seconds() const { return week_total_; }

    // The UTC intervals of one local day (days since 1970-01-01), for tests and tools.
    std::vector<std::pair<std::int64_t, std::int64_t>> day_intervals(std::int64_t day) const;

  private:
    struct Transition {
        std::int64_t utc;        // instant of the change
        std::int32_t before;     // UTC offset before, seconds
        std::int32_t after;      // UTC offset after
        std::int64_t local_key;  // utc + before: the local time the old clock shows then
    };
    using Interval = std::pair<std::int32_t, std::int32_t>;  // seconds of the local day

    std::int64_t to_utc(std::int64_t local) const;  // M
    std::int64_t to_local(std::int64_t utc) const;
    std::int64_t local_day(std::int64_t utc) const;
    bool is_holiday(std::int64_t day) const;
    // Business seconds of the local days before `day` (up to a constant): the closed form.
    std::int64_t busy_before(std::int64_t day) const;
    // Calls f(lo, hi) for each UTC interval of the local day, in order.
    template <typename F>
    void for_each_interval(std::int64_t day, F&& f) const;
    std::int64_t overlap(std::int64_t day, std::int64_t a, std::int64_t b) const;

    std::string timezone_;
    std::vector<Transition> transitions_;
    std::int32_t initial_offset_ = 0;
    std::array<std::vector<Interval>, 7> week_;  // Monday = 0
    std::array<std::int64_t, 8> week_prefix_{};  // business seconds of days Monday..d-1
    std::int64_t week_total_ = 0;
    std::vector<std::int64_t> holidays_;           // local day numbers, sorted
    std::vector<std::int64_t> holiday_prefix_;     // nominal seconds of holidays before index i
    std::vector<std::int64_t> correction_days_;    // days whose real length differs (DST)
    std::vector<std::int64_t> correction_prefix_;  // sum of (real - nominal) before index i
};

}  // namespace aduan::sla
