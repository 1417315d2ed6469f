#include "cli/common.hpp"

#include "wire/config_json.hpp"

namespace aduan::cli {

std::string describe(const Error& e) {
    std::string s = e.message;
    for (size_t i = 1; i < e.details.size(); ++i)
        s += "; " + e.details[i].field + ": " + e.details[i].message;
    return s;
}

Config load_config(const Args& args) {
    Config config = default_config();
    if (auto path = args.get("--config")) {
        auto loaded = wire::load_config_file(*path);
        if (!loaded.ok()) throw UsageError("config " + *path + ": " + describe(loaded.error()));
        config = std::move(loaded.value());
    }
    if (auto db = args.get("--db")) config.db = *db;
    return config;
}

}  // namespace aduan::cli
