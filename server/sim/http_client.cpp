#include "sim/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <optional>

namespace aduan::sim {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpClient::Impl {
    std::string host;
    std::uint16_t port = 0;
    std::map<std::string, std::string> headers;
    asio::io_context ioc;
    std::optional<tcp::socket> socket;
    beast::flat_buffer buffer;

    void connect() {
        socket.emplace(ioc);
        socket->connect(tcp::endpoint(asio::ip::make_address(host), port));
        socket->set_option(tcp::no_delay(true));
        buffer.clear();
    }
};

HttpClient::HttpClient(std::string host, std::uint16_t port) : impl_(std::make_unique<Impl>()) {
    impl_->host = std::move(host);
    impl_->port = port;
}

HttpClient::~HttpClient() = default;

void HttpClient::set_header(const std::string& name, const std::string& value) {
    impl_->headers[name] = value;
}

void HttpClient::reset() {
    impl_->socket.reset();
}

ClientResponse HttpClient::request(const std::string& method, const std::string& target,
                                   const std::string& body, const std::string& content_type,
                                   const std::map<std::string, std::string>& headers) {
    http::request<http::string_body> req(http::string_to_verb(method), target, 11);
    req.set(http::field::host, impl_->host);
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
        parser.body_limit(256 * 1024 * 1024);
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
        ClientResponse out;
        out.status = int(res.result_int());
        out.body = std::move(res.body());
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

bool parse_http_url(const std::string& url, std::string& host, std::uint16_t& port) {
    const std::string scheme = "http://";
    if (url.rfind(scheme, 0) != 0) return false;
    std::string rest = url.substr(scheme.size());
    while (!rest.empty() && rest.back() == '/')
        rest.pop_back();
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos || rest.find('/') != std::string::npos) return false;
    host = rest.substr(0, colon);
    if (host == "localhost") host = "127.0.0.1";
    try {
        std::size_t used = 0;
        const auto p = std::stoul(rest.substr(colon + 1), &used);
        if (used != rest.size() - colon - 1 || p == 0 || p > 65535) return false;
        port = static_cast<std::uint16_t>(p);
    } catch (const std::exception&) {
        return false;
    }
    beast::error_code ec;
    asio::ip::make_address(host, ec);
    return !ec;
}

}  // namespace aduan::sim
