// The wallboard in the service: the board model (wallboard/board.hpp) fed from the committed
// changes the ticket service publishes, restored from the store at start-up, and the live
// events (spec 5) each change gives rise to.
//
// Thread-safety: every method may be called from any thread (one mutex; each call costs
// microseconds). apply() must be called in commit order, which the change feed guarantees.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "app/ticket_ops.hpp"
#include "storage/ticket_store.hpp"
#include "wallboard/board.hpp"

namespace aduan {

// One frame of the live feed besides snapshots.
struct WallboardEvent {
    std::string event;  // ticket.created, ticket.resolved, sla.warning, sla.breached
    Instant at{};
    std::uint64_t seq = 0;  // the board's version after the change
    std::int64_t ticket_id = 0;
    std::string subject;
    Priority priority = Priority::kNormal;
    std::string team;    // empty: none
    std::string metric;  // first_response or resolution, for sla.* events
};

class Wallboard {
  public:
    using Clock = std::function<Instant()>;
    explicit Wallboard(const Config& config, Clock clock = now_utc);

    // Replaces the counts with those of `tickets`: every open ticket and every ticket
    // created, resolved or closed since today_start() (storage::open_or_active_since).
    void restore(const std::vector<TicketSummary>& tickets);
    // When today began, in the operating time zone.
    Instant today_start();
    // Folds a committed change into the counts; returns the events it gives rise to.
    std::vector<WallboardEvent> apply(const TicketChange& change);
    wallboard::Snapshot snapshot();
    // When the daily counters next start again (local midnight).
    Instant next_rollover();
    // The clocks of open tickets by status (for /metrics).
    wallboard::ClockCounts open_clocks();
    // Tickets the board keeps an entry for (open, or counting today).
    std::size_t tracked();

    static constexpr std::size_t kLatestBreaches = 10;

  private:
    void note_breach_locked(wallboard::Snapshot::Breach b);

    std::mutex mu_;
    wallboard::Board board_;
    Clock clock_;
    std::vector<wallboard::Snapshot::Breach> breaches_;  // newest first
};

TicketSummary summary_of(const Ticket& t, const SlaColumns& sla);

}  // namespace aduan
