#include "net/ws_session.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <nlohmann/json.hpp>

#include "net/live_feed.hpp"
#include "net/ws_frame.hpp"
#include "runtime/log.hpp"

namespace aduan::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

constexpr std::chrono::seconds kHandshakeTimeout{10};
constexpr std::chrono::seconds kCloseGrace{5};  // for the peer to answer our close frame
constexpr std::size_t kMaxGather = 64;          // frames in one write

Frame shared_frame(std::string bytes) {
    return std::make_shared<const std::string>(std::move(bytes));
}

// The upgrade itself is Beast's; once it is done the session works on the socket (see
// net/ws_frame.hpp for why).
class Handshake : public std::enable_shared_from_this<Handshake> {
  public:
    using Done = std::function<void(tcp::socket)>;
    Handshake(beast::tcp_stream stream, Done done)
        : ws_(std::move(stream)), done_(std::move(done)) {}

    void run(http::request<http::string_body> request) {
        websocket::stream_base::timeout t =
            websocket::stream_base::timeout::suggested(beast::role_type::server);
        t.handshake_timeout = kHandshakeTimeout;
        ws_.set_option(t);
        ws_.set_option(websocket::stream_base::decorator(
            [](websocket::response_type& r) { r.set(http::field::server, "aduan"); }));
        beast::get_lowest_layer(ws_).expires_never();
        ws_.async_accept(request, [self = shared_from_this()](beast::error_code ec) {
            if (ec) return;
            self->done_(std::move(beast::get_lowest_layer(self->ws_).socket()));
        });
    }

  private:
    websocket::stream<beast::tcp_stream> ws_;
    Done done_;
};

class FeedSession : public FeedClient, public std::enable_shared_from_this<FeedSession> {
  public:
    FeedSession(tcp::socket socket, LiveFeed& feed, std::optional<Identity> identity)
        : socket_(std::move(socket)),
          feed_(feed),
          identity_(std::move(identity)),
          parser_(feed.limits().feed_max_message),
          ping_timer_(socket_.get_executor()),
          close_timer_(socket_.get_executor()) {}

    ~FeedSession() override {
        if (joined_) feed_.leave(this);
    }

    // Kept until the session ends (the server's count of open sockets).
    void hold(std::shared_ptr<void> token) { token_ = std::move(token); }

    void run() {
        const auto& o = feed_.limits();
        beast::error_code ignored;
        socket_.set_option(asio::socket_base::send_buffer_size(int(o.feed_send_buffer)), ignored);
        last_heard_ = std::chrono::steady_clock::now();
        read();
        keep_alive();
        if (identity_) return begin();
        // Signed in over the socket, or not at all.
        close_timer_.expires_after(o.feed_auth_timeout);
        close_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (!ec && !self->joined_ && !self->closing_)
                self->close(1008, "authentication required");
        });
    }

    // The feed's thread: hop onto this connection's thread.
    void deliver(std::shared_ptr<const Delivery> d) override {
        asio::post(socket_.get_executor(),
                   [self = shared_from_this(), d = std::move(d)] { self->take(*d); });
    }

    void go_away() override {
        asio::post(socket_.get_executor(),
                   [self = shared_from_this()] { self->close(1001, "server shutting down"); });
    }

  private:
    // Signed in and allowed: joins the feed and sends the board as it is.
    void begin() {
        close_timer_.cancel();
        if (!feed_.join(shared_from_this())) return close(1013, "too many clients");
        joined_ = true;
        pending_snapshot_ = feed_.snapshot_frame();
        write();
    }

    void read() {
        socket_.async_read_some(
            asio::buffer(in_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                if (ec) return self->ended();
                self->last_heard_ = std::chrono::steady_clock::now();
                self->parser_.feed(std::string_view(self->in_.data(), n));
                while (auto m = self->parser_.next())
                    self->on_message(std::move(*m));
                if (self->parser_.error())
                    return self->close(self->parser_.error(), self->parser_.error_reason());
                self->read();
            });
    }

    void on_message(ws::Message m) {
        switch (m.opcode) {
            case ws::Opcode::kPing:
                // Only the latest ping needs an answer (RFC 6455 §5.5.3): a peer that pings
                // and never reads holds one pong here, not one per ping.
                pong_ = shared_frame(ws::encode(ws::Opcode::kPong, m.payload));
                return write();
            case ws::Opcode::kPong:
                return;
            case ws::Opcode::kClose:
                // The peer is leaving: answer (if we have not said goodbye) and hang up.
                if (!closing_) close(1000, "");
                return;
            default:
                break;
        }
        if (joined_ || closing_) return;  // nothing more is expected of a signed-in client
        // {"type":"auth","token":"..."}
        auto msg = nlohmann::json::parse(m.payload, nullptr, false);
        if (msg.is_discarded() || !msg.is_object() || msg.value("type", "") != "auth" ||
            !msg.contains("token") || !msg["token"].is_string())
            return close(1008, "send {\"type\":\"auth\",\"token\":\"...\"} first");
        identity_ = feed_.authenticate(msg["token"].get<std::string>());
        if (!identity_) return close(1008, "invalid credentials");
        if (!feed_.access().allows(identity_->principal.role)) return close(1008, "forbidden");
        begin();
    }

    void take(const Delivery& d) {
        if (!joined_ || closing_) return;
        if (d.snapshot) pending_snapshot_ = d.snapshot;  // a newer one replaces it
        if (events_.size() + d.events.size() > feed_.limits().feed_event_backlog) {
            // Behind by more than the backlog: better to hang up than to hold more for it.
            feed_.metrics().websocket_dropped();
            log::info("feed.client_dropped", {{"reason", "behind"}});
            return close(1013, "too far behind");
        }
        events_.insert(events_.end(), d.events.begin(), d.events.end());
        write();
    }

    // Writes what is queued, several frames at once: control frames, events, the snapshot.
    void write() {
        if (!in_flight_.empty()) return;
        // Control frames first; at most one of each kind is ever pending.
        for (Frame* f : {&pong_, &ping_, &close_pending_})
            if (*f) in_flight_.push_back(std::move(*f));
        if (!closing_) {
            while (!events_.empty() && in_flight_.size() < kMaxGather) {
                in_flight_.push_back(std::move(events_.front()));
                events_.pop_front();
            }
            if (pending_snapshot_ && in_flight_.size() < kMaxGather)
                in_flight_.push_back(std::move(pending_snapshot_));
        }
        if (in_flight_.empty()) return;
        buffers_.clear();
        for (const auto& f : in_flight_) {
            buffers_.emplace_back(f->data(), f->size());
            if (f == close_frame_) close_in_flight_ = true;
        }
        asio::async_write(socket_, buffers_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              const bool sent_close = self->close_in_flight_;
                              self->in_flight_.clear();
                              self->close_in_flight_ = false;
                              if (ec) return self->ended();
                              if (sent_close) {
                                  // Our close frame is out: nothing more to send.
                                  beast::error_code ignored;
                                  self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
                                  return;
                              }
                              self->write();
                          });
    }

    // Pings at half the idle timeout; a peer silent for the whole of it is gone.
    void keep_alive() {
        const auto idle = feed_.limits().feed_idle_timeout;
        ping_timer_.expires_after(idle / 2);
        ping_timer_.async_wait([self = shared_from_this(), idle](beast::error_code ec) {
            if (ec || self->closing_) return;
            if (std::chrono::steady_clock::now() - self->last_heard_ >= idle) {
                log::info("feed.client_dropped", {{"reason", "silent"}});
                return self->hang_up();
            }
            self->ping_ = shared_frame(ws::encode(ws::Opcode::kPing, ""));
            self->write();
            self->keep_alive();
        });
    }

    // Says goodbye with `code`, then hangs up when the peer answers or the grace runs out.
    void close(std::uint16_t code, std::string_view reason) {
        if (closing_) return;
        closing_ = true;
        leave();
        events_.clear();
        pending_snapshot_.reset();
        ping_timer_.cancel();
        close_frame_ = shared_frame(ws::close_frame(code, reason));
        close_pending_ = close_frame_;
        write();
        // A peer that does not read would never let the close frame out: hang up regardless.
        close_timer_.expires_after(kCloseGrace);
        close_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (!ec) self->hang_up();
        });
    }

    void hang_up() {
        beast::error_code ignored;
        socket_.close(ignored);
    }

    // The connection is gone (read or write failed, or the peer closed it).
    void ended() {
        closing_ = true;
        leave();
        events_.clear();
        pong_.reset();
        ping_.reset();
        close_pending_.reset();
        pending_snapshot_.reset();
        ping_timer_.cancel();
        close_timer_.cancel();
        hang_up();
    }

    void leave() {
        if (!joined_) return;
        joined_ = false;
        feed_.leave(this);
    }

    tcp::socket socket_;
    LiveFeed& feed_;
    std::optional<Identity> identity_;
    ws::Parser parser_;
    asio::steady_timer ping_timer_, close_timer_;
    std::array<char, 2048> in_{};
    std::chrono::steady_clock::time_point last_heard_;
    Frame pending_snapshot_;
    std::deque<Frame> events_;  // at most feed_event_backlog
    // Control frames waiting to go out, one of each at most: the answer to the latest ping,
    // our keep-alive ping, our close frame.
    Frame pong_, ping_, close_pending_;
    std::shared_ptr<void> token_;
    std::vector<Frame> in_flight_;
    std::vector<asio::const_buffer> buffers_;
    Frame close_frame_;
    bool close_in_flight_ = false;
    bool joined_ = false;
    bool closing_ = false;
};

}  // namespace

void start_feed_session(beast::tcp_stream stream, http::request<http::string_body> request,
                        LiveFeed& feed, std::optional<Identity> identity,
                        std::shared_ptr<void> socket_token) {
    auto handshake = std::make_shared<Handshake>(
        std::move(stream), [&feed, identity = std::move(identity),
                            token = std::move(socket_token)](tcp::socket socket) mutable {
            auto session =
                std::make_shared<FeedSession>(std::move(socket), feed, std::move(identity));
            session->hold(std::move(token));
            session->run();
        });
    handshake->run(std::move(request));
}

}  // namespace aduan::net
