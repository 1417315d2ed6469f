// The ticket use cases, independent of HTTP: create, read, list, change, respond, history.
// Writes go through the single Writer (so they are ordered and group-committed) and reads
// through the ReaderPool; both complete asynchronously on their own threads, so callers
// must hand results to their own executor. Results are values: the caller maps errors.
//
// Every committed change is offered, in commit order and on the writer's completion runner
// (the first network thread once the service serves), to the registered change listeners:
// the seam through which the status gauge, the SLA timers, the wallboard and the console's
// feed follow the tickets (service/service.cpp). Listeners must be quick and must not block.
//
// Thread-safety: methods may be called from any thread; listeners are added before use.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "app/metrics.hpp"
#include "app/ticket_ops.hpp"
#include "app/ticket_sla.hpp"
#include "model/ticket.hpp"
#include "storage/reader_pool.hpp"
#include "storage/ticket_store.hpp"
#include "storage/writer.hpp"

namespace aduan {

template <typename T>
using Done = std::function<void(Result<T>)>;

using ChangeListener = std::function<void(const TicketChange&)>;

class TicketService {
  public:
    using Clock = std::function<Instant()>;

    TicketService(const Config& config, storage::Writer& writer, storage::ReaderPool& readers,
                  Clock clock = now_utc);

    void add_listener(ChangeListener listener) { listeners_.push_back(std::move(listener)); }

    struct Page {
        std::vector<TicketView> items;
        std::optional<storage::Cursor> next;
    };

    // Tickets come back with their SLA clocks as of the moment of the answer.
    void create(NewTicket ticket, Principal who, Done<TicketView> done);
    void get(std::int64_t id, Done<TicketView> done);
    void list(storage::TicketFilter filter, Done<Page> done);
    // Applies the patch under the lifecycle rules; kConflict for a transition not allowed.
    void update(std::int64_t id, TicketPatch patch, Principal who, Done<TicketView> done);
    // A public response by an agent sets first_responded_at if it is not yet set.
    void respond(std::int64_t id, std::string body, bool is_public, Principal who,
                 Done<Response> done);
    void events(std::int64_t id, Done<std::vector<TicketEvent>> done);
    // Answers when the store answers a trivial query and its last commit did not fail.
    void health(Done<Ok> done);

    // Records in the ticket's history the sla.warning and sla.breached events its clocks have
    // reached and the history lacks, each at its true instant (idempotent). Publishes a
    // change when it records something. Called by the SLA scheduler. False when the writer's
    // queue is full and nothing was queued.
    bool record_sla_events(std::int64_t id);

  private:
    // False (after calling done with kUnavailable) when the writer's queue is full.
    template <typename T>
    bool write(std::function<Result<T>(storage::Connection&)> apply, Done<T> done,
               storage::Isolation isolation = storage::Isolation::kSavepoint);
    template <typename T>
    void read(std::function<Result<T>(storage::Connection&)> query, Done<T> done);
    void publish(const TicketChange& change) const;
    // Runs a change op on the writer and publishes what it changed before answering.
    bool change(std::function<Result<TicketChange>(storage::Connection&, Instant)> op,
                std::function<void(Result<TicketChange>)> done,
                storage::Isolation isolation = storage::Isolation::kSavepoint);

    const Config& config_;
    storage::Writer& writer_;
    storage::ReaderPool& readers_;
    Clock clock_;
    std::vector<ChangeListener> listeners_;
};

}  // namespace aduan
