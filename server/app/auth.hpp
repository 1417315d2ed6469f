// Who is asking (spec section 7). Requests carry an API token (Authorization: Bearer) or a
// browser session cookie; both are 256-bit random secrets that the store keeps only as
// SHA-256 digests. Checking one is a digest and a hash-table lookup in memory: microseconds.
//
// The in-memory view (users, live tokens, live sessions) is reloaded whenever the store's
// auth version changes. The service's own changes apply at once; changes made by another
// process (aduan user disable, aduan token revoke) are noticed by a watcher that polls the
// version every `poll` (25 ms by default).
//
// Signing in verifies an Argon2id hash (tens of milliseconds) on a thread of its own, never
// on network or query threads; an unknown username is checked against a dummy hash so that
// timing does not tell whether it exists. Failures are rate-limited per username and per
// client address (RateLimiter).
//
// Thread-safety: all members may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "app/config.hpp"
#include "app/rate_limiter.hpp"
#include "common/error.hpp"
#include "model/ticket.hpp"
#include "storage/writer.hpp"

namespace aduan {

// A signed-in caller.
struct Identity {
    Principal principal;  // name: the username, or "token:NAME" for a service token
    std::string display_name;
    std::string via;  // "session" or "token"
    std::optional<std::string> token_name;
};

struct LoginResult {
    std::string session_id;  // the secret for the cookie; shown once
    Identity identity;
    Instant expires_at;
};

class Authenticator {
  public:
    // Loads the current users, tokens and sessions; starts the watcher. The database must
    // exist with its schema (the Writer creates it).
    Authenticator(const std::string& db_path, storage::Writer& writer, AuthOptions options);
    ~Authenticator();  // stop()s

    std::optional<Identity> by_token(std::string_view token) const;
    std::optional<Identity> by_session(std::string_view session_id) const;

    // Checks the password and opens a session (stored before `done` is called with it).
    // kUnauthorized for a wrong username or password, kTooManyRequests (retry_after set)
    // when rate-limited, kUnavailable when overloaded.
    void login(std::string username, std::string password, std::string address,
               std::function<void(Result<LoginResult>)> done);
    void logout(std::string_view session_id, std::function<void(Result<Ok>)> done);

    // Writes last-use times of tokens and stops the watcher and the password thread.
    void stop();
    // Makes, on a password thread, what the first sign-in would otherwise wait for; the service
    // calls it once it has started.
    void warm_up();

  private:
    struct User {
        std::int64_t id;
        std::string username, display_name;
        Role role;
        std::optional<std::string> password_hash;
        bool active;
    };
    struct Token {
        std::int64_t id;
        std::string name;
        std::optional<Role> role;
        std::optional<std::int64_t> user_id;
        mutable std::atomic<std::int64_t> last_used{0};
        std::int64_t flushed = 0;
    };
    struct Session {
        std::int64_t user_id;
        Instant expires_at;
    };
    struct View {
        std::int64_t version = -1;
        std::unordered_map<std::int64_t, User> users;
        std::unordered_map<std::string, std::int64_t> user_ids;          // by username
        std::unordered_map<std::string, std::unique_ptr<Token>> tokens;  // by digest
        std::unordered_map<std::string, Session> sessions;               // by digest
    };

    void reload();
    void watch();
    void flush_last_used();
    std::optional<Identity> identity_of(const View& v, const User& u, std::string via) const;
    void verify(std::string username, std::string password, std::string address,
                std::function<void(Result<LoginResult>)> done);

    std::string db_path_;
    storage::Writer& writer_;
    AuthOptions options_;
    // A hash to verify against when the user is unknown (so that costs the same); made once,
    // off start-up's path (an Argon2id hash is ~0.25 s): by warm_up(), or the first sign-in.
    const std::string& dummy_hash();
    std::once_flag dummy_once_;
    std::string dummy_hash_;
    RateLimiter by_user_, by_address_;

    mutable std::shared_mutex mu_;
    std::shared_ptr<View> view_;
    // Sessions this process opened or ended, with the auth version their commit produced:
    // a snapshot read before that commit must not undo them. Dropped once a snapshot of at
    // least that version is in place.
    struct Overlay {
        std::optional<Session> session;  // nullopt: ended
        std::int64_t version;
    };
    std::unordered_map<std::string, Overlay> overlay_;

    // The watcher and the password thread.
    std::mutex work_mu_;
    std::condition_variable work_cv_;
    std::deque<std::function<void()>> password_jobs_;
    bool stopping_ = false;
    std::thread watcher_;
    std::vector<std::thread> password_threads_;  // one per core: Argon2id is CPU-bound
};

}  // namespace aduan
