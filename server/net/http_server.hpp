// The HTTP/1.1 server: N network threads, each running an Asio io_context of its own, to
// which connections are dealt in turn (a connection's handlers all run on its thread);
// keep-alive, header/body/idle timeouts, a body limit (413), a cap on connections (503 past
// it), and graceful shutdown on SIGINT/SIGTERM: stop accepting, let in-flight requests
// finish (up to the grace period), close idle connections, then return from run().
// Requests are handed to the Router as plain values; Beast stays inside http_server.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "app/config.hpp"
#include "app/metrics.hpp"
#include "net/router.hpp"

namespace aduan::net {

class HttpServer {
  public:
    HttpServer(const Limits& limits, const Router& router, Metrics& metrics);
    ~HttpServer();

    // Binds and listens on "HOST:PORT" (port 0 picks a free one). Returns the bound
    // "HOST:PORT". Throws std::invalid_argument for a malformed address and
    // std::runtime_error when it cannot listen.
    std::string listen(const std::string& address);

    // Serves until SIGINT or SIGTERM (or stop()), then drains as described above.
    void run();

    // Begins the same graceful shutdown a signal does; safe from any thread.
    void stop();

    // Runs `hook` when shutdown begins (the live feed closes its clients). Set before run().
    void on_shutdown(std::function<void()> hook);

    // Runs tasks one at a time, in order, on the first network thread: for work that other
    // threads finish and want completed where the connections live.
    std::function<void(std::function<void()>)> serial_runner();

    struct Impl;  // public only so that the connection type in the .cpp can name it

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace aduan::net
