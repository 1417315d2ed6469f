// The wallboard in the service: the board model (wallboard/board.hpp) restored from the store
// at start-up, then kept by following the ticket service's committed changes itself, and the
// live events (spec 5) each change gives rise to, handed as typed values to whoever watches
// the board (the live feed renders and fans them out; nothing below the board calls into it).
//
// Thread-safety: every method may be called from any thread (one mutex; each call costs
// microseconds). Changes arrive in commit order, which the change feed guarantees; watchers
// are called on that thread, after the board has taken the change, and must be quick.
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

// The events of the live feed besides snapshots (spec 5), in wire-name order.
enum class LiveEvent { kTicketCreated, kTicketResolved, kSlaWarning, kSlaBreached };
template <>
struct EnumNames<LiveEvent> {
    static constexpr std::array<std::string_view, 4> kNames{"ticket.created", "ticket.resolved",
                                                            "sla.warning", "sla.breached"};
};

// One frame of the live feed besides snapshots.
struct WallboardEvent {
    LiveEvent kind = LiveEvent::kTicketCreated;
    Instant at{};
    std::uint64_t seq = 0;  // the board's version after the change
    std::int64_t ticket_id = 0;
    std::string subject;
    Priority priority = Priority::kNormal;
    std::string team;              // empty: none
    std::optional<Metric> metric;  // for sla.* events
};

// Called after each committed change the board has taken, with the events it gave rise to
// (often none: the snapshot changed all the same).
using BoardWatcher = std::function<void(const std::vector<WallboardEvent>& events)>;

class TicketService;

class Wallboard {
  public:
    using Clock = std::function<Instant()>;
    explicit Wallboard(const Config& config, Clock clock = now_utc);

    // From now on the board takes every change `tickets` commits. Call once, before changes.
    void follow(TicketService& tickets);
    // Adds a watcher of the board's changes; before changes.
    void watch(BoardWatcher watcher) { watchers_.push_back(std::move(watcher)); }

    // Replaces the counts with those of `tickets`: every open ticket and every ticket
    // created, resolved or closed since today_start() (storage::open_or_active_since).
    void restore(const std::vector<TicketSummary>& tickets);
    // When today began, in the operating time zone.
    Instant today_start();
    // Folds a committed change into the counts, then tells the watchers; returns the events
    // it gave rise to. follow() calls it for every change.
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
    std::vector<BoardWatcher> watchers_;
};

TicketSummary summary_of(const Ticket& t, const SlaColumns& sla);

}  // namespace aduan
