#include "support/ws_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <stdexcept>

namespace aduan::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct WsClient::Impl {
    asio::io_context ioc;
    websocket::stream<beast::tcp_stream> ws{ioc};
    beast::flat_buffer buffer;
    std::deque<std::string> frames;
    bool reading = false;
    bool closed = false;
    int close_code = 0;
    int pongs = 0;

    void read() {
        reading = true;
        ws.async_read(buffer, [this](beast::error_code ec, std::size_t) {
            reading = false;
            if (ec) {
                closed = true;
                close_code = ws.reason().code;
                return;
            }
            frames.push_back(beast::buffers_to_string(buffer.data()));
            buffer.consume(buffer.size());
        });
    }
};

WsClient::WsClient(std::uint16_t port, const std::string& target, Options options)
    : impl_(std::make_unique<Impl>()) {
    auto& socket = beast::get_lowest_layer(impl_->ws).socket();
    socket.open(tcp::v4());
    if (options.receive_buffer > 0)
        socket.set_option(asio::socket_base::receive_buffer_size(options.receive_buffer));
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    impl_->ws.set_option(websocket::stream_base::decorator(
        [headers = options.headers](websocket::request_type& req) {
            for (const auto& [k, v] : headers)
                req.set(k, v);
        }));
    impl_->ws.control_callback(
        [impl = impl_.get()](websocket::frame_type kind, beast::string_view) {
            if (kind == websocket::frame_type::pong) ++impl->pongs;
        });
    websocket::response_type res;
    beast::error_code ec;
    impl_->ws.handshake(res, "127.0.0.1:" + std::to_string(port), target, ec);
    if (ec) throw std::runtime_error(std::to_string(res.result_int()) + " " + res.body());
}

WsClient::~WsClient() = default;

void WsClient::send(const std::string& text) {
    impl_->ws.text(true);
    impl_->ws.write(asio::buffer(text));
}

bool WsClient::ping_flood(int count, std::size_t size) {
    const websocket::ping_data payload(std::string(std::min<std::size_t>(size, 125), 'p').c_str());
    beast::error_code ec;
    for (int i = 0; i < count && !ec; ++i)
        impl_->ws.ping(payload, ec);
    return !ec;
}

int WsClient::pongs() const {
    return impl_->pongs;
}

std::optional<nlohmann::json> WsClient::next(std::chrono::milliseconds timeout) {
    auto& s = *impl_;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (s.frames.empty() && !s.closed) {
        if (!s.reading) s.read();
        const auto left = deadline - std::chrono::steady_clock::now();
        if (left <= std::chrono::steady_clock::duration::zero()) return std::nullopt;
        s.ioc.restart();
        s.ioc.run_one_for(left);
    }
    if (s.frames.empty()) return std::nullopt;
    auto text = std::move(s.frames.front());
    s.frames.pop_front();
    return nlohmann::json::parse(text);
}

std::optional<nlohmann::json> WsClient::next_until(
    const std::function<bool(const nlohmann::json&)>& want, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        auto f = next(left);
        if (!f) return std::nullopt;
        if (want(*f)) return f;
    }
}

bool WsClient::closed() const {
    return impl_->closed;
}

int WsClient::close_code() const {
    return impl_->close_code;
}

void WsClient::drop() {
    beast::error_code ignored;
    beast::get_lowest_layer(impl_->ws).socket().close(ignored);
    impl_->closed = true;
}

int upgrade_status(std::uint16_t port, const std::string& target,
                   const std::map<std::string, std::string>& headers) {
    try {
        WsClient::Options o;
        o.headers = headers;
        WsClient c(port, target, o);
        return 0;
    } catch (const std::runtime_error& e) {
        return std::stoi(e.what());
    }
}

}  // namespace aduan::test
