// A live feed over WebSocket: the wallboard's (spec section 5), and the console's ticket feed.
// Fans snapshots and event frames out to every connected client; what they say comes from a
// FeedSource.
//
// What to send is published to it (publish(), in commit order, from the writer's completion
// runner: the wallboard's watcher and the console's change listener, service/feeds.hpp); the
// feed hands it to its own thread, so that neither commits nor other clients wait for a
// client: that thread renders a snapshot at most every `snapshot_interval` (changes in
// between fold into one; the first change after a quiet spell goes out at once), frames
// each event once, and gives every client the same shared, immutable strings.
//
// A client (the WebSocket session, net/ws_session.cpp) keeps one write in flight, at most one
// pending snapshot (a newer one replaces it) and at most `event_backlog` event frames; past
// that it is closed (1013, try again later). Its memory is therefore bounded whatever the
// peer does.
//
// Thread-safety: every method may be called from any thread. Construct, then start(); stop()
// (or the destructor) before the wallboard, limits and metrics go.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/auth.hpp"
#include "app/config.hpp"
#include "app/metrics.hpp"
#include "net/router.hpp"

namespace aduan::net {

// One WebSocket frame, encoded once (net/ws_frame.hpp) and shared by every client.
using Frame = std::shared_ptr<const std::string>;

// What one wake-up of the feed has for every client: a new snapshot (or null) and the event
// frames since the last one, in order.
struct Delivery {
    Frame snapshot;
    std::vector<Frame> events;
};

// One connected client, as the feed sees it.
class FeedClient {
  public:
    virtual ~FeedClient() = default;
    // Called on the feed's thread; must return quickly (post to the client's own executor).
    virtual void deliver(std::shared_ptr<const Delivery> delivery) = 0;
    // The server is stopping: close with 1001 (going away).
    virtual void go_away() = 0;
};

// What a feed's snapshot is; called on the feed's thread (and by GET handlers).
class FeedSource {
  public:
    virtual ~FeedSource() = default;
    // The snapshot a client gets when it joins, after changes, and as a heartbeat.
    virtual std::string snapshot_json() = 0;
    // When the snapshot changes without a change (the wallboard's local midnight).
    virtual Instant next_rollover() { return Instant::max(); }
};

// Where the feed takes time from: the steady clock for its pacing (snapshot interval,
// heartbeat) and the wall clock for the source's rollover. A test gives it a clock it moves by
// hand, then calls LiveFeed::clock_moved().
struct FeedClock {
    std::function<std::chrono::steady_clock::time_point()> steady = [] {
        return std::chrono::steady_clock::now();
    };
    std::function<Instant()> utc = now_utc;
};

class LiveFeed {
  public:
    // `authenticate` resolves a token sent in-band; `access` says which roles may watch.
    LiveFeed(FeedSource& source, const Limits& limits, Metrics& metrics,
             std::function<std::optional<Identity>(std::string_view token)> authenticate,
             Access access, FeedClock clock = {});
    ~LiveFeed();

    void start();
    void stop();

    // Whether any client listens: a publisher with nobody to tell renders nothing (a client
    // that joins later starts from a snapshot, which has every change in it).
    bool listening() const { return listening_.load(std::memory_order_relaxed) > 0; }
    // Something changed: `events` (JSON texts, in order) to send to every client, and whether
    // the snapshot is no longer what it was. Called in commit order; returns at once.
    void publish(std::vector<std::string> events, bool snapshot_changed);

    // The source's snapshot as it is now, as JSON (rendered afresh; microseconds), and as a
    // frame.
    std::string snapshot_json();
    Frame snapshot_frame();

    // Adds a client; false (and nothing added) past max_clients.
    bool join(const std::shared_ptr<FeedClient>& client);
    void leave(const FeedClient* client);
    std::size_t clients() const;

    // Closes every client (1001) and refuses new ones; for shutdown.
    void close_all();
    // The injected clock jumped: look at what is due now.
    void clock_moved();

    // The feed_* settings (app/config.hpp).
    const Limits& limits() const { return limits_; }
    Metrics& metrics() { return metrics_; }
    std::optional<Identity> authenticate(std::string_view token) const {
        return authenticate_(token);
    }
    const Access& access() const { return access_; }

  private:
    void run();

    FeedSource& source_;
    const Limits& limits_;
    Metrics& metrics_;
    std::function<std::optional<Identity>(std::string_view)> authenticate_;
    Access access_;
    FeedClock clock_;

    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::weak_ptr<FeedClient>> clients_;
    std::vector<std::string> events_;        // to frame and send
    bool dirty_ = false;                     // the snapshot changed since the last one sent
    std::size_t counted_ = 0;                // clients as last reported to the metrics
    std::atomic<std::size_t> listening_{0};  // clients, read without the lock
    std::chrono::steady_clock::time_point next_render_{};  // the earliest next snapshot
    std::chrono::steady_clock::time_point last_sent_{};    // the last snapshot sent
    bool stopping_ = false;
    bool closed_ = false;
    std::thread thread_;
};

}  // namespace aduan::net
