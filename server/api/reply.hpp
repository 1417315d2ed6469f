// What handlers share to answer in one line: the early error return, a rendered value, and the
// completion a service call answers through (rendering on the connection's thread, never on
// the storage threads that complete the call).
#pragma once

#include <charconv>
#include <optional>
#include <string>

#include "app/ticket_service.hpp"
#include "net/router.hpp"

namespace aduan::api {

// Sends the contract's error body for `e` now. `return fail(reply, e);` in a handler.
inline void fail(const net::Reply& reply, const Error& e) {
    reply.send()(net::error_response(e));
}

// A 200 (or `status`) response with a JSON body.
inline net::HttpResponse json_body(std::string body, int status = 200) {
    net::HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

// The completion of a service call: on success `render(value)` builds the response (on the
// connection's thread), on failure the error is answered.
template <typename T, typename Render>
Done<T> answer(net::Reply reply, Render render) {
    return [reply, render = std::move(render)](Result<T> r) mutable {
        reply.later([r = std::move(r), render = std::move(render)]() mutable {
            return r.ok() ? render(r.value()) : net::error_response(r.error());
        });
    };
}

// A positive whole number from a path segment ({id}).
inline std::optional<std::int64_t> path_id(const std::string& s) {
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || v <= 0) return std::nullopt;
    return v;
}

}  // namespace aduan::api
