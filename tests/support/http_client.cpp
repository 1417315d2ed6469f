#include "support/http_client.hpp"

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
    std::uint16_t port;
    std::map<std::string, std::string> headers;
    asio::io_context ioc;
    std::optional<tcp::socket> socket;
    beast::flat_buffer buffer;

    void connect() {
        socket.emplace(ioc);
        socket->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        buffer.clear();
    }
};

HttpClient::HttpClient(std::uint16_t port, std::string token) : impl_(std::make_unique<Impl>()) {
    impl_->port = port;
    if (!token.empty()) impl_->headers["Authorization"] = "Bearer " + token;
}

void HttpClient::set_header(const std::string& name, const std::string& value) {
    impl_->headers[name] = value;
}

HttpClient::~HttpClient() = default;

void HttpClient::reset() {
    impl_->socket.reset();
}

HttpResult HttpClient::request(const std::string& method, const std::string& target,
                               const std::string& body, const std::string& content_type,
                               const std::map<std::string, std::string>& headers) {
    http::request<http::string_body> req(http::string_to_verb(method), target, 11);
    req.set(http::field::host, "127.0.0.1");
    if (!body.empty() || method == "POST" || method == "PATCH") {
        if (!content_type.empty()) req.set(http::field::content_type, content_type);
        req.body() = body;
    }
    for (const auto& [k, v] : impl_->headers)
        req.set(k, v);
    for (const auto& [k, v] : headers)
        req.set(k, v);
    req.keep_alive(true);
    req.prepare_payload();

    for (int attempt = 0;; ++attempt) {
        if (!impl_->socket) impl_->connect();
        beast::error_code ec;
        http::write(*impl_->socket, req, ec);
        http::response_parser<http::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        if (!ec) http::read(*impl_->socket, impl_->buffer, parser, ec);
        if (ec) {
            impl_->socket.reset();
            // A keep-alive connection the server closed between requests: try once more.
            if (attempt == 0 &&
                (ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
                 ec == asio::error::broken_pipe || ec == asio::error::eof))
                continue;
            throw beast::system_error(ec);
        }
        auto& res = parser.get();
        HttpResult out;
        out.status = int(res.result_int());
        out.body = res.body();
        out.keep_alive = res.keep_alive();
        for (const auto& f : res) {
            std::string name(f.name_string());
            for (auto& c : name)
                c = char(std::tolower(static_cast<unsigned char>(c)));
            out.headers[name] = std::string(f.value());
        }
        if (!out.keep_alive) impl_->socket.reset();
        return out;
    }
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
