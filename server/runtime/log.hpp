// Structured logs: one JSON object per line on stderr, written whole so that lines from
// different threads never interleave. Fields are key/value pairs; values are escaped.
#pragma once

#include <fmt/format.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace aduan::log {

enum class Level { kDebug, kInfo, kWarn, kError };

struct Field {
    std::string_view key;
    std::string value;
    bool raw = false;  // a number or boolean, written without quotes

    Field(std::string_view k, std::string_view v) : key(k), value(v) {}
    Field(std::string_view k, const char* v) : key(k), value(v) {}
    Field(std::string_view k, const std::string& v) : key(k), value(v) {}
    template <typename N, typename = std::enable_if_t<std::is_arithmetic_v<N>>>
    Field(std::string_view k, N v) : key(k), value(fmt::format("{}", v)), raw(true) {}
};

void set_level(Level level);
void write(Level level, std::string_view event, std::initializer_list<Field> fields = {});

inline void info(std::string_view event, std::initializer_list<Field> fields = {}) {
    write(Level::kInfo, event, fields);
}
inline void warn(std::string_view event, std::initializer_list<Field> fields = {}) {
    write(Level::kWarn, event, fields);
}
inline void error(std::string_view event, std::initializer_list<Field> fields = {}) {
    write(Level::kError, event, fields);
}

}  // namespace aduan::log
