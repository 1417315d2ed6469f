#include "wire/wallboard_json.hpp"

#include "wire/json_writer.hpp"

namespace aduan::wire {

namespace {

template <typename E, std::size_t N>
void counts(JsonWriter& w, std::string_view key, const std::array<std::int64_t, N>& values) {
    w.key(key).begin_object();
    for (std::size_t i = 0; i < N; ++i)
        w.member(to_string(static_cast<E>(i)), values[i]);
    w.end_object();
}

// "ticket": {"id", "subject", "priority", "team", "metric" (for SLA events)}
void ticket(JsonWriter& w, std::int64_t id, const std::string& subject, Priority priority,
            const std::string& team, std::optional<Metric> metric) {
    w.key("ticket")
        .begin_object()
        .member("id", id)
        .member("subject", subject)
        .member("priority", to_string(priority))
        .key("team");
    if (team.empty()) {
        w.null();
    } else {
        w.value(team);
    }
    if (metric) w.member("metric", to_string(*metric));
    w.end_object();
}

}  // namespace

std::string render_snapshot(const wallboard::Snapshot& s) {
    JsonWriter w;
    w.begin_object()
        .member("type", "snapshot")
        .member("seq", static_cast<std::int64_t>(s.seq))
        .member("at", format_rfc3339(s.at))
        .member("timezone", s.timezone);
    w.key("open").begin_object().member("total", s.open.total);
    counts<Status>(w, "by_status", s.open.by_status);
    counts<Priority>(w, "by_priority", s.open.by_priority);
    counts<Channel>(w, "by_channel", s.open.by_channel);
    w.key("by_team").begin_object();
    for (const auto& [team, n] : s.open.by_team)
        w.member(team, n);
    w.end_object().end_object();
    w.key("sla")
        .begin_object()
        .member("warning", s.sla.warning)
        .member("breached_open", s.sla.breached_open)
        .member("met_today", s.sla.met_today)
        .member("breached_today", s.sla.breached_today)
        .key("compliance_today");
    if (s.sla.compliance_today) {
        // Four places, as a JSON number.
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.4f", *s.sla.compliance_today);
        w.raw(buf);
    } else {
        w.null();
    }
    w.end_object();
    w.key("today")
        .begin_object()
        .member("created", s.today.created)
        .member("resolved", s.today.resolved)
        .member("first_response_median_seconds", s.today.first_response_median_seconds)
        .end_object();
    w.key("oldest_open");
    if (s.oldest_open) {
        w.begin_object()
            .member("id", s.oldest_open->id)
            .member("age_seconds", s.oldest_open->age_seconds)
            .end_object();
    } else {
        w.null();
    }
    w.key("arrivals_by_hour").begin_array();
    for (auto n : s.arrivals_by_hour)
        w.value(n);
    w.end_array();
    w.key("latest_breaches").begin_array();
    for (const auto& b : s.latest_breaches) {
        w.begin_object().member("at", format_rfc3339(b.at));
        ticket(w, b.ticket_id, b.subject, b.priority, b.team, b.metric);
        w.end_object();
    }
    w.end_array().end_object();
    return w.take();
}

std::string render_event(const WallboardEvent& e) {
    JsonWriter w;
    w.begin_object()
        .member("type", "event")
        .member("event", to_string(e.kind))
        .member("at", format_rfc3339(e.at))
        .member("seq", static_cast<std::int64_t>(e.seq));
    ticket(w, e.ticket_id, e.subject, e.priority, e.team, e.metric);
    w.end_object();
    return w.take();
}

}  // namespace aduan::wire
