// A blocking HTTP/1.1 client for tests: one keep-alive connection to 127.0.0.1:PORT,
// reconnecting when the server closed it. Beast stays in http_client.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/http_client.hpp"

namespace aduan::test {

// The product's client response (status, body, lower-case headers), read as JSON at will.
struct HttpResult : sim::ClientResponse {
    nlohmann::json json() const { return nlohmann::json::parse(body); }
};

class HttpClient {
  public:
    // `token`, when given, is sent as Authorization: Bearer on every request.
    explicit HttpClient(std::uint16_t port, std::string token = "");
    ~HttpClient();

    HttpResult request(const std::string& method, const std::string& target,
                       const std::string& body = "",
                       const std::string& content_type = "application/json",
                       const std::map<std::string, std::string>& headers = {});
    HttpResult get(const std::string& target) { return request("GET", target); }
    HttpResult post(const std::string& target, const nlohmann::json& body) {
        return request("POST", target, body.dump());
    }
    HttpResult patch(const std::string& target, const nlohmann::json& body) {
        return request("PATCH", target, body.dump());
    }
    // Reconnects before the next request.
    void reset();
    // Headers sent with every request from now on (e.g. Cookie).
    void set_header(const std::string& name, const std::string& value);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Opens a raw TCP connection; the server's bytes until it closes the connection or
// `timeout` passes. `closed` tells which.
struct RawResult {
    std::string bytes;
    bool closed = false;
};
RawResult raw_exchange(std::uint16_t port, const std::string& send,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace aduan::test
