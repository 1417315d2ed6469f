// aduan simulate --url URL --token T [--rate R] [--duration D] [--pace P] [--seed N] [--flat]
// (spec section 8 of issue #8): drives realistic call-center traffic against a running
// service through its public API, for demos and for load (docs/simulation.md).
#include <cstdio>
#include <cstdlib>

#include "cli/args.hpp"
#include "sim/http_client.hpp"
#include "sim/simulator.hpp"
#include "sla/duration.hpp"

namespace aduan::cli {

namespace {

double positive_number(const Args& args, const std::string& name, double fallback, double max) {
    const auto v = args.get(name);
    if (!v) return fallback;
    char* end = nullptr;
    const double d = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0' || !(d > 0) || d > max)
        throw UsageError(name + ": must be a number above 0 and at most " +
                         std::to_string(int(max)));
    return d;
}

}  // namespace

int simulate_command(int argc, char** argv) {
    Args args(argc, argv, 2, {"--url", "--token", "--rate", "--duration", "--pace", "--seed"},
              {"--flat"});
    if (!args.positional().empty()) throw UsageError("unexpected argument " + args.positional()[0]);
    sim::SimulatorOptions o;
    const auto url = args.get("--url");
    if (!url) throw UsageError("--url: give the service's address, e.g. http://127.0.0.1:8080");
    if (!sim::parse_http_url(*url, o.host, o.port))
        throw UsageError("--url: must be http://IP:PORT (or http://localhost:PORT)");
    const auto token = args.get("--token");
    if (!token || token->empty())
        throw UsageError("--token: give an API token of an agent, supervisor or admin");
    o.token = *token;
    o.rate = positive_number(args, "--rate", 1.0, 100000);
    o.pace = positive_number(args, "--pace", 1.0, 1000);
    if (auto d = args.get("--duration")) {
        const auto seconds = sla::parse_duration(*d);
        if (!seconds || *seconds <= 0)
            throw UsageError("--duration: must be a duration such as 90s, 10m or 1h30m");
        o.duration = std::chrono::seconds(*seconds);
    } else {
        o.duration = std::chrono::seconds(60);
    }
    if (auto s = args.get("--seed")) o.seed = std::strtoull(s->c_str(), nullptr, 10);
    o.hourly_pattern = !args.flag("--flat");

    sim::Simulator sim(o);
    const auto stats = sim.run();
    std::printf(
        "simulated %lld s: %lld complaints created, %lld responses, %lld notes, %lld changes, "
        "%lld resolved; %lld requests failed\n",
        static_cast<long long>(o.duration.count()), static_cast<long long>(stats.created),
        static_cast<long long>(stats.responses), static_cast<long long>(stats.notes),
        static_cast<long long>(stats.changes), static_cast<long long>(stats.resolved),
        static_cast<long long>(stats.errors));
    return 0;
}

}  // namespace aduan::cli
