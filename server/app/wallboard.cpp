#include "app/wallboard.hpp"

#include <algorithm>

#include "storage/ticket_store.hpp"

namespace aduan {

TicketSummary summary_of(const Ticket& t, const SlaColumns& sla) {
    // No subject: the board does not count by it, and this runs for every commit.
    return {t.id,          {},
            t.status,      t.priority,
            t.channel,     t.team.value_or(""),
            t.created_at,  t.first_responded_at,
            t.resolved_at, sla};
}

Wallboard::Wallboard(const Config& config, Clock clock)
    : board_(config.timezone, config.teams), clock_(std::move(clock)) {}

Instant Wallboard::today_start() {
    std::lock_guard lock(mu_);
    return board_.day_of(clock_()).first;
}

void Wallboard::restore(const std::vector<TicketSummary>& rows) {
    std::lock_guard lock(mu_);
    const Instant now = clock_();
    breaches_.clear();
    const auto today = board_.day_of(now).first;
    for (const auto& r : rows) {
        // The ticker starts with today's latest breaches.
        for (const auto& [metric, clock] :
             {std::pair{"first_response", &r.sla.fr}, std::pair{"resolution", &r.sla.res}})
            if (clock->breach_at && *clock->breach_at <= now && *clock->breach_at >= today)
                note_breach_locked(
                    {*clock->breach_at, r.id, r.subject, r.priority, r.team, metric});
    }
    board_.restore(rows, now);
}

void Wallboard::note_breach_locked(wallboard::Snapshot::Breach b) {
    // Newest first by the breach's instant (a retroactive breach lands where it belongs).
    auto at = std::find_if(breaches_.begin(), breaches_.end(),
                           [&b](const auto& x) { return x.at < b.at; });
    if (at == breaches_.end() && breaches_.size() >= kLatestBreaches) return;
    breaches_.insert(at, std::move(b));
    if (breaches_.size() > kLatestBreaches) breaches_.pop_back();
}

std::vector<WallboardEvent> Wallboard::apply(const TicketChange& change) {
    std::vector<WallboardEvent> out;
    if (!change.sla) return out;  // a change that did not settle the clocks (import)
    std::lock_guard lock(mu_);
    board_.apply(summary_of(change.after, *change.sla), clock_());
    const std::uint64_t seq = board_.version();
    const auto& t = change.after;
    auto event = [&](std::string name, Instant at, std::string metric) {
        WallboardEvent e;
        e.event = std::move(name);
        e.at = at;
        e.seq = seq;
        e.ticket_id = t.id;
        e.subject = t.subject;
        e.priority = t.priority;
        e.team = t.team.value_or("");
        e.metric = std::move(metric);
        out.push_back(std::move(e));
    };
    if (!change.before) event("ticket.created", t.created_at, "");
    if (change.before && change.before->status != Status::kResolved &&
        t.status == Status::kResolved)
        event("ticket.resolved", t.resolved_at.value_or(t.updated_at), "");
    for (const auto& e : change.events)
        if (e.type == "sla.warning" || e.type == "sla.breached")
            event(e.type, e.at, e.to.value_or(""));
    for (const auto& e : out)
        if (e.event == "sla.breached")
            note_breach_locked({e.at, e.ticket_id, e.subject, e.priority, e.team, e.metric});
    return out;
}

wallboard::Snapshot Wallboard::snapshot() {
    std::lock_guard lock(mu_);
    auto s = board_.snapshot(clock_());
    s.latest_breaches = breaches_;
    return s;
}

Instant Wallboard::next_rollover() {
    std::lock_guard lock(mu_);
    return board_.next_rollover();
}

wallboard::ClockCounts Wallboard::open_clocks() {
    std::lock_guard lock(mu_);
    return board_.open_clocks();
}

std::size_t Wallboard::tracked() {
    std::lock_guard lock(mu_);
    return board_.tracked();
}

}  // namespace aduan
