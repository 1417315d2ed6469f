#include "runtime/log.hpp"

#include <atomic>
#include <cstdio>

#include "common/json_escape.hpp"
#include "common/time.hpp"

namespace aduan::log {

namespace {

std::atomic<Level> g_level{Level::kInfo};

std::string_view level_name(Level l) {
    switch (l) {
        case Level::kDebug:
            return "debug";
        case Level::kInfo:
            return "info";
        case Level::kWarn:
            return "warn";
        case Level::kError:
            return "error";
    }
    return "info";
}

}  // namespace

void set_level(Level level) {
    g_level = level;
}

void write(Level level, std::string_view event, std::initializer_list<Field> fields) {
    if (level < g_level.load(std::memory_order_relaxed)) return;
    std::string line = "{\"ts\":\"" + format_rfc3339(now_utc()) + "\",\"level\":\"";
    line += level_name(level);
    line += "\",\"event\":\"";
    append_json_escaped(line, event);
    line += '"';
    for (const auto& f : fields) {
        line += ",\"";
        append_json_escaped(line, f.key);
        line += "\":";
        if (f.raw) {
            line += f.value;
        } else {
            line += '"';
            append_json_escaped(line, f.value);
            line += '"';
        }
    }
    line += "}\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace aduan::log
