// SLA policies (spec 3.3): an ordered list; the first policy whose match fits a ticket
// applies, and the last must match everything. A policy names a calendar and the targets of
// both metrics, and the fraction of a target after which a running clock is at risk.
//
// Ticket attributes are plain strings here so that this library stays independent of the
// ticket model; the configuration layer checks that they are valid names.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "sla/calendar.hpp"

namespace aduan::sla {

struct Attributes {
    std::string priority, category, channel;
};

struct Match {
    std::vector<std::string> priority, category, channel;  // empty: any value
    bool fits(const Attributes& a) const;
    bool matches_everything() const {
        return priority.empty() && category.empty() && channel.empty();
    }
};

// What a clock is judged against.
struct Terms {
    const Calendar* calendar = nullptr;
    std::int64_t target = 0;  // business seconds
    double warn_at = 0.75;

    // Elapsed seconds from which a running clock is at risk: ceil(warn_at * target).
    std::int64_t warn_threshold() const;
};

struct Policy {
    std::string name;
    Match match;
    std::string calendar_name;
    std::int64_t first_response = 0;  // target, business seconds
    std::int64_t resolution = 0;
    double warn_at = 0.75;
    const Calendar* calendar = nullptr;

    Terms first_response_terms() const { return {calendar, first_response, warn_at}; }
    Terms resolution_terms() const { return {calendar, resolution, warn_at}; }
};

class PolicySet {
  public:
    // Validates: at least one policy; unique names; 0 < warn_at < 1; targets > 0; calendars
    // exist in `calendars`; the last policy matches everything. Errors name the policy
    // ("policies[2].warn_at: ..."). `calendars` must outlive the set.
    static Result<PolicySet> make(std::vector<Policy> policies,
                                  const std::map<std::string, Calendar>& calendars);

    const Policy& select(const Attributes& a) const;
    const std::vector<Policy>& policies() const { return policies_; }

  private:
    std::vector<Policy> policies_;
};

}  // namespace aduan::sla
