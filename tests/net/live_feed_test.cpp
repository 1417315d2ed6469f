// The live feed's fan-out (net/live_feed) on a clock the test moves: event frames go out at
// once, snapshots fold to one per interval, a quiet feed still sends a heartbeat, and every
// client gets the same shared bytes.
#include "net/live_feed.hpp"

#include <catch2/catch.hpp>
#include <condition_variable>
#include <mutex>

#include "net/ws_frame.hpp"

using namespace aduan;
using namespace std::chrono_literals;

namespace {

using Steady = std::chrono::steady_clock;

struct ManualClock {
    std::mutex mu;
    Steady::time_point now = Steady::time_point{} + 1000h;
    net::FeedClock clock() {
        return {[this] {
                    std::lock_guard lock(mu);
                    return now;
                },
                [] { return *parse_rfc3339("2026-11-30T05:00:00Z"); }};
    }
    void advance(Steady::duration d) {
        std::lock_guard lock(mu);
        now += d;
    }
};

struct Source : net::FeedSource {
    std::atomic<int> version{0};
    std::string snapshot_json() override { return "snapshot " + std::to_string(version.load()); }
};

// Records what the feed hands it.
struct Client : net::FeedClient {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<std::shared_ptr<const net::Delivery>> got;
    void deliver(std::shared_ptr<const net::Delivery> d) override {
        std::lock_guard lock(mu);
        got.push_back(std::move(d));
        cv.notify_all();
    }
    void go_away() override {}
    // The n-th delivery (from 1), waiting up to 10 s for it.
    std::shared_ptr<const net::Delivery> nth(std::size_t n) {
        std::unique_lock lock(mu);
        REQUIRE(cv.wait_for(lock, 10s, [&] { return got.size() >= n; }));
        return got[n - 1];
    }
    std::size_t count() {
        std::lock_guard lock(mu);
        return got.size();
    }
};

std::string text(const net::Frame& f) {
    return *f;
}

struct Feed {
    Limits limits;
    Metrics metrics;
    Source source;
    ManualClock time;
    net::LiveFeed feed{source,
                       limits,
                       metrics,
                       [](std::string_view) { return std::nullopt; },
                       net::Access::anyone(),
                       time.clock()};
    Feed() { feed.start(); }
    ~Feed() { feed.stop(); }
};

}  // namespace

TEST_CASE("events go out at once, snapshots fold to one per interval on the feed's clock") {
    Feed f;
    auto a = std::make_shared<Client>(), b = std::make_shared<Client>();
    REQUIRE(f.feed.join(a));
    REQUIRE(f.feed.join(b));
    REQUIRE(f.feed.listening());

    // The first change after a quiet spell: its event and a snapshot at once.
    f.source.version = 1;
    f.feed.publish({"e1"}, true);
    auto first = a->nth(1);
    REQUIRE(first->events.size() == 1);
    CHECK(text(first->events[0]) == net::ws::text_frame("e1"));
    REQUIRE(first->snapshot);
    CHECK(text(first->snapshot) == net::ws::text_frame("snapshot 1"));
    CHECK(b->nth(1) == first);  // the very same bytes for every client

    // Within the interval: the event goes, the snapshot waits.
    f.source.version = 2;
    f.feed.publish({"e2"}, true);
    auto second = a->nth(2);
    CHECK(text(second->events[0]) == net::ws::text_frame("e2"));
    CHECK_FALSE(second->snapshot);
    f.source.version = 3;
    f.feed.publish({}, true);  // folds into the same pending snapshot

    // The interval passes on the feed's clock: one snapshot, of the latest state.
    f.time.advance(f.limits.feed_snapshot_interval);
    f.feed.clock_moved();
    auto third = a->nth(3);
    CHECK(third->events.empty());
    REQUIRE(third->snapshot);
    CHECK(text(third->snapshot) == net::ws::text_frame("snapshot 3"));
    CHECK(a->count() == 3);
}

TEST_CASE("a quiet feed sends its snapshot as a heartbeat, and nothing with nobody listening") {
    Feed f;
    auto a = std::make_shared<Client>();
    REQUIRE(f.feed.join(a));
    f.time.advance(15s);
    f.feed.clock_moved();
    auto beat = a->nth(1);
    REQUIRE(beat->snapshot);
    CHECK(beat->events.empty());
    f.feed.leave(a.get());
    CHECK_FALSE(f.feed.listening());
}
