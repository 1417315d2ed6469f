#include "net/http_server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <sys/resource.h>

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <condition_variable>
#include <list>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "net/ws_session.hpp"
#include "runtime/log.hpp"
#include "runtime/thread_name.hpp"

namespace aduan::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kHeaderLimit = 16 * 1024;

constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors "
    "'none'";

Method to_method(http::verb v) {
    switch (v) {
        case http::verb::get:
            return Method::kGet;
        case http::verb::head:
            return Method::kHead;
        case http::verb::post:
            return Method::kPost;
        case http::verb::put:
            return Method::kPut;
        case http::verb::patch:
            return Method::kPatch;
        case http::verb::delete_:
            return Method::kDelete;
        case http::verb::options:
            return Method::kOptions;
        default:
            return Method::kOther;
    }
}

}  // namespace

class HttpSession;

struct HttpServer::Impl {
    Impl(const Limits& l, const Router& r, Metrics& m)
        : limits(l),
          router(r),
          metrics(m),
          contexts(make_contexts(threads_for(l))),
          acceptor(*contexts.front()),
          accept_pause(*contexts.front()),
          signals(*contexts.front(), SIGINT, SIGTERM),
          socket_cap(sockets_allowed(l)) {}

    // What the process's descriptor limit leaves for sockets: the limit less a reserve for the
    // database files, the event loops and timers, and the logs; at most max_connections, plus
    // as many live-feed clients as the feeds take.
    static std::size_t sockets_allowed(const Limits& l) {
        constexpr std::size_t kReserved = 64;
        rlimit r{};
        std::size_t fds = 1024;
        if (::getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur != RLIM_INFINITY)
            fds = std::size_t(r.rlim_cur);
        const std::size_t room = fds > kReserved ? fds - kReserved : 0;
        const std::size_t cap = std::min(room, l.max_connections + 2 * l.feed_max_clients);
        if (cap < l.max_connections)
            log::warn("http.connections_capped", {{"descriptor_limit", fds},
                                                  {"max_connections", l.max_connections},
                                                  {"sockets", cap}});
        return cap;
    }

    static unsigned threads_for(const Limits& l) {
        if (l.threads) return l.threads;
        return std::max(1u, std::thread::hardware_concurrency());
    }
    // One io_context per network thread, each run by that thread alone: a connection lives
    // on one of them from accept to close. Threads sharing one io_context hand work to each
    // other through its locked queue and wake each other with futexes: on a 2-core VM a
    // fixed-201 server used 38 us of CPU per request on two threads sharing a context and
    // 28 us on two contexts. Since each context has one thread, a connection needs no strand:
    // its handlers, and work posted to it from other threads (the writer's completions), run
    // one at a time on that thread. (A strand would only add a lock and a reference count
    // to every operation; removing it changed no measured rate.)
    static std::vector<std::unique_ptr<asio::io_context>> make_contexts(unsigned n) {
        std::vector<std::unique_ptr<asio::io_context>> out;
        for (unsigned i = 0; i < n; ++i)
            out.push_back(std::make_unique<asio::io_context>(1));
        return out;
    }
    asio::io_context& next_context() { return *contexts[next_connection++ % contexts.size()]; }

    void accept();
    // After a failed accept: wait (longer each time, up to a second) before trying again, and
    // log at most once a second how many failed.
    void accept_later(const beast::error_code& ec);
    // A token held as long as a socket is open; counts it in `sockets`.
    std::shared_ptr<void> socket_token();
    void begin_shutdown();
    void session_closed(std::list<std::weak_ptr<HttpSession>>::iterator entry);

    const Limits& limits;
    const Router& router;
    Metrics& metrics;

    // Declared before the io_context so that they outlive it: destroying the io_context
    // destroys pending handlers, which may release the last reference to a session, whose
    // destructor reports here.
    std::mutex mu;
    std::condition_variable cv;
    std::size_t active = 0;
    bool shutting_down = false;
    std::list<std::weak_ptr<HttpSession>> sessions;  // for closing idle ones at shutdown
    std::vector<std::function<void()>> shutdown_hooks;

    std::vector<std::unique_ptr<asio::io_context>> contexts;  // one per network thread
    std::size_t next_connection = 0;                          // on the acceptor's thread only
    tcp::acceptor acceptor;
    asio::steady_timer accept_pause;                        // after a failed accept
    std::chrono::milliseconds accept_backoff{0};            // on the acceptor's thread only
    std::chrono::steady_clock::time_point accept_logged{};  // ditto
    std::size_t accept_failures = 0;                        // ditto: since the last log line
    asio::signal_set signals;
    const std::size_t socket_cap;         // open sockets at most (HTTP and feed clients)
    std::atomic<std::size_t> sockets{0};  // open now
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
  public:
    HttpSession(tcp::socket socket, HttpServer::Impl& server, std::shared_ptr<void> socket_token)
        : stream_(std::move(socket)),
          executor_(stream_.get_executor()),
          server_(server),
          socket_token_(std::move(socket_token)) {
        beast::error_code ec;
        auto ep = stream_.socket().remote_endpoint(ec);
        if (!ec) remote_ = ep.address().to_string();
    }

    ~HttpSession() { server_.session_closed(entry_); }

    void start(std::list<std::weak_ptr<HttpSession>>::iterator self_entry) {
        entry_ = self_entry;
        asio::dispatch(executor_, [self = shared_from_this()] { self->wait(); });
    }

    // Called at shutdown, on any thread: idle connections close now, busy ones after replying.
    void shutdown() {
        asio::post(executor_, [self = shared_from_this()] {
            if (self->upgraded_) return;  // the live feed closes its own at shutdown
            self->closing_ = true;
            if (!self->busy_) self->close();
        });
    }

    // After the network threads have stopped: a download still waiting for its producer
    // lets go of it (the producer stops at its next piece).
    void abort() { stream_body_.reset(); }

  private:
    // Waits for the first bytes of the next request, under the idle timeout.
    void wait() {
        if (closing_) return close();
        if (buffer_.size() > 0) return read_header();
        stream_.expires_after(server_.limits.idle_timeout);
        stream_.async_read_some(buffer_.prepare(4096),
                                [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                    if (ec) return self->close();
                                    self->buffer_.commit(n);
                                    self->read_header();
                                });
    }

    void read_header() {
        busy_ = true;
        parser_.emplace();
        parser_->header_limit(kHeaderLimit);
        parser_->body_limit(server_.limits.body_limit);
        stream_.expires_after(server_.limits.header_timeout);
        http::async_read_header(stream_, buffer_, *parser_,
                                [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                    self->on_header(ec);
                                });
    }

    void on_header(beast::error_code ec) {
        if (ec) return fail_read(ec);
        // A body whose length the server and a proxy in front of it could read differently is
        // refused before it is read, and the connection closed: what follows may be a request
        // smuggled inside it (RFC 9112 §6.3).
        auto& head = parser_->get();
        std::string codings;
        for (auto [it, end] = head.equal_range(http::field::transfer_encoding); it != end; ++it) {
            if (!codings.empty()) codings += ',';
            codings.append(it->value().data(), it->value().size());
        }
        const bool has_coding = head.find(http::field::transfer_encoding) != head.end();
        const bool has_length = head.find(http::field::content_length) != head.end();
        if (auto problem = framing_problem(has_coding, codings, has_length)) {
            keep_alive_ = false;
            return send(error_response(Error::bad_request(*problem)));
        }
        received_ = std::chrono::steady_clock::now();
        stream_.expires_after(server_.limits.body_timeout);
        http::async_read(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void fail_read(beast::error_code ec) {
        if (ec == http::error::body_limit) {
            keep_alive_ = false;
            return send(error_response({ErrorCode::kPayloadTooLarge,
                                        "request body is larger than " +
                                            std::to_string(server_.limits.body_limit) + " bytes",
                                        {}}));
        }
        if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
            ec == asio::error::operation_aborted || ec == asio::error::eof ||
            ec == asio::error::connection_reset)
            return close();
        // Anything else is a request we cannot parse: say so, then hang up.
        keep_alive_ = false;
        send(error_response(Error::bad_request("malformed HTTP request: " + ec.message())));
    }

    void on_read(beast::error_code ec) {
        if (ec) return fail_read(ec);
        auto& msg = parser_->get();
        keep_alive_ = msg.keep_alive();
        head_ = msg.method() == http::verb::head;

        HttpRequest req;
        req.method = to_method(msg.method());
        req.target = std::string(msg.target());
        const auto q = req.target.find('?');
        req.path = percent_decode(std::string_view(req.target).substr(0, q), false);
        if (q != std::string::npos)
            req.query = parse_query(std::string_view(req.target).substr(q + 1));
        req.content_type = std::string(msg[http::field::content_type]);
        req.body = std::move(msg.body());
        req.remote = remote_;
        req.authorization = std::string(msg[http::field::authorization]);
        req.cookie = std::string(msg[http::field::cookie]);
        req.origin = std::string(msg[http::field::origin]);
        req.host = std::string(msg[http::field::host]);
        req.forwarded_proto = std::string(msg["X-Forwarded-Proto"]);
        req.websocket = beast::websocket::is_upgrade(msg);
        req.received = received_;
        stream_path_ = req.path;

        auto self = shared_from_this();
        Reply reply(
            [self](std::function<void()> work) { asio::post(self->executor_, std::move(work)); },
            [self](HttpResponse r) { self->send(std::move(r)); },
            [self](LiveFeed& feed, std::optional<Identity> who) {
                self->upgrade(feed, std::move(who));
            });
        try {
            server_.router.dispatch(req, std::move(reply));
        } catch (const std::exception& e) {
            // A broken invariant in a handler: answer 500 rather than leave the client hanging.
            log::error("http.handler_failed", {{"error", e.what()}, {"path", req.path}});
            send(error_response(Error::internal("internal error")));
        }
    }

    template <typename Body>
    static void set_headers(http::response<Body>& res, HttpResponse& r) {
        res.version(11);
        res.result(static_cast<unsigned>(r.status));
        if (!r.content_type.empty()) res.set(http::field::content_type, r.content_type);
        // Every response: no sniffing, no referrer, no framing, scripts only from us.
        res.set("Content-Security-Policy", kContentSecurityPolicy);
        res.set("X-Content-Type-Options", "nosniff");
        res.set("Referrer-Policy", "no-referrer");
        res.set(http::field::cache_control, "no-store");
        for (auto& [k, v] : r.headers)
            res.insert(k, v);
    }

    void send(HttpResponse r) {
        if (r.stream) return send_stream(std::move(r));
        auto res = std::make_shared<http::response<http::string_body>>();
        set_headers(*res, r);
        res->body() = std::move(r.body);
        res->prepare_payload();
        if (head_) res->body().clear();  // Content-Length stays that of the GET
        const bool keep = keep_alive_ && !closing_;
        res->keep_alive(keep);
        stream_.expires_after(server_.limits.body_timeout);
        http::async_write(
            stream_, *res,
            [self = shared_from_this(), res, keep](beast::error_code ec, std::size_t) {
                self->busy_ = false;
                if (ec || !keep) return self->close();
                self->wait();
            });
    }

    // A body produced while it is sent: the header now, then each piece of the pipe as a
    // chunk as soon as it is there, one write at a time.
    void send_stream(HttpResponse r) {
        stream_body_ = std::move(r.stream);
        auto res = std::make_shared<http::response<http::empty_body>>();
        set_headers(*res, r);
        res->chunked(true);
        res->keep_alive(keep_alive_ && !closing_);
        auto sr = std::make_shared<http::response_serializer<http::empty_body>>(*res);
        stream_.expires_after(server_.limits.body_timeout);
        http::async_write_header(
            stream_, *sr, [self = shared_from_this(), res, sr](beast::error_code ec, std::size_t) {
                if (ec) return self->end_stream(false);
                if (self->head_) return self->end_stream(true);
                // While the producer works no socket operation is pending: the notification
                // keeps the session alive (end_stream, or abort at exit, lets it go).
                self->stream_body_->set_notify(
                    [self] { asio::post(self->executor_, [self] { self->pump(); }); });
                self->pump();
            });
    }

    void pump() {
        if (!stream_body_) return;
        switch (stream_body_->pop(piece_)) {
            case BodyPipe::Reader::Next::kWait:
                return;  // notified when there is more
            case BodyPipe::Reader::Next::kFailed:
                log::warn("http.stream_failed", {{"path", stream_path_}});
                return end_stream(false);  // no last chunk: the client sees it is incomplete
            case BodyPipe::Reader::Next::kDone: {
                stream_.expires_after(server_.limits.body_timeout);
                asio::async_write(stream_, http::make_chunk_last(),
                                  [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                      self->end_stream(!ec);
                                  });
                return;
            }
            case BodyPipe::Reader::Next::kPiece: {
                stream_.expires_after(server_.limits.body_timeout);
                asio::async_write(stream_, http::make_chunk(asio::buffer(piece_)),
                                  [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                      if (ec) return self->end_stream(false);
                                      self->pump();
                                  });
                return;
            }
        }
    }

    void end_stream(bool complete) {
        stream_body_.reset();  // a producer still writing stops
        piece_ = std::string();
        busy_ = false;
        if (!complete || !keep_alive_ || closing_) return close();
        wait();
    }

    // The connection now belongs to the live feed; this session ends here.
    void upgrade(LiveFeed& feed, std::optional<Identity> who) {
        upgraded_ = true;
        busy_ = false;
        start_feed_session(std::move(stream_), parser_->release(), feed, std::move(who),
                           std::move(socket_token_));
    }

    void close() {
        if (upgraded_) return;
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.socket().close(ec);
    }

    beast::tcp_stream stream_;
    asio::any_io_executor executor_;  // the connection's thread (stream_ may be moved away)
    HttpServer::Impl& server_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::string remote_;
    std::chrono::steady_clock::time_point received_;
    bool busy_ = false;
    bool closing_ = false;
    bool keep_alive_ = true;
    bool head_ = false;
    bool upgraded_ = false;
    std::shared_ptr<void> socket_token_;  // while this session owns the socket
    std::list<std::weak_ptr<HttpSession>>::iterator entry_;
    std::shared_ptr<BodyPipe::Reader> stream_body_;  // while sending a streamed body
    std::string piece_;                              // the piece being written
    std::string stream_path_;
};

std::shared_ptr<void> HttpServer::Impl::socket_token() {
    ++sockets;
    return std::shared_ptr<void>(nullptr, [this](void*) { --sockets; });
}

void HttpServer::Impl::accept_later(const beast::error_code& ec) {
    // Out of descriptors (EMFILE, ENFILE) or memory: accepting again at once would fail again
    // at once, spinning a core and the log.
    accept_backoff = std::min(std::max(accept_backoff * 2, std::chrono::milliseconds(10)),
                              std::chrono::milliseconds(1000));
    ++accept_failures;
    const auto now = std::chrono::steady_clock::now();
    if (now - accept_logged >= std::chrono::seconds(1)) {
        log::warn("http.accept_failed", {{"error", ec.message()},
                                         {"failures", accept_failures},
                                         {"retry_ms", accept_backoff.count()}});
        accept_logged = now;
        accept_failures = 0;
    }
    accept_pause.expires_after(accept_backoff);
    accept_pause.async_wait([this](beast::error_code e) {
        if (!e) accept();
    });
}

void HttpServer::Impl::accept() {
    acceptor.async_accept(
        next_context().get_executor(), [this](beast::error_code ec, tcp::socket socket) {
            if (ec) {
                if (ec == asio::error::operation_aborted) return;
                return accept_later(ec);
            }
            accept_backoff = std::chrono::milliseconds(0);
            std::unique_lock lock(mu);
            if (shutting_down) return;
            if (active >= limits.max_connections || sockets >= socket_cap) {
                lock.unlock();
                // Past the cap: a short 503 so the client knows to come back, then hang up.
                auto s = std::make_shared<tcp::socket>(std::move(socket));
                const auto body = error_response(Error::unavailable("too many connections")).body;
                auto msg = std::make_shared<std::string>(
                    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                    "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n" + body);
                asio::async_write(*s, asio::buffer(*msg), [s, msg](beast::error_code, std::size_t) {
                    beast::error_code ignored;
                    s->shutdown(tcp::socket::shutdown_send, ignored);
                    s->close(ignored);
                });
                return accept();
            }
            ++active;
            metrics.connection_opened();
            auto session = std::make_shared<HttpSession>(std::move(socket), *this, socket_token());
            sessions.push_front(session);
            auto it = sessions.begin();
            lock.unlock();
            session->start(it);
            accept();
        });
}

void HttpServer::Impl::session_closed(std::list<std::weak_ptr<HttpSession>>::iterator entry) {
    metrics.connection_closed();
    std::lock_guard lock(mu);
    sessions.erase(entry);
    --active;
    if (active == 0) cv.notify_all();
}

void HttpServer::Impl::begin_shutdown() {
    std::vector<std::shared_ptr<HttpSession>> live;
    {
        std::lock_guard lock(mu);
        if (shutting_down) return;
        shutting_down = true;
        for (auto& w : sessions)
            if (auto s = w.lock()) live.push_back(std::move(s));
    }
    log::info("http.shutting_down", {{"connections", live.size()}});
    asio::post(acceptor.get_executor(), [this] {
        beast::error_code ec;
        acceptor.close(ec);
        signals.cancel(ec);
    });
    for (auto& s : live)
        s->shutdown();
    for (auto& hook : shutdown_hooks)
        hook();
    cv.notify_all();
}

HttpServer::HttpServer(const Limits& limits, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(limits, router, metrics)) {}

HttpServer::~HttpServer() = default;

std::string HttpServer::listen(const std::string& address) {
    const auto colon = address.rfind(':');
    if (colon == std::string::npos) throw std::invalid_argument("listen address must be HOST:PORT");
    std::string host = address.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    unsigned long port = 0;
    try {
        size_t used = 0;
        port = std::stoul(address.substr(colon + 1), &used);
        if (used != address.size() - colon - 1 || port > 65535) throw std::invalid_argument("");
    } catch (const std::exception&) {
        throw std::invalid_argument("listen address must be HOST:PORT with a port from 0 to 65535");
    }
    beast::error_code ec;
    const auto ip = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
    if (ec) throw std::invalid_argument("listen address: \"" + host + "\" is not an IP address");
    tcp::endpoint ep(ip, static_cast<unsigned short>(port));
    auto& a = impl_->acceptor;
    a.open(ep.protocol(), ec);
    if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) a.bind(ep, ec);
    if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw std::runtime_error("cannot listen on " + address + ": " + ec.message());
    const auto bound = a.local_endpoint();
    const std::string h = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                                  : bound.address().to_string();
    return h + ":" + std::to_string(bound.port());
}

void HttpServer::run() {
    auto& s = *impl_;
    s.signals.async_wait([&s](beast::error_code ec, int) {
        if (!ec) s.begin_shutdown();
    });
    s.accept();
    // Requests waiting on storage have no Asio operation pending; without this guard the
    // io threads would return once the acceptor closes at shutdown, and the replies those
    // requests post later would never run.
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
    for (auto& c : s.contexts)
        work.push_back(asio::make_work_guard(*c));
    std::vector<std::thread> threads;
    for (auto& c : s.contexts)
        threads.emplace_back([&context = *c] {
            name_this_thread("net");
            context.run();
        });
    {
        std::unique_lock lock(s.mu);
        s.cv.wait(lock, [&s] { return s.shutting_down; });
        if (!s.cv.wait_for(lock, s.limits.shutdown_grace, [&s] { return s.active == 0; }))
            log::warn("http.shutdown_grace_expired", {{"connections", s.active}});
    }
    work.clear();
    for (auto& c : s.contexts)
        c->stop();
    for (auto& t : threads)
        t.join();
    std::vector<std::shared_ptr<HttpSession>> left;
    {
        std::lock_guard lock(s.mu);
        for (auto& w : s.sessions)
            if (auto session = w.lock()) left.push_back(std::move(session));
    }
    for (auto& session : left)
        session->abort();
}

void HttpServer::stop() {
    impl_->begin_shutdown();
}

void HttpServer::on_shutdown(std::function<void()> hook) {
    impl_->shutdown_hooks.push_back(std::move(hook));
}

std::function<void(std::function<void()>)> HttpServer::serial_runner() {
    auto executor = impl_->contexts.front()->get_executor();
    return [executor](std::function<void()> task) { asio::post(executor, std::move(task)); };
}

}  // namespace aduan::net
