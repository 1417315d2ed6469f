#include "app/report.hpp"

#include <date/date.h>
#include <date/iso_week.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "app/ticket_sla.hpp"
#include "storage/ticket_store.hpp"

namespace aduan::report {

namespace {

constexpr std::array<std::string_view, 8> kGroupNames{"category", "priority", "channel", "team",
                                                      "assignee", "day",      "week",    "month"};
constexpr std::array<std::string_view, 3> kFormatNames{"json", "csv", "xlsx"};

template <typename E, std::size_t N>
std::optional<E> find_name(const std::array<std::string_view, N>& names, std::string_view s) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == s) return static_cast<E>(i);
    return std::nullopt;
}

template <std::size_t N>
std::string one_of(const std::array<std::string_view, N>& names) {
    std::string out = "must be one of ";
    for (std::size_t i = 0; i < N; ++i)
        out += (i ? ", " : "") + std::string(names[i]);
    return out;
}

// A strict YYYY-MM-DD that names a real date.
std::optional<date::year_month_day> parse_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
    auto num = [&](std::size_t at, std::size_t n) {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i)
            v = v * 10 + (s[i] - '0');
        return v;
    };
    const date::year_month_day ymd{date::year{num(0, 4)}, date::month{unsigned(num(5, 2))},
                                   date::day{unsigned(num(8, 2))}};
    if (!ymd.ok()) return std::nullopt;
    return ymd;
}

// The first instant of a local date; a midnight that does not exist maps to the jump.
Instant first_instant(const date::time_zone* zone, date::local_days day) {
    return date::floor<std::chrono::seconds>(
        zone->to_sys(date::local_seconds(day), date::choose::earliest));
}

std::string date_string(date::year_month_day d) {
    return fmt::format("{:04}-{:02}-{:02}", int(d.year()), unsigned(d.month()), unsigned(d.day()));
}

// The local date of instants, remembering the zone's current offset between transitions
// (reports convert a million instants in created order).
class LocalDates {
  public:
    explicit LocalDates(const date::time_zone* zone) : zone_(zone) {}

    date::sys_days local_day(Instant t) {
        if (t < begin_ || t >= end_) {
            const auto info = zone_->get_info(t);
            begin_ = date::floor<std::chrono::seconds>(info.begin);
            end_ = date::floor<std::chrono::seconds>(info.end);
            offset_ = info.offset;
        }
        return date::floor<date::days>(t + offset_);
    }

  private:
    const date::time_zone* zone_;
    Instant begin_{Instant::max()}, end_{Instant::min()};
    std::chrono::seconds offset_{0};
};

enum class Verdict { kMet, kBreached, kOpen };

// Spec 6: breached once past its target (running, paused or stopped), met when stopped
// within it, open otherwise.
Verdict judge(const storage::ClockOutcome& c, Instant now) {
    // The outcome columns are the stored summary's (status_at) less what a verdict ignores.
    switch (sla::status_of({c.breach_at && *c.breach_at <= now, c.stopped_at.has_value()})) {
        case sla::ClockStatus::kBreached:
            return Verdict::kBreached;
        case sla::ClockStatus::kMet:
            return Verdict::kMet;
        default:
            return Verdict::kOpen;
    }
}

storage::ClockOutcome outcome_of(const ClockColumns& c) {
    return {c.breach_at, c.stopped_at, c.elapsed};
}

struct MetricAcc {
    std::int64_t met = 0, breached = 0, open = 0;
    std::vector<std::int64_t> stopped;  // business seconds of the stopped clocks

    void add(const storage::ClockOutcome& c, Instant now) {
        switch (judge(c, now)) {
            case Verdict::kMet:
                ++met;
                break;
            case Verdict::kBreached:
                ++breached;
                break;
            case Verdict::kOpen:
                ++open;
                break;
        }
        if (c.stopped_at && c.elapsed) stopped.push_back(*c.elapsed);
    }
    void merge(const MetricAcc& o) {
        met += o.met;
        breached += o.breached;
        open += o.open;
        stopped.insert(stopped.end(), o.stopped.begin(), o.stopped.end());
    }
};

struct GroupAcc {
    std::int64_t tickets = 0;
    MetricAcc fr, res;

    void merge(const GroupAcc& o) {
        tickets += o.tickets;
        fr.merge(o.fr);
        res.merge(o.res);
    }
};

// The nearest-rank percentile p (in percent) of `v`: the value at rank ceil(p/100 * n) of the
// sorted values. Reorders `v`.
std::optional<std::int64_t> nearest_rank(std::vector<std::int64_t>& v, int p) {
    if (v.empty()) return std::nullopt;
    const auto n = static_cast<std::int64_t>(v.size());
    const auto rank = (p * n + 99) / 100;  // ceil(p * n / 100), >= 1
    auto it = v.begin() + (rank - 1);
    std::nth_element(v.begin(), it, v.end());
    return *it;
}

MetricStats finish(MetricAcc& a) {
    MetricStats s;
    s.met = a.met;
    s.breached = a.breached;
    s.open = a.open;
    if (const auto judged = a.met + a.breached; judged > 0)
        s.compliance_e4 = (a.met * 20000 + judged) / (2 * judged);  // round half up
    s.median = nearest_rank(a.stopped, 50);
    s.p90 = nearest_rank(a.stopped, 90);
    return s;
}

// The stored summary, or (for a ticket whose summary is yet to be computed) its replay.
SlaColumns clocks_of(storage::Connection& c, const Config& config, const storage::ReportTicket& t) {
    if (t.sla) return *t.sla;
    auto ticket = storage::find_ticket(c, t.id);
    if (!ticket) return {};
    return columns_of(replay(*config.policies, *ticket, storage::list_events(c, t.id)));
}

// Business seconds a clock has used by `now`.
std::int64_t used_by(storage::Connection& c, const Config& config, const storage::ReportTicket& t,
                     const SlaColumns& sla, const ClockColumns& clock, bool first_response,
                     Instant now) {
    const auto base = clock.elapsed.value_or(0);
    if (!clock.running_since) return base;
    for (const auto& p : config.policies->policies())
        if (p.name == sla.policy && p.calendar)
            return base + p.calendar->elapsed(*clock.running_since, now);
    // The policy is no longer configured: ask the history (as the API would show it).
    auto ticket = storage::find_ticket(c, t.id);
    if (!ticket) return base;
    const auto clocks = replay(*config.policies, *ticket, storage::list_events(c, t.id));
    return (first_response ? clocks.first_response() : clocks.resolution()).elapsed(now);
}

}  // namespace

std::string_view to_string(GroupBy g) {
    return kGroupNames[static_cast<std::size_t>(g)];
}
std::string_view to_string(Format f) {
    return kFormatNames[static_cast<std::size_t>(f)];
}
std::string_view to_string(Kind k) {
    return k == Kind::kSla ? "sla" : "breaches";
}

Result<Request> parse_request(Kind kind, const Params& params, const std::string& timezone,
                              Instant now) {
    Request r;
    r.kind = kind;
    r.now = now;
    std::vector<FieldError> errors;
    std::optional<date::year_month_day> from, to;
    auto date_param = [&](const char* name, const std::optional<std::string>& v,
                          std::optional<date::year_month_day>& out) {
        if (!v) return errors.push_back({name, "is required (a local date, YYYY-MM-DD)"});
        out = parse_date(*v);
        if (!out) errors.push_back({name, "must be a date YYYY-MM-DD"});
    };
    date_param("from", params.from, from);
    date_param("to", params.to, to);
    if (from && to && date::sys_days(*to) < date::sys_days(*from))
        errors.push_back({"to", "must not be before from"});
    if (params.group_by) {
        if (auto g = find_name<GroupBy>(kGroupNames, *params.group_by)) {
            r.group_by = *g;
        } else {
            errors.push_back({"group_by", one_of(kGroupNames)});
        }
    }
    if (params.format) {
        if (auto f = find_name<Format>(kFormatNames, *params.format)) {
            r.format = *f;
        } else {
            errors.push_back({"format", one_of(kFormatNames)});
        }
    }
    if (!errors.empty()) return Error::validation(std::move(errors));

    const auto* zone = date::locate_zone(timezone);
    r.period.from = date_string(*from);
    r.period.to = date_string(*to);
    r.period.begin = first_instant(zone, date::local_days(*from));
    r.period.end = first_instant(zone, date::local_days(*to) + date::days(1));
    return r;
}

SlaReport sla_report(storage::Connection& c, const Config& config, const Request& r) {
    const bool by_time = r.group_by == GroupBy::kDay || r.group_by == GroupBy::kWeek ||
                         r.group_by == GroupBy::kMonth;
    storage::OutcomeGroup column = storage::OutcomeGroup::kNone;
    switch (r.group_by) {
        case GroupBy::kCategory:
            column = storage::OutcomeGroup::kCategory;
            break;
        case GroupBy::kPriority:
            column = storage::OutcomeGroup::kPriority;
            break;
        case GroupBy::kChannel:
            column = storage::OutcomeGroup::kChannel;
            break;
        case GroupBy::kTeam:
            column = storage::OutcomeGroup::kTeam;
            break;
        case GroupBy::kAssignee:
            column = storage::OutcomeGroup::kAssignee;
            break;
        default:
            break;
    }
    // Groups by the column's text, or (for day, week and month) by local creation day first.
    std::map<std::string, GroupAcc, std::less<>> groups;
    std::map<date::sys_days, GroupAcc> days;
    LocalDates dates(date::locate_zone(config.timezone));
    std::string last_key;
    GroupAcc* last = nullptr;
    storage::scan_outcomes(c, r.period.begin, r.period.end, column,
                           [&](const storage::OutcomeRow& t) {
                               GroupAcc* g;
                               if (by_time) {
                                   g = &days[dates.local_day(t.created_at)];
                               } else if (last && t.group == last_key) {
                                   g = last;
                               } else {
                                   auto it = groups.find(t.group);
                                   if (it == groups.end())
                                       it = groups.emplace(std::string(t.group), GroupAcc{}).first;
                                   last_key.assign(t.group);
                                   g = last = &it->second;
                               }
                               ++g->tickets;
                               if (t.has_sla) {
                                   g->fr.add(t.fr, r.now);
                                   g->res.add(t.res, r.now);
                               } else {
                                   storage::ReportTicket ticket;
                                   ticket.id = t.id;
                                   const auto sla = clocks_of(c, config, ticket);
                                   g->fr.add(outcome_of(sla.fr), r.now);
                                   g->res.add(outcome_of(sla.res), r.now);
                               }
                           });
    for (auto& [day, acc] : days) {
        const date::year_month_day d(day);
        std::string key;
        if (r.group_by == GroupBy::kDay) {
            key = date_string(d);
        } else if (r.group_by == GroupBy::kWeek) {
            const iso_week::year_weeknum_weekday w(day);
            key = fmt::format("{:04}-W{:02}", int(w.year()), unsigned(w.weeknum()));
        } else {
            key = fmt::format("{:04}-{:02}", int(d.year()), unsigned(d.month()));
        }
        groups[key].merge(acc);
    }

    SlaReport out;
    GroupAcc total;
    for (auto& [name, g] : groups) {  // std::map: sorted by the group's bytes
        total.merge(g);
        out.rows.push_back({name, g.tickets, finish(g.fr), finish(g.res)});
    }
    out.total = {"", total.tickets, finish(total.fr), finish(total.res)};
    return out;
}

void for_each_breach(storage::Connection& c, const Config& config, const Request& r,
                     const std::function<void(const BreachRow&)>& visit) {
    BreachRow row;
    storage::scan_created_between(
        c, r.period.begin, r.period.end, true, [&](const storage::ReportTicket& t) {
            const auto sla = clocks_of(c, config, t);
            for (bool fr : {true, false}) {
                const auto& clock = fr ? sla.fr : sla.res;
                if (judge(outcome_of(clock), r.now) != Verdict::kBreached) continue;
                row.ticket_id = t.id;
                row.subject = t.subject;
                row.category = t.category;
                row.priority = t.priority;
                row.channel = t.channel;
                row.team = t.team;
                row.assignee = t.assignee;
                row.metric = fr ? "first_response" : "resolution";
                row.target_seconds = clock.target.value_or(0);
                // Breached one second past the instant the target was used up.
                row.due_at = clock.due_at.value_or(*clock.breach_at - std::chrono::seconds(1));
                row.breached_at = row.due_at;
                row.stopped_at = clock.stopped_at;
                const auto used = used_by(c, config, t, sla, clock, fr, r.now);
                row.overdue_seconds = std::max<std::int64_t>(0, used - row.target_seconds);
                visit(row);
            }
        });
}

std::string format_compliance(std::int64_t e4) {
    return fmt::format("{}.{:04}", e4 / 10000, e4 % 10000);
}

std::string filename(const Request& r) {
    std::string what = r.kind == Kind::kSla ? "aduan-sla-by-" + std::string(to_string(r.group_by))
                                            : std::string("aduan-breaches");
    return what + "-" + r.period.from + "-to-" + r.period.to + "." +
           std::string(to_string(r.format));
}

void in_read_transaction(storage::Connection& c, const std::function<void()>& body) {
    c.exec("BEGIN");
    try {
        body();
    } catch (...) {
        try {
            c.exec("ROLLBACK");
        } catch (...) {
        }
        throw;
    }
    c.exec("COMMIT");
}

}  // namespace aduan::report
