#include "app/auth.hpp"

#include "app/crypto.hpp"

#include <limits>
#include "runtime/log.hpp"
#include "runtime/thread_name.hpp"
#include "storage/auth_store.hpp"

namespace aduan {

namespace {

constexpr std::size_t kMaxPasswordQueue = 64;

Error wrong_credentials() {
    return {ErrorCode::kUnauthorized, "wrong username or password", {}};
}

}  // namespace

Authenticator::Authenticator(const std::string& db_path, storage::Writer& writer,
                             AuthOptions options)
    : db_path_(db_path),
      writer_(writer),
      options_(options),
      by_user_(options.user_burst, options.user_refill),
      by_address_(options.address_burst, options.address_refill) {
    reload();
    watcher_ = std::thread([this] {
        name_this_thread("auth-watch");
        watch();
    });
    const unsigned n = std::max(1u, std::min(2u, std::thread::hardware_concurrency()));
    for (unsigned i = 0; i < n; ++i)
        password_threads_.emplace_back([this] {
            name_this_thread("password");
            for (;;) {
                std::function<void()> job;
                {
                    std::unique_lock lock(work_mu_);
                    work_cv_.wait(lock, [this] { return stopping_ || !password_jobs_.empty(); });
                    if (password_jobs_.empty()) return;
                    job = std::move(password_jobs_.front());
                    password_jobs_.pop_front();
                }
                job();
            }
        });
}

Authenticator::~Authenticator() {
    stop();
}

void Authenticator::stop() {
    {
        std::lock_guard lock(work_mu_);
        if (stopping_) return;
        stopping_ = true;
    }
    work_cv_.notify_all();
    if (watcher_.joinable()) watcher_.join();
    for (auto& t : password_threads_)
        if (t.joinable()) t.join();
    flush_last_used();
}

void Authenticator::reload() {
    auto v = std::make_shared<View>();
    storage::Connection c(db_path_, storage::Connection::Mode::kReadOnly);
    // One read transaction, so that the version matches what is read with it.
    c.exec("BEGIN");
    v->version = storage::auth_version(c);
    for (auto& u : storage::list_users(c)) {
        v->user_ids[u.username] = u.id;
        v->users.emplace(u.id,
                         User{u.id, u.username, u.display_name, u.role, u.password_hash, u.active});
    }
    std::shared_ptr<View> old;
    {
        std::shared_lock lock(mu_);
        old = view_;
    }
    for (auto& t : storage::list_tokens(c)) {
        if (t.revoked_at) continue;
        auto token = std::make_unique<Token>();
        token->id = t.id;
        token->name = t.name;
        token->role = t.role;
        token->user_id = t.user_id;
        const std::int64_t stored = t.last_used_at ? to_unix(*t.last_used_at) : 0;
        token->flushed = stored;
        token->last_used = stored;
        // Keep uses seen since the last flush.
        if (old) {
            auto it = old->tokens.find(t.token_hash);
            if (it != old->tokens.end()) {
                token->last_used = std::max(stored, it->second->last_used.load());
                token->flushed = std::max(stored, it->second->flushed);
            }
        }
        v->tokens.emplace(t.token_hash, std::move(token));
    }
    for (auto& s : storage::live_sessions(c, now_utc()))
        v->sessions.emplace(s.id_hash, Session{s.user_id, s.expires_at});
    c.exec("COMMIT");
    std::unique_lock lock(mu_);
    if (view_ && view_->version > v->version) return;  // a newer view is already in place
    for (auto it = overlay_.begin(); it != overlay_.end();)
        it = it->second.version <= v->version ? overlay_.erase(it) : std::next(it);
    view_ = std::move(v);
}

void Authenticator::watch() {
    std::unique_ptr<storage::Connection> c;
    auto last_flush = std::chrono::steady_clock::now();
    for (;;) {
        {
            std::unique_lock lock(work_mu_);
            if (work_cv_.wait_for(lock, options_.poll, [this] { return stopping_; })) return;
        }
        try {
            if (!c)
                c = std::make_unique<storage::Connection>(db_path_,
                                                          storage::Connection::Mode::kReadOnly);
            const auto version = storage::auth_version(*c);
            std::int64_t current;
            {
                std::shared_lock lock(mu_);
                current = view_->version;
            }
            if (version != current) reload();
            if (std::chrono::steady_clock::now() - last_flush >= options_.flush_every) {
                last_flush = std::chrono::steady_clock::now();
                flush_last_used();
            }
        } catch (const storage::StorageError& e) {
            log::warn("auth.reload_failed", {{"error", e.what()}});
            c.reset();
        }
    }
}

void Authenticator::flush_last_used() {
    std::vector<std::pair<std::int64_t, Instant>> changed;
    {
        std::shared_lock lock(mu_);
        if (!view_) return;
        for (auto& [digest, t] : view_->tokens) {
            const auto used = t->last_used.load(std::memory_order_relaxed);
            if (used > t->flushed) {
                changed.emplace_back(t->id, from_unix(used));
                const_cast<Token&>(*t).flushed = used;
            }
        }
    }
    if (changed.empty()) return;
    const bool queued = writer_.submit<Ok>(
        [changed](storage::Connection& c) -> Result<Ok> {
            storage::touch_tokens(c, changed);
            return Ok{};
        },
        [](Result<Ok>) {});
    if (!queued) log::warn("auth.last_used_not_saved", {{"tokens", changed.size()}});
}

std::optional<Identity> Authenticator::identity_of(const View&, const User& u,
                                                   std::string via) const {
    if (!u.active) return std::nullopt;
    return Identity{Principal{u.username, u.role}, u.display_name, std::move(via), std::nullopt};
}

std::optional<Identity> Authenticator::by_token(std::string_view token) const {
    const auto digest = crypto::sha256(token);
    std::shared_lock lock(mu_);
    const auto it = view_->tokens.find(digest);
    if (it == view_->tokens.end()) return std::nullopt;
    const Token& t = *it->second;
    std::optional<Identity> id;
    if (t.role) {
        id = Identity{Principal{"token:" + t.name, *t.role}, t.name, "token", t.name};
    } else {
        const auto u = view_->users.find(*t.user_id);
        if (u == view_->users.end()) return std::nullopt;
        id = identity_of(*view_, u->second, "token");
        if (id) id->token_name = t.name;
    }
    if (id) t.last_used.store(to_unix(now_utc()), std::memory_order_relaxed);
    return id;
}

std::optional<Identity> Authenticator::by_session(std::string_view session_id) const {
    const auto digest = crypto::sha256(session_id);
    std::shared_lock lock(mu_);
    std::optional<Session> session;
    if (const auto o = overlay_.find(digest); o != overlay_.end()) {
        session = o->second.session;
    } else if (const auto it = view_->sessions.find(digest); it != view_->sessions.end()) {
        session = it->second;
    }
    if (!session || session->expires_at <= now_utc()) return std::nullopt;
    const auto u = view_->users.find(session->user_id);
    if (u == view_->users.end()) return std::nullopt;
    return identity_of(*view_, u->second, "session");
}

void Authenticator::login(std::string username, std::string password, std::string address,
                          std::function<void(Result<LoginResult>)> done) {
    const auto user_wait = by_user_.wait("u:" + username);
    const auto address_wait = by_address_.wait("a:" + address);
    if (user_wait.count() > 0 || address_wait.count() > 0) {
        Error e{ErrorCode::kTooManyRequests, "too many failed sign-ins; try again later", {}};
        e.retry_after = int(std::max(user_wait, address_wait).count());
        return done(std::move(e));
    }
    {
        std::lock_guard lock(work_mu_);
        if (!stopping_ && password_jobs_.size() < kMaxPasswordQueue) {
            password_jobs_.push_back([this, username = std::move(username),
                                      password = std::move(password), address = std::move(address),
                                      done]() mutable {
                verify(std::move(username), std::move(password), std::move(address),
                       std::move(done));
            });
            work_cv_.notify_all();
            return;
        }
    }
    done(Error::unavailable("too many sign-ins at once, retry later"));
}

const std::string& Authenticator::dummy_hash() {
    std::call_once(dummy_once_,
                   [this] { dummy_hash_ = crypto::hash_password(crypto::random_secret()); });
    return dummy_hash_;
}

void Authenticator::warm_up() {
    {
        std::lock_guard lock(work_mu_);
        password_jobs_.push_back([this] { dummy_hash(); });
    }
    work_cv_.notify_all();  // the watcher waits on it too
}

void Authenticator::verify(std::string username, std::string password, std::string address,
                           std::function<void(Result<LoginResult>)> done) {
    std::optional<User> user;
    {
        std::shared_lock lock(mu_);
        const auto id = view_->user_ids.find(username);
        if (id != view_->user_ids.end()) user = view_->users.at(id->second);
    }
    // The same work whether or not the user exists, has a password, or is active.
    const bool usable = user && user->active && user->password_hash;
    const bool match =
        crypto::verify_password(usable ? *user->password_hash : dummy_hash(), password);
    if (!usable || !match) {
        by_user_.failed("u:" + username);
        by_address_.failed("a:" + address);
        log::info("auth.login_failed", {{"username", username}, {"address", address}});
        return done(wrong_credentials());
    }
    auto result = std::make_shared<LoginResult>();
    result->session_id = crypto::random_secret();
    result->identity = Identity{Principal{user->username, user->role}, user->display_name,
                                "session", std::nullopt};
    result->expires_at = now_utc() + options_.session_ttl;
    const storage::SessionRecord record{crypto::sha256(result->session_id), user->id, now_utc(),
                                        result->expires_at};
    auto version = std::make_shared<std::int64_t>(0);
    const bool queued = writer_.submit<Ok>(
        [record, version](storage::Connection& c) -> Result<Ok> {
            storage::insert_session(c, record);
            *version = storage::auth_version(c);
            return Ok{};
        },
        [this, record, result, version, done](Result<Ok> r) {
            if (!r.ok()) return done(r.take_error());
            {
                std::unique_lock lock(mu_);
                overlay_[record.id_hash] =
                    Overlay{Session{record.user_id, record.expires_at}, *version};
            }
            log::info("auth.login", {{"username", result->identity.principal.name}});
            done(std::move(*result));
        });
    if (!queued) done(Error::unavailable("server busy, retry later"));
}

void Authenticator::logout(std::string_view session_id, std::function<void(Result<Ok>)> done) {
    const auto digest = crypto::sha256(session_id);
    auto version = std::make_shared<std::int64_t>(0);
    {
        // Refused from now on, even before the end is stored.
        std::unique_lock lock(mu_);
        overlay_[digest] = Overlay{std::nullopt, std::numeric_limits<std::int64_t>::max()};
    }
    const bool queued = writer_.submit<Ok>(
        [digest, version](storage::Connection& c) -> Result<Ok> {
            storage::end_session(c, digest, now_utc());
            *version = storage::auth_version(c);
            return Ok{};
        },
        [this, digest, version, done](Result<Ok> r) {
            if (r.ok()) {
                std::unique_lock lock(mu_);
                overlay_[digest] = Overlay{std::nullopt, *version};
            }
            done(std::move(r));
        });
    if (!queued) done(Error::unavailable("server busy, retry later"));
}

}  // namespace aduan
