// A blocking HTTP/1.1 client on one keep-alive connection, reconnecting when the server has
// closed it: what `aduan simulate` and the demo drive a service with, and what the tests call
// it with. Beast stays in http_client.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace aduan::sim {

struct ClientResponse {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // lower-case names
    bool keep_alive = true;

    std::string header(const std::string& lower_name) const {
        auto it = headers.find(lower_name);
        return it == headers.end() ? std::string() : it->second;
    }
};

class HttpClient {
  public:
    // `host` is an IP address. Connects on the first request.
    HttpClient(std::string host, std::uint16_t port);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Throws boost::system::system_error when the exchange fails (a connection the server
    // closed between requests is retried once).
    ClientResponse request(const std::string& method, const std::string& target,
                           const std::string& body = "",
                           const std::string& content_type = "application/json",
                           const std::map<std::string, std::string>& headers = {});
    // Headers sent with every request from now on (Authorization, Cookie).
    void set_header(const std::string& name, const std::string& value);
    // Reconnects before the next request.
    void reset();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Splits "http://127.0.0.1:8080" into host and port; nullopt-like false when it is not that.
bool parse_http_url(const std::string& url, std::string& host, std::uint16_t& port);

}  // namespace aduan::sim
