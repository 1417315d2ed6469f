#include "app/wallboard.hpp"

#include <algorithm>

#include "app/ticket_service.hpp"
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

void Wallboard::follow(TicketService& tickets) {
    tickets.add_listener([this](const TicketChange& c) { apply(c); });
}

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
        for (const auto& [metric, clock] : {std::pair{Metric::kFirstResponse, &r.sla.fr},
                                            std::pair{Metric::kResolution, &r.sla.res}})
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
    {
        std::lock_guard lock(mu_);
        board_.apply(summary_of(change.after, *change.sla), clock_());
        const std::uint64_t seq = board_.version();
        const auto& t = change.after;
        auto event = [&](LiveEvent kind, Instant at, std::optional<Metric> metric) {
            out.push_back(
                {kind, at, seq, t.id, t.subject, t.priority, t.team.value_or(""), metric});
        };
        if (!change.before) event(LiveEvent::kTicketCreated, t.created_at, std::nullopt);
        if (change.before && change.before->status != Status::kResolved &&
            t.status == Status::kResolved)
            event(LiveEvent::kTicketResolved, t.resolved_at.value_or(t.updated_at), std::nullopt);
        for (const auto& e : change.events) {
            const auto metric = parse_enum<Metric>(e.to.value_or(""));
            if (e.type == "sla.warning" && metric) event(LiveEvent::kSlaWarning, e.at, metric);
            if (e.type == "sla.breached" && metric) {
                event(LiveEvent::kSlaBreached, e.at, metric);
                note_breach_locked(
                    {e.at, t.id, t.subject, t.priority, t.team.value_or(""), *metric});
            }
        }
    }
    for (const auto& w : watchers_)
        w(out);
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
