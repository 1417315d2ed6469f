#include "sla/calendar.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <cstdio>
#include <map>

namespace aduan::sla {

namespace {

constexpr std::int64_t kDay = 86400;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

std::int64_t floor_mod(std::int64_t a, std::int64_t b) {
    return a - floor_div(a, b) * b;
}

// Monday = 0; day 0 (1970-01-01) was a Thursday.
int weekday(std::int64_t day) {
    return int(floor_mod(day + 3, 7));
}

constexpr std::array<std::string_view, 7> kDays{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// "HH:MM" -> seconds of the day; "24:00" only when `close`.
std::optional<std::int32_t> parse_time(const std::string& s, bool close) {
    if (s.size() != 5 || s[2] != ':') return std::nullopt;
    for (int i : {0, 1, 3, 4})
        if (s[size_t(i)] < '0' || s[size_t(i)] > '9') return std::nullopt;
    const int h = (s[0] - '0') * 10 + (s[1] - '0');
    const int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59) return std::nullopt;
    if (h == 24 && m == 0 && close) return 24 * 3600;
    if (h > 23) return std::nullopt;
    return h * 3600 + m * 60;
}

std::optional<std::int64_t> parse_date(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int y = 0, m = 0, d = 0;
    for (int i = 0; i < 10; ++i) {
        if (i == 4 || i == 7) continue;
        if (s[size_t(i)] < '0' || s[size_t(i)] > '9') return std::nullopt;
    }
    y = std::stoi(s.substr(0, 4));
    m = std::stoi(s.substr(5, 2));
    d = std::stoi(s.substr(8, 2));
    const date::year_month_day ymd{date::year{y}, date::month(unsigned(m)), date::day(unsigned(d))};
    if (!ymd.ok()) return std::nullopt;
    return date::sys_days{ymd}.time_since_epoch().count();
}

std::string hhmm(std::int32_t s) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", int(s / 3600), int(s % 3600 / 60));
    return buf;
}

}  // namespace

Result<Calendar> Calendar::compile(const CalendarSpec& spec) {
    std::vector<FieldError> errors;
    Calendar cal;
    cal.timezone_ = spec.timezone;

    const date::time_zone* zone = nullptr;
    try {
        zone = date::locate_zone(spec.timezone);
    } catch (const std::exception&) {
        errors.push_back({"timezone", "unknown time zone \"" + spec.timezone + "\""});
    }

    std::array<bool, 7> seen{};
    for (const auto& [key, intervals] : spec.hours) {
        const auto it = std::find(kDays.begin(), kDays.end(), key);
        if (it == kDays.end()) {
            errors.push_back(
                {"hours." + key, "unknown day (use mon, tue, wed, thu, fri, sat, sun)"});
            continue;
        }
        const auto wd = size_t(it - kDays.begin());
        if (seen[wd]) {
            errors.push_back({"hours." + key, "is given more than once"});
            continue;
        }
        seen[wd] = true;
        for (size_t i = 0; i < intervals.size(); ++i) {
            const std::string field = "hours." + key + "[" + std::to_string(i) + "]";
            const auto open = parse_time(intervals[i].first, false);
            const auto close = parse_time(intervals[i].second, true);
            if (!open) {
                errors.push_back({field, "opening \"" + intervals[i].first +
                                             "\" is not a time (HH:MM, 00:00 to 23:59)"});
                continue;
            }
            if (!close) {
                errors.push_back({field, "closing \"" + intervals[i].second +
                                             "\" is not a time (HH:MM, 00:01 to 24:00)"});
                continue;
            }
            if (*close <= *open) {
                errors.push_back({field, "closes at " + intervals[i].second +
                                             ", not after it opens at " + intervals[i].first});
                continue;
            }
            auto& day = cal.week_[wd];
            if (!day.empty() && *open < day.back().second) {
                errors.push_back({field, "overlaps or comes before the interval ending at " +
                                             hhmm(day.back().second) +
                                             " (intervals must be sorted and not overlap)"});
                continue;
            }
            if (!day.empty() && *open == day.back().second) {
                day.back().second = *close;  // touching intervals are one
            } else {
                day.emplace_back(*open, *close);
            }
        }
    }

    std::map<std::int64_t, bool> holidays;
    for (size_t i = 0; i < spec.holidays.size(); ++i) {
        const auto d = parse_date(spec.holidays[i]);
        if (!d) {
            errors.push_back({"holidays[" + std::to_string(i) + "]",
                              "\"" + spec.holidays[i] + "\" is not a date (YYYY-MM-DD)"});
            continue;
        }
        holidays[*d] = true;
    }

    for (size_t wd = 0; wd < 7; ++wd) {
        std::int64_t total = 0;
        for (const auto& [o, c] : cal.week_[wd])
            total += c - o;
        cal.week_prefix_[wd + 1] = cal.week_prefix_[wd] + total;
    }
    cal.week_total_ = cal.week_prefix_[7];
    if (errors.empty() && cal.week_total_ == 0)
        errors.push_back({"hours", "the calendar is never open"});
    if (!errors.empty()) return Error::validation(std::move(errors));

    // The zone's offset changes over the supported range (with a day's margin).
    using namespace std::chrono;
    const date::sys_seconds from{seconds{kEarliest.time_since_epoch().count() - 2 * kDay}};
    const date::sys_seconds to{seconds{kLatest.time_since_epoch().count() + 2 * kDay}};
    auto info = zone->get_info(from);
    cal.initial_offset_ = std::int32_t(info.offset.count());
    while (info.end < to) {
        const auto next = zone->get_info(info.end);
        if (next.offset != info.offset) {
            const auto utc = info.end.time_since_epoch().count();
            cal.transitions_.push_back({utc, std::int32_t(info.offset.count()),
                                        std::int32_t(next.offset.count()),
                                        utc + info.offset.count()});
        }
        info = next;
    }

    for (const auto& [d, _] : holidays)
        cal.holidays_.push_back(d);
    // holiday_prefix_[i] = nominal seconds of holidays_[0..i); one entry more than holidays_.
    cal.holiday_prefix_.assign(1, 0);
    for (auto d : cal.holidays_) {
        const auto wd = size_t(weekday(d));
        cal.holiday_prefix_.push_back(cal.holiday_prefix_.back() + cal.week_prefix_[wd + 1] -
                                      cal.week_prefix_[wd]);
    }

    // Days on which the offset changes may be longer or shorter than their nominal hours.
    std::map<std::int64_t, std::int64_t> corrections;
    for (const auto& t : cal.transitions_) {
        const auto first = floor_div(t.utc + std::min(t.before, t.after), kDay) - 1;
        const auto last = floor_div(t.utc + std::max(t.before, t.after), kDay) + 1;
        for (auto d = first; d <= last; ++d) {
            if (cal.is_holiday(d) || corrections.count(d)) continue;
            std::int64_t real = 0;
            cal.for_each_interval(d, [&](std::int64_t lo, std::int64_t hi) { real += hi - lo; });
            const auto wd = size_t(weekday(d));
            const std::int64_t nominal = cal.week_prefix_[wd + 1] - cal.week_prefix_[wd];
            if (real != nominal) corrections[d] = real - nominal;
        }
    }
    cal.correction_prefix_.assign(1, 0);
    for (const auto& [d, c] : corrections) {
        cal.correction_days_.push_back(d);
        cal.correction_prefix_.push_back(cal.correction_prefix_.back() + c);
    }
    return cal;
}

std::int64_t Calendar::to_utc(std::int64_t local) const {
    if (transitions_.empty()) return local - initial_offset_;
    const auto it =
        std::upper_bound(transitions_.begin(), transitions_.end(), local,
                         [](std::int64_t l, const Transition& t) { return l < t.local_key; });
    if (it == transitions_.begin()) return local - initial_offset_;
    const auto& t = *(it - 1);
    if (local < t.utc + t.after) return t.utc;  // a local time that does not exist: the jump
    return local - t.after;
}

std::int64_t Calendar::to_local(std::int64_t utc) const {
    if (transitions_.empty()) return utc + initial_offset_;
    const auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc,
                                     [](std::int64_t u, const Transition& t) { return u < t.utc; });
    if (it == transitions_.begin()) return utc + initial_offset_;
    return utc + (it - 1)->after;
}

std::int64_t Calendar::local_day(std::int64_t utc) const {
    return floor_div(to_local(utc), kDay);
}

bool Calendar::is_holiday(std::int64_t day) const {
    return std::binary_search(holidays_.begin(), holidays_.end(), day);
}

template <typename F>
void Calendar::for_each_interval(std::int64_t day, F&& f) const {
    if (!holidays_.empty() && is_holiday(day)) return;
    const std::int64_t base = day * kDay;
    for (const auto& [o, c] : week_[size_t(weekday(day))]) {
        const auto lo = to_utc(base + o), hi = to_utc(base + c);
        if (hi > lo) f(lo, hi);
    }
}

std::vector<std::pair<std::int64_t, std::int64_t>> Calendar::day_intervals(std::int64_t day) const {
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    for_each_interval(day, [&](std::int64_t lo, std::int64_t hi) { out.emplace_back(lo, hi); });
    return out;
}

std::int64_t Calendar::busy_before(std::int64_t day) const {
    const std::int64_t d = day + 3;  // count from a Monday
    std::int64_t n = floor_div(d, 7) * week_total_ + week_prefix_[size_t(floor_mod(d, 7))];
    if (!holidays_.empty())
        n -= holiday_prefix_[size_t(std::lower_bound(holidays_.begin(), holidays_.end(), day) -
                                    holidays_.begin())];
    if (!correction_days_.empty())
        n += correction_prefix_[size_t(
            std::lower_bound(correction_days_.begin(), correction_days_.end(), day) -
            correction_days_.begin())];
    return n;
}

std::int64_t Calendar::overlap(std::int64_t day, std::int64_t a, std::int64_t b) const {
    std::int64_t sum = 0;
    for_each_interval(day, [&](std::int64_t lo, std::int64_t hi) {
        const auto from = std::max(lo, a), until = std::min(hi, b);
        if (until > from) sum += until - from;
    });
    return sum;
}

std::int64_t Calendar::elapsed(Instant a_, Instant b_) const {
    const std::int64_t a = to_unix(a_), b = to_unix(b_);
    if (b <= a) return 0;
    const auto da = local_day(a), db = local_day(b);
    std::int64_t total = 0;
    if (db - da <= 4) {
        for (auto d = da; d <= db + 1; ++d)
            total += overlap(d, a, b);
        return total;
    }
    // Days da+2 .. db-2 lie wholly inside [a, b): their sum has a closed form.
    total += overlap(da, a, b) + overlap(da + 1, a, b);
    total += busy_before(db - 1) - busy_before(da + 2);
    for (auto d = db - 1; d <= db + 1; ++d)
        total += overlap(d, a, b);
    return total;
}

Instant Calendar::add(Instant start_, std::int64_t seconds) const {
    if (seconds <= 0) return start_;
    const std::int64_t start = to_unix(start_);
    std::int64_t left = seconds;
    std::int64_t result = 0;
    bool found = false;
    auto consume = [&](std::int64_t lo, std::int64_t hi) {
        if (found) return;
        lo = std::max(lo, start);
        if (hi <= lo) return;
        if (left <= hi - lo) {
            result = lo + left;
            found = true;
        } else {
            left -= hi - lo;
        }
    };
    const auto ds = local_day(start);
    for_each_interval(ds, consume);
    if (!found) for_each_interval(ds + 1, consume);
    if (found) return from_unix(result);

    // Find day e >= d0 with cum(e) < left <= cum(e + 1), where cum(x) = business seconds of
    // days d0 .. x-1: gallop by whole weeks from an estimate, then bisect.
    const auto d0 = ds + 2;
    const auto base = busy_before(d0);
    auto cum = [&](std::int64_t d) { return busy_before(d) - base; };
    std::int64_t lo = d0, hi;
    const auto guess = d0 + 7 * (left / week_total_);
    if (cum(guess) < left) {
        lo = guess;
        for (;;) {
            hi = lo + 7 * ((left - cum(lo)) / week_total_ + 1);
            if (cum(hi) >= left) break;
            lo = hi;
        }
    } else {
        hi = guess;
    }
    while (hi - lo > 1) {
        const auto mid = lo + (hi - lo) / 2;
        (cum(mid) < left ? lo : hi) = mid;
    }
    left -= cum(lo);
    for_each_interval(lo, consume);
    return from_unix(result);
}

bool Calendar::is_open(Instant t_) const {
    const std::int64_t t = to_unix(t_);
    const auto d = local_day(t);
    bool open = false;
    for (auto day = d - 1; day <= d + 1 && !open; ++day)
        for_each_interval(
            day, [&](std::int64_t lo, std::int64_t hi) { open = open || (lo <= t && t < hi); });
    return open;
}

}  // namespace aduan::sla
