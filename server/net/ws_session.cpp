#include "net/ws_session.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <nlohmann/json.hpp>

#include "common/log.hpp"
#include "net/live_feed.hpp"

namespace aduan::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

namespace {

constexpr std::chrono::seconds kCloseGrace{5};  // for the peer to answer our close frame

class FeedSession : public FeedClient, public std::enable_shared_from_this<FeedSession> {
  public:
    FeedSession(beast::tcp_stream stream, LiveFeed& feed, std::optional<Identity> identity)
        : ws_(std::move(stream)),
          feed_(feed),
          identity_(std::move(identity)),
          timer_(ws_.get_executor()) {}

    ~FeedSession() override {
        if (joined_) feed_.leave(this);
    }

    void run(http::request<http::string_body> request) {
        const auto& o = feed_.options();
        auto& socket = beast::get_lowest_layer(ws_).socket();
        beast::error_code ignored;
        socket.set_option(asio::socket_base::send_buffer_size(int(o.send_buffer)), ignored);
        beast::get_lowest_layer(ws_).expires_never();  // the websocket keeps its own time
        websocket::stream_base::timeout t{};
        t.handshake_timeout = std::chrono::seconds(10);
        t.idle_timeout = o.idle_timeout;
        t.keep_alive_pings = true;
        ws_.set_option(t);
        ws_.read_message_max(o.max_message);
        ws_.set_option(websocket::stream_base::decorator(
            [](websocket::response_type& r) { r.set(http::field::server, "aduan"); }));
        ws_.async_accept(request, [self = shared_from_this()](beast::error_code ec) {
            if (ec) return;
            self->accepted();
        });
    }

    // The feed's thread: hop onto this connection's strand.
    void deliver(Frame snapshot, std::vector<Frame> events) override {
        asio::post(ws_.get_executor(), [self = shared_from_this(), snapshot = std::move(snapshot),
                                        events = std::move(events)]() mutable {
            self->take(std::move(snapshot), std::move(events));
        });
    }

    void go_away() override {
        asio::post(ws_.get_executor(), [self = shared_from_this()] {
            self->close({websocket::close_code::going_away, "server shutting down"});
        });
    }

  private:
    void accepted() {
        if (identity_) {
            begin();
        } else {
            timer_.expires_after(feed_.options().auth_timeout);
            timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
                if (!ec && !self->joined_)
                    self->close({websocket::close_code::policy_error, "authentication required"});
            });
        }
        read();
    }

    // Signed in and allowed: joins the feed and sends the board as it is.
    void begin() {
        timer_.cancel();
        if (!feed_.join(shared_from_this()))
            return close({websocket::close_code::try_again_later, "too many clients"});
        joined_ = true;
        pending_snapshot_ = feed_.current();
        write_next();
    }

    void read() {
        ws_.async_read(in_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->ended();
            self->on_message();
            self->read();
        });
    }

    void on_message() {
        const auto text = beast::buffers_to_string(in_.data());
        in_.consume(in_.size());
        if (joined_ || closing_) return;  // nothing more is expected of a signed-in client
        // {"type":"auth","token":"..."}
        auto msg = nlohmann::json::parse(text, nullptr, false);
        if (msg.is_discarded() || !msg.is_object() || msg.value("type", "") != "auth" ||
            !msg.contains("token") || !msg["token"].is_string())
            return close({websocket::close_code::policy_error,
                          "send {\"type\":\"auth\",\"token\":\"...\"} first"});
        identity_ = feed_.authenticate(msg["token"].get<std::string>());
        if (!identity_) return close({websocket::close_code::policy_error, "invalid credentials"});
        if (!feed_.access().allows(identity_->principal.role))
            return close({websocket::close_code::policy_error, "forbidden"});
        begin();
    }

    void take(Frame snapshot, std::vector<Frame> events) {
        if (!joined_ || closing_) return;
        if (snapshot) pending_snapshot_ = std::move(snapshot);  // a newer one replaces it
        if (events_.size() + events.size() > feed_.options().event_backlog) {
            // Behind by more than the backlog: better to hang up than to hold more for it.
            feed_.metrics().websocket_dropped();
            log::info("feed.client_dropped", {{"reason", "behind"}});
            return close({websocket::close_code::try_again_later, "too far behind"});
        }
        for (auto& e : events)
            events_.push_back(std::move(e));
        write_next();
    }

    void write_next() {
        if (writing_ || closing_) return;
        Frame frame;
        if (!events_.empty()) {
            frame = std::move(events_.front());
            events_.pop_front();
        } else if (pending_snapshot_) {
            frame = std::move(pending_snapshot_);
        } else {
            return;
        }
        writing_ = true;
        ws_.text(true);
        ws_.async_write(asio::buffer(*frame),
                        [self = shared_from_this(), frame](beast::error_code ec, std::size_t) {
                            self->writing_ = false;
                            if (ec) return self->ended();
                            self->write_next();
                        });
    }

    void close(websocket::close_reason reason) {
        if (closing_) return;
        closing_ = true;
        leave();
        events_.clear();
        pending_snapshot_.reset();
        ws_.async_close(reason, [self = shared_from_this()](beast::error_code) {});
        // A peer that does not read would never let the close frame out: hang up regardless.
        timer_.expires_after(kCloseGrace);
        timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec) return;
            beast::error_code ignored;
            beast::get_lowest_layer(self->ws_).socket().close(ignored);
        });
    }

    // The connection is gone (read or write failed, timed out, or closed by the peer).
    void ended() {
        closing_ = true;
        leave();
        events_.clear();
        pending_snapshot_.reset();
        timer_.cancel();
    }

    void leave() {
        if (!joined_) return;
        joined_ = false;
        feed_.leave(this);
    }

    websocket::stream<beast::tcp_stream> ws_;
    LiveFeed& feed_;
    std::optional<Identity> identity_;
    asio::steady_timer timer_;
    beast::flat_buffer in_;
    Frame pending_snapshot_;
    std::deque<Frame> events_;
    bool joined_ = false;
    bool writing_ = false;
    bool closing_ = false;
};

}  // namespace

void start_feed_session(beast::tcp_stream stream, http::request<http::string_body> request,
                        LiveFeed& feed, std::optional<Identity> identity) {
    auto session = std::make_shared<FeedSession>(std::move(stream), feed, std::move(identity));
    session->run(std::move(request));
}

}  // namespace aduan::net
