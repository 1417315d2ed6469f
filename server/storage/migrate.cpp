#include <charconv>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace aduan::storage {

namespace {

struct Migration {
    int version;
    std::string sql;
};

// Splits a script at lines "-- migration N". Text before the first header is commentary.
std::vector<Migration> split(std::string_view script) {
    constexpr std::string_view kHeader = "-- migration ";
    std::vector<Migration> out;
    size_t pos = 0;
    while (pos < script.size()) {
        size_t eol = script.find('\n', pos);
        if (eol == std::string_view::npos) eol = script.size();
        const std::string_view line = script.substr(pos, eol - pos);
        if (line.substr(0, kHeader.size()) == kHeader) {
            int v = 0;
            const auto num = line.substr(kHeader.size());
            const auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), v);
            const int expected = out.empty() ? 1 : out.back().version + 1;
            if (ec != std::errc{} || v != expected)
                throw StorageError(1, "schema: migration headers must count up from 1");
            out.push_back({v, {}});
        } else if (!out.empty()) {
            out.back().sql.append(line);
            out.back().sql.push_back('\n');
        }
        pos = eol + 1;
    }
    return out;
}

int user_version(Connection& c) {
    auto& st = c.prepare("PRAGMA user_version");
    st.step();
    const int v = int(st.int64(0));
    st.reset();
    return v;
}

}  // namespace

int migrate(Connection& c, std::string_view script) {
    const auto migrations = split(script);
    const int latest = migrations.empty() ? 0 : migrations.back().version;
    const int current = user_version(c);
    if (current > latest)
        throw StorageError(1, "database schema version " + std::to_string(current) +
                                  " is newer than this aduan knows (" + std::to_string(latest) +
                                  "); upgrade aduan");
    if (current == latest) return current;
    Transaction tx(c);
    for (const auto& m : migrations) {
        if (m.version <= current) continue;
        c.exec(m.sql);
    }
    c.exec("PRAGMA user_version = " + std::to_string(latest));
    tx.commit();
    return latest;
}

}  // namespace aduan::storage
