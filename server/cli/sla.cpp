// aduan sla add | elapsed | is-open | batch --calendar FILE (spec section 8): business-time
// arithmetic on a calendar file, for scripts and for checking a calendar by hand.
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/args.hpp"
#include "cli/common.hpp"
#include "common/time.hpp"
#include "sla/calendar.hpp"
#include "wire/calendar_json.hpp"

namespace aduan::cli {

namespace {

// An instant the calendar arithmetic supports, or why not.
Result<Instant> instant(const std::string& name, const std::string& text) {
    const auto t = parse_rfc3339(text);
    if (!t)
        return Error::validation(
            {{name, "\"" + text + "\" is not an RFC 3339 date-time (2026-11-27T09:15:00+07:00)"}});
    if (!sla::in_range(*t))
        return Error::validation({{name, text + " is outside the supported years 1971 to 2198"}});
    return *t;
}

// Business seconds: a whole number from 0 to about 100 years of seconds.
Result<std::int64_t> seconds(const std::string& name, const std::string& text) {
    std::int64_t n = -1;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || p != text.data() + text.size() || n < 0 || n > 3'200'000'000LL)
        return Error::validation(
            {{name, "\"" + text + "\" is not a whole number of seconds from 0 to 3200000000"}});
    return n;
}

template <typename T>
T need(Result<T> r) {
    if (!r.ok()) throw UsageError(describe(r.error()));
    return std::move(r.value());
}

std::string required(const Args& args, const std::string& name) {
    auto v = args.get(name);
    if (!v) throw UsageError(name + " is required");
    return *v;
}

// One batch line -> its answer.
nlohmann::json answer(const sla::Calendar& cal, const std::string& line) {
    using nlohmann::json;
    auto fail = [](const std::string& m) { return json{{"error", m}}; };
    json j;
    try {
        j = json::parse(line);
    } catch (const json::exception&) {  // parse_error, or out_of_range (1e400)
        return fail("not a JSON object");
    }
    if (!j.is_object() || !j.contains("op") || !j["op"].is_string())
        return fail("op: must be \"add\", \"elapsed\" or \"is_open\"");
    const auto op = j["op"].get<std::string>();
    auto field_instant = [&](const char* key) -> Result<Instant> {
        if (!j.contains(key) || !j[key].is_string())
            return Error::validation({{key, "must be an RFC 3339 date-time string"}});
        return instant(key, j[key].get<std::string>());
    };
    auto only = [&](std::initializer_list<std::string_view> keys) -> std::optional<std::string> {
        for (auto it = j.begin(); it != j.end(); ++it) {
            bool known = it.key() == "op";
            for (auto k : keys)
                known = known || it.key() == k;
            if (!known) return it.key() + ": unknown field";
        }
        return std::nullopt;
    };
    if (op == "add") {
        if (auto bad = only({"start", "seconds"})) return fail(*bad);
        auto start = field_instant("start");
        if (!start.ok()) return fail(describe(start.error()));
        if (!j.contains("seconds") || !j["seconds"].is_number_integer() ||
            j["seconds"].get<std::int64_t>() < 0 ||
            j["seconds"].get<std::int64_t>() > 3'200'000'000LL)
            return fail("seconds: must be a whole number from 0 to 3200000000");
        const auto t = cal.add(*start, j["seconds"].get<std::int64_t>());
        if (!sla::in_range(t)) return fail("the result falls after the supported years");
        return json{{"result", format_rfc3339(t)}};
    }
    if (op == "elapsed") {
        if (auto bad = only({"from", "to"})) return fail(*bad);
        auto from = field_instant("from");
        if (!from.ok()) return fail(describe(from.error()));
        auto to = field_instant("to");
        if (!to.ok()) return fail(describe(to.error()));
        return json{{"result", cal.elapsed(*from, *to)}};
    }
    if (op == "is_open") {
        if (auto bad = only({"at"})) return fail(*bad);
        auto at = field_instant("at");
        if (!at.ok()) return fail(describe(at.error()));
        return json{{"result", cal.is_open(*at)}};
    }
    return fail("op: must be \"add\", \"elapsed\" or \"is_open\"");
}

}  // namespace

int sla_command(int argc, char** argv) {
    if (argc < 3) throw UsageError("needs a command: add, elapsed, is-open or batch");
    const std::string cmd = argv[2];
    const std::set<std::string> flags;
    Args args = [&] {
        if (cmd == "add") return Args(argc, argv, 3, {"--calendar", "--start", "--seconds"}, flags);
        if (cmd == "elapsed") return Args(argc, argv, 3, {"--calendar", "--from", "--to"}, flags);
        if (cmd == "is-open") return Args(argc, argv, 3, {"--calendar", "--at"}, flags);
        if (cmd == "batch") return Args(argc, argv, 3, {"--calendar"}, flags);
        throw UsageError("unknown command \"" + cmd + "\" (add, elapsed, is-open or batch)");
    }();
    if (!args.positional().empty()) throw UsageError("unexpected argument " + args.positional()[0]);
    const auto path = required(args, "--calendar");
    auto loaded = wire::load_calendar_file(path);
    if (!loaded.ok()) throw UsageError("calendar " + path + ": " + describe(loaded.error()));
    const sla::Calendar& cal = loaded.value();

    if (cmd == "add") {
        const auto start = need(instant("--start", required(args, "--start")));
        const auto n = need(seconds("--seconds", required(args, "--seconds")));
        const auto t = cal.add(start, n);
        if (!sla::in_range(t)) throw UsageError("the deadline falls after the supported years");
        std::printf("%s\n", format_rfc3339(t).c_str());
    } else if (cmd == "elapsed") {
        const auto from = need(instant("--from", required(args, "--from")));
        const auto to = need(instant("--to", required(args, "--to")));
        std::printf("%lld\n", static_cast<long long>(cal.elapsed(from, to)));
    } else if (cmd == "is-open") {
        const auto at = need(instant("--at", required(args, "--at")));
        std::printf("%s\n", cal.is_open(at) ? "true" : "false");
    } else {
        std::ios::sync_with_stdio(false);
        const bool interactive = isatty(0);
        std::string line;
        while (std::getline(std::cin, line)) {
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            std::cout << answer(cal, line).dump() << '\n';
            if (interactive) std::cout.flush();
        }
        std::cout.flush();
    }
    return 0;
}

}  // namespace aduan::cli
