#include "common/time.hpp"

#include <date/date.h>

#include <cstdio>

namespace aduan {

Instant now_utc() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string format_rfc3339(Instant t) {
    const auto day = std::chrono::floor<date::days>(t);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss<std::chrono::seconds> hms{t - day};
    const int year = int(ymd.year());
    char buf[32];
    if (year < 0 || year > 9999) {  // not RFC 3339, but say what it is
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", year,
                      unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                      int(hms.minutes().count()), int(hms.seconds().count()));
        return buf;
    }
    // By hand: every ticket in a response has several instants, and snprintf cost ~3,000
    // instructions each.
    auto two = [](char* p, unsigned v) {
        p[0] = char('0' + v / 10);
        p[1] = char('0' + v % 10);
    };
    two(buf, unsigned(year) / 100);
    two(buf + 2, unsigned(year) % 100);
    buf[4] = '-';
    two(buf + 5, unsigned(ymd.month()));
    buf[7] = '-';
    two(buf + 8, unsigned(ymd.day()));
    buf[10] = 'T';
    two(buf + 11, unsigned(hms.hours().count()));
    buf[13] = ':';
    two(buf + 14, unsigned(hms.minutes().count()));
    buf[16] = ':';
    two(buf + 17, unsigned(hms.seconds().count()));
    buf[19] = 'Z';
    return std::string(buf, 20);
}

namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

}  // namespace

std::optional<Instant> parse_rfc3339(std::string_view s) {
    // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
    int y, mo, d, h, mi, sec;
    if (!digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, mo) ||
        s[7] != '-' || !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' ||
        !digits(s, 17, 2, sec))
        return std::nullopt;
    size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        const size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')
            ++pos;
        if (pos == start) return std::nullopt;
    }
    if (pos >= s.size()) return std::nullopt;
    int offset_seconds = 0;
    if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
        int oh, om;
        if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
            return std::nullopt;
        offset_seconds = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    // A leap second (":60") is read as the last second of its minute.
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
    if (sec == 60) sec = 59;
    const date::year_month_day ymd{date::year{y}, date::month(unsigned(mo)),
                                   date::day(unsigned(d))};
    if (!ymd.ok()) return std::nullopt;
    const auto local = date::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} +
                       std::chrono::seconds{sec};
    return Instant{local - std::chrono::seconds{offset_seconds}};
}

}  // namespace aduan
