#include "storage/auth_store.hpp"

namespace aduan::storage {

namespace {

void bump(Connection& c) {
    c.prepare("UPDATE auth_state SET version = version + 1 WHERE id = 1").run();
}

void end_sessions_of(Connection& c, const std::string& username, Instant now) {
    auto& end = c.prepare(
        "UPDATE sessions SET ended_at = ? WHERE ended_at IS NULL AND user_id = (SELECT id FROM "
        "users WHERE username = ?)");
    end.bind(1, to_unix(now)).bind(2, username);
    end.run();
}

Role role_column(const Statement& st, int col) {
    auto r = parse_enum<Role>(st.text(col));
    if (!r) throw StorageError(1, "corrupt role in column " + std::to_string(col));
    return *r;
}

std::optional<Instant> opt_instant(const Statement& st, int col) {
    if (st.is_null(col)) return std::nullopt;
    return from_unix(st.int64(col));
}

constexpr const char* kUserColumns =
    "id, username, display_name, role, password_hash, active, created_at";

UserRecord read_user(const Statement& st) {
    return {st.int64(0),           st.text(1),     st.text(2),
            role_column(st, 3),    st.opt_text(4), st.int64(5) != 0,
            from_unix(st.int64(6))};
}

}  // namespace

std::int64_t auth_version(Connection& c) {
    auto& st = c.prepare("SELECT version FROM auth_state WHERE id = 1");
    const std::int64_t v = st.step() ? st.int64(0) : 0;
    st.reset();
    return v;
}

std::optional<UserRecord> insert_user(Connection& c, UserRecord u) {
    if (find_user(c, u.username)) return std::nullopt;
    auto& st = c.prepare(
        "INSERT INTO users (username, display_name, role, password_hash, active, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    st.bind(1, u.username)
        .bind(2, u.display_name)
        .bind(3, to_string(u.role))
        .bind(4, u.password_hash);
    st.bind(5, u.active ? 1 : 0).bind(6, to_unix(u.created_at));
    st.run();
    u.id = c.last_insert_rowid();
    bump(c);
    return u;
}

std::vector<UserRecord> list_users(Connection& c) {
    auto& st = c.prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY username");
    std::vector<UserRecord> out;
    while (st.step())
        out.push_back(read_user(st));
    st.reset();
    return out;
}

std::optional<UserRecord> find_user(Connection& c, const std::string& username) {
    auto& st = c.prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE username = ?");
    st.bind(1, username);
    std::optional<UserRecord> out;
    if (st.step()) out = read_user(st);
    st.reset();
    return out;
}

bool set_user_active(Connection& c, const std::string& username, bool active, Instant now) {
    auto& st = c.prepare("UPDATE users SET active = ? WHERE username = ?");
    st.bind(1, active ? 1 : 0).bind(2, username);
    st.run();
    if (c.changes() == 0) return false;
    if (!active) end_sessions_of(c, username, now);
    bump(c);
    return true;
}

bool set_user_password(Connection& c, const std::string& username, const std::string& hash,
                       Instant now) {
    auto& st = c.prepare("UPDATE users SET password_hash = ?, active = 1 WHERE username = ?");
    st.bind(1, hash).bind(2, username);
    st.run();
    if (c.changes() == 0) return false;
    end_sessions_of(c, username, now);
    bump(c);
    return true;
}

TokenRecord insert_token(Connection& c, TokenRecord t) {
    auto& st = c.prepare(
        "INSERT INTO api_tokens (name, token_hash, role, user_id, created_at) VALUES (?, ?, ?, ?, "
        "?)");
    st.bind(1, t.name).bind_blob(2, t.token_hash);
    if (t.role) {
        st.bind(3, to_string(*t.role));
    } else {
        st.bind_null(3);
    }
    st.bind(4, t.user_id).bind(5, to_unix(t.created_at));
    st.run();
    t.id = c.last_insert_rowid();
    bump(c);
    return t;
}

std::vector<TokenRecord> list_tokens(Connection& c) {
    auto& st = c.prepare(
        "SELECT id, name, token_hash, role, user_id, created_at, last_used_at, revoked_at FROM "
        "api_tokens ORDER BY id");
    std::vector<TokenRecord> out;
    while (st.step()) {
        TokenRecord t;
        t.id = st.int64(0);
        t.name = st.text(1);
        t.token_hash = st.blob(2);
        if (!st.is_null(3)) t.role = role_column(st, 3);
        t.user_id = st.opt_int64(4);
        t.created_at = from_unix(st.int64(5));
        t.last_used_at = opt_instant(st, 6);
        t.revoked_at = opt_instant(st, 7);
        out.push_back(std::move(t));
    }
    st.reset();
    return out;
}

bool revoke_token(Connection& c, std::int64_t id, Instant now) {
    auto& st =
        c.prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    st.bind(1, to_unix(now)).bind(2, id);
    st.run();
    if (c.changes() == 0) return false;
    bump(c);
    return true;
}

void touch_tokens(Connection& c, const std::vector<std::pair<std::int64_t, Instant>>& last_used) {
    // Last use is bookkeeping, not access: it does not bump the version.
    auto& st = c.prepare(
        "UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR "
        "last_used_at < ?)");
    for (const auto& [id, t] : last_used) {
        st.bind(1, to_unix(t)).bind(2, id).bind(3, to_unix(t));
        st.run();
        st.reset();
    }
}

void insert_session(Connection& c, const SessionRecord& s) {
    auto& st = c.prepare(
        "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)");
    st.bind_blob(1, s.id_hash)
        .bind(2, s.user_id)
        .bind(3, to_unix(s.created_at))
        .bind(4, to_unix(s.expires_at));
    st.run();
    bump(c);
}

void end_session(Connection& c, const Digest& id_hash, Instant now) {
    auto& st = c.prepare("UPDATE sessions SET ended_at = ? WHERE id_hash = ? AND ended_at IS NULL");
    st.bind(1, to_unix(now)).bind_blob(2, id_hash);
    st.run();
    bump(c);
}

std::vector<SessionRecord> live_sessions(Connection& c, Instant now) {
    auto& st = c.prepare(
        "SELECT id_hash, user_id, created_at, expires_at FROM sessions WHERE ended_at IS NULL AND "
        "expires_at > ?");
    st.bind(1, to_unix(now));
    std::vector<SessionRecord> out;
    while (st.step())
        out.push_back({st.blob(0), st.int64(1), from_unix(st.int64(2)), from_unix(st.int64(3))});
    st.reset();
    return out;
}

}  // namespace aduan::storage
