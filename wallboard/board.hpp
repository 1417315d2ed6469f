// The wallboard's model (spec section 5): the counts a supervisor watches, kept incrementally
// from the committed state of each ticket, so that no change costs a query and a snapshot
// costs microseconds however many tickets the store holds.
//
// The board is fed facts: the state of one ticket after a committed change (apply), or of
// every ticket that counts at start-up (restore). For each ticket it remembers exactly what it
// added to the counters, takes that away when the ticket changes, and adds what the new state
// contributes; so the counters always equal a recount of the current facts (the tests check
// that against the store). "Today" is the local date in the operating time zone: the daily
// counters start again at local midnight (next_rollover says when).
//
// Memory: one small entry per open ticket and per ticket that counts today; nothing for the
// others.
//
// Not thread-safe: the owner serialises calls (app/wallboard.hpp holds a mutex).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/time.hpp"
#include "model/ticket.hpp"
#include "model/ticket_summary.hpp"

namespace date {
class time_zone;
}

namespace aduan::wallboard {

// Clocks by metric and status (sla::ClockStatus order).
using ClockCounts = std::array<std::array<std::int64_t, 5>, 2>;  // [first_response|resolution]

struct Snapshot {
    std::uint64_t seq = 0;  // the board's version: one more per applied change
    Instant at{};
    std::string timezone;
    struct Open {
        std::int64_t total = 0;
        std::array<std::int64_t, 3> by_status{};    // new, open, pending
        std::array<std::int64_t, 4> by_priority{};  // in Priority order
        std::array<std::int64_t, 6> by_channel{};   // in Channel order
        // The configured teams first (in their order, zeros included), then any other team an
        // open ticket names, by name; "" for tickets with no team, last, when there are any.
        std::vector<std::pair<std::string, std::int64_t>> by_team;
    } open;
    struct Sla {
        std::int64_t warning = 0;                // open tickets at risk and not breached
        std::int64_t breached_open = 0;          // open tickets with a breached clock
        std::int64_t met_today = 0;              // clocks that stopped today within target
        std::int64_t breached_today = 0;         // clocks that breached today
        std::optional<double> compliance_today;  // met / (met + breached), 4 places
    } sla;
    struct Today {
        std::int64_t created = 0;
        std::int64_t resolved = 0;  // tickets whose resolution (the latest) was today
        std::optional<std::int64_t> first_response_median_seconds;
    } today;
    struct Oldest {
        std::int64_t id = 0;
        std::int64_t age_seconds = 0;
    };
    std::optional<Oldest> oldest_open;
    std::array<std::int64_t, 24> arrivals_by_hour{};  // by local hour of creation, today
    // The latest breaches, newest first (filled in by the service, which knows subjects).
    struct Breach {
        Instant at{};
        std::int64_t ticket_id = 0;
        std::string subject;
        Priority priority = Priority::kNormal;
        std::string team;
        Metric metric = Metric::kResolution;
    };
    std::vector<Breach> latest_breaches;
};

class Board {
  public:
    // `timezone` must name an IANA zone (std::runtime_error otherwise). `teams` are the
    // configured ones, always shown.
    Board(const std::string& timezone, std::vector<std::string> teams);

    // Starts over from `tickets`: every open ticket and every ticket that may count today.
    void restore(const std::vector<TicketSummary>& tickets, Instant now);
    // A ticket's state after a committed change.
    void apply(const TicketSummary& ticket, Instant now);
    Snapshot snapshot(Instant now);

    // The UTC instants bounding the local day that contains `at`.
    std::pair<Instant, Instant> day_of(Instant at) const;
    // The next local midnight after the current day began.
    Instant next_rollover() const { return day_end_; }
    std::uint64_t version() const { return version_; }
    std::size_t tracked() const { return entries_.size(); }
    // The clocks of open tickets by status, as of their last change.
    const ClockCounts& open_clocks() const { return clocks_; }

  private:
    // What one ticket adds to the counters.
    struct Part {
        bool open = false;
        Status status = Status::kNew;
        Priority priority = Priority::kNormal;
        Channel channel = Channel::kPhone;
        std::uint32_t team = 0;
        Instant created_at{};
        std::uint8_t risk = 0;  // 0 none, 1 at risk, 2 breached
        std::array<sla::ClockStatus, 2> clocks{};
        std::int8_t created_hour = -1;
        bool resolved_today = false;
        std::uint8_t met_today = 0, breached_today = 0;
        std::optional<std::int64_t> first_response_today;
        bool counts() const;
    };
    Part part_of(const TicketSummary& t, Instant now);
    void add(std::int64_t id, const Part& p, int sign);
    void roll(Instant now);
    std::uint32_t team_index(const std::string& team);
    void median_insert(std::int64_t v);
    void median_erase(std::int64_t v);
    void median_balance();

    const date::time_zone* zone_;
    std::string zone_name_;
    std::vector<std::string> teams_;  // index 0 is "", then configured, then others seen
    std::size_t configured_teams_;
    Instant day_start_{}, day_end_{};
    std::uint64_t version_ = 0;

    std::unordered_map<std::int64_t, Part> entries_;
    Snapshot::Open open_;
    std::vector<std::int64_t> by_team_;
    std::int64_t warning_ = 0, breached_open_ = 0, met_today_ = 0, breached_today_ = 0;
    std::int64_t created_today_ = 0, resolved_today_ = 0;
    ClockCounts clocks_{};
    std::array<std::int64_t, 24> arrivals_{};
    std::set<std::pair<Instant, std::int64_t>> open_by_age_;
    // Today's first-response times, split at the median: low holds the smaller half (its
    // largest is the nearest-rank median) and is never smaller than high.
    std::multiset<std::int64_t> low_, high_;
};

}  // namespace aduan::wallboard
