// The wallboard's live feed (spec section 5): fans snapshots and event frames out to every
// connected WebSocket client.
//
// Changes arrive from the ticket service's change feed, in commit order, on the writer's
// completion strand; the feed folds them into the board at once (microseconds) and hands
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

class LiveFeed {
  public:
    // `authenticate` resolves a token sent in-band; `access` says which roles may watch.
    LiveFeed(Wallboard& board, const Limits& limits, Metrics& metrics,
             std::function<std::optional<Identity>(std::string_view token)> authenticate,
             Access access);
    ~LiveFeed();

    void start();
    void stop();

    // A committed change (the change feed; called in commit order).
    void on_change(const TicketChange& change);

    // A snapshot of the board as it is now, as JSON (rendered afresh; microseconds), and as
    // a frame.
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

    Wallboard& board_;
    const Limits& limits_;
    Metrics& metrics_;
    std::function<std::optional<Identity>(std::string_view)> authenticate_;
    Access access_;

    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::weak_ptr<FeedClient>> clients_;
    std::vector<WallboardEvent> events_;  // to render and send
    bool dirty_ = false;                  // the board changed since the last snapshot
    std::chrono::steady_clock::time_point next_render_{};  // the earliest next snapshot
    std::chrono::steady_clock::time_point last_sent_{};    // the last snapshot sent
    bool stopping_ = false;
    bool closed_ = false;
    std::thread thread_;
};

}  // namespace aduan::net
