#include "net/live_feed.hpp"

#include <algorithm>

#include "net/ws_frame.hpp"
#include "runtime/log.hpp"
#include "runtime/thread_name.hpp"

namespace aduan::net {

namespace {

// With nothing to say for this long, a fresh snapshot goes out anyway: screens can tell a
// quiet room from a dead feed (the page reconnects after 40 s of silence).
constexpr std::chrono::seconds kHeartbeat{15};

}  // namespace

LiveFeed::LiveFeed(FeedSource& source, const Limits& limits, Metrics& metrics,
                   std::function<std::optional<Identity>(std::string_view)> authenticate,
                   Access access, FeedClock clock)
    : source_(source),
      limits_(limits),
      metrics_(metrics),
      authenticate_(std::move(authenticate)),
      access_(std::move(access)),
      clock_(std::move(clock)) {}

LiveFeed::~LiveFeed() {
    stop();
}

void LiveFeed::start() {
    last_sent_ = clock_.steady();
    thread_ = std::thread([this] {
        name_this_thread("feed");
        run();
    });
}

void LiveFeed::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void LiveFeed::publish(std::vector<std::string> events, bool changed) {
    if (events.empty() && !changed) return;
    bool wake;
    {
        std::lock_guard lock(mu_);
        // Wake the thread only when this gives it something new to do: the first events
        // since it last took them, or the first change since its last snapshot (it then sleeps
        // until the snapshot interval is over). Under load that is a wake-up per delivery, not
        // one per change.
        wake = (!events.empty() && events_.empty()) || (changed && !dirty_);
        dirty_ = dirty_ || changed;
        for (auto& e : events)
            events_.push_back(std::move(e));
    }
    if (wake) cv_.notify_one();
}

std::string LiveFeed::snapshot_json() {
    return source_.snapshot_json();
}

Frame LiveFeed::snapshot_frame() {
    return std::make_shared<const std::string>(ws::text_frame(snapshot_json()));
}

bool LiveFeed::join(const std::shared_ptr<FeedClient>& client) {
    std::lock_guard lock(mu_);
    if (closed_) return false;
    // Forget clients that have gone before counting.
    std::erase_if(clients_, [](const auto& w) { return w.expired(); });
    if (clients_.size() >= limits_.feed_max_clients) return false;
    clients_.push_back(client);
    metrics_.websocket_clients_changed(std::int64_t(clients_.size()) - std::int64_t(counted_));
    counted_ = clients_.size();
    listening_.store(counted_, std::memory_order_relaxed);
    return true;
}

void LiveFeed::leave(const FeedClient* client) {
    std::lock_guard lock(mu_);
    std::erase_if(clients_, [client](const auto& w) {
        auto s = w.lock();
        return !s || s.get() == client;
    });
    metrics_.websocket_clients_changed(std::int64_t(clients_.size()) - std::int64_t(counted_));
    counted_ = clients_.size();
    listening_.store(counted_, std::memory_order_relaxed);
}

std::size_t LiveFeed::clients() const {
    std::lock_guard lock(mu_);
    return clients_.size();
}

void LiveFeed::close_all() {
    std::vector<std::shared_ptr<FeedClient>> live;
    {
        std::lock_guard lock(mu_);
        closed_ = true;
        for (auto& w : clients_)
            if (auto s = w.lock()) live.push_back(std::move(s));
    }
    for (auto& c : live)
        c->go_away();
}

void LiveFeed::clock_moved() {
    // Under the lock: the thread is then either waiting (and woken) or yet to read the clock.
    { std::lock_guard lock(mu_); }
    cv_.notify_one();
}

void LiveFeed::run() {
    std::unique_lock lock(mu_);
    Instant rollover = source_.next_rollover();
    while (!stopping_) {
        // Wake for events at once; for a folded snapshot, a heartbeat or midnight when due.
        const auto now = clock_.steady();
        const auto until_midnight = std::min(
            rollover - clock_.utc(), std::chrono::duration_cast<std::chrono::seconds>(kHeartbeat));
        auto deadline = std::min(last_sent_ + kHeartbeat,
                                 now + std::max(until_midnight, std::chrono::seconds(0)));
        if (dirty_) deadline = std::min(deadline, next_render_);
        if (events_.empty() && deadline > now) {
            cv_.wait_for(lock, deadline - now);
            continue;  // woken, timed out, or spuriously: look again
        }
        if (stopping_) break;
        std::vector<std::string> events;
        events.swap(events_);
        const bool midnight = clock_.utc() >= rollover;
        const bool render =
            (dirty_ && now >= next_render_) || now >= last_sent_ + kHeartbeat || midnight;
        if (render) {
            dirty_ = false;
            next_render_ = now + limits_.feed_snapshot_interval;
            last_sent_ = now;
        }
        if (events.empty() && !render) continue;
        std::vector<std::shared_ptr<FeedClient>> clients;
        clients.reserve(clients_.size());
        for (auto& w : clients_)
            if (auto s = w.lock()) clients.push_back(std::move(s));
        lock.unlock();

        // Rendered and framed once, shared by every client.
        auto delivery = std::make_shared<Delivery>();
        delivery->events.reserve(events.size());
        for (const auto& e : events)
            delivery->events.push_back(std::make_shared<const std::string>(ws::text_frame(e)));
        if (render) {
            delivery->snapshot = snapshot_frame();
            if (midnight) rollover = source_.next_rollover();
        }
        const std::shared_ptr<const Delivery> shared = std::move(delivery);
        for (auto& c : clients)
            c->deliver(shared);
        metrics_.websocket_frames(clients.size() *
                                  (shared->events.size() + (shared->snapshot ? 1 : 0)));
        clients.clear();  // a client's last reference may go here: not under the lock
        lock.lock();
    }
}

}  // namespace aduan::net
