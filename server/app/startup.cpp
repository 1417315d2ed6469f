#include "app/startup.hpp"

#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "app/ticket_ops.hpp"
#include "runtime/log.hpp"
#include "storage/ticket_store.hpp"

namespace aduan::startup {

namespace {

// Runs `query` on a reader and waits for its answer; for start-up only.
template <typename T>
T read_now(storage::ReaderPool& readers, std::function<T(storage::Connection&)> query) {
    std::promise<Result<T>> answer;
    readers.submit<T>([&query](storage::Connection& c) -> Result<T> { return query(c); },
                      [&answer](Result<T> r) { answer.set_value(std::move(r)); });
    auto r = answer.get_future().get();
    if (!r.ok()) throw std::runtime_error("cannot read the store: " + r.error().message);
    return std::move(r.value());
}

long long ms_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 t)
        .count();
}

}  // namespace

void complete_sla_summaries(storage::Writer& writer, storage::ReaderPool& readers,
                            const Config& config) {
    const auto ids = read_now<std::vector<std::int64_t>>(
        readers, [](storage::Connection& c) { return storage::tickets_without_sla_summary(c); });
    if (ids.empty()) return;
    log::info("serve.completing_sla_summaries", {{"tickets", ids.size()}});
    constexpr std::size_t kChunk = 500;
    std::vector<std::future<Result<Ok>>> done;
    for (std::size_t i = 0; i < ids.size(); i += kChunk) {
        auto promise = std::make_shared<std::promise<Result<Ok>>>();
        done.push_back(promise->get_future());
        std::vector<std::int64_t> chunk(ids.begin() + long(i),
                                        ids.begin() + long(std::min(ids.size(), i + kChunk)));
        while (!writer.submit<Ok>(
            [&config, chunk](storage::Connection& c) -> Result<Ok> {
                for (auto id : chunk) {
                    auto r = ops::record_sla_events(c, *config.policies, id, now_utc());
                    if (!r.ok()) return r.take_error();
                }
                return Ok{};
            },
            [promise](Result<Ok> r) { promise->set_value(std::move(r)); }))
            std::this_thread::yield();  // the queue is full: let the writer drain it
    }
    for (auto& f : done)
        if (auto r = f.get(); !r.ok())
            throw std::runtime_error("cannot complete SLA summaries: " + r.error().message);
}

void count_tickets(storage::ReaderPool& readers, Metrics& metrics) {
    metrics.set_ticket_counts(read_now<std::array<std::int64_t, 5>>(
        readers, [](storage::Connection& c) { return storage::count_by_status(c); }));
}

Restored restore_board_and_timers(storage::ReaderPool& readers, Wallboard& board,
                                  SlaScheduler& scheduler) {
    Restored out;
    auto began = std::chrono::steady_clock::now();
    const auto since = board.today_start();
    auto rows = read_now<std::vector<TicketSummary>>(readers, [since](storage::Connection& c) {
        return storage::open_or_active_since(c, since);
    });
    out.read_ms = ms_since(began);
    began = std::chrono::steady_clock::now();
    board.restore(rows);
    std::vector<std::pair<std::int64_t, SlaColumns>> open;
    for (const auto& r : rows)
        if (is_open(r.status) && !r.sla.policy.empty()) open.emplace_back(r.id, r.sla);
    scheduler.start(open);
    // What was read is not needed any more: give it back (with a million tickets it is tens
    // of megabytes; `aduan serve` then has the allocator return it to the system).
    std::vector<TicketSummary>().swap(rows);
    std::vector<std::pair<std::int64_t, SlaColumns>>().swap(open);
    out.restore_ms = ms_since(began);
    return out;
}

}  // namespace aduan::startup
