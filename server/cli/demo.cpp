#include "cli/demo.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "app/crypto.hpp"
#include "runtime/log.hpp"
#include "runtime/thread_name.hpp"
#include "storage/auth_store.hpp"
#include "storage/database.hpp"
#include "storage/ticket_store.hpp"

namespace aduan::cli {

DemoAccess provision_demo(const std::string& db, bool on_existing) {
    DemoAccess out;
    storage::Connection c(db, storage::Connection::Mode::kReadWrite);
    storage::migrate(c, storage::schema_sql());  // the service has not opened it yet
    // A database the demo did not make (it has users or tickets, and never a demo token) is
    // someone's data: the demo would reset its admin and write simulated tickets into it.
    bool made_by_demo = false;
    for (const auto& t : storage::list_tokens(c))
        made_by_demo = made_by_demo || t.name == "demo-simulator";
    const auto counts = storage::count_by_status(c);
    const bool has_tickets =
        std::any_of(counts.begin(), counts.end(), [](std::int64_t n) { return n > 0; });
    if (!made_by_demo && (has_tickets || !storage::list_users(c).empty()) && !on_existing)
        throw std::runtime_error(
            db +
            " holds users or tickets the demo did not make; the demo would reset its admin's "
            "password and write simulated complaints into it. Give the demo a database of its "
            "own (--db demo.db), or add --demo-on-existing to do it anyway");
    const Instant now = now_utc();
    for (auto [username, role] :
         {std::pair{"agen", Role::kAgent}, std::pair{"supervisor", Role::kSupervisor},
          std::pair{"manajer", Role::kManager}, std::pair{"admin", Role::kAdmin}}) {
        // Letters and digits only, so that it is easy to type from the terminal.
        std::string password = crypto::random_secret();
        password.erase(
            std::remove_if(password.begin(), password.end(),
                           [](char ch) { return !std::isalnum(static_cast<unsigned char>(ch)); }),
            password.end());
        password.resize(std::min<std::size_t>(password.size(), 16));
        const auto hash = crypto::hash_password(password);
        storage::Transaction tx(c);
        if (!storage::set_user_password(c, username, hash, now)) {
            storage::UserRecord u{0, username, username, role, hash, true, now};
            storage::insert_user(c, u);
        }
        tx.commit();
        out.users.push_back({username, std::string(to_string(role)), password});
    }
    auto token = [&](const char* name, Role role) {
        storage::TokenRecord t;
        t.name = name;
        t.role = role;
        t.created_at = now;
        const std::string secret = crypto::random_secret("adn_");
        t.token_hash = crypto::sha256(secret);
        // The previous start's token of this name goes: one live token per purpose.
        storage::Transaction tx(c);
        for (const auto& old : storage::list_tokens(c))
            if (old.name == name && !old.revoked_at) storage::revoke_token(c, old.id, now);
        storage::insert_token(c, t);
        tx.commit();
        return secret;
    };
    out.display_token = token("demo-display", Role::kDisplay);
    out.simulator_token = token("demo-simulator", Role::kSupervisor);
    return out;
}

void print_demo(const DemoAccess& access, const std::string& bound) {
    std::printf("demo: simulated complaints are arriving; SLA targets are minutes long.\n");
    std::printf("demo: wallboard  http://%s/wallboard#token=%s\n", bound.c_str(),
                access.display_token.c_str());
    std::printf("demo: console    http://%s/console\n", bound.c_str());
    std::printf("demo: reports    http://%s/reports\n", bound.c_str());
    std::printf("demo: accounts (passwords are new at every start and shown only now):\n");
    for (const auto& u : access.users)
        std::printf("demo:   %-11s %-10s %s\n", u.username.c_str(), u.role.c_str(),
                    u.password.c_str());
    std::fflush(stdout);
}

DemoTraffic::DemoTraffic(const DemoAccess& access, const std::string& bound) {
    sim::SimulatorOptions o;
    const auto colon = bound.rfind(':');
    o.host = bound.substr(0, colon);
    if (o.host == "0.0.0.0") o.host = "127.0.0.1";
    if (o.host.size() > 2 && o.host.front() == '[') o.host = "127.0.0.1";
    o.port = static_cast<std::uint16_t>(std::stoul(bound.substr(colon + 1)));
    o.token = access.simulator_token;
    o.rate = 0.4;
    o.duration = std::chrono::seconds(0);  // until the service stops
    o.initial_burst = 12;                  // the board moves at once
    o.pattern_strength = 0.5;              // a demo at night is quieter, not dead
    o.agents = {"agen", "agen1", "agen2", "agen3"};
    sim_ = std::make_unique<sim::Simulator>(o);
    thread_ = std::thread([this] {
        name_this_thread("demo");
        try {
            const auto s = sim_->run();
            log::info("demo.stopped", {{"created", s.created}, {"resolved", s.resolved}});
        } catch (const std::exception& e) {
            log::error("demo.failed", {{"error", e.what()}});
        }
    });
}

DemoTraffic::~DemoTraffic() {
    stop();
    if (thread_.joinable()) thread_.join();
}

void DemoTraffic::stop() {
    sim_->stop();
}

}  // namespace aduan::cli
