// SLA clocks (spec 3.4, 3.5). A Clock accumulates business time over running spans, each
// measured on the calendar in force during it, and is judged against its current target:
//
//   running   before the warning threshold      paused    while paused (not breached)
//   warning   at or past the threshold          met       stopped within the target
//   breached  elapsed > target — running, paused or stopped; breached wins over paused
//
// due_at and breached_at are the instant at which the target was (or will be) used up,
// found across the running spans. A change of terms (the policy was chosen again) keeps the
// accumulated time: a running clock is judged from then on against the new target and runs
// on the new calendar; a stopped clock keeps its verdict.
//
// TicketClocks drives the two clocks of a ticket from its events in order.
//
// Pure: `now` is always a parameter. Not thread-safe; copyable.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/time.hpp"
#include "sla/policy.hpp"
#include "sla/status.hpp"

namespace aduan::sla {

struct ClockView {
    ClockStatus status = ClockStatus::kRunning;
    std::int64_t target_seconds = 0;
    std::int64_t elapsed_seconds = 0;
    std::optional<Instant> due_at;       // null while paused
    std::optional<Instant> warning_at;   // when the threshold was crossed, if it was
    std::optional<Instant> breached_at;  // when the target was used up, if breached
    std::optional<Instant> stopped_at;
};

class Clock {
  public:
    enum class State { kIdle, kRunning, kPaused, kStopped };

    void start(Instant at, Terms terms);
    void pause(Instant at);
    void resume(Instant at);
    void stop(Instant at);
    // A stopped clock runs again (a reopen), judged from now on by `terms`.
    void restart(Instant at, Terms terms);
    // The policy was chosen again. Stopped clocks keep their verdict (and terms).
    void change_terms(Instant at, Terms terms);

    State state() const { return state_; }
    std::optional<Instant> stopped_at() const { return stopped_at_; }
    const Terms& terms() const { return terms_; }
    std::int64_t elapsed(Instant now) const;
    // Business seconds of the closed spans: all of it unless running.
    std::int64_t accumulated() const { return closed_total_; }
    // When the running span began (nullopt unless running): while the clock runs,
    // elapsed(now) == accumulated() + terms().calendar->elapsed(*running_since(), now).
    std::optional<Instant> running_since() const;
    // The instant the target was (or will be) used up, if it was or will be: due_at while
    // running, breached_at once breached.
    std::optional<Instant> target_reached() const { return reaching(terms_.target); }
    ClockView view(Instant now) const;
    // The next instant after `now` at which the status changes without any event (to
    // warning, or to breached), or nullopt.
    std::optional<Instant> next_change(Instant now) const;
    // Given no further events: the instant from which a running clock is at risk (nullopt
    // unless running), and the instant from which the clock is breached (when it exceeds
    // its target by a second; nullopt if it never will: paused or stopped short of it).
    std::optional<Instant> at_risk_from() const;
    std::optional<Instant> breached_from() const;

  private:
    struct Span {
        Instant from;
        std::optional<Instant> to;  // open while running
        const Calendar* calendar;
        std::int64_t before;  // business seconds accumulated before this span
        std::int64_t total;   // business seconds of the span, once closed
    };
    // The earliest instant at which the accumulated time reaches `seconds`, if it has or
    // will while running.
    std::optional<Instant> reaching(std::int64_t seconds) const;
    void open_span(Instant at);
    void close_span(Instant at);

    State state_ = State::kIdle;
    Terms terms_;
    std::vector<Span> spans_;
    std::int64_t closed_total_ = 0;  // business seconds of the closed spans
    std::optional<Instant> stopped_at_;
};

enum class Phase { kNew, kOpen, kPending, kResolved, kClosed };

// The two clocks of one ticket and the policy in force, fed its events in order.
class TicketClocks {
  public:
    TicketClocks(const PolicySet& policies, Instant created_at, const Attributes& attributes);

    void public_response(Instant at);
    void status(Instant at, Phase to);
    void attributes(Instant at, const Attributes& a);

    const Policy& policy() const { return *policy_; }
    const Clock& first_response() const { return first_response_; }
    const Clock& resolution() const { return resolution_; }
    std::optional<Instant> next_change(Instant now) const;

  private:
    const PolicySet* policies_;
    const Policy* policy_;
    Phase phase_ = Phase::kNew;
    Clock first_response_, resolution_;
};

}  // namespace aduan::sla
