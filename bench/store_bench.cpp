// Store benchmark: how many tickets per second the single writer commits durably when its
// queue is never empty (no HTTP, no JSON), and how big its group commits get.
// Usage: store_bench DB_PATH [TICKETS] [MAX_BATCH]
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>

#include "storage/ticket_store.hpp"
#include "storage/writer.hpp"

using namespace aduan;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: store_bench DB_PATH [TICKETS] [MAX_BATCH]\n");
        return 2;
    }
    const int total = argc > 2 ? std::stoi(argv[2]) : 200000;
    const std::size_t max_batch = argc > 3 ? std::stoul(argv[3]) : 1024;
    storage::Writer writer(argv[1], {max_batch, 1000000, std::chrono::seconds(600)});
    std::atomic<std::size_t> batches{0};
    writer.on_batch([&](std::size_t, std::chrono::nanoseconds) { ++batches; });
    std::mutex mu;
    std::condition_variable cv;
    int done = 0;
    const Principal who{"bench", Role::kAgent};
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < total; ++i) {
        NewTicket n;
        n.subject = "Insentif belum masuk #" + std::to_string(i);
        n.description = "Peserta menelepon: insentif belum masuk.";
        n.channel = Channel::kPhone;
        n.category = "incentive";
        n.requester.name = "Peserta " + std::to_string(i);
        n.requester.external_id = "P-" + std::to_string(i);
        n.team = "tier1";
        n.tags = {"bench"};
        while (!writer.submit<std::int64_t>(
            [n = std::move(n), &who](storage::Connection& c) mutable -> Result<std::int64_t> {
                return storage::insert_ticket(c, std::move(n), who, now_utc()).id;
            },
            [&](Result<std::int64_t>) {
                std::lock_guard l(mu);
                if (++done == total) cv.notify_all();
            },
            storage::Isolation::kBatch)) {  // as the service creates tickets
        }
    }
    std::unique_lock l(mu);
    cv.wait(l, [&] { return done == total; });
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("tickets=%d seconds=%.2f rate=%.0f batches=%zu mean_batch=%.1f\n", total, secs,
                total / secs, batches.load(), double(total) / double(batches.load()));
}
