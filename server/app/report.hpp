// SLA reports (spec section 6): the SLA report, one row per group of the tickets created in a
// period of local dates, and the breach list, one row per breached clock of those tickets.
// Both are computed from the stored clock summaries (SlaColumns), judged at one instant
// (`now` of the request), without replaying histories; a ticket whose summary is yet to be
// computed is replayed. Definitions are in docs/reports.md.
//
// The request's parameters are parsed here, so that the API and `aduan report` accept and
// refuse exactly the same input.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/config.hpp"
#include "common/error.hpp"
#include "model/ticket.hpp"
#include "storage/database.hpp"

namespace aduan::report {

enum class GroupBy { kCategory, kPriority, kChannel, kTeam, kAssignee, kDay, kWeek, kMonth };
enum class Format { kJson, kCsv, kXlsx };
enum class Kind { kSla, kBreaches };

std::string_view to_string(GroupBy g);
std::string_view to_string(Format f);
std::string_view to_string(Kind k);

// The local dates from and to (inclusive) in the operating time zone, and the UTC instants
// [begin, end) they cover: from the first instant of `from` to the first of the day after `to`.
struct Period {
    std::string from, to;  // YYYY-MM-DD
    Instant begin{}, end{};
};

struct Request {
    Kind kind = Kind::kSla;
    Period period;
    GroupBy group_by = GroupBy::kCategory;
    Format format = Format::kJson;
    Instant now{};  // clocks are judged at this instant
};

// Raw parameters as given (absent: nullopt). Every problem is reported, with its field.
struct Params {
    std::optional<std::string> from, to, group_by, format;
};
Result<Request> parse_request(Kind kind, const Params& params, const std::string& timezone,
                              Instant now);

// One metric's columns of a row.
struct MetricStats {
    std::int64_t met = 0, breached = 0, open = 0;
    // met / (met + breached) in ten-thousandths, rounded half up; nullopt for 0/0.
    std::optional<std::int64_t> compliance_e4;
    // Nearest-rank median and 90th percentile of the stopped clocks' business seconds.
    std::optional<std::int64_t> median, p90;
};

struct SlaRow {
    std::string group;
    std::int64_t tickets = 0;
    MetricStats fr, res;
};

struct SlaReport {
    std::vector<SlaRow> rows;  // sorted by group (bytewise)
    SlaRow total;              // every ticket of the period; group ""
};

// Reads the tickets of the period (on `c`, in the caller's transaction) and computes the rows.
SlaReport sla_report(storage::Connection& c, const Config& config, const Request& r);

struct BreachRow {
    std::int64_t ticket_id = 0;
    std::string subject, category;
    Priority priority = Priority::kNormal;
    Channel channel = Channel::kPhone;
    std::string team, assignee;  // empty: none
    std::string_view metric;     // "first_response" or "resolution"
    std::int64_t target_seconds = 0;
    Instant due_at{};       // the instant the target was used up
    Instant breached_at{};  // the same instant (spec 3.4)
    std::optional<Instant> stopped_at;
    std::int64_t overdue_seconds = 0;  // business seconds past the target, at stop or now
};

// Calls `visit` for each breached clock of the period's tickets, by ticket id, first response
// before resolution. Holds one row at a time.
void for_each_breach(storage::Connection& c, const Config& config, const Request& r,
                     const std::function<void(const BreachRow&)>& visit);

// "0.9449" for 9449.
std::string format_compliance(std::int64_t e4);

// What a download of the report is called: "aduan-sla-by-category-2026-11-01-to-2026-11-30.csv".
std::string filename(const Request& r);

// Runs `body` inside one read transaction, so that every part of an export sees the same data.
void in_read_transaction(storage::Connection& c, const std::function<void()>& body);

}  // namespace aduan::report
