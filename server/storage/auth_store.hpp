// The SQL for users, API tokens and sessions. Every change bumps auth_state.version in the
// same transaction (callers own the transaction), so that a running service notices changes
// made by another process (the command line). Secrets never reach this layer: it sees
// password hashes and SHA-256 digests only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/ticket.hpp"
#include "storage/database.hpp"

namespace aduan::storage {

using Digest = std::string;  // 32 raw bytes (SHA-256)

struct UserRecord {
    std::int64_t id = 0;
    std::string username;
    std::string display_name;
    Role role = Role::kAgent;
    std::optional<std::string> password_hash;
    bool active = true;
    Instant created_at{};
};

struct TokenRecord {
    std::int64_t id = 0;
    std::string name;
    Digest token_hash;
    std::optional<Role> role;             // a service token
    std::optional<std::int64_t> user_id;  // or a user's token
    Instant created_at{};
    std::optional<Instant> last_used_at, revoked_at;
};

struct SessionRecord {
    Digest id_hash;
    std::int64_t user_id = 0;
    Instant created_at{};
    Instant expires_at{};
};

std::int64_t auth_version(Connection& c);

// kConflict (as nullopt) when the username is taken.
std::optional<UserRecord> insert_user(Connection& c, UserRecord u);
std::vector<UserRecord> list_users(Connection& c);
std::optional<UserRecord> find_user(Connection& c, const std::string& username);
// Deactivates (or reactivates) a user; a deactivated user's sessions end. False if unknown.
bool set_user_active(Connection& c, const std::string& username, bool active, Instant now);

// Sets a user's password hash, activates the user and ends their sessions. False if unknown.
bool set_user_password(Connection& c, const std::string& username, const std::string& hash,
                       Instant now);

TokenRecord insert_token(Connection& c, TokenRecord t);
std::vector<TokenRecord> list_tokens(Connection& c);
// False when there is no such token or it was already revoked.
bool revoke_token(Connection& c, std::int64_t id, Instant now);
void touch_tokens(Connection& c, const std::vector<std::pair<std::int64_t, Instant>>& last_used);

void insert_session(Connection& c, const SessionRecord& s);
void end_session(Connection& c, const Digest& id_hash, Instant now);
// Sessions neither ended nor expired at `now`.
std::vector<SessionRecord> live_sessions(Connection& c, Instant now);

}  // namespace aduan::storage
