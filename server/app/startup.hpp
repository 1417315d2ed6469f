// The work the service does once at start-up, before it takes requests: finish what an older
// version left undone in the store, and restore what lives in memory (the board's counts, the
// SLA timers, the status gauge) from one read of it.
#pragma once

#include <cstddef>

#include "app/config.hpp"
#include "app/metrics.hpp"
#include "app/sla_scheduler.hpp"
#include "app/wallboard.hpp"
#include "storage/reader_pool.hpp"
#include "storage/writer.hpp"

namespace aduan::startup {

// Computes the SLA summary of tickets stored without one (by a version before migration 4),
// before anything reads the summaries. Throws std::runtime_error when the store fails.
void complete_sla_summaries(storage::Writer& writer, storage::ReaderPool& readers,
                            const Config& config);

// The tickets-by-status gauge, from the store.
void count_tickets(storage::ReaderPool& readers, Metrics& metrics);

struct Restored {
    long long read_ms = 0;     // reading the rows
    long long restore_ms = 0;  // building the board and the timers from them
};
// One read of the open tickets and of those that count today gives the board its counts and
// the scheduler its timers (it starts; what fell due while the service was down fires at
// once). Throws std::runtime_error when the store fails.
Restored restore_board_and_timers(storage::ReaderPool& readers, Wallboard& board,
                                  SlaScheduler& scheduler);

}  // namespace aduan::startup
