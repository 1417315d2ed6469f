// The WebSocket side of the live feed: takes over a connection whose request asked to upgrade
// to GET /api/v1/wallboard/live. Included only by net/ (it names Beast types).
//
// Protocol (docs/wallboard.md): the server sends a snapshot at once, then snapshot and event
// frames as the feed gives them. A client that upgraded without credentials must first send
// {"type":"auth","token":"..."} (browsers cannot set headers on a WebSocket, and a token in
// the URL would reach logs); until then it gets nothing, and it is closed (1008) if the token
// is wrong, its role may not watch, or it does not sign in within the feed's auth_timeout.
// Frames from a signed-in client are read and ignored.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <optional>

#include "app/auth.hpp"

namespace aduan::net {

class LiveFeed;

// Completes the upgrade on `stream` (answering `request`) and serves the feed on it.
// `identity` is who signed in on the upgrade request, if anyone did. `socket_token` is held as
// long as the socket is open (the server counts its open sockets by it).
void start_feed_session(boost::beast::tcp_stream stream,
                        boost::beast::http::request<boost::beast::http::string_body> request,
                        LiveFeed& feed, std::optional<Identity> identity,
                        std::shared_ptr<void> socket_token);

}  // namespace aduan::net
