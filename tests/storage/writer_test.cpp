#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "storage/reader_pool.hpp"
#include "storage/ticket_store.hpp"
#include "storage/writer.hpp"
#include "support/server_process.hpp"

using namespace aduan;
using namespace aduan::storage;

namespace {

NewTicket new_ticket(int i) {
    NewTicket n;
    n.subject = "ticket " + std::to_string(i);
    n.channel = Channel::kPhone;
    n.category = "other";
    return n;
}

const Principal kAgent{"agent1", Role::kAgent};

// Counts completions and lets a test wait for a number of them.
struct Latch {
    std::mutex mu;
    std::condition_variable cv;
    int done = 0;
    void arrive() {
        std::lock_guard l(mu);
        ++done;
        cv.notify_all();
    }
    void wait_for(int n) {
        std::unique_lock l(mu);
        REQUIRE(cv.wait_for(l, std::chrono::seconds(30), [&] { return done >= n; }));
    }
};

}  // namespace

TEST_CASE("concurrent writes are group-committed and every one is answered after its commit") {
    test::TempDir dir;
    Writer writer(dir.file("w.db"), {});
    std::atomic<std::size_t> batches{0}, largest{0};
    writer.on_batch([&](std::size_t n, std::chrono::nanoseconds) {
        ++batches;
        std::size_t cur = largest;
        while (n > cur && !largest.compare_exchange_weak(cur, n)) {
        }
    });
    ReaderPool readers(dir.file("w.db"), 1, 100);
    constexpr int kThreads = 8, kEach = 200;
    Latch latch;
    std::atomic<int> visible_after_ack{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                REQUIRE(writer.submit<std::int64_t>(
                    [i](Connection& c) -> Result<std::int64_t> {
                        return insert_ticket(c, new_ticket(i), kAgent, now_utc()).id;
                    },
                    [&](Result<std::int64_t> r) {
                        REQUIRE(r.ok());
                        // Acknowledged means committed: a fresh reader sees it at once.
                        Connection check(dir.file("w.db"), Connection::Mode::kReadOnly);
                        if (find_ticket(check, r.value())) ++visible_after_ack;
                        latch.arrive();
                    }));
            }
        });
    for (auto& th : threads)
        th.join();
    latch.wait_for(kThreads * kEach);
    CHECK(visible_after_ack == kThreads * kEach);
    CHECK(batches < std::size_t(kThreads * kEach));  // some commits served several writes
    CHECK(largest > 1);
}

TEST_CASE("an operation that fails is rolled back alone, the rest of its batch commits") {
    test::TempDir dir;
    Writer writer(dir.file("w.db"), {});
    Latch latch;
    std::vector<bool> ok(3);
    for (int i = 0; i < 3; ++i) {
        REQUIRE(writer.submit<std::int64_t>(
            [i](Connection& c) -> Result<std::int64_t> {
                auto t = insert_ticket(c, new_ticket(i), kAgent, now_utc());
                if (i == 1) return Error::conflict("refused after writing");  // must not persist
                return t.id;
            },
            [&, i](Result<std::int64_t> r) {
                ok[size_t(i)] = r.ok();
                latch.arrive();
            }));
    }
    // An operation that throws is rolled back too.
    REQUIRE(writer.submit<int>(
        [](Connection& c) -> Result<int> {
            insert_ticket(c, new_ticket(9), kAgent, now_utc());
            c.exec("INSERT INTO no_such_table VALUES (1)");
            return 1;
        },
        [&](Result<int> r) {
            CHECK_FALSE(r.ok());
            latch.arrive();
        }));
    latch.wait_for(4);
    writer.stop();
    CHECK(ok == std::vector<bool>{true, false, true});
    Connection c(dir.file("w.db"), Connection::Mode::kReadOnly);
    TicketFilter all;
    const auto page = list_tickets(c, all);
    REQUIRE(page.items.size() == 2);
    CHECK(page.items[0].subject == "ticket 2");
    CHECK(page.items[1].subject == "ticket 0");
    CHECK(list_events(c, page.items[0].id).size() == 1);
}

TEST_CASE("an operation without a savepoint that throws fails its whole batch, and only it") {
    test::TempDir dir;
    Writer writer(dir.file("w.db"), {});
    Latch latch;
    std::promise<void> started, release;
    auto released = release.get_future().share();
    // The first operation holds the writer until the next three are queued: they then form
    // one batch of their own.
    REQUIRE(writer.submit<std::int64_t>(
        [&started, released](Connection& c) -> Result<std::int64_t> {
            started.set_value();
            released.wait_for(std::chrono::seconds(30));
            return insert_ticket(c, new_ticket(0), kAgent, now_utc()).id;
        },
        [&](Result<std::int64_t> r) {
            CHECK(r.ok());
            latch.arrive();
        }));
    REQUIRE(started.get_future().wait_for(std::chrono::seconds(30)) == std::future_status::ready);
    std::vector<int> failed;
    std::mutex failed_mu;
    auto expect_failure = [&](int i) {
        return [&, i](Result<std::int64_t> r) {
            if (!r.ok()) {
                std::lock_guard l(failed_mu);
                failed.push_back(i);
            }
            latch.arrive();
        };
    };
    REQUIRE(writer.submit<std::int64_t>(
        [](Connection& c) -> Result<std::int64_t> {
            return insert_ticket(c, new_ticket(1), kAgent, now_utc()).id;
        },
        expect_failure(1)));
    REQUIRE(writer.submit<std::int64_t>(
        [](Connection& c) -> Result<std::int64_t> {
            insert_ticket(c, new_ticket(2), kAgent, now_utc());
            c.exec("INSERT INTO no_such_table VALUES (1)");
            return 2;
        },
        expect_failure(2), Isolation::kBatch));
    REQUIRE(writer.submit<std::int64_t>(
        [](Connection& c) -> Result<std::int64_t> {
            return insert_ticket(c, new_ticket(3), kAgent, now_utc()).id;
        },
        expect_failure(3), Isolation::kBatch));
    release.set_value();
    latch.wait_for(4);
    CHECK(writer.failing());  // the last batch did not commit: /healthz says so
    // The writer goes on: the next batch commits.
    REQUIRE(writer.submit<std::int64_t>(
        [](Connection& c) -> Result<std::int64_t> {
            return insert_ticket(c, new_ticket(4), kAgent, now_utc()).id;
        },
        [&](Result<std::int64_t> r) {
            CHECK(r.ok());
            latch.arrive();
        },
        Isolation::kBatch));
    latch.wait_for(5);
    CHECK_FALSE(writer.failing());
    writer.stop();
    std::sort(failed.begin(), failed.end());
    CHECK(failed == std::vector<int>{1, 2, 3});
    Connection c(dir.file("w.db"), Connection::Mode::kReadOnly);
    const auto page = list_tickets(c, TicketFilter{});
    REQUIRE(page.items.size() == 2);
    CHECK(page.items[0].subject == "ticket 4");
    CHECK(page.items[1].subject == "ticket 0");
}

TEST_CASE("stop() applies everything queued before it returns") {
    test::TempDir dir;
    std::atomic<int> acked{0};
    {
        Writer writer(dir.file("w.db"), {});
        for (int i = 0; i < 500; ++i)
            REQUIRE(writer.submit<int>(
                [i](Connection& c) -> Result<int> {
                    insert_ticket(c, new_ticket(i), kAgent, now_utc());
                    return 0;
                },
                [&](Result<int> r) { acked += r.ok(); }));
        writer.stop();
        CHECK_FALSE(
            writer.submit<int>([](Connection&) -> Result<int> { return 0; }, [](Result<int>) {}));
    }
    CHECK(acked == 500);
    Connection c(dir.file("w.db"), Connection::Mode::kReadOnly);
    CHECK(count_by_status(c)[0] == 500);
}

TEST_CASE("a full queue refuses instead of growing") {
    test::TempDir dir;
    Writer writer(dir.file("w.db"), {1, 2, std::chrono::seconds(600)});
    std::promise<void> release;
    auto gate = release.get_future().share();
    std::atomic<int> accepted{0};
    // The first op blocks the writer thread so the queue can fill behind it.
    accepted += writer.submit<int>(
        [gate](Connection&) -> Result<int> {
            gate.wait_for(std::chrono::seconds(30));
            return 0;
        },
        [](Result<int>) {});
    int refused = 0;
    for (int i = 0; i < 10; ++i) {
        if (writer.submit<int>([](Connection&) -> Result<int> { return 0; }, [](Result<int>) {}))
            ++accepted;
        else
            ++refused;
    }
    release.set_value();
    CHECK(refused > 0);
    CHECK(accepted <= 3);
}

TEST_CASE("readers answer queries and report failures as values") {
    test::TempDir dir;
    Writer writer(dir.file("w.db"), {});
    ReaderPool readers(dir.file("w.db"), 2, 10);
    std::promise<Result<int>> p;
    REQUIRE(readers.submit<int>(
        [](Connection& c) -> Result<int> {
            c.exec("SELECT * FROM no_such_table");
            return 1;
        },
        [&](Result<int> r) { p.set_value(std::move(r)); }));
    auto answer = p.get_future();
    REQUIRE(answer.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
    auto r = answer.get();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kInternal);
}
