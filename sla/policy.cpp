#include "sla/policy.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace aduan::sla {

namespace {

bool contains(const std::vector<std::string>& values, const std::string& v) {
    return values.empty() || std::find(values.begin(), values.end(), v) != values.end();
}

}  // namespace

bool Match::fits(const Attributes& a) const {
    return contains(priority, a.priority) && contains(category, a.category) &&
           contains(channel, a.channel);
}

std::int64_t Terms::warn_threshold() const {
    return std::int64_t(std::ceil(warn_at * double(target) - 1e-9));
}

Result<PolicySet> PolicySet::make(std::vector<Policy> policies,
                                  const std::map<std::string, Calendar>& calendars) {
    std::vector<FieldError> errors;
    if (policies.empty()) return Error::validation({{"policies", "must list at least one policy"}});
    std::set<std::string> names;
    for (size_t i = 0; i < policies.size(); ++i) {
        auto& p = policies[i];
        const std::string at = "policies[" + std::to_string(i) + "]";
        if (p.name.empty()) errors.push_back({at + ".name", "is required"});
        if (!names.insert(p.name).second)
            errors.push_back({at + ".name", "\"" + p.name + "\" is used twice"});
        if (!(p.warn_at > 0 && p.warn_at < 1))
            errors.push_back({at + ".warn_at", "must be between 0 and 1, exclusive"});
        if (p.first_response <= 0)
            errors.push_back({at + ".targets.first_response", "must be more than 0"});
        if (p.resolution <= 0)
            errors.push_back({at + ".targets.resolution", "must be more than 0"});
        const auto cal = calendars.find(p.calendar_name);
        if (cal == calendars.end()) {
            errors.push_back(
                {at + ".calendar", "no calendar is named \"" + p.calendar_name + "\""});
        } else {
            p.calendar = &cal->second;
        }
    }
    if (!policies.back().match.matches_everything())
        errors.push_back({"policies[" + std::to_string(policies.size() - 1) + "].match",
                          "the last policy must match every ticket (leave its match lists empty)"});
    if (!errors.empty()) return Error::validation(std::move(errors));
    PolicySet set;
    set.policies_ = std::move(policies);
    return set;
}

const Policy& PolicySet::select(const Attributes& a) const {
    for (const auto& p : policies_)
        if (p.match.fits(a)) return p;
    return policies_.back();  // validated to match everything
}

}  // namespace aduan::sla
