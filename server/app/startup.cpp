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
    // The two parts at once, on two reader connections: the open tickets (most of the rows,
    // and all the timers) and those that are no longer open but count today.
    auto read_part = [&readers, since](storage::RestorePart part) {
        auto answer = std::make_shared<std::promise<Result<std::vector<TicketSummary>>>>();
        auto future = answer->get_future();
        if (!readers.submit<std::vector<TicketSummary>>(
                [since, part](storage::Connection& c) -> Result<std::vector<TicketSummary>> {
                    return storage::open_or_active_since(c, since, part);
                },
                [answer](Result<std::vector<TicketSummary>> r) {
                    answer->set_value(std::move(r));
                }))
            throw std::runtime_error("cannot read the store: the readers' queue is full");
        return future;
    };
    auto open_part = read_part(storage::RestorePart::kOpen);
    auto rest_part = read_part(storage::RestorePart::kClosedActiveSince);
    auto take = [](std::future<Result<std::vector<TicketSummary>>>& f) {
        auto r = f.get();
        if (!r.ok()) throw std::runtime_error("cannot read the store: " + r.error().message);
        return std::move(r.value());
    };
    auto rows = take(open_part);
    const std::size_t open_rows = rows.size();
    {
        auto rest = take(rest_part);
        std::move(rest.begin(), rest.end(), std::back_inserter(rows));
    }
    out.read_ms = ms_since(began);
    began = std::chrono::steady_clock::now();
    // The timers on a second thread while this one builds the board (both only read the rows);
    // they start firing once the board is restored, so that no change reaches the board before
    // the counts it changes.
    std::thread timers([&rows, open_rows, &scheduler] {
        std::vector<std::pair<std::int64_t, SlaColumns>> open;
        open.reserve(open_rows);
        for (std::size_t i = 0; i < open_rows; ++i)
            if (!rows[i].sla.policy.empty()) open.emplace_back(rows[i].id, rows[i].sla);
        scheduler.load(open);
    });
    try {
        board.restore(rows);
    } catch (...) {
        timers.join();
        throw;
    }
    timers.join();
    scheduler.start();
    // What was read is not needed any more: give it back (with a million tickets it is tens
    // of megabytes; `aduan serve` then has the allocator return it to the system).
    std::vector<TicketSummary>().swap(rows);
    out.restore_ms = ms_since(began);
    return out;
}

}  // namespace aduan::startup
