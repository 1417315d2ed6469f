#include "sla/clock.hpp"

namespace aduan::sla {

std::string_view to_string(ClockStatus s) {
    switch (s) {
        case ClockStatus::kRunning:
            return "running";
        case ClockStatus::kWarning:
            return "warning";
        case ClockStatus::kPaused:
            return "paused";
        case ClockStatus::kMet:
            return "met";
        case ClockStatus::kBreached:
            return "breached";
    }
    return "running";
}

void Clock::open_span(Instant at) {
    spans_.push_back({at, std::nullopt, terms_.calendar, closed_total_, 0});
}

void Clock::close_span(Instant at) {
    auto& s = spans_.back();
    s.to = std::max(at, s.from);
    s.total = s.calendar->elapsed(s.from, *s.to);
    closed_total_ += s.total;
}

void Clock::start(Instant at, Terms terms) {
    if (state_ != State::kIdle) return;
    terms_ = terms;
    state_ = State::kRunning;
    open_span(at);
}

void Clock::pause(Instant at) {
    if (state_ != State::kRunning) return;
    close_span(at);
    state_ = State::kPaused;
}

void Clock::resume(Instant at) {
    if (state_ != State::kPaused) return;
    open_span(at);
    state_ = State::kRunning;
}

void Clock::stop(Instant at) {
    if (state_ == State::kRunning) close_span(at);
    if (state_ == State::kRunning || state_ == State::kPaused) {
        state_ = State::kStopped;
        stopped_at_ = at;
    }
}

void Clock::restart(Instant at, Terms terms) {
    if (state_ != State::kStopped) return;
    terms_ = terms;
    stopped_at_.reset();
    open_span(at);
    state_ = State::kRunning;
}

void Clock::change_terms(Instant at, Terms terms) {
    switch (state_) {
        case State::kIdle:
        case State::kPaused:
            terms_ = terms;
            break;  // a paused clock resumes on the new calendar
        case State::kRunning:
            close_span(at);
            terms_ = terms;
            open_span(at);
            break;
        case State::kStopped:
            break;  // keeps its verdict
    }
}

std::int64_t Clock::elapsed(Instant now) const {
    if (state_ != State::kRunning) return closed_total_;
    const auto& s = spans_.back();
    return closed_total_ + s.calendar->elapsed(s.from, now);
}

std::optional<Instant> Clock::running_since() const {
    if (state_ != State::kRunning) return std::nullopt;
    return spans_.back().from;
}

std::optional<Instant> Clock::reaching(std::int64_t seconds) const {
    for (const auto& s : spans_) {
        if (!s.to) return s.calendar->add(s.from, seconds - s.before);
        if (s.before + s.total >= seconds) return s.calendar->add(s.from, seconds - s.before);
    }
    return std::nullopt;
}

ClockView Clock::view(Instant now) const {
    ClockView v;
    v.target_seconds = terms_.target;
    v.elapsed_seconds = elapsed(now);
    v.stopped_at = stopped_at_;
    const auto threshold = terms_.warn_threshold();
    v.status = status_of({v.elapsed_seconds > terms_.target, state_ == State::kStopped,
                          state_ == State::kPaused, v.elapsed_seconds >= threshold});
    if (state_ != State::kPaused) {
        v.due_at = reaching(terms_.target);
        // A clock stopped short of its target: the deadline it would have had.
        if (!v.due_at && state_ == State::kStopped && terms_.calendar)
            v.due_at = terms_.calendar->add(*stopped_at_, terms_.target - closed_total_);
    }
    if (v.elapsed_seconds >= threshold) v.warning_at = reaching(threshold);
    if (v.status == ClockStatus::kBreached) v.breached_at = reaching(terms_.target);
    return v;
}

std::optional<Instant> Clock::next_change(Instant now) const {
    if (state_ != State::kRunning) return std::nullopt;
    const auto e = elapsed(now);
    const auto threshold = terms_.warn_threshold();
    if (e < threshold) return reaching(threshold);
    // Breached once elapsed exceeds the target: the first instant with one second more.
    if (e <= terms_.target) return reaching(terms_.target + 1);
    return std::nullopt;
}

std::optional<Instant> Clock::at_risk_from() const {
    if (state_ != State::kRunning) return std::nullopt;
    return reaching(terms_.warn_threshold());
}

std::optional<Instant> Clock::breached_from() const {
    if (state_ == State::kIdle) return std::nullopt;
    if (state_ != State::kRunning && closed_total_ <= terms_.target) return std::nullopt;
    return reaching(terms_.target + 1);
}

TicketClocks::TicketClocks(const PolicySet& policies, Instant created_at,
                           const Attributes& attributes)
    : policies_(&policies), policy_(&policies.select(attributes)) {
    first_response_.start(created_at, policy_->first_response_terms());
    resolution_.start(created_at, policy_->resolution_terms());
}

void TicketClocks::public_response(Instant at) {
    first_response_.stop(at);
}

void TicketClocks::status(Instant at, Phase to) {
    const Phase from = phase_;
    switch (to) {
        case Phase::kResolved:
        case Phase::kClosed:
            first_response_.stop(at);
            resolution_.stop(at);
            break;
        case Phase::kPending:
            resolution_.pause(at);
            break;
        case Phase::kNew:
        case Phase::kOpen:
            if (from == Phase::kPending) resolution_.resume(at);
            if (from == Phase::kResolved) resolution_.restart(at, policy_->resolution_terms());
            break;
    }
    phase_ = to;
}

void TicketClocks::attributes(Instant at, const Attributes& a) {
    const Policy* p = &policies_->select(a);
    if (p == policy_) return;
    policy_ = p;
    first_response_.change_terms(at, p->first_response_terms());
    resolution_.change_terms(at, p->resolution_terms());
}

std::optional<Instant> TicketClocks::next_change(Instant now) const {
    const auto a = first_response_.next_change(now), b = resolution_.next_change(now);
    if (!a) return b;
    if (!b) return a;
    return std::min(*a, *b);
}

}  // namespace aduan::sla
