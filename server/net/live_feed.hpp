// A live feed over WebSocket: the wallboard's (spec section 5), and the console's ticket feed.
// Fans snapshots and event frames out to every connected client; what they say comes from a
// FeedSource.
//
// Changes arrive from the ticket service's change feed, in commit order, on the writer's
// completion runner; the feed folds them into the board at once (microseconds) and hands
// everything else to its own thread, so that neither commits nor other clients wait for a
// client: that thread renders a snapshot at most every `snapshot_interval` (changes in
// between fold into one; the first change after a quiet spell goes out at once), renders
// each event frame once, and gives every client the same shared, immutable strings.
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
#include "app/ticket_ops.hpp"
#include "app/wallboard.hpp"
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

// What a feed says. apply() is called in commit order on the writer's completion runner and
// must be quick; the rest on the feed's thread.
class FeedSource {
  public:
    virtual ~FeedSource() = default;
    // Folds a committed change in: the event frames' JSON to send, in order (none when
    // `render` is false: nobody is listening); sets `snapshot_changed` when the snapshot is no
    // longer what it was.
    virtual std::vector<std::string> apply(const TicketChange& change, bool& snapshot_changed,
                                           bool render) = 0;
    // The snapshot a client gets when it joins, after changes, and as a heartbeat.
    virtual std::string snapshot_json() = 0;
    // When the snapshot changes without a change (the wallboard's local midnight).
    virtual Instant next_rollover() { return Instant::max(); }
    // Whether apply() keeps state that must see every change, even with no client listening.
    virtual bool keeps_state() const { return false; }
};

// The wallboard's source: the board's snapshot and its events (spec 5).
class WallboardSource : public FeedSource {
  public:
    explicit WallboardSource(Wallboard& board) : board_(board) {}
    std::vector<std::string> apply(const TicketChange& change, bool& snapshot_changed,
                                   bool render) override;
    std::string snapshot_json() override;
    Instant next_rollover() override { return board_.next_rollover(); }
    bool keeps_state() const override { return true; }

  private:
    Wallboard& board_;
};

// The console's source (docs/console.md): a "ticket.changed" event for every committed change
// of a ticket (what it is now, and which events the change recorded), so that queues and ticket
// pages follow without reloading; its snapshot only says when.
class TicketsSource : public FeedSource {
  public:
    std::vector<std::string> apply(const TicketChange& change, bool& snapshot_changed,
                                   bool render) override;
    std::string snapshot_json() override;
};

class LiveFeed {
  public:
    // `authenticate` resolves a token sent in-band; `access` says which roles may watch.
    LiveFeed(FeedSource& source, const Limits& limits, Metrics& metrics,
             std::function<std::optional<Identity>(std::string_view token)> authenticate,
             Access access);
    ~LiveFeed();

    void start();
    void stop();

    // A committed change (the change feed; called in commit order).
    void on_change(const TicketChange& change);

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
