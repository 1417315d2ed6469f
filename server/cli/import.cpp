// aduan import [--config FILE] [--db FILE] FILE.ndjson (spec section 9): historical tickets,
// replayed through the same rules as live traffic (ops::import_history: the lifecycle, the
// response rule, the SLA engine), so that an imported ticket ends exactly as if it had
// happened live — including the sla.warning and sla.breached events that fell due by now. A
// line that fails is reported with its number and stores nothing; the other lines are
// imported. Lines are committed in batches.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/ticket_ops.hpp"
#include "cli/args.hpp"
#include "cli/common.hpp"
#include "wire/config_json.hpp"
#include "wire/import_json.hpp"
#include "wire/ticket_json.hpp"

namespace aduan::cli {

namespace {

constexpr std::size_t kBatch = 10000;

// Applies one ticket and its history (replayed in memory, written once); an error names the
// event and nothing of the line is written.
Result<Ok> apply(storage::Connection& c, const Config& config, wire::ImportTicket&& t,
                 Instant now) {
    const Principal importer{"import", Role::kAgent};
    std::vector<ops::HistoryStep> steps;
    steps.reserve(t.events.size());
    for (auto& e : t.events)
        steps.push_back({e.at, e.is_response, e.is_public, std::move(e.body),
                         e.is_response ? Principal{e.author, Role::kAgent} : importer,
                         std::move(e.patch)});
    std::size_t failed = 0;
    auto r = ops::import_history(c, *config.policies, std::move(t.ticket), importer, t.created_at,
                                 steps, now, &failed);
    if (!r.ok()) {
        Error err = r.take_error();
        err.message = "events[" + std::to_string(failed) + "]: " + err.message;
        return err;
    }
    return Ok{};
}

}  // namespace

int import_command(int argc, char** argv) {
    Args args(argc, argv, 2, {"--config", "--db"}, {});
    if (args.positional().size() != 1)
        throw UsageError("give one file to import (NDJSON, one ticket per line)");
    Config config = load_config(args);
    const auto& file = args.positional()[0];
    std::ifstream in(file, std::ios::binary);
    if (!in) throw UsageError("cannot read " + file);

    storage::Connection c(config.db, storage::Connection::Mode::kReadWrite);
    storage::migrate(c, storage::schema_sql());
    // Big transactions: keep their pages in memory instead of spilling them to the WAL twice.
    c.exec("PRAGMA cache_size = -131072");  // 128 MiB
    const auto start = std::chrono::steady_clock::now();
    const Instant now = now_utc();
    std::size_t line_no = 0, imported = 0, refused = 0, in_batch = 0;
    std::optional<storage::Transaction> tx;
    std::string line;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto j = wire::parse_body(line);
        Result<wire::ImportTicket> parsed = j.ok() ? wire::parse_import_line(*j, config)
                                                   : Result<wire::ImportTicket>(j.take_error());
        if (!parsed.ok()) {
            std::fprintf(stderr, "line %zu: %s\n", line_no, describe(parsed.error()).c_str());
            ++refused;
            continue;
        }
        if (!tx) tx.emplace(c);
        auto r = apply(c, config, std::move(parsed.value()), now);
        if (!r.ok()) {  // found before anything of the line was written
            std::fprintf(stderr, "line %zu: %s\n", line_no, describe(r.error()).c_str());
            ++refused;
            continue;
        }
        ++imported;
        if (++in_batch == kBatch) {
            tx->commit();
            tx.reset();
            in_batch = 0;
        }
    }
    if (tx) tx->commit();
    c.exec("PRAGMA optimize");
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("imported %zu tickets from %s in %.2f s (%.0f tickets/s); %zu lines refused\n",
                imported, file.c_str(), secs, secs > 0 ? imported / secs : 0.0, refused);
    return refused ? 1 : 0;
}

}  // namespace aduan::cli
