// The SLA scheduler: it knows the next instant at which any clock turns at risk or breached
// by itself, wakes then, and has the service record sla.warning / sla.breached in the
// ticket's history (at their true instants). No scan per tick: a min-heap of (instant,
// ticket), one thread waiting for the earliest, O(log n) per change. Entries made stale by a
// later change of the same ticket are recognised by generation and dropped.
//
// At start it loads the open tickets' summaries from the store; instants already past
// (clocks that fell due while the service was down) fire at once and are recorded with
// their true instants. Recording is idempotent, so firing twice does no harm.
//
// Time comes from a Clock (the system's by default). A test may give it a clock of its own and,
// after moving that clock on, call clock_moved() so that the thread looks again at once rather
// than at the (real-time) instant it was waiting for.
//
// Thread-safety: watch() from any thread (the writer's completion runner); start/stop once.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/time.hpp"
#include "storage/ticket_store.hpp"

namespace aduan {

class SlaScheduler {
  public:
    // Has the ticket's SLA events recorded; false when that could not be queued (the writer is
    // full), and the scheduler tries again a second later.
    using Fire = std::function<bool(std::int64_t ticket_id)>;
    using Clock = std::function<Instant()>;
    explicit SlaScheduler(Fire fire, Clock clock = now_utc)
        : fire_(std::move(fire)), clock_(std::move(clock)) {}
    ~SlaScheduler() { stop(); }

    void start(const std::vector<std::pair<std::int64_t, SlaColumns>>& open);
    // The same in two steps: load() builds the timers (on any thread, before start), start()
    // begins firing them.
    void load(const std::vector<std::pair<std::int64_t, SlaColumns>>& open);
    void start();
    // The ticket's clocks have a new summary: replaces what was scheduled for it.
    void watch(std::int64_t ticket_id, const SlaColumns& sla);
    void stop();
    // The injected clock jumped: look at what is due now.
    void clock_moved();

    std::size_t pending() const;

  private:
    struct Entry {
        Instant at;
        std::int64_t ticket;
        std::uint64_t generation;
        bool operator>(const Entry& o) const { return at > o.at; }
    };
    void push_locked(std::int64_t ticket, const SlaColumns& sla);
    void run();

    Fire fire_;
    Clock clock_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap_;
    std::unordered_map<std::int64_t, std::pair<std::uint64_t, std::size_t>>
        tickets_;  // generation, entries
    std::uint64_t next_generation_ = 1;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace aduan
