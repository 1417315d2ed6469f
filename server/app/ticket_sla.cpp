#include "app/ticket_sla.hpp"

namespace aduan {

sla::Attributes attributes_of(const Ticket& t) {
    return {std::string(to_string(t.priority)), t.category, std::string(to_string(t.channel))};
}

sla::TicketClocks replay(const sla::PolicySet& policies, const Ticket& t,
                         const std::vector<TicketEvent>& events) {
    // The attributes at creation: each field's first recorded "from", or its value now.
    sla::Attributes attrs = attributes_of(t);
    bool seen_priority = false, seen_category = false, seen_channel = false;
    for (const auto& e : events) {
        if (!e.from) continue;
        if (e.type == "priority" && !seen_priority) attrs.priority = *e.from, seen_priority = true;
        if (e.type == "category" && !seen_category) attrs.category = *e.from, seen_category = true;
        if (e.type == "channel" && !seen_channel) attrs.channel = *e.from, seen_channel = true;
    }
    sla::TicketClocks clocks(policies, t.created_at, attrs);
    for (const auto& e : events) {
        if (e.type == "status" && e.to) {
            if (auto s = parse_enum<Status>(*e.to))
                clocks.status(e.at, static_cast<sla::Phase>(*s));
        } else if (e.type == "priority" || e.type == "category" || e.type == "channel") {
            const std::string to = e.to.value_or("");
            (e.type == "priority"   ? attrs.priority
             : e.type == "category" ? attrs.category
                                    : attrs.channel) = to;
            clocks.attributes(e.at, attrs);
        } else if (e.type == "response" && e.response && e.response->is_public) {
            clocks.public_response(e.at);
        }
    }
    return clocks;
}

SlaView view_of(const sla::TicketClocks& clocks, Instant now) {
    return {clocks.policy().name, clocks.first_response().view(now), clocks.resolution().view(now)};
}

namespace {

ClockColumns columns_of(const sla::Clock& clock) {
    ClockColumns out;
    out.warn_at = clock.at_risk_from();
    out.breach_at = clock.breached_from();
    out.target = clock.terms().target;
    out.paused = clock.state() == sla::Clock::State::kPaused;
    out.stopped_at = clock.stopped_at();
    out.elapsed = clock.accumulated();
    out.running_since = clock.running_since();
    out.due_at = clock.target_reached();
    return out;
}

}  // namespace

SlaColumns columns_of(const sla::TicketClocks& clocks) {
    SlaColumns out;
    out.policy = clocks.policy().name;
    out.fr = columns_of(clocks.first_response());
    out.res = columns_of(clocks.resolution());
    return out;
}

}  // namespace aduan
