// A blocking WebSocket client for tests, over a real socket to 127.0.0.1:PORT. It reads only
// when asked (next()), so a test can also play a client that stalls. Beast stays in the .cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace aduan::test {

class WsClient {
  public:
    struct Options {
        std::map<std::string, std::string> headers;  // on the upgrade request
        int receive_buffer = 0;                      // SO_RCVBUF, bytes; 0: the default
    };
    // Connects and upgrades; throws std::runtime_error with the HTTP status ("401", ...) in
    // its message when the server refuses.
    WsClient(std::uint16_t port, const std::string& target, Options options);
    WsClient(std::uint16_t port, const std::string& target) : WsClient(port, target, Options{}) {}
    ~WsClient();

    void send(const std::string& text);
    // Sends `count` pings of `size` bytes each without reading anything (a hostile client).
    // False when the connection failed on the way.
    bool ping_flood(int count, std::size_t size);
    // Pongs received so far (while reading with next()).
    int pongs() const;
    // The next frame, parsed; nullopt when the connection closed or `timeout` passed first.
    std::optional<nlohmann::json> next(
        std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Frames until one satisfies `want` (returned); nullopt on close or timeout.
    std::optional<nlohmann::json> next_until(
        const std::function<bool(const nlohmann::json&)>& want,
        std::chrono::milliseconds timeout = std::chrono::seconds(10));
    bool closed() const;
    int close_code() const;  // the peer's close code, 0 if none was received
    // Closes without the closing handshake (as a crashed client would).
    void drop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The HTTP status of an upgrade request the server refuses (0 if it accepts).
int upgrade_status(std::uint16_t port, const std::string& target,
                   const std::map<std::string, std::string>& headers = {});

}  // namespace aduan::test
