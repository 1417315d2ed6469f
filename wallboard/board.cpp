#include "wallboard/board.hpp"

#include <date/tz.h>

#include <algorithm>
#include <cmath>

namespace aduan::wallboard {

bool Board::Part::counts() const {
    return open || created_hour >= 0 || resolved_today || met_today || breached_today ||
           first_response_today;
}

Board::Board(const std::string& timezone, std::vector<std::string> teams)
    : zone_(date::locate_zone(timezone)), zone_name_(timezone) {
    teams_.push_back("");
    for (auto& t : teams)
        if (!t.empty() && std::find(teams_.begin(), teams_.end(), t) == teams_.end())
            teams_.push_back(std::move(t));
    configured_teams_ = teams_.size();
    by_team_.assign(teams_.size(), 0);
}

std::pair<Instant, Instant> Board::day_of(Instant at) const {
    const auto local = zone_->to_local(at);
    const auto day = date::floor<date::days>(local);
    // A midnight that does not exist (a DST jump at 00:00) maps to the jump.
    const auto start = date::floor<std::chrono::seconds>(
        zone_->to_sys(date::local_seconds(day), date::choose::earliest));
    const auto end = date::floor<std::chrono::seconds>(
        zone_->to_sys(date::local_seconds(day + date::days(1)), date::choose::earliest));
    return {start, end};
}

std::uint32_t Board::team_index(const std::string& team) {
    const auto it = std::find(teams_.begin(), teams_.end(), team);
    if (it != teams_.end()) return static_cast<std::uint32_t>(it - teams_.begin());
    teams_.push_back(team);
    by_team_.push_back(0);
    return static_cast<std::uint32_t>(teams_.size() - 1);
}

Board::Part Board::part_of(const TicketSummary& t, Instant now) {
    Part p;
    const auto today = [this](const std::optional<Instant>& at) {
        return at && *at >= day_start_ && *at < day_end_;
    };
    p.open = is_open(t.status);
    if (p.open) {
        p.status = t.status;
        p.priority = t.priority;
        p.channel = t.channel;
        p.team = team_index(t.team);
        p.created_at = t.created_at;
        const ClockColumns* clocks[] = {&t.sla.fr, &t.sla.res};
        for (std::size_t i = 0; i < 2; ++i) {
            p.clocks[i] = status_at(*clocks[i], now);
            if (p.clocks[i] == sla::ClockStatus::kBreached) p.risk = 2;
            if (p.clocks[i] == sla::ClockStatus::kWarning)
                p.risk = std::max<std::uint8_t>(p.risk, 1);
        }
    }
    if (today(t.created_at)) {
        const auto local = zone_->to_local(t.created_at);
        const auto hour = date::floor<std::chrono::hours>(local - date::floor<date::days>(local));
        p.created_hour = static_cast<std::int8_t>(std::clamp<long>(hour.count(), 0, 23));
    }
    p.resolved_today = today(t.resolved_at);
    for (const auto* c : {&t.sla.fr, &t.sla.res}) {
        const auto status = status_at(*c, now);
        if (status == sla::ClockStatus::kBreached && today(c->breach_at)) ++p.breached_today;
        if (status == sla::ClockStatus::kMet && today(c->stopped_at)) ++p.met_today;
    }
    // A first response today: the first-response clock stopped today, by that response.
    if (today(t.sla.fr.stopped_at) && t.first_responded_at == t.sla.fr.stopped_at &&
        t.sla.fr.elapsed)
        p.first_response_today = *t.sla.fr.elapsed;
    return p;
}

void Board::add(std::int64_t id, const Part& p, int sign) {
    if (p.open) {
        open_.total += sign;
        open_.by_status[static_cast<std::size_t>(p.status)] += sign;
        open_.by_priority[static_cast<std::size_t>(p.priority)] += sign;
        open_.by_channel[static_cast<std::size_t>(p.channel)] += sign;
        by_team_[p.team] += sign;
        for (std::size_t i = 0; i < 2; ++i)
            clocks_[i][static_cast<std::size_t>(p.clocks[i])] += sign;
        if (p.risk == 1) warning_ += sign;
        if (p.risk == 2) breached_open_ += sign;
        if (sign > 0) {
            // New tickets are the newest, and the store gives a restore in id order, which is
            // creation order for live traffic: the end is almost always the place.
            open_by_age_.emplace_hint(open_by_age_.end(), p.created_at, id);
        } else {
            open_by_age_.erase({p.created_at, id});
        }
    }
    if (p.created_hour >= 0) {
        created_today_ += sign;
        arrivals_[static_cast<std::size_t>(p.created_hour)] += sign;
    }
    if (p.resolved_today) resolved_today_ += sign;
    met_today_ += sign * p.met_today;
    breached_today_ += sign * p.breached_today;
    if (p.first_response_today) {
        if (sign > 0) {
            median_insert(*p.first_response_today);
        } else {
            median_erase(*p.first_response_today);
        }
    }
}

void Board::median_insert(std::int64_t v) {
    if (low_.empty() || v <= *low_.rbegin()) {
        low_.insert(v);
    } else {
        high_.insert(v);
    }
    median_balance();
}

void Board::median_erase(std::int64_t v) {
    if (auto it = low_.find(v); it != low_.end()) {
        low_.erase(it);
    } else if (auto jt = high_.find(v); jt != high_.end()) {
        high_.erase(jt);
    }
    median_balance();
}

void Board::median_balance() {
    // Keep |low| == ceil(n / 2), so that low's largest is the nearest-rank median.
    if (low_.size() > high_.size() + 1) {
        high_.insert(*low_.rbegin());
        low_.erase(std::prev(low_.end()));
    } else if (high_.size() > low_.size()) {
        low_.insert(*high_.begin());
        high_.erase(high_.begin());
    }
}

void Board::roll(Instant now) {
    if (now < day_end_ && now >= day_start_) return;
    std::tie(day_start_, day_end_) = day_of(now);
    // Today's parts start again; open tickets keep theirs.
    created_today_ = resolved_today_ = met_today_ = breached_today_ = 0;
    arrivals_.fill(0);
    low_.clear();
    high_.clear();
    for (auto it = entries_.begin(); it != entries_.end();) {
        auto& p = it->second;
        p.created_hour = -1;
        p.resolved_today = false;
        p.met_today = p.breached_today = 0;
        p.first_response_today.reset();
        it = p.counts() ? std::next(it) : entries_.erase(it);
    }
    ++version_;
}

void Board::restore(const std::vector<TicketSummary>& tickets, Instant now) {
    entries_.clear();
    open_ = {};
    std::fill(by_team_.begin(), by_team_.end(), 0);
    warning_ = breached_open_ = 0;
    clocks_ = {};
    open_by_age_.clear();
    day_start_ = day_end_ = Instant{};
    roll(now);
    entries_.reserve(tickets.size());
    for (const auto& t : tickets)
        apply(t, now);
}

void Board::apply(const TicketSummary& t, Instant now) {
    roll(now);
    auto it = entries_.find(t.id);
    if (it != entries_.end()) add(t.id, it->second, -1);
    const Part p = part_of(t, now);
    if (p.counts()) {
        add(t.id, p, +1);
        if (it != entries_.end()) {
            it->second = p;
        } else {
            entries_.emplace(t.id, p);
        }
    } else if (it != entries_.end()) {
        entries_.erase(it);
    }
    ++version_;
}

Snapshot Board::snapshot(Instant now) {
    roll(now);
    Snapshot s;
    s.seq = version_;
    s.at = now;
    s.timezone = zone_name_;
    s.open = open_;
    for (std::size_t i = 1; i < teams_.size(); ++i)
        if (i < configured_teams_ || by_team_[i] != 0)
            s.open.by_team.emplace_back(teams_[i], by_team_[i]);
    std::sort(s.open.by_team.begin() + static_cast<std::ptrdiff_t>(configured_teams_ - 1),
              s.open.by_team.end());
    if (by_team_[0] != 0) s.open.by_team.emplace_back("", by_team_[0]);
    s.sla.warning = warning_;
    s.sla.breached_open = breached_open_;
    s.sla.met_today = met_today_;
    s.sla.breached_today = breached_today_;
    if (const auto decided = met_today_ + breached_today_; decided > 0)
        s.sla.compliance_today =
            std::round(10000.0 * double(met_today_) / double(decided)) / 10000.0;
    s.today.created = created_today_;
    s.today.resolved = resolved_today_;
    if (!low_.empty()) s.today.first_response_median_seconds = *low_.rbegin();
    if (!open_by_age_.empty()) {
        const auto& [created, id] = *open_by_age_.begin();
        s.oldest_open = Snapshot::Oldest{id, std::max<std::int64_t>(0, (now - created).count())};
    }
    s.arrivals_by_hour = arrivals_;
    return s;
}

}  // namespace aduan::wallboard
