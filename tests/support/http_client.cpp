#include "support/http_client.hpp"

#include "sim/http_client.hpp"

#include <poll.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>

namespace aduan::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpClient::Impl {
    sim::HttpClient client;
    explicit Impl(std::uint16_t port) : client("127.0.0.1", port) {}
};

HttpClient::HttpClient(std::uint16_t port, std::string token)
    : impl_(std::make_unique<Impl>(port)) {
    if (!token.empty()) impl_->client.set_header("Authorization", "Bearer " + token);
}

void HttpClient::set_header(const std::string& name, const std::string& value) {
    impl_->client.set_header(name, value);
}

HttpClient::~HttpClient() = default;

void HttpClient::reset() {
    impl_->client.reset();
}

HttpResult HttpClient::request(const std::string& method, const std::string& target,
                               const std::string& body, const std::string& content_type,
                               const std::map<std::string, std::string>& headers) {
    return HttpResult{impl_->client.request(method, target, body, content_type, headers)};
}

RawResult raw_exchange(std::uint16_t port, const std::string& send,
                       std::chrono::milliseconds timeout) {
    asio::io_context ioc;
    tcp::socket s(ioc);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    if (!send.empty()) asio::write(s, asio::buffer(send));
    RawResult out;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd p{s.native_handle(), POLLIN, 0};
        if (poll(&p, 1, int(left.count())) <= 0) break;
        char buf[4096];
        beast::error_code ec;
        const auto n = s.read_some(asio::buffer(buf), ec);
        if (ec) {
            out.closed = true;
            break;
        }
        out.bytes.append(buf, n);
    }
    return out;
}

}  // namespace aduan::test
