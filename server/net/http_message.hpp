// HTTP requests and responses as plain values, so that handlers and the router never see
// Boost.Beast (only net/http_server.cpp does). A Reply sends a handler's response back on
// the connection that asked, from whichever thread the answer is ready on.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/auth.hpp"
#include "model/ticket.hpp"
#include "net/body_pipe.hpp"

namespace aduan::net {

class LiveFeed;

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view method_name(Method m);

struct HttpRequest {
    Method method = Method::kGet;
    std::string target;                                      // as received: path and query
    std::string path;                                        // decoded path, without the query
    std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
    std::string content_type;
    std::string body;
    std::string remote;  // peer address
    // Headers the router and handlers need (empty when absent).
    std::string authorization, cookie, origin, host, forwarded_proto;
    bool websocket = false;  // asks to upgrade to a WebSocket
    // Who is asking: set by the router for routes that need a role.
    std::optional<Identity> identity;
    Principal principal;
    std::chrono::steady_clock::time_point received;

    // The first value of a query parameter.
    std::optional<std::string_view> param(std::string_view name) const;
    // The value of a cookie, if sent.
    std::optional<std::string> cookie_value(std::string_view name) const;
    // The bearer token of the Authorization header, if any.
    std::optional<std::string_view> bearer() const;
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    // When set, the body comes from this pipe instead, sent as it is produced (chunked).
    std::shared_ptr<BodyPipe::Reader> stream;
};

// Sends exactly one response for a request, or hands the connection over to the live feed
// (a WebSocket upgrade). Copyable; every copy refers to the same request.
class Reply {
  public:
    using Post = std::function<void(std::function<void()>)>;  // runs work on the connection
    using Send = std::function<void(HttpResponse)>;           // called on the connection
    using Upgrade = std::function<void(LiveFeed&, std::optional<Identity>)>;  // on the connection

    Reply(Post post, Send send, Upgrade upgrade = {})
        : post_(std::move(post)), send_(std::move(send)), upgrade_(std::move(upgrade)) {}

    // Sends `response`; may be called from any thread.
    void operator()(HttpResponse response) const {
        post_([send = send_, r = std::move(response)]() mutable { send(std::move(r)); });
    }
    // Runs `make` on the connection's executor and sends what it returns: use it to keep
    // rendering off the threads that complete storage work.
    template <typename F>
    void later(F make) const {
        post_([send = send_, make = std::move(make)]() mutable { send(make()); });
    }
    // Completes a WebSocket upgrade and serves `feed` on the connection; only for a request
    // with `websocket` set.
    void upgrade(LiveFeed& feed, std::optional<Identity> who) const {
        post_([u = upgrade_, &feed, who = std::move(who)]() mutable { u(feed, std::move(who)); });
    }
    // Wraps the send step (the router uses it to count responses).
    Reply with_send(Send send) const { return Reply(post_, std::move(send), upgrade_); }
    const Send& send() const { return send_; }

  private:
    Post post_;
    Send send_;
    Upgrade upgrade_;
};

// Splits "a=1&b=x%20y" into decoded pairs ('+' is a space). Malformed escapes are kept as is.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);
std::string percent_decode(std::string_view s, bool plus_is_space);

// Why a request's body framing is refused, or nullopt when it is fine (RFC 9112 §6.3): a
// Transfer-Encoding (all its fields joined by commas in `codings`) that is anything but
// "chunked" alone, or one sent with a Content-Length as well.
std::optional<std::string> framing_problem(bool has_transfer_encoding, std::string_view codings,
                                           bool has_content_length);

}  // namespace aduan::net
