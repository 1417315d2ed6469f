// aduan user add | list | disable | enable and aduan token create | list | revoke: access
// management on the database (--db, or the db of --config, or ./aduan.db), safe while the
// service runs: each change is one transaction that bumps the auth version, which the
// service watches.
#include <termios.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <iostream>

#include "app/crypto.hpp"
#include "cli/args.hpp"
#include "cli/common.hpp"
#include "storage/auth_store.hpp"
#include "wire/config_json.hpp"

namespace aduan::cli {

namespace {

std::string db_path(const Args& args) {
    if (args.get("--db") || args.get("--config")) return load_config(args).db;
    return "aduan.db";
}

std::unique_ptr<storage::Connection> open(const Args& args) {
    auto c =
        std::make_unique<storage::Connection>(db_path(args), storage::Connection::Mode::kReadWrite);
    storage::migrate(*c, storage::schema_sql());
    return c;
}

std::string required(const Args& args, const std::string& name) {
    auto v = args.get(name);
    if (!v || v->empty()) throw UsageError(name + " is required");
    return *v;
}

Role role_arg(const std::string& text) {
    auto r = parse_enum<Role>(text);
    if (!r)
        throw UsageError("--role: \"" + text +
                         "\" is not a role (agent, supervisor, manager, admin, display)");
    return *r;
}

std::string username_arg(const std::string& u) {
    const bool ok = !u.empty() && u.size() <= 64 && std::all_of(u.begin(), u.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    });
    if (!ok) throw UsageError("--username: use 1 to 64 letters, digits, '.', '_' or '-'");
    return u;
}

std::string read_line_hidden(const char* prompt) {
    std::fputs(prompt, stderr);
    termios old{};
    tcgetattr(0, &old);
    termios quiet = old;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    tcsetattr(0, TCSANOW, &quiet);
    std::string line;
    std::getline(std::cin, line);
    tcsetattr(0, TCSANOW, &old);
    std::fputs("\n", stderr);
    return line;
}

std::string password(const Args& args) {
    std::string pw;
    if (args.flag("--password-stdin")) {
        std::getline(std::cin, pw);
        if (!pw.empty() && pw.back() == '\r') pw.pop_back();
    } else if (isatty(0)) {
        pw = read_line_hidden("Password: ");
        if (read_line_hidden("Again: ") != pw) throw UsageError("the two passwords differ");
    } else {
        throw UsageError(
            "give the password on standard input with --password-stdin (or --no-password)");
    }
    if (pw.size() < 8 || pw.size() > 1024)
        throw UsageError("the password must have 8 to 1024 characters");
    return pw;
}

std::string when(const std::optional<Instant>& t) {
    return t ? format_rfc3339(*t) : "-";
}

int user_command(const std::string& cmd, const Args& args) {
    auto c = open(args);
    if (cmd == "add") {
        const auto username = username_arg(required(args, "--username"));
        const auto role = role_arg(required(args, "--role"));
        std::optional<std::string> hash;
        if (!args.flag("--no-password")) hash = crypto::hash_password(password(args));
        storage::UserRecord u{0,        username, args.get("--display-name").value_or(username),
                              role,     hash,     true,
                              now_utc()};
        storage::Transaction tx(*c);
        if (!storage::insert_user(*c, u))
            throw UsageError("--username: \"" + username + "\" is taken");
        tx.commit();
        std::printf("user %s (%s) created\n", username.c_str(),
                    std::string(to_string(role)).c_str());
    } else if (cmd == "list") {
        std::printf("%-24s %-10s %-8s %-20s %s\n", "USERNAME", "ROLE", "ACTIVE", "CREATED", "NAME");
        for (const auto& u : storage::list_users(*c))
            std::printf("%-24s %-10s %-8s %-20s %s\n", u.username.c_str(),
                        std::string(to_string(u.role)).c_str(), u.active ? "yes" : "no",
                        format_rfc3339(u.created_at).c_str(), u.display_name.c_str());
    } else {  // disable, enable
        const auto username = username_arg(required(args, "--username"));
        storage::Transaction tx(*c);
        if (!storage::set_user_active(*c, username, cmd == "enable", now_utc()))
            throw UsageError("--username: no user \"" + username + "\"");
        tx.commit();
        std::printf("user %s %s\n", username.c_str(), cmd == "enable" ? "enabled" : "disabled");
    }
    return 0;
}

int token_command(const std::string& cmd, const Args& args) {
    auto c = open(args);
    if (cmd == "create") {
        const auto name = required(args, "--name");
        if (name.size() > 100) throw UsageError("--name: at most 100 characters");
        storage::TokenRecord t;
        t.name = name;
        t.created_at = now_utc();
        const auto role = args.get("--role");
        const auto user = args.get("--user");
        if (bool(role) == bool(user))
            throw UsageError("give either --role R (a service token) or --user U");
        storage::Transaction tx(*c);
        std::string owner;
        if (role) {
            t.role = role_arg(*role);
            owner = "role " + *role;
        } else {
            const auto u = storage::find_user(*c, *user);
            if (!u) throw UsageError("--user: no user \"" + *user + "\"");
            t.user_id = u->id;
            owner = "user " + *user;
        }
        const std::string secret = crypto::random_secret("adn_");
        t.token_hash = crypto::sha256(secret);
        t = storage::insert_token(*c, t);
        tx.commit();
        std::printf("token %lld \"%s\" for %s created; it is shown only now:\n%s\n",
                    static_cast<long long>(t.id), name.c_str(), owner.c_str(), secret.c_str());
    } else if (cmd == "list") {
        std::printf("%-6s %-24s %-18s %-20s %-20s %s\n", "ID", "NAME", "FOR", "CREATED",
                    "LAST USED", "REVOKED");
        auto users = storage::list_users(*c);
        for (const auto& t : storage::list_tokens(*c)) {
            std::string owner = t.role ? "role " + std::string(to_string(*t.role)) : "user ?";
            for (const auto& u : users)
                if (t.user_id && u.id == *t.user_id) owner = "user " + u.username;
            std::printf("%-6lld %-24s %-18s %-20s %-20s %s\n", static_cast<long long>(t.id),
                        t.name.c_str(), owner.c_str(), format_rfc3339(t.created_at).c_str(),
                        when(t.last_used_at).c_str(), when(t.revoked_at).c_str());
        }
    } else {  // revoke
        const auto text = required(args, "--id");
        std::int64_t id = 0;
        const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
        if (ec != std::errc{} || p != text.data() + text.size())
            throw UsageError("--id: \"" + text + "\" is not a token id");
        storage::Transaction tx(*c);
        if (!storage::revoke_token(*c, id, now_utc()))
            throw UsageError("--id: no live token " + text);
        tx.commit();
        std::printf("token %s revoked\n", text.c_str());
    }
    return 0;
}

}  // namespace

int access_command(int argc, char** argv) {
    const std::string what = argv[1];
    if (argc < 3)
        throw UsageError(what == "user" ? "needs a command: add, list, disable or enable"
                                        : "needs a command: create, list or revoke");
    const std::string cmd = argv[2];
    crypto::init();
    if (what == "user") {
        if (cmd == "add")
            return user_command(
                cmd,
                Args(argc, argv, 3, {"--db", "--config", "--username", "--role", "--display-name"},
                     {"--password-stdin", "--no-password"}));
        if (cmd == "list") return user_command(cmd, Args(argc, argv, 3, {"--db", "--config"}, {}));
        if (cmd == "disable" || cmd == "enable")
            return user_command(cmd, Args(argc, argv, 3, {"--db", "--config", "--username"}, {}));
        throw UsageError("unknown command \"" + cmd + "\" (add, list, disable or enable)");
    }
    if (cmd == "create")
        return token_command(
            cmd, Args(argc, argv, 3, {"--db", "--config", "--role", "--user", "--name"}, {}));
    if (cmd == "list") return token_command(cmd, Args(argc, argv, 3, {"--db", "--config"}, {}));
    if (cmd == "revoke")
        return token_command(cmd, Args(argc, argv, 3, {"--db", "--config", "--id"}, {}));
    throw UsageError("unknown command \"" + cmd + "\" (create, list or revoke)");
}

}  // namespace aduan::cli
