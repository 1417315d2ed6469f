// Wallboard fan-out benchmark (spec section 11): holds N WebSocket clients on the live feed,
// creates tickets over HTTP at a steady rate, and measures, for every ticket and every
// client, the delay from the creation's acknowledgement (its 201) to the arrival of its
// ticket.created event at that client. An event that arrives before the 201 counts as 0.
// Reports median, p99 and max of those delays, frames lost, and the server's memory.
//
// Usage: fanout --port P --token VIEWER --agent AGENT --clients N --rate R --seconds S --pid PID
// (bench/fanout.sh starts the server and runs it for N = 100, 1,000 and 5,000).
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
    unsigned short port = 0;
    std::string token, agent;
    int clients = 100, rate = 20, seconds = 20;
    long pid = 0;
};

Args parse(int argc, char** argv) {
    Args a;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--port")
            a.port = static_cast<unsigned short>(std::stoi(v));
        else if (k == "--token")
            a.token = v;
        else if (k == "--agent")
            a.agent = v;
        else if (k == "--clients")
            a.clients = std::stoi(v);
        else if (k == "--rate")
            a.rate = std::stoi(v);
        else if (k == "--seconds")
            a.seconds = std::stoi(v);
        else if (k == "--pid")
            a.pid = std::stol(v);
    }
    return a;
}

// The arrival of each ticket.created event, per client: (ticket id, when).
struct Arrivals {
    std::vector<std::pair<std::int64_t, Clock::time_point>> seen;
};

class Client : public std::enable_shared_from_this<Client> {
  public:
    Client(asio::io_context& ioc, const Args& args, Arrivals& out, std::atomic<int>& ready,
           std::atomic<int>& failed)
        : ws_(ioc), args_(args), out_(out), ready_(ready), failed_(failed) {}

    void start() {
        beast::get_lowest_layer(ws_).async_connect(
            tcp::endpoint(asio::ip::make_address("127.0.0.1"), args_.port),
            [self = shared_from_this()](beast::error_code ec) {
                if (ec) return self->fail();
                self->ws_.set_option(websocket::stream_base::decorator(
                    [token = self->args_.token](websocket::request_type& r) {
                        r.set(http::field::authorization, "Bearer " + token);
                    }));
                self->ws_.async_handshake("127.0.0.1", "/api/v1/wallboard/live",
                                          [self](beast::error_code ec) {
                                              if (ec) return self->fail();
                                              self->read();
                                          });
            });
    }

  private:
    void fail() { ++failed_; }

    void read() {
        ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return;
            self->frame();
            self->read();
        });
    }

    void frame() {
        const auto now = Clock::now();
        const std::string_view text(static_cast<const char*>(buffer_.data().data()),
                                    buffer_.size());
        if (!first_) {
            first_ = true;
            ++ready_;  // the snapshot on connect
        }
        if (text.find("\"event\":\"ticket.created\"") != std::string_view::npos) {
            const auto at = text.find("\"ticket\":{\"id\":");
            if (at != std::string_view::npos)
                out_.seen.emplace_back(std::stoll(std::string(text.substr(at + 15, 20))), now);
        }
        buffer_.consume(buffer_.size());
    }

    websocket::stream<beast::tcp_stream> ws_;
    const Args& args_;
    Arrivals& out_;
    std::atomic<int>& ready_;
    std::atomic<int>& failed_;
    beast::flat_buffer buffer_;
    bool first_ = false;
};

std::string status_field(long pid, const std::string& name) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind(name + ":", 0) == 0) {
            auto v = line.substr(name.size() + 1);
            v.erase(0, v.find_first_not_of(" \t"));
            return v;
        }
    return "?";
}

double ms(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

}  // namespace

int main(int argc, char** argv) {
    const Args args = parse(argc, argv);
    asio::io_context ioc;
    std::vector<Arrivals> arrivals(static_cast<std::size_t>(args.clients));
    std::vector<std::shared_ptr<Client>> clients;
    std::atomic<int> ready{0}, failed{0};
    for (int i = 0; i < args.clients; ++i) {
        clients.push_back(
            std::make_shared<Client>(ioc, args, arrivals[std::size_t(i)], ready, failed));
        clients.back()->start();
    }
    auto work = asio::make_work_guard(ioc);
    std::thread io([&ioc] { ioc.run(); });
    const auto t0 = Clock::now();
    while (ready + failed < args.clients && Clock::now() - t0 < std::chrono::seconds(120))
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::printf("clients connected: %d (failed %d) in %.1f s\n", ready.load(), failed.load(),
                ms(Clock::now() - t0) / 1000);
    const std::string rss_idle = status_field(args.pid, "VmRSS");

    // Tickets at a steady rate on one keep-alive connection.
    std::map<std::int64_t, Clock::time_point> acked;
    {
        asio::io_context hc;
        beast::tcp_stream s(hc);
        s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), args.port));
        beast::flat_buffer b;
        const auto period = std::chrono::nanoseconds(1'000'000'000LL / args.rate);
        const auto total = args.rate * args.seconds;
        auto next = Clock::now();
        for (int i = 0; i < total; ++i) {
            std::this_thread::sleep_until(next);  // pacing the load, not waiting for a result
            next += period;
            http::request<http::string_body> req(http::verb::post, "/api/v1/tickets", 11);
            req.set(http::field::host, "127.0.0.1");
            req.set(http::field::authorization, "Bearer " + args.agent);
            req.set(http::field::content_type, "application/json");
            req.body() = R"({"subject":"Fan-out","channel":"phone","category":"incentive"})";
            req.prepare_payload();
            http::write(s, req);
            http::response<http::string_body> res;
            http::read(s, b, res);
            const auto now = Clock::now();
            const auto& body = res.body();
            const auto at = body.find("\"id\":");
            if (res.result_int() != 201 || at == std::string::npos) {
                std::fprintf(stderr, "create failed: %d %s\n", res.result_int(), body.c_str());
                continue;
            }
            acked[std::stoll(body.substr(at + 5, 20))] = now;
        }
    }
    // Stragglers: give the last events a moment, then stop.
    std::this_thread::sleep_for(std::chrono::seconds(2));
    const std::string rss = status_field(args.pid, "VmRSS");
    const std::string hwm = status_field(args.pid, "VmHWM");
    ioc.stop();
    io.join();

    std::vector<double> delays;
    delays.reserve(acked.size() * clients.size());
    std::size_t early = 0, lost = 0;
    for (const auto& a : arrivals) {
        std::unordered_map<std::int64_t, Clock::time_point> got(a.seen.begin(), a.seen.end());
        for (const auto& [id, ack] : acked) {
            auto it = got.find(id);
            if (it == got.end()) {
                ++lost;
                continue;
            }
            const double d = ms(it->second - ack);
            if (d < 0) ++early;
            delays.push_back(std::max(0.0, d));
        }
    }
    std::sort(delays.begin(), delays.end());
    auto pct = [&delays](double p) {
        if (delays.empty()) return 0.0;
        const auto rank = static_cast<std::size_t>(std::ceil(p * double(delays.size())));
        return delays[std::max<std::size_t>(rank, 1) - 1];
    };
    std::printf(
        "RESULT clients=%d tickets=%zu deliveries=%zu lost=%zu before_ack=%zu p50_ms=%.2f "
        "p99_ms=%.2f max_ms=%.2f rss_idle=\"%s\" rss=\"%s\" hwm=\"%s\"\n",
        ready.load(), acked.size(), delays.size(), lost, early, pct(0.5), pct(0.99),
        delays.empty() ? 0.0 : delays.back(), rss_idle.c_str(), rss.c_str(), hwm.c_str());
    return 0;
}
